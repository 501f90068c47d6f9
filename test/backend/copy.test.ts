/** messages.copy: replay a filtered range to another topic / cluster, byte for byte. */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import type { KafkaMessage } from '../../src-common/contract/messages.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';
import { startTestBackend, text, type TestBackend, taskFinished } from './harness.js';

let b: TestBackend;
const waitTask = (taskId: string): Promise<TaskInfo> => taskFinished(b.client, taskId);
const all = async (clusterId: string, topic: string): Promise<KafkaMessage[]> =>
  (await b.client.call('messages.page', { clusterId, topic, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 1000 })).messages;
const strip = (m: KafkaMessage): unknown => ({ p: m.partition, o: m.offset, t: m.timestamp, k: m.key?.base64 ?? null, v: m.value?.base64 ?? null, h: m.headers });

before(async () => {
  b = await startTestBackend();
  await b.client.call('topics.create', { clusterId: C, name: 'orders', partitions: 2, replicationFactor: 1 });
  await b.client.call('topics.create', { clusterId: C, name: 'orders-dlq', partitions: 2, replicationFactor: 1 });
  await b.client.call('topics.create', { clusterId: C, name: 'orders-copy', partitions: 1, replicationFactor: 1 });
  for (let i = 0; i < 40; i++) {
    await b.client.call('messages.produce', {
      clusterId: C, topic: 'orders', partition: i % 2, key: text(`o${i}`), value: i % 10 === 0 ? null : text(JSON.stringify({ i, failed: i % 3 === 0 })),
      headers: [{ key: 'origin', value: text('checkout') }], timestamp: 1_600_000_000_000 + i,
    });
  }
});
after(async () => b?.close());

test('replays a filtered range partition-for-partition, keeping keys, headers, timestamps and tombstones', async () => {
  const { taskId } = await b.client.call('messages.copy', {
    clusterId: C, topic: 'orders', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
    filter: { match: 'any', conditions: [{ field: 'json', target: 'value', path: '$.failed', op: 'equals', value: true }, { field: 'tombstone', is: true }] },
    target: { clusterId: C, topic: 'orders-dlq', partitioning: 'same' },
  });
  const done = await waitTask(taskId);
  assert.equal(done.state, 'done');
  assert.equal(done.stopReason, 'range-end');
  assert.equal(done.stats.scanned, 40);
  const expected = (await all(C, 'orders')).filter((m) => m.value === null || JSON.parse(Buffer.from(m.value.base64, 'base64').toString()).failed);
  assert.equal(done.copyResult?.records, expected.length);
  const copied = await all(C, 'orders-dlq');
  const key = (m: KafkaMessage): string => m.key?.base64 ?? '';
  assert.deepEqual(
    copied.map((m) => ({ ...(strip(m) as object), o: 0 })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    expected.map((m) => ({ ...(strip(m) as object), o: 0 })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  );
  assert.ok(copied.every((m) => expected.some((e) => key(e) === key(m) && e.partition === m.partition)));
});

test("copies to another (saved) cluster by key, honours maxRecords, and refuses 'same' without enough partitions", async () => {
  const remote = await b.client.call('clusters.add', { settings: { name: 'other', bootstrap: [b.bootstrap], sasl: null, tls: null } });
  await assert.rejects(
    b.client.call('messages.copy', { clusterId: C, topic: 'orders', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, target: { clusterId: remote.id, topic: 'orders-copy', partitioning: 'same' } }),
    { code: 'bad-request' },
  );
  const { taskId } = await b.client.call('messages.copy', {
    clusterId: C, topic: 'orders', partitions: [0], from: { kind: 'earliest' }, to: { kind: 'latest' }, maxRecords: 7,
    target: { clusterId: remote.id, topic: 'orders-copy', partitioning: 'by-key', preserveTimestamps: false },
  });
  const done = await waitTask(taskId);
  assert.equal(done.stopReason, 'max-records');
  assert.equal(done.copyResult?.records, 7);
  const copied = await all(remote.id, 'orders-copy');
  assert.equal(copied.length, 7);
  assert.ok(copied.every((m) => m.timestamp > 1_700_000_000_000), 'fresh timestamps when not preserved');
});

test('an export re-imports byte for byte (jsonl/text and json/base64), a bad file fails the task clearly', async () => {
  for (const [format, payloadEncoding] of [['jsonl', 'text'], ['json', 'base64']] as const) {
    b.dialog.choose(join(b.dir, `orders.${format}`));
    const path = (await b.client.call('host.pickSavePath', { defaultName: `orders.${format}` })).path as string;
    const exported = await b.client.call('messages.export', {
      clusterId: C, topic: 'orders', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, format, payloadEncoding, path,
    });
    assert.equal((await waitTask(exported.taskId)).exportResult?.records, 40);
    const target = `orders-restored-${format}`;
    await b.client.call('topics.create', { clusterId: C, name: target, partitions: 2, replicationFactor: 1 });
    b.dialog.choose(path);
    await b.client.call('host.pickOpenPath', { extensions: ['jsonl', 'json'] });
    const { taskId } = await b.client.call('messages.import', { path, clusterId: C, topic: target, partitioning: 'same', payloadEncoding });
    const done = await waitTask(taskId);
    assert.equal(done.state, 'done');
    assert.equal(done.copyResult?.records, 40);
    assert.equal(done.progress, 1);
    const sortKey = (m: KafkaMessage): string => `${m.partition}:${String(m.offset).padStart(4, '0')}`;
    assert.deepEqual((await all(C, target)).sort((x, y) => sortKey(x).localeCompare(sortKey(y))).map(strip), (await all(C, 'orders')).sort((x, y) => sortKey(x).localeCompare(sortKey(y))).map(strip));
  }
  const bad = join(b.dir, 'not-an-export.jsonl');
  writeFileSync(bad, 'hello\n');
  b.dialog.choose(bad);
  await b.client.call('host.pickOpenPath', {});
  const { taskId } = await b.client.call('messages.import', { path: bad, clusterId: C, topic: 'orders-copy', partitioning: 'by-key', payloadEncoding: 'text' });
  const failed = await waitTask(taskId);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.error?.code, 'bad-request');
  b.dialog.choose(join(b.dir, 'missing.jsonl'));
  await b.client.call('host.pickOpenPath', {});
  await assert.rejects(b.client.call('messages.import', { path: join(b.dir, 'missing.jsonl'), clusterId: C, topic: 'orders-copy', partitioning: 'by-key', payloadEncoding: 'text' }), { code: 'bad-request' });
});
