/** Engine-only insight through the contract: log management (retention, compaction) and transactions. */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { startTestBackend, text, waitUntil, type TestBackend } from './harness.js';

let b: TestBackend;
before(async () => {
  b = await startTestBackend();
});
after(async () => b?.close());

test('compaction state and "compact now" on a compacted topic', async () => {
  await b.client.call('topics.create', {
    clusterId: C, name: 'profiles', partitions: 1, replicationFactor: 1,
    configs: { 'cleanup.policy': 'compact', 'segment.bytes': '1024', 'min.cleanable.dirty.ratio': '0.01', 'min.compaction.lag.ms': '0' },
  });
  for (let round = 0; round < 5; round++) {
    for (let k = 0; k < 10; k++) {
      await b.client.call('messages.produce', { clusterId: C, topic: 'profiles', partition: 0, key: text(`user-${k}`), value: text(`v${round}-${'x'.repeat(40)}`) });
    }
  }
  const before = await b.client.call('engine.logManagement', { topic: 'profiles', partition: 0 });
  assert.deepEqual(before.cleanupPolicy, { delete: false, compact: true });
  assert.ok(before.segments.length > 1, 'small segment.bytes rolled several segments');
  assert.ok(before.cleaner, 'compacted topics report cleaner state');
  assert.ok((before.cleaner?.dirtyRatio ?? 0) > 0);
  const { run } = await b.client.call('engine.compactNow', { topic: 'profiles', partition: 0 });
  assert.ok(run, 'the cleaner ran');
  assert.ok(run.recordsAfter < run.recordsBefore, `records ${run.recordsBefore} -> ${run.recordsAfter}`);
  const { runs } = await b.client.call('engine.cleanerRuns', {});
  assert.ok(runs.some((r) => r.topic === 'profiles'));
  await assert.rejects(b.client.call('engine.logManagement', { topic: 'profiles', partition: 7 }), { code: 'not-found' });
});

test('retention forecast and "enforce retention now"', async () => {
  await b.client.call('topics.create', { clusterId: C, name: 'short-lived', partitions: 1, replicationFactor: 1, configs: { 'segment.bytes': '1024', 'retention.ms': '60000' } });
  const old = Date.now() - 3_600_000;
  for (let i = 0; i < 30; i++) {
    await b.client.call('messages.produce', { clusterId: C, topic: 'short-lived', partition: 0, key: null, value: text('y'.repeat(100)), timestamp: old + i });
  }
  const lm = await b.client.call('engine.logManagement', { topic: 'short-lived', partition: 0 });
  assert.ok(lm.segments.some((s) => s.deletableNow && s.deletionReason === 'retention.ms'), JSON.stringify(lm.segments.map((s) => [s.baseOffset, s.deletableNow, s.deletionReason])));
  const { segmentsDeleted } = await b.client.call('engine.enforceRetention', {});
  assert.ok(segmentsDeleted > 0);
  const after = await b.client.call('topics.get', { clusterId: C, topic: 'short-lived' });
  assert.ok((after.partitions[0]?.logStartOffset ?? 0) > 0, 'the log start moved');
});

test('transactions: the coordinator view and the open transaction holding a partition back', async () => {
  await b.client.call('topics.create', { clusterId: C, name: 'payments', partitions: 1, replicationFactor: 1 });
  const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'txn-test', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ transactionalId: 'payments-tx', maxInFlightRequests: 1, idempotent: true });
  await producer.connect();
  const txn = await producer.transaction();
  await txn.send({ topic: 'payments', messages: [{ value: 'pending' }] });
  const open = await b.client.call('engine.openTransactions', { topic: 'payments', partition: 0 });
  assert.equal(open.open.length, 1);
  assert.equal(open.open[0]?.firstOffset, 0);
  const { transactions } = await b.client.call('engine.transactions', {});
  const tx = transactions.find((t) => t.transactionalId === 'payments-tx');
  assert.equal(tx?.state, 'Ongoing');
  assert.deepEqual(tx?.partitions, [{ topic: 'payments', partitions: [0] }]);
  await txn.commit();
  await producer.disconnect();
  assert.equal((await b.client.call('engine.openTransactions', { topic: 'payments', partition: 0 })).open.length, 0);
});

