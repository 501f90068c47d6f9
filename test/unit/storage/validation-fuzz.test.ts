import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '@node-rs/crc32';
import { CompressionCodec } from '../../../src-engine/compression/codecs.js';
import { validateProduceRecords } from '../../../src-engine/storage/produce-validation.js';
import { buildRecordBatch, decodeRecords } from '../../../src-engine/storage/records.js';
import { CRC_OFFSET, parseBatches } from '../../../src-engine/storage/record-batch.js';

// Produce requests come from the network: whatever the bytes, validation answers with a result, never throws.
test('validation of mutated batches never throws and never accepts a batch that does not decode', () => {
  let seed = 4242;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const sources = [CompressionCodec.NONE, CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD]
    .map((compression) => buildRecordBatch({
      compression,
      records: Array.from({ length: 8 }, (_, i) => ({
        key: i % 3 === 0 ? null : Buffer.from(`key-${i}`), value: Buffer.from(`value ${i} `.repeat(i + 1)),
        headers: [{ key: 'h', value: Buffer.from([i]) }], timestamp: 1000 + i,
      })),
    }));
  let accepted = 0;
  for (let round = 0; round < 3000; round++) {
    const source = sources[rand(sources.length)] as Buffer;
    const buf = Buffer.from(source);
    const flips = 1 + rand(4);
    for (let f = 0; f < flips; f++) {
      // Mostly hit the record area (after the 61-byte header) so the record walk is exercised.
      const at = rand(4) === 0 ? rand(buf.length) : 61 + rand(buf.length - 61);
      buf[at] = rand(256);
    }
    // Half the time fix the CRC so the mutation reaches the record walk instead of failing the checksum.
    if (rand(2) === 0 && buf.length > 21) buf.writeUInt32BE(crc32c(buf.subarray(21)) >>> 0, CRC_OFFSET);
    const result = validateProduceRecords(buf, { maxMessageBytes: 1 << 20, requireSingleBatch: true, now: 2000 });
    if (result.ok) {
      accepted++;
      const parsed = parseBatches(buf);
      assert.ok(parsed.ok);
      for (const h of parsed.batches) assert.equal(decodeRecords(buf, h).length, h.recordCount, `round ${round}: accepted batch decodes`);
    } else {
      assert.equal(typeof result.errorCode, 'number');
    }
  }
  assert.ok(accepted < 3000);
});
