import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '@node-rs/crc32';
import { KAFKAJS_CODECS } from '../../../src-engine/compression/kafkajs-codecs.js';
import { validateProduceRecords } from '../../../src-engine/storage/produce-validation.js';
import { readBatchHeader } from '../../../src-engine/storage/record-batch.js';
import { kafkajsDecodeBatch, kafkajsEncodeBatch, registerKafkaJsCodecs } from '../compression/kafkajs-internals.js';
import { NOW, openLog, settings, tempDir } from './helpers.js';

registerKafkaJsCodecs(KAFKAJS_CODECS);

for (const codec of [0, 1, 2, 3, 4]) {
  test(`codec ${codec}: a kafkajs batch is validated, appended at the right offset and read back by kafkajs`, async () => {
    const log = openLog(tempDir(), settings());
    log.append((await kafkajsEncodeBatch([{ key: Buffer.from('first'), value: Buffer.from('x') }], codec, NOW)),
      { now: NOW, partitionLeaderEpoch: 3 });
    const records = Array.from({ length: 20 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`value ${i} `.repeat(30)) }));
    const request = await kafkajsEncodeBatch(records, codec, NOW);
    const validation = validateProduceRecords(request, { maxMessageBytes: 1 << 20, requireSingleBatch: true, now: NOW });
    assert.ok(validation.ok, validation.ok ? '' : validation.message);
    const info = log.append(request, { now: NOW, partitionLeaderEpoch: 3, batches: validation.batches });
    assert.deepEqual([info.firstOffset, info.lastOffset], [1, 20]);

    const read = log.read(1, 1 << 20, { minOneBatch: true });
    const stored = Buffer.concat(read.chunks);
    const h = readBatchHeader(stored, 0);
    assert.equal(h.baseOffset, 1);
    assert.equal(h.partitionLeaderEpoch, 3);
    assert.equal(crc32c(stored.subarray(21, h.sizeInBytes)) >>> 0, h.crc, 'producer CRC still valid after offset assignment');
    const decoded = await kafkajsDecodeBatch(stored);
    assert.deepEqual(decoded.map((r) => r.offset), records.map((_, i) => String(i + 1)));
    assert.deepEqual(decoded.map((r) => r.value), records.map((r) => r.value));
    log.close();
  });
}
