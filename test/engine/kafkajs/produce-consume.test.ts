/**
 * kafkajs against the real broker on loopback: admin topic lifecycle, producing with acks 1 and
 * all, keyed records landing where Java's murmur2 puts them, byte-exact consumption (headers,
 * null keys and values), and all four compression codecs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs, { type Admin, type IHeaders, type Kafka as KafkaClient } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { KAFKAJS_CODECS } from '../../../src-engine/compression/kafkajs-codecs.js';
import { partitionForKey } from '../../../src-common/partitioning/murmur2.js';

// kafkajs is CommonJS: its codec registry is only reachable through the default export.
const { Kafka, CompressionTypes, CompressionCodecs, logLevel } = kafkajs;

CompressionCodecs[CompressionTypes.Snappy] = KAFKAJS_CODECS[2];
CompressionCodecs[CompressionTypes.LZ4] = KAFKAJS_CODECS[3];
CompressionCodecs[CompressionTypes.ZSTD] = KAFKAJS_CODECS[4];

interface Received {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

let broker: TestBroker;
let kafka: KafkaClient;
let admin: Admin;

before(async () => {
  broker = await startTestBroker();
  kafka = new Kafka({ clientId: 'kafkadesk-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  admin = kafka.admin();
  await admin.connect();
});

after(async () => {
  await admin?.disconnect();
  await broker?.stop();
});

/** Reads exactly `count` records of a topic from the beginning with a fresh consumer group. */
async function consumeAll(topic: string, count: number, timeoutMs = 20_000): Promise<Received[]> {
  const consumer = kafka.consumer({ groupId: `g-${topic}-${Date.now()}`, maxWaitTimeInMs: 100 });
  const received: Received[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${received.length}/${count} records`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {} });
          if (received.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

describe('kafkajs admin', () => {
  test('creates, lists, describes and deletes topics', async () => {
    assert.equal(await admin.createTopics({ topics: [{ topic: 'admin-a', numPartitions: 3 }], waitForLeaders: true }), true);
    assert.equal(await admin.createTopics({ topics: [{ topic: 'admin-a', numPartitions: 3 }] }), false, 'a second create reports "not created"');
    const topics = await admin.listTopics();
    assert.ok(topics.includes('admin-a'));
    const meta = await admin.fetchTopicMetadata({ topics: ['admin-a'] });
    assert.equal(meta.topics[0]!.partitions.length, 3);
    await admin.createPartitions({ topicPartitions: [{ topic: 'admin-a', count: 5 }] });
    const grown = await admin.fetchTopicMetadata({ topics: ['admin-a'] });
    assert.equal(grown.topics[0]!.partitions.length, 5);
    await assert.rejects(admin.createPartitions({ topicPartitions: [{ topic: 'admin-a', count: 2 }] }), /partitions/i);
    await admin.deleteTopics({ topics: ['admin-a'] });
    assert.ok(!(await admin.listTopics()).includes('admin-a'));
  });

  test('rejects an illegal topic name and a replication factor the single broker cannot reach', async () => {
    const errorType = (err: unknown): string | undefined => (err as { errors?: { type?: string }[] }).errors?.[0]?.type;
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'bad/name' }] }), (err) => errorType(err) === 'INVALID_TOPIC_EXCEPTION');
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'rf3', replicationFactor: 3 }] }), (err) => errorType(err) === 'INVALID_REPLICATION_FACTOR');
  });
});

describe('kafkajs produce and consume', () => {
  for (const acks of [1, -1]) {
    test(`acks=${acks}: keyed records land on murmur2's partition and read back byte-exact`, async () => {
      const topic = `keyed-acks${acks === 1 ? '1' : 'all'}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      const messages = Array.from({ length: 40 }, (_, i) => ({
        key: `key-${i}`,
        value: Buffer.from([i, 0, 255, i ^ 0x5a]),
        headers: { h1: `v${i}`, bin: Buffer.from([0, 1, 2]) },
      }));
      const meta = await producer.send({ topic, acks, messages });
      await producer.disconnect();
      assert.ok(meta.every((m) => m.errorCode === 0));
      const got = await consumeAll(topic, messages.length);
      assert.equal(got.length, messages.length);
      for (const r of got) {
        const i = Number(r.key!.toString().slice(4));
        assert.equal(r.partition, partitionForKey(Buffer.from(`key-${i}`), 4), `key-${i} partition`);
        assert.deepEqual(r.value, messages[i]!.value);
        assert.equal(String(r.headers.h1), `v${i}`);
        assert.deepEqual(r.headers.bin, Buffer.from([0, 1, 2]));
      }
      // Offsets per partition are dense from 0.
      const byPartition = new Map<number, number[]>();
      for (const r of got) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), Number(r.offset)]);
      for (const offsets of byPartition.values()) {
        offsets.sort((a, b) => a - b);
        assert.deepEqual(offsets, offsets.map((_, i) => i));
      }
    });
  }

  test('null keys and null values (tombstones) round-trip', async () => {
    const topic = 'nulls';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: null, value: 'no key' }, { key: 'k', value: null }, { key: null, value: null }] });
    await producer.disconnect();
    const got = await consumeAll(topic, 3);
    assert.deepEqual(got.map((r) => [r.key?.toString() ?? null, r.value?.toString() ?? null]), [[null, 'no key'], ['k', null], [null, null]]);
  });

  const codecs: [string, kafkajs.CompressionTypes][] = [
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
    ['zstd', CompressionTypes.ZSTD],
  ];
  for (const [name, compression] of codecs) {
    test(`${name}-compressed batches are stored and served as produced`, async () => {
      const topic = `codec-${name}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      const messages = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: `value ${i} `.repeat(20) }));
      await producer.send({ topic, compression, messages });
      await producer.disconnect();
      const got = await consumeAll(topic, messages.length);
      assert.deepEqual(got.map((r) => r.value!.toString()), messages.map((m) => m.value));
      assert.deepEqual(got.map((r) => Number(r.offset)), messages.map((_, i) => i));
    });
  }

  test('fetchTopicOffsets and fetchTopicOffsetsByTimestamp follow the log', async () => {
    const topic = 'offsets-by-time';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    const t0 = Date.now() - 10_000;
    await producer.send({ topic, messages: [0, 1, 2, 3].map((i) => ({ value: `m${i}`, timestamp: String(t0 + i * 1000) })) });
    await producer.disconnect();
    const [offsets] = await admin.fetchTopicOffsets(topic);
    assert.equal(offsets!.low, '0');
    assert.equal(offsets!.high, '4');
    const [byTime] = await admin.fetchTopicOffsetsByTimestamp(topic, t0 + 1500);
    assert.equal(byTime!.offset, '2');
    const [future] = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() + 60_000);
    assert.equal(future!.offset, '4', 'a timestamp after every record resolves to the log end');
  });
});
