/** topics.keySkew on records written by a real kafkajs producer (its default partitioner is murmur2, like Java's). */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { BackendCallError } from '../../src-common/contract/errors.js';
import { partitionForKey } from '../../src-common/partitioning/murmur2.js';
import { startTestBackend, type TestBackend } from './harness.js';

let b: TestBackend;
const TOPIC = 'skewed';

before(async () => {
  b = await startTestBackend({ lagHistory: { sampleEmbeddedByDefault: false } });
  await b.client.call('topics.create', { clusterId: C, name: TOPIC, partitions: 3, replicationFactor: 1 });
  const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'skew-test', logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 300 }, (_, i) => ({ key: 'hot', value: `h${i}` })) });
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i % 50}`, value: `v${i}` })) });
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 20 }, (_, i) => ({ key: null, value: `n${i}` })) });
  // One keyed record put where murmur2 would not put it (a custom partitioner's doing).
  const wrong = (partitionForKey(Buffer.from('misplaced'), 3) + 1) % 3;
  await producer.send({ topic: TOPIC, messages: [{ key: 'misplaced', value: 'x', partition: wrong }] });
  await producer.disconnect();
});

after(async () => b?.close());

test('records and keys per partition, top keys, skew score, partitioner check, what-if', async () => {
  const r = await b.client.call('topics.keySkew', { clusterId: C, topic: TOPIC, whatIfPartitions: [6, 12] });
  assert.equal(r.partitions.reduce((n, p) => n + p.records, 0), 421);
  assert.ok(r.partitions.every((p) => p.exact && p.sampledRecords === p.records));
  const hot = partitionForKey(Buffer.from('hot'), 3);
  assert.equal(r.hottestPartition, hot);
  assert.deepEqual(r.topKeys[0], { key: 'hot', encoding: 'text', records: 300, bytes: 300 * 3 + (10 * 2 + 90 * 3 + 200 * 4), partitions: [hot] });
  assert.ok(r.skewScore > 0.5, `skew ${r.skewScore}`);
  assert.equal(r.partitions.reduce((n, p) => n + p.notByMurmur2, 0), 1);
  assert.equal(r.partitions.reduce((n, p) => n + p.nullKeys, 0), 20);
  assert.equal(r.sampledNullKeys, 20);
  assert.equal(r.partitions.reduce((n, p) => n + p.distinctKeys, 0), 52);
  assert.deepEqual(r.whatIf.map((w) => w.partitions), [3, 6, 12]);
  for (const w of r.whatIf) assert.equal(w.keyedRecords.reduce((a, x) => a + x, 0), 401);
  // The current count reproduces what the producer did for every key it placed by murmur2.
  const now = r.whatIf[0]!;
  const keyed = r.partitions.map((p) => p.records - p.nullKeys);
  assert.equal(now.keyedRecords.reduce((a, x, i) => a + Math.abs(x - (keyed[i] ?? 0)), 0), 2, 'only the misplaced record differs');
});

test('big partitions are sampled: the newest records only', async () => {
  const r = await b.client.call('topics.keySkew', { clusterId: C, topic: TOPIC, samplePerPartition: 10 });
  for (const p of r.partitions) {
    assert.ok(p.sampledRecords <= 10);
    assert.equal(p.exact, p.records <= 10);
  }
});

test('bad input', async () => {
  const code = (e: unknown): string => (e instanceof BackendCallError ? e.code : String(e));
  await assert.rejects(b.client.call('topics.keySkew', { clusterId: C, topic: TOPIC, samplePerPartition: 0 }), (e) => code(e) === 'bad-request');
  await assert.rejects(b.client.call('topics.keySkew', { clusterId: C, topic: TOPIC, whatIfPartitions: [0] }), (e) => code(e) === 'bad-request');
  await assert.rejects(b.client.call('topics.keySkew', { clusterId: C, topic: 'nope' }), (e) => code(e) === 'not-found');
});
