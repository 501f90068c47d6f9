/**
 * Produce and Fetch, Apache Kafka vs the engine: offsets assigned, record bytes, headers, null and
 * empty values, fetches at the log end and out of range, and Produce's error codes for bad requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import { CompressionCodec } from '../../src-engine/compression/codecs.js';
import { buildRecordBatch, type RecordInput } from '../../src-engine/storage/records.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import { defaultFetchRequest } from '../../src-protocol/generated/01-fetch.js';
import { api, assertSameAsKafka, createReadyTopic, fetchPartition, onBoth, produceBatch, send, skip, usePair } from './harness.js';

const { Kafka, logLevel } = kafkajs;
const pair = usePair();
const T0 = 1_700_000_000_000; // client-set timestamps, the same on both brokers

function batch(records: RecordInput[]): Buffer {
  return buildRecordBatch({ records: records.map((r, i) => ({ timestamp: T0 + i, ...r })) });
}
const b = (s: string): Buffer => Buffer.from(s, 'utf8');

test('raw produce: offsets assigned, record bytes, keys, headers, null vs empty values, read back from several offsets', { skip }, async () => {
  const topic = uniqueTopic('diff-produce');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { partitions: 2 });
    const first = await produceBatch(t, topic, 1, batch([{ key: b('k1'), value: b('v1'), headers: [{ key: 'h', value: b('x') }, { key: 'n', value: null }] }, { key: null, value: b('') }]));
    const second = await produceBatch(t, topic, 1, batch([{ key: b('k3'), value: null }, { key: b(''), value: b('v4') }, { value: b('v5') }]));
    return {
      produced: [first, second],
      fromStart: await fetchPartition(t, topic, 1, 0),
      // Inside the second batch: the whole batch comes back.
      fromMiddle: await fetchPartition(t, topic, 1, 3),
      otherPartition: await fetchPartition(t, topic, 0, 0),
    };
  });
  assert.ok(result.kafka.fromStart.batches.length > 0, 'Kafka returned no batches');
  assertSameAsKafka(result);
});

test('kafkajs producer: headers, keys and empty values read back the same', { skip }, async () => {
  const topic = uniqueTopic('diff-kafkajs');
  const result = await onBoth(pair(), async (t) => {
    const producer = new Kafka({ clientId: 'diff', brokers: [t.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const meta = await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: 'a', value: 'one', headers: { trace: 'abc', empty: '' } },
        { key: null, value: '' },
        { key: 'c', value: null },
      ],
    });
    await producer.disconnect();
    const fetched = await fetchPartition(t, topic, 0, 0);
    // kafkajs stamps its own clock into each record: not comparable between two runs.
    const batches = fetched.batches.map((bt) => ({ ...bt, recordsSha256: '', records: bt.records.map((r) => ({ ...r, timestamp: 0 })) }));
    return { sent: meta.map((m) => ({ partition: m.partition, errorCode: m.errorCode, baseOffset: m.baseOffset })), ...fetched, batches };
  });
  assertSameAsKafka(result);
});

test('fetch at the log end is empty; past it and below zero is OFFSET_OUT_OF_RANGE', { skip }, async () => {
  const topic = uniqueTopic('diff-range');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic);
    await produceBatch(t, topic, 0, batch([{ value: b('a') }, { value: b('b') }]));
    return {
      atEnd: await fetchPartition(t, topic, 0, 2),
      pastEnd: await fetchPartition(t, topic, 0, 3),
      farPastEnd: await fetchPartition(t, topic, 0, 1000),
      negative: await fetchPartition(t, topic, 0, -1),
    };
  });
  assertSameAsKafka(result);
});

test('produce errors: unknown partition, bad acks, too-large message, invalid topic name', { skip }, async () => {
  const topic = uniqueTopic('diff-errors');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { configs: { 'max.message.bytes': '1000' } });
    const small = batch([{ value: b('ok') }]);
    return {
      unknownPartition: (await produceBatch(t, topic, 7, small)).errorCode,
      acks2: await send(t, api.produce, 9, { transactionalId: null, acks: 2, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records: small }] }] })
        .then((r) => r.responses.map((x) => x.partitionResponses.map((p) => p.errorCode))),
      tooLarge: (await produceBatch(t, topic, 0, batch([{ value: Buffer.alloc(2000, 0x61) }]))).errorCode,
      invalidName: (await produceBatch(t, 'bad/name', 0, small)).errorCode,
      afterErrors: (await produceBatch(t, topic, 0, small)).baseOffset,
    };
  });
  assertSameAsKafka(result);
});

test('metadata with auto-create: invalid topic names and an unknown topic', { skip }, async () => {
  const fresh = uniqueTopic('diff-auto');
  const result = await onBoth(pair(), async (t) => {
    const res = await send(t, api.metadata, 12, {
      topics: ['bad/name', '.', 'x'.repeat(250), fresh].map((name) => ({ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name })),
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    // Auto-creation may answer LEADER_NOT_AVAILABLE first (Kafka does); "does it exist afterwards" is what matters.
    // The response's topic order is the broker's (Kafka's is a hash order): compare by name.
    return res.topics.map((x) => ({ name: x.name, errorCode: x.name === fresh ? 'auto-created' : x.errorCode })).sort((a, c) => String(a.name).localeCompare(String(c.name)));
  });
  assertSameAsKafka(result);
});

test('produce to a topic that does not exist (auto-create on): UNKNOWN_TOPIC_OR_PARTITION, nothing created (only Metadata auto-creates)', { skip }, async () => {
  const topic = uniqueTopic('diff-produce-unknown');
  const result = await onBoth(pair(), async (t) => {
    const produced = (await produceBatch(t, topic, 0, batch([{ value: b('a') }]))).errorCode;
    const meta = await send(t, api.metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: topic }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    return { produced, existsAfterwards: meta.topics[0]?.errorCode };
  });
  assertSameAsKafka(result);
});

test('compressed batches (every codec) are stored as sent; a fetch limit below one batch still returns it whole (KIP-74)', { skip }, async () => {
  const topic = uniqueTopic('diff-codecs');
  const codecs = [CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD];
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic);
    const produced = [];
    for (const compression of codecs) {
      const records = Array.from({ length: 20 }, (_, i) => ({ key: b(`k${i}`), value: b(`value ${compression} ${i} `.repeat(10)), timestamp: T0 + i }));
      produced.push(await produceBatch(t, topic, 0, buildRecordBatch({ records, compression })));
    }
    return {
      produced,
      all: await fetchPartition(t, topic, 0, 0),
      tinyLimit: await fetchPartition(t, topic, 0, 25, { maxBytes: 100 }),
    };
  });
  // Not an expected value, a guard: the comparison means something only if Kafka returned data.
  assert.ok(result.kafka.all.batches.length > 0 && result.kafka.tinyLimit.batches.length > 0, 'Kafka returned no batches');
  assertSameAsKafka(result);
});

test('a partition limit inside a batch cuts the records there, as Kafka does (the partial batch included)', { skip }, async () => {
  const topic = uniqueTopic('diff-cut');
  const result = await onBoth(pair(), async (t) => {
    await createReadyTopic(t, topic, 1);
    const sizes = [];
    for (let i = 0; i < 3; i++) {
      const one = batch(Array.from({ length: 10 }, (_, r) => ({ key: b(`k${r}`), value: b(`batch ${i} record ${r} `.repeat(5)) })));
      sizes.push(one.length);
      await produceBatch(t, topic, 0, one);
    }
    const cutAt = sizes[0]! + Math.floor(sizes[1]! / 2);
    const req = defaultFetchRequest();
    req.maxBytes = 1 << 20;
    req.sessionEpoch = -1;
    req.topics = [{ topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: cutAt, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }];
    const p = (await send(t, api.fetch, 12, req)).responses[0]!.partitions[0]!;
    return { cutAt, errorCode: p.errorCode, recordBytes: (p.records as Buffer).length, wholeBatches: (await fetchPartition(t, topic, 0, 0, { maxBytes: cutAt })).batches.length };
  });
  assertSameAsKafka(result);
});
