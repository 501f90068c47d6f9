/** engine.logForecast: the engine's retention/compaction forecast for the config in force and for a proposed one. */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { startTestBackend, text, type TestBackend } from './harness.js';

let b: TestBackend;
before(async () => {
  b = await startTestBackend();
});
after(async () => b?.close());

async function configValue(topic: string, name: string): Promise<string | null | undefined> {
  const { entries } = await b.client.call('configs.describe', { clusterId: C, resource: { type: 'topic', name: topic } });
  return entries.find((e) => e.name === name)?.value;
}

test('retention what-if: a longer retention.ms saves the expired segments, the config is not touched, and the broker then deletes what was forecast', async () => {
  const topic = 'forecast-retention';
  await b.client.call('topics.create', { clusterId: C, name: topic, partitions: 2, replicationFactor: 1, configs: { 'segment.bytes': '1024', 'retention.ms': '3600000' } });
  const old = Date.now() - 3 * 3_600_000;
  for (let i = 0; i < 40; i++) {
    // Partition 0 gets 3-hour-old records (past retention.ms = 1 h); partition 1 only fresh ones.
    const partition = i % 2;
    await b.client.call('messages.produce', { clusterId: C, topic, partition, key: null, value: text('z'.repeat(100)), ...(partition === 0 ? { timestamp: old + i } : {}) });
  }

  const unchanged = await b.client.call('engine.logForecast', { topic, changes: {} });
  assert.deepEqual(unchanged.problems, []);
  assert.deepEqual(unchanged.proposed, unchanged.current, 'no changes: the proposed forecast is the current one');
  const now = unchanged.current;
  assert.equal(now.retentionMs, 3_600_000);
  assert.equal(now.partitionsAffected, 1);
  const [p0, p1] = now.partitions;
  assert.ok(p0 && p0.segmentsDeletable > 0 && p0.byReason['retention.ms'] === p0.segmentsDeletable, JSON.stringify(p0));
  assert.equal(p1?.segmentsDeletable, 0);
  assert.ok(p1?.nextRetentionAt !== null && (p1?.nextRetentionAt ?? 0) > Date.now(), 'fresh segments expire in the future');
  assert.ok(now.bytesDeletable > 0);

  const week = await b.client.call('engine.logForecast', { topic, changes: { 'retention.ms': '604800000' } });
  assert.equal(week.proposed?.retentionMs, 604_800_000);
  assert.equal(week.proposed?.segmentsDeletable, 0, 'with 7 days nothing is old enough');
  assert.equal(week.current.segmentsDeletable, now.segmentsDeletable);
  const reset = await b.client.call('engine.logForecast', { topic, changes: { 'retention.ms': null } });
  assert.equal(reset.proposed?.retentionMs, 604_800_000, 'null removes the override: back to the broker default (7 days)');
  const bySize = await b.client.call('engine.logForecast', { topic, changes: { 'retention.ms': '-1', 'retention.bytes': '1024' } });
  assert.ok((bySize.proposed?.partitions[1]?.byReason['retention.bytes'] ?? 0) > 0, JSON.stringify(bySize.proposed?.partitions[1]));
  const noDelete = await b.client.call('engine.logForecast', { topic, changes: { 'cleanup.policy': 'compact' } });
  assert.equal(noDelete.proposed?.segmentsDeletable, 0, 'without the delete policy retention deletes nothing');
  assert.equal(await configValue(topic, 'retention.ms'), '3600000', 'a forecast never applies the change');

  const { segmentsDeleted } = await b.client.call('engine.enforceRetention', {});
  assert.equal(segmentsDeleted, now.segmentsDeletable, 'the retention pass deletes exactly the forecast segments');
  const afterwards = await b.client.call('engine.logForecast', { topic, changes: {} });
  assert.equal(afterwards.current.segmentsDeletable, 0);
});

test('compaction what-if: lowering min.cleanable.dirty.ratio makes the partition eligible for the cleaner', async () => {
  const topic = 'forecast-compact';
  await b.client.call('topics.create', {
    clusterId: C, name: topic, partitions: 1, replicationFactor: 1,
    configs: { 'cleanup.policy': 'compact', 'segment.bytes': '1024', 'min.cleanable.dirty.ratio': '0.99', 'min.compaction.lag.ms': '0' },
  });
  const produceRound = async (round: number): Promise<void> => {
    for (let k = 0; k < 10; k++) {
      await b.client.call('messages.produce', { clusterId: C, topic, partition: 0, key: text(`user-${k}`), value: text(`v${round}-${'x'.repeat(40)}`) });
    }
  };
  // A never-cleaned log is all dirty (ratio 1); clean it once, then dirty part of it again.
  for (let round = 0; round < 4; round++) await produceRound(round);
  await b.client.call('engine.compactNow', { topic, partition: 0 });
  for (let round = 4; round < 6; round++) await produceRound(round);
  const f = await b.client.call('engine.logForecast', { topic, changes: { 'min.cleanable.dirty.ratio': '0.01' } });
  const current = f.current.partitions[0]?.cleaner;
  const proposed = f.proposed?.partitions[0]?.cleaner;
  assert.ok(current && proposed, 'compacted topics report cleaner state');
  assert.equal(current.threshold, 0.99);
  assert.ok(current.dirtyRatio > 0.01 && current.dirtyRatio < 0.99, `dirty ratio ${current.dirtyRatio}`);
  assert.equal(current.eligible, false);
  assert.equal(proposed.threshold, 0.01);
  assert.equal(proposed.eligible, true);
  assert.equal(proposed.reason, 'dirty-ratio');
  assert.equal(f.proposed?.partitionsCleanable, 1);
  assert.equal(f.current.partitionsCleanable, 0);
  // Leaving compaction: no cleaner state in the proposed forecast.
  const deleteOnly = await b.client.call('engine.logForecast', { topic, changes: { 'cleanup.policy': 'delete' } });
  assert.equal(deleteOnly.proposed?.partitions[0]?.cleaner, null);
});

test('invalid proposals come back as problems in Kafka\'s words; unknown topics and bad params are refused', async () => {
  await b.client.call('topics.create', { clusterId: C, name: 'forecast-invalid', partitions: 1, replicationFactor: 1 });
  const f = await b.client.call('engine.logForecast', { topic: 'forecast-invalid', changes: { 'retention.ms': '-5' } });
  assert.equal(f.proposed, null);
  assert.equal(f.problems[0]?.name, 'retention.ms');
  assert.match(f.problems[0]?.message ?? '', /Invalid value -5 for configuration retention\.ms/);
  assert.ok(f.current.partitions.length === 1);
  await assert.rejects(b.client.call('engine.logForecast', { topic: 'no-such-topic', changes: {} }), { code: 'not-found' });
  await assert.rejects(b.client.call('engine.logForecast', { topic: 'forecast-invalid', changes: { 'retention.ms': 5 as unknown as string } }), { code: 'bad-request' });
});
