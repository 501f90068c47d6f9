/**
 * topics.count: the exact number of records, as a count task on the scan workers, through the real broker. A kafkajs
 * transactional producer commits 10 records and aborts 5, then 3 plain records follow: 20 offsets (two of them
 * transaction markers). read_uncommitted counts 18, read_committed 13; the per-partition stats keep the offset span
 * (the estimate). An unknown topic fails the call itself.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';
import { startTestBackend, type TestBackend, taskFinished } from './harness.js';

let b: TestBackend;
const TOPIC = 'counted';

async function count(isolation: 'read_committed' | 'read_uncommitted'): Promise<TaskInfo> {
  const { taskId } = await b.client.call('topics.count', { clusterId: C, topic: TOPIC, isolation });
  return taskFinished(b.client, taskId);
}

before(async () => {
  b = await startTestBackend();
  await b.client.call('topics.create', { clusterId: C, name: TOPIC, partitions: 1, replicationFactor: 1 });
  const kafka = new kafkajs.Kafka({ clientId: 'count-test', brokers: [b.bootstrap], logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer({ transactionalId: 'count-test-txn', idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const committed = await producer.transaction();
  await committed.send({ topic: TOPIC, messages: Array.from({ length: 10 }, (_, i) => ({ value: `committed ${i}` })) });
  await committed.commit();
  const aborted = await producer.transaction();
  await aborted.send({ topic: TOPIC, messages: Array.from({ length: 5 }, (_, i) => ({ value: `aborted ${i}` })) });
  await aborted.abort();
  await producer.disconnect();
  const plain = kafka.producer();
  await plain.connect();
  await plain.send({ topic: TOPIC, messages: Array.from({ length: 3 }, (_, i) => ({ value: `plain ${i}` })) });
  await plain.disconnect();
});
after(async () => b?.close());

test('read_uncommitted: every data record, no transaction marker', { timeout: 60_000 }, async () => {
  const t = await count('read_uncommitted');
  assert.equal(t.state, 'done');
  assert.equal(t.kind, 'count');
  assert.equal(t.stats.scanned, 18);
  assert.equal(t.stats.matched, 0);
  const p = t.stats.partitions[0]!;
  assert.deepEqual({ from: p.from, to: p.to, position: p.position }, { from: 0, to: 20, position: 20 });
  assert.equal(t.progress, 1);
});

test('read_committed: the aborted records are left out too', { timeout: 60_000 }, async () => {
  const t = await count('read_committed');
  assert.equal(t.state, 'done');
  assert.equal(t.stats.scanned, 13);
});

test('an unknown topic is refused before a task starts', async () => {
  await assert.rejects(b.client.call('topics.count', { clusterId: C, topic: 'no-such-topic' }), /not|unknown/i);
});