test('isolation: read_committed hides aborted records and stops at the last stable offset', async () => {
  await b.client.call('topics.create', { clusterId: C, name: 'ledger', partitions: 1, replicationFactor: 1 });
  const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'iso-test', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ transactionalId: 'ledger-tx', maxInFlightRequests: 1, idempotent: true });
  await producer.connect();
  const committed = await producer.transaction();
  await committed.send({ topic: 'ledger', messages: [{ value: 'c1' }, { value: 'c2' }] });
  await committed.commit();
  const aborted = await producer.transaction();
  await aborted.send({ topic: 'ledger', messages: [{ value: 'a1' }] });
  await aborted.abort();
  await b.client.call('messages.produce', { clusterId: C, topic: 'ledger', partition: 0, key: null, value: text('plain') });
  const open = await producer.transaction();
  await open.send({ topic: 'ledger', messages: [{ value: 'o1' }] });

  const values = async (isolation: 'read_committed' | 'read_uncommitted'): Promise<string[]> => {
    const page = await b.client.call('messages.page', { clusterId: C, topic: 'ledger', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 100, isolation });
    return page.messages.map((m) => Buffer.from(m.value?.base64 ?? '', 'base64').toString());
  };
  assert.deepEqual(await values('read_uncommitted'), ['c1', 'c2', 'a1', 'plain', 'o1']);
  assert.deepEqual(await values('read_committed'), ['c1', 'c2', 'plain']);
  const backward = await b.client.call('messages.page', { clusterId: C, topic: 'ledger', partitions: 'all', start: { kind: 'latest' }, direction: 'backward', pageSize: 100, isolation: 'read_committed' });
  assert.deepEqual(backward.messages.map((m) => Buffer.from(m.value?.base64 ?? '', 'base64').toString()), ['plain', 'c2', 'c1']);

  const { taskId } = await b.client.call('messages.search', {
    clusterId: C, topic: 'ledger', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, isolation: 'read_committed',
    filter: { match: 'all', conditions: [{ field: 'value', op: 'starts-with', text: 'a' }] },
  });
  const done = await waitUntil(async () => {
    const task = await b.client.call('tasks.get', { taskId });
    return task.state !== 'running' && task;
  }, 10_000, 'read_committed search to finish');
  assert.equal(done.state, 'done');
  assert.equal(done.stats.matched, 0, 'the aborted record is not found under read_committed');
  await open.abort();
  await producer.disconnect();
});

test('paging over a compacted log (offset gaps) still visits every surviving record exactly once', async () => {
  await b.client.call('topics.create', {
    clusterId: C, name: 'gappy', partitions: 1, replicationFactor: 1,
    configs: { 'cleanup.policy': 'compact', 'segment.bytes': '512', 'min.cleanable.dirty.ratio': '0.01', 'min.compaction.lag.ms': '0' },
  });
  // Later rounds update fewer keys, so the survivors are spread out with holes between them.
  for (let round = 0; round < 6; round++) {
    for (let k = 0; k < 12; k++) {
      if (k % (round + 1) === 0) await b.client.call('messages.produce', { clusterId: C, topic: 'gappy', partition: 0, key: text(`k${k}`), value: text(`r${round}`) });
    }
  }
  await b.client.call('engine.compactNow', { topic: 'gappy', partition: 0 });
  const page = (direction: 'forward' | 'backward', cursor?: string) => b.client.call('messages.page', {
    clusterId: C, topic: 'gappy', partitions: 'all', start: { kind: direction === 'forward' ? 'earliest' : 'latest' }, direction, pageSize: 3,
    ...(cursor ? { cursor } : {}),
  });
  const truth = await b.client.call('messages.page', { clusterId: C, topic: 'gappy', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 1000 });
  const offsets = truth.messages.map((m) => m.offset);
  assert.ok(offsets.some((o, i) => i > 0 && o !== (offsets[i - 1] as number) + 1), `the log has holes: ${offsets.join(',')}`);
  for (const direction of ['forward', 'backward'] as const) {
    const seen: number[] = [];
    let p = await page(direction);
    seen.push(...p.messages.map((m) => m.offset));
    while (!p.reachedEnd && p.nextCursor) {
      p = await page(direction, p.nextCursor);
      seen.push(...p.messages.map((m) => m.offset));
    }
    assert.deepEqual([...seen].sort((x, y) => x - y), offsets, direction);
  }
});
