/** Consumer groups: lag (null without commits, never negative), offset reset preview/apply, deletes, engine events. */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { startTestBackend, text, waitUntil, type TestBackend } from './harness.js';

let b: TestBackend;
let kafka: Kafka;
const TOPIC = 'orders';

async function commitWithGroup(groupId: string, offsets: { partition: number; offset: number }[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId, topic: TOPIC, partitions: offsets.map((o) => ({ partition: o.partition, offset: String(o.offset) })) });
  await admin.disconnect();
}

before(async () => {
  b = await startTestBackend();
  kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'groups-test', logLevel: logLevel.NOTHING });
  await b.client.call('topics.create', { clusterId: C, name: TOPIC, partitions: 3, replicationFactor: 1 });
  for (const [partition, n] of [[0, 10], [1, 4], [2, 0]] as const) {
    if (n > 0) await b.client.call('messages.produce', { clusterId: C, topic: TOPIC, partition, key: null, value: text('o'), copies: n });
  }
});

after(async () => b?.close());

describe('lag', () => {
  test('committed, end and lag per partition; null (not 0) where nothing was committed', async () => {
    await commitWithGroup('billing', [{ partition: 0, offset: 7 }]);
    const detail = await b.client.call('groups.get', { clusterId: C, groupId: 'billing' });
    assert.equal(detail.state, 'Empty');
    const rows = detail.offsets.map((r) => [r.partition, r.committedOffset, r.logEndOffset, r.lag]);
    assert.deepEqual(rows, [[0, 7, 10, 3], [1, null, 4, null], [2, null, 0, null]]);
    assert.equal(detail.totalLag, 3);
    assert.equal(detail.recordsLagMax, 3);
    // Partition 1 has 4 records and no commit: 4 more lag for a group that starts at earliest, 0 at latest.
    assert.deepEqual(detail.topics, [{ topic: TOPIC, lag: 3, partitions: 3, partitionsWithoutCommit: 2, uncommittedFromEarliest: 4 }]);
    assert.deepEqual([detail.partitionsWithoutCommit, detail.uncommittedFromEarliest], [2, 4]);

    const { groups } = await b.client.call('groups.list', { clusterId: C });
    const billing = groups.find((g) => g.groupId === 'billing');
    assert.equal(billing?.totalLag, 3);
    assert.equal(billing?.partitionsWithoutCommit, 2);
    assert.equal(billing?.uncommittedFromEarliest, 4);
    assert.deepEqual(billing?.topics, [TOPIC]);

    const consumers = await b.client.call('topics.consumers', { clusterId: C, topic: TOPIC });
    assert.deepEqual(consumers.groups.map((g) => [g.groupId, g.lag, g.partitionsWithoutCommit, g.uncommittedFromEarliest]), [['billing', 3, 2, 4]]);
  });

  test('time lag: newest timestamp minus the first unconsumed record\'s', async () => {
    await b.client.call('topics.create', { clusterId: C, name: 'timed', partitions: 1, replicationFactor: 1 });
    for (let i = 0; i < 5; i++) {
      await b.client.call('messages.produce', { clusterId: C, topic: 'timed', partition: 0, key: null, value: text('t'), timestamp: 1_000_000 + i * 60_000 });
    }
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: 'slow', topic: 'timed', partitions: [{ partition: 0, offset: '2' }] });
    await admin.disconnect();
    const detail = await b.client.call('groups.get', { clusterId: C, groupId: 'slow' });
    assert.equal(detail.offsets[0]?.lag, 3);
    assert.equal(detail.offsets[0]?.timeLagMs, 2 * 60_000);
    assert.equal(detail.maxTimeLagMs, 2 * 60_000);
    const preview = await b.client.call('groups.resetOffsets', { clusterId: C, groupId: 'slow', topic: 'timed', strategy: { kind: 'timestamp', timestamp: 1_000_000 + 90_000 }, dryRun: true });
    assert.deepEqual(preview.partitions.map((r) => [r.newOffset, r.delta, r.newOffsetTimestamp]), [[2, 0, 1_000_000 + 120_000]]);
    const toEnd = await b.client.call('groups.resetOffsets', { clusterId: C, groupId: 'slow', topic: 'timed', strategy: { kind: 'latest' }, dryRun: true });
    assert.equal(toEnd.partitions[0]?.newOffsetTimestamp, null);
  });

  test('lag never goes negative and ignores records retention already deleted', async () => {
    await b.client.call('topics.purge', { clusterId: C, topic: TOPIC, partitions: [1], beforeOffset: 3 });
    await commitWithGroup('old-reader', [{ partition: 1, offset: 0 }]);
    const detail = await b.client.call('groups.get', { clusterId: C, groupId: 'old-reader' });
    const p1 = detail.offsets.find((r) => r.partition === 1);
    assert.equal(p1?.logStartOffset, 3);
    assert.equal(p1?.commitBelowLogStart, true);
    assert.equal(p1?.lag, 1); // only offset 3 still exists
  });
});

