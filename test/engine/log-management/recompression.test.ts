import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { KAFKAJS_CODECS } from '../../../src-engine/compression/kafkajs-codecs.js';
import { CompressionCodec } from '../../../src-engine/compression/codecs.js';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import { readToEnd, startLmBroker } from './support.js';

const { CompressionTypes, CompressionCodecs } = kafkajs;
CompressionCodecs[CompressionTypes.Snappy] = KAFKAJS_CODECS[2];
CompressionCodecs[CompressionTypes.LZ4] = KAFKAJS_CODECS[3];
CompressionCodecs[CompressionTypes.ZSTD] = KAFKAJS_CODECS[4];

/** Codec ids of the batches stored in the partition's first segment, read from the .log file. */
function storedCodecs(dataDir: string, topic: string): number[] {
  const bytes = readFileSync(join(dataDir, `${topic}-0`, '00000000000000000000.log'));
  const parsed = parseBatches(bytes, { verifyCrc: true });
  assert.ok(parsed.ok, 'stored batches are well formed with valid CRCs');
  return parsed.batches.map((b) => b.compression);
}

test('topic compression.type re-encodes batches on append; consumers read the same records', async () => {
  const broker = await startLmBroker();
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    const cases = [
      { topic: 'rc-lz4', type: 'lz4', codec: CompressionCodec.LZ4 },
      { topic: 'rc-zstd', type: 'zstd', codec: CompressionCodec.ZSTD },
      { topic: 'rc-none', type: 'uncompressed', codec: CompressionCodec.NONE },
      { topic: 'rc-producer', type: 'producer', codec: CompressionCodec.GZIP },
    ];
    await admin.createTopics({ topics: cases.map((c) => ({ topic: c.topic, numPartitions: 1, configEntries: [{ name: 'compression.type', value: c.type }] })) });
    const producer = broker.kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `value ${i} ${'z'.repeat(i * 10)}`, headers: { h: `${i}` } }));
    for (const c of cases) {
      await producer.send({ topic: c.topic, compression: CompressionTypes.GZIP, messages });
      await producer.send({ topic: c.topic, compression: CompressionTypes.None, messages: [{ key: 'plain', value: 'uncompressed by the producer' }] });
    }
    for (const c of cases) {
      const codecs = storedCodecs(broker.dataDir, c.topic);
      if (c.type === 'producer') assert.deepEqual(codecs, [CompressionCodec.GZIP, CompressionCodec.NONE], 'producer: stored as sent');
      else assert.deepEqual(codecs, [c.codec, c.codec], `${c.type}: every batch stored with the topic codec`);
      const read = await readToEnd(broker.kafka, c.topic);
      assert.deepEqual(read.map((r) => [r.offset, r.key, r.value]), [
        ...messages.map((m, i) => [i, m.key, m.value]),
        [20, 'plain', 'uncompressed by the producer'],
      ]);
    }

    // Changing compression.type applies to new appends at once.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'rc-producer', configEntries: [{ name: 'compression.type', value: 'snappy' }] }] });
    await producer.send({ topic: 'rc-producer', compression: CompressionTypes.GZIP, messages: [{ key: 'later', value: 'now snappy' }] });
    assert.deepEqual(storedCodecs(broker.dataDir, 'rc-producer'), [CompressionCodec.GZIP, CompressionCodec.NONE, CompressionCodec.SNAPPY]);
    const read = await readToEnd(broker.kafka, 'rc-producer');
    assert.deepEqual(read.at(-1)?.value, 'now snappy');

    // A batch that only fits max.message.bytes compressed is refused once the topic stores it uncompressed.
    await admin.createTopics({ topics: [{ topic: 'rc-limit', numPartitions: 1, configEntries: [
      { name: 'compression.type', value: 'uncompressed' }, { name: 'max.message.bytes', value: '300' },
    ] }] });
    await assert.rejects(producer.send({ topic: 'rc-limit', compression: CompressionTypes.GZIP, messages: [{ value: 'a'.repeat(1000) }] }),
      (err: Error & { type?: string }) => err.type === 'MESSAGE_TOO_LARGE');
    assert.equal((await admin.fetchTopicOffsets('rc-limit'))[0]?.high, '0', 'nothing was stored');
    await producer.disconnect();
    await admin.disconnect();
  } finally {
    await broker.stop();
  }
});
