/**
 * The traffic inspector's recorder on a real broker: nothing is recorded until someone reads it; then each request of
 * kafkajs and kcat (librdkafka) is there with its client id, API and version, sizes, latency and the error codes of
 * its response; per-client produce/fetch rates; the ring stays bounded and the lease runs out by itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import { startTestBroker } from '../../helpers/broker.js';
import { kcatMissing } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { kcatConsume, kcatProduce } from '../clients/kcat-helpers.js';
import { TrafficRecorder, TRAFFIC_LEASE_MS } from '../../../src-engine/server/traffic-recorder.js';

test('requests of kafkajs and kcat are recorded only while the inspector reads', { timeout: 120_000 }, async () => {
  const broker = await startTestBroker({ autoCreateTopics: false });
  const kafka = new kafkajs.Kafka({ clientId: 'inspector-kafkajs', brokers: [broker.bootstrap], logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 0 } });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    const topic = uniqueTopic('traffic');
    await createTopic(broker.bootstrap, topic, { partitions: 1 });
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'before anyone looked' }] });
    const first = broker.insight.traffic(0);
    assert.deepEqual(first.entries, [], 'nothing recorded while closed');

    await producer.send({ topic, messages: Array.from({ length: 50 }, (_, i) => ({ value: `v${i}`.repeat(20) })) });
    // A topic that does not exist: Metadata answers UNKNOWN_TOPIC_OR_PARTITION (3) for it.
    await assert.rejects(producer.send({ topic: `${topic}-missing`, messages: [{ value: 'x' }] }));
    const missing = kcatMissing();
    if (!missing) {
      await kcatProduce(broker.bootstrap, topic, [{ key: null, value: 'from kcat' }], { extra: ['-X', 'client.id=inspector-kcat'] });
      await kcatConsume(broker.bootstrap, topic, 'beginning', { extra: ['-X', 'client.id=inspector-kcat'] });
    }
    const snap = broker.insight.traffic(first.lastSeq);
    const fromKafkajs = snap.entries.filter((e) => e.clientId === 'inspector-kafkajs');
    const produce = fromKafkajs.find((e) => e.apiName === 'Produce');
    assert.ok(produce, `a kafkajs Produce among ${fromKafkajs.map((e) => e.apiName).join(',')}`);
    assert.equal(produce.apiKey, 0);
    assert.ok(produce.apiVersion >= 3);
    assert.ok(produce.requestBytes > 50 * 40, `produce request bytes ${produce.requestBytes}`);
    assert.ok(produce.responseBytes > 0);
    assert.ok(produce.latencyMs >= 0);
    assert.deepEqual(produce.errors, []);
    assert.match(produce.remote, /^127\.0\.0\.1:\d+$/);
    assert.equal(produce.listener, 'PLAINTEXT');
    assert.ok(fromKafkajs.some((e) => e.apiName === 'Metadata' && e.errors.some((x) => x.code === 3 && x.name === 'UNKNOWN_TOPIC_OR_PARTITION')), 'the missing topic shows as error 3 on Metadata');
    assert.deepEqual(snap.entries.map((e) => e.seq), [...snap.entries.map((e) => e.seq)].sort((a, b) => a - b));
    assert.ok(snap.entries.every((e) => e.seq > first.lastSeq));
    const rate = snap.clients.find((c) => c.clientId === 'inspector-kafkajs');
    assert.ok(rate && rate.produceBytesPerSec > 0 && rate.errors > 0);
    if (!missing) {
      const kcat = snap.entries.filter((e) => e.clientId === 'inspector-kcat');
      assert.ok(kcat.some((e) => e.apiName === 'ApiVersions'));
      assert.ok(kcat.some((e) => e.apiName === 'Produce'));
      const fetches = kcat.filter((e) => e.apiName === 'Fetch');
      assert.ok(fetches.some((e) => e.responseBytes > 0), 'kcat fetched the records');
      assert.ok((snap.clients.find((c) => c.clientId === 'inspector-kcat')?.fetchBytesPerSec ?? 0) > 0);
    }
  } finally {
    await producer.disconnect();
    await broker.stop();
  }
});

test('the ring keeps the newest entries and says how many a slow reader missed; the lease ends by itself', () => {
  let now = 1_000_000;
  const recorder = new TrafficRecorder(5, () => now);
  assert.equal(recorder.armed, false);
  recorder.read(0);
  assert.equal(recorder.armed, true);
  const entry = (i: number) => ({ at: now, connectionId: 1, clientId: 'c', remote: 'r', listener: 'PLAINTEXT', principal: 'User:ANONYMOUS', apiKey: 3, apiName: 'Metadata', apiVersion: 12, correlationId: i, requestBytes: 10, responseBytes: 20, latencyMs: 1, response: { topics: [{ errorCode: i % 2 === 0 ? 0 : 3, partitions: [{ errorCode: 6 }] }], records: Buffer.from([1]) } });
  for (let i = 1; i <= 3; i++) recorder.record(entry(i));
  const a = recorder.read(0);
  assert.deepEqual(a.entries.map((e) => e.correlationId), [1, 2, 3]);
  assert.deepEqual(a.entries[0]!.errors.map((x) => x.code), [3, 6]);
  assert.equal(a.entries[0]!.errors[1]!.name, 'NOT_LEADER_OR_FOLLOWER');
  assert.deepEqual(a.entries[1]!.errors.map((x) => x.code), [6]);
  for (let i = 4; i <= 12; i++) recorder.record(entry(i));
  const b = recorder.read(a.lastSeq);
  assert.deepEqual(b.entries.map((e) => e.correlationId), [8, 9, 10, 11, 12]);
  assert.equal(b.missed, 4);
  now += TRAFFIC_LEASE_MS + 1;
  assert.equal(recorder.armed, false, 'nobody read for a lease: recording stops');
});