describe('a live consumer group', () => {
  let consumer: Consumer;

  test('members, assignments and engine group events are visible; resets are refused while it runs', async () => {
    consumer = kafka.consumer({ groupId: 'live', sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let seen = 0;
    await consumer.run({ autoCommitInterval: 100, eachMessage: async () => void seen++ });
    await waitUntil(async () => seen >= 11, 15_000, 'consumer to read');
    const detail = await waitUntil(async () => {
      const d = await b.client.call('groups.get', { clusterId: C, groupId: 'live' });
      return d.state === 'Stable' && d.totalLag === 0 ? d : null;
    }, 15_000, 'stable group with commits');
    assert.equal(detail.members.length, 1);
    assert.deepEqual(detail.members[0]?.assignment, [{ topic: TOPIC, partitions: [0, 1, 2] }]);
    assert.ok(detail.offsets.every((r) => r.memberId === detail.members[0]?.memberId));
    assert.equal(detail.offsets.find((r) => r.partition === 2)?.lag, null); // empty partition: nothing to commit yet

    const { events } = await b.client.call('engine.events', { group: 'live' });
    assert.ok(events.some((e) => e.type === 'member-joined'), `events: ${events.map((e) => e.type).join(',')}`);

    await assert.rejects(
      b.client.call('groups.resetOffsets', { clusterId: C, groupId: 'live', topic: TOPIC, strategy: { kind: 'earliest' }, dryRun: false }),
      { code: 'group-not-empty' },
    );
    const preview = await b.client.call('groups.resetOffsets', { clusterId: C, groupId: 'live', topic: TOPIC, strategy: { kind: 'shift', by: -2 }, dryRun: true });
    assert.equal(preview.applied, false);
    assert.deepEqual(preview.partitions.map((p) => [p.partition, p.currentOffset, p.newOffset, p.delta]), [[0, 10, 8, -2], [1, 4, 3, -1], [2, null, 0, null]]);
    await consumer.disconnect();
  });

  test('after the consumer leaves, a reset applies and OffsetDelete / DeleteGroups work', async () => {
    await waitUntil(async () => (await b.client.call('groups.get', { clusterId: C, groupId: 'live' })).members.length === 0, 15_000, 'group to empty');
    const joinsBefore = (await b.client.call('engine.events', { group: 'live' })).events.filter((e) => e.type === 'member-joined' || e.type === 'join-completed').length;
    const applied = await b.client.call('groups.resetOffsets', { clusterId: C, groupId: 'live', topic: TOPIC, strategy: { kind: 'offsets', offsets: [{ partition: 0, offset: 4 }, { partition: 1, offset: 99 }] }, dryRun: false });
    assert.equal(applied.applied, true);
    // A simple commit (generation -1, no member id), as Kafka's AdminClient: the reset never joins the group.
    const { events: afterReset } = await b.client.call('engine.events', { group: 'live' });
    assert.equal(afterReset.filter((e) => e.type === 'member-joined' || e.type === 'join-completed').length, joinsBefore, 'no member joined for the reset');
    assert.deepEqual(applied.partitions.map((p) => [p.partition, p.newOffset, p.lagAfter]), [[0, 4, 6], [1, 4, 0]]);
    const after1 = await b.client.call('groups.get', { clusterId: C, groupId: 'live' });
    assert.equal(after1.offsets.find((r) => r.partition === 0)?.committedOffset, 4);

    await b.client.call('groups.deleteTopicOffsets', { clusterId: C, groupId: 'live', topic: TOPIC });
    const after2 = await b.client.call('groups.get', { clusterId: C, groupId: 'live' });
    assert.ok(after2.offsets.every((r) => r.committedOffset === null));

    const { results } = await b.client.call('groups.delete', { clusterId: C, groupIds: ['live', 'billing'] });
    assert.deepEqual(results, [{ groupId: 'live', error: null }, { groupId: 'billing', error: null }]);
    const { groups } = await b.client.call('groups.list', { clusterId: C });
    assert.ok(!groups.some((g) => g.groupId === 'live' || g.groupId === 'billing'));
  });
});
