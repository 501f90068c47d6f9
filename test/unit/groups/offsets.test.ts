import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src-engine/groups/clock.js';
import { GroupCoordinator } from '../../../src-engine/groups/group-coordinator.js';
import {
  decodeOffsetsTopicRecord, groupMetadataRecord, offsetCommitRecord, offsetsPartitionFor,
} from '../../../src-engine/groups/offsets-topic-records.js';
import type { CommitRequestInput } from '../../../src-engine/groups/types.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { MemoryHost, assignment, subscription } from './memory-host.js';

function setup(host = new MemoryHost(), clock = new ManualClock()) {
  if (host.leo.size === 0) {
    host.addTopic('t', 3, 100);
    host.addTopic('u', 1, 5);
  }
  const gc = new GroupCoordinator(host, { initialRebalanceDelayMs: 0, offsetsTopicPartitions: 5, offsetsRetentionMs: 60_000, offsetsRetentionCheckIntervalMs: 10_000 }, clock);
  gc.start();
  return { host, clock, gc };
}

function commit(over: Partial<CommitRequestInput> & { offsets: [string, number, number][] }): CommitRequestInput {
  const { offsets, ...rest } = over;
  return {
    groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    partitions: offsets.map(([topic, partition, offset]) => ({ topic, partition, offset, leaderEpoch: 3, metadata: `m${offset}`, commitTimestamp: -1 })),
    ...rest,
  };
}

test('Java String.hashCode partitioning of group ids', () => {
  // "foo".hashCode() == 101574; Kafka's default 50 partitions -> 24.
  assert.equal(offsetsPartitionFor('foo', 50), 24);
  // A negative hash code: "polygenelubricants".hashCode() == Integer.MIN_VALUE -> abs() is 0.
  assert.equal(offsetsPartitionFor('polygenelubricants', 50), 0);
});

test('record formats: key v1 + value v3 for offsets, key v2 + value v3 for groups, tombstones', () => {
  const r = offsetCommitRecord('g', 't', 2, { offset: 42, leaderEpoch: 7, metadata: 'meta', commitTimestamp: 1000, expireTimestamp: null });
  assert.equal(r.key.readInt16BE(0), 1);
  assert.equal(r.value?.readInt16BE(0), 3);
  const d = decodeOffsetsTopicRecord(r.key, r.value);
  assert.deepEqual(d, { kind: 'offset', group: 'g', topic: 't', partition: 2, value: { offset: 42, leaderEpoch: 7, metadata: 'meta', commitTimestamp: 1000, expireTimestamp: null } });
  const withExpiry = offsetCommitRecord('g', 't', 2, { offset: 1, leaderEpoch: -1, metadata: '', commitTimestamp: 1000, expireTimestamp: 5000 });
  assert.equal(withExpiry.value?.readInt16BE(0), 1);
  assert.equal((decodeOffsetsTopicRecord(withExpiry.key, withExpiry.value) as { value: { expireTimestamp: number } }).value.expireTimestamp, 5000);
  const g = groupMetadataRecord('g', { protocolType: 'consumer', generation: 3, protocol: 'range', leader: 'm1', currentStateTimestamp: 9, members: [] });
  assert.equal(g.key.readInt16BE(0), 2);
  assert.equal(g.value?.readInt16BE(0), 3);
  const dg = decodeOffsetsTopicRecord(g.key, g.value);
  assert.equal(dg.kind, 'group');
  assert.deepEqual(decodeOffsetsTopicRecord(g.key, null), { kind: 'group', group: 'g', value: null });
});

test('simple commits, fetch with and without topics, metadata round trip, errors per partition', () => {
  const { gc, host } = setup();
  const res = gc.commitOffsets(commit({ offsets: [['t', 0, 10], ['t', 1, 20], ['nope', 0, 1]] }));
  assert.deepEqual(res.map((r) => r.errorCode), [0, 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  const big = gc.commitOffsets({ ...commit({ offsets: [['t', 2, 1]] }), partitions: [{ topic: 't', partition: 2, offset: 1, leaderEpoch: -1, metadata: 'x'.repeat(5000), commitTimestamp: -1 }] });
  assert.equal(big[0]?.errorCode, ErrorCode.OFFSET_METADATA_TOO_LARGE);
  const f = gc.fetchOffsets('g', [{ topic: 't', partitions: [0, 1, 2] }]);
  assert.deepEqual(f.offsets.map((o) => [o.offset, o.metadata, o.leaderEpoch]), [[10, 'm10', 3], [20, 'm20', 3], [-1, '', -1]]);
  assert.equal(gc.fetchOffsets('g', null).offsets.length, 2);
  assert.deepEqual(gc.fetchOffsets('other', [{ topic: 't', partitions: [0] }]).offsets[0]?.offset, -1);
  assert.equal(host.ofType('offsets-committed').length, 1);
  assert.deepEqual(gc.listGroups().map((g) => [g.groupId, g.state, g.protocolType]), [['g', 'Empty', '']]);
});

test('offsets and groups survive a restart (replay of the log), tombstones win', () => {
  const { gc, host, clock } = setup();
  gc.commitOffsets(commit({ offsets: [['t', 0, 10], ['t', 1, 20]] }));
  gc.commitOffsets(commit({ offsets: [['t', 0, 11]] }));
  gc.commitOffsets(commit({ groupId: 'gone', offsets: [['t', 0, 1]] }));
  assert.deepEqual(gc.deleteGroups(['gone', 'missing']).map((r) => r.errorCode), [0, ErrorCode.GROUP_ID_NOT_FOUND]);
  gc.shutdown();

  const again = setup(host, clock).gc;
  const f = again.fetchOffsets('g', null).offsets.sort((a, b) => a.partition - b.partition);
  assert.deepEqual(f.map((o) => [o.partition, o.offset, o.metadata]), [[0, 11, 'm11'], [1, 20, 'm20']]);
  assert.equal(again.fetchOffsets('gone', null).offsets.length, 0);
  assert.equal(again.describeGroup('gone'), null);
});

test('a Stable group reloads Stable with its members and assignment; the members may keep heartbeating', async () => {
  const { gc, host, clock } = setup();
  const p = gc.join({ groupId: 'cg', memberId: '', groupInstanceId: null, requireKnownMemberId: false, supportSkippingAssignment: false, clientId: 'c', clientHost: 'h', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription(['t']) }], reason: null });
  clock.advance(0);
  const j = await p;
  await gc.sync({ groupId: 'cg', generationId: 1, memberId: j.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId: j.memberId, assignment: assignment({ t: [0, 1, 2] }) }] });
  gc.commitOffsets({ ...commit({ groupId: 'cg', offsets: [['t', 0, 40]] }), generationId: 1, memberId: j.memberId });
  gc.shutdown();
  const again = setup(host, clock).gc;
  const d = again.describeGroup('cg');
  assert.equal(d?.state, 'Stable');
  assert.equal(d?.generation, 1);
  assert.deepEqual(d?.members[0]?.assignment, [{ topic: 't', partitions: [0, 1, 2] }]);
  assert.equal(again.heartbeat('cg', j.memberId, null, 1), ErrorCode.NONE);
  const lag = again.describeLag('cg');
  assert.deepEqual(lag?.partitions.map((p2) => [p2.partition, p2.committedOffset, p2.lag, p2.memberId === j.memberId]), [[0, 40, 60, true], [1, null, null, true], [2, null, null, true]]);
  assert.equal(lag?.totalLag, 60);
  assert.equal(lag?.recordsLagMax, 60);
  assert.deepEqual(lag?.topics, [{ topic: 't', lag: 60, uncommittedPartitions: 2 }]);
  // OffsetDelete refuses subscribed topics, accepts others.
  again.commitOffsets({ ...commit({ groupId: 'cg', offsets: [['u', 0, 9]] }), generationId: 1, memberId: j.memberId });
  const del = again.deleteOffsets('cg', [{ topic: 't', partitions: [0] }, { topic: 'u', partitions: [0] }]);
  assert.deepEqual(del.partitions.map((x) => x.errorCode), [ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, 0]);
  assert.equal(again.describeLag('cg')?.partitions.some((x) => x.topic === 'u'), false);
  assert.equal(again.deleteGroups(['cg'])[0]?.errorCode, ErrorCode.NON_EMPTY_GROUP);
  // Member never comes back: expires after its session timeout, group becomes Empty.
  clock.advance(10_000);
  clock.advance(10_000);
  assert.equal(again.groupState('cg'), 'Empty');
});

test('commit validation for managed groups', async () => {
  const { gc, clock } = setup();
  assert.equal(gc.commitOffsets({ ...commit({ groupId: 'x', offsets: [['t', 0, 1]] }), generationId: 3, memberId: 'm' })[0]?.errorCode, ErrorCode.ILLEGAL_GENERATION);
  const p = gc.join({ groupId: 'cg', memberId: '', groupInstanceId: null, requireKnownMemberId: false, supportSkippingAssignment: false, clientId: 'c', clientHost: 'h', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription(['t']) }], reason: null });
  clock.advance(0);
  const j = await p;
  const c = (gen: number, memberId: string) => gc.commitOffsets({ ...commit({ groupId: 'cg', offsets: [['t', 0, 1]] }), generationId: gen, memberId })[0]?.errorCode;
  assert.equal(c(1, j.memberId), ErrorCode.REBALANCE_IN_PROGRESS, 'CompletingRebalance');
  await gc.sync({ groupId: 'cg', generationId: 1, memberId: j.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
  assert.equal(c(1, j.memberId), 0);
  assert.equal(c(0, j.memberId), ErrorCode.ILLEGAL_GENERATION);
  assert.equal(c(1, 'other'), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal(c(-1, ''), ErrorCode.UNKNOWN_MEMBER_ID, 'simple commit into a live group');
});

test('retention: Empty group offsets expire after offsets.retention; the group goes with them', () => {
  const { gc, clock, host } = setup();
  gc.commitOffsets(commit({ offsets: [['t', 0, 10]] }));
  gc.commitOffsets({ ...commit({ groupId: 'short', offsets: [['t', 0, 10]] }), retentionTimeMs: 5_000 });
  clock.advance(10_000);
  assert.equal(gc.fetchOffsets('short', null).offsets.length, 0, 'explicit retention expired');
  assert.equal(gc.fetchOffsets('g', null).offsets.length, 1);
  clock.advance(60_000);
  assert.equal(gc.fetchOffsets('g', null).offsets.length, 0);
  assert.equal(gc.describeGroup('g'), null);
  assert.ok(host.ofType('group-deleted').some((e) => e.group === 'g'));
});

test('cleanup drops Empty groups without offsets; a deleted topic takes its offsets along', async () => {
  const { gc, clock } = setup();
  const p = gc.join({ groupId: 'never-committed', memberId: '', groupInstanceId: null, requireKnownMemberId: false, supportSkippingAssignment: false, clientId: 'c', clientHost: 'h', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription(['t']) }], reason: null });
  clock.advance(0);
  const j = await p;
  gc.leave('never-committed', [{ memberId: j.memberId, groupInstanceId: null, reason: null }]);
  assert.equal(gc.groupState('never-committed'), 'Empty');
  gc.commitOffsets(commit({ offsets: [['t', 0, 1], ['u', 0, 2]] }));
  gc.onTopicDeleted('u');
  assert.deepEqual(gc.fetchOffsets('g', null).offsets.map((o) => o.topic), ['t']);
  assert.equal(gc.expireOffsets(), 1);
  assert.equal(gc.groupState('never-committed'), null);
  assert.equal(gc.groupState('g'), 'Empty', 'still has offsets');
});

test('OffsetFetch requireStable: a partition with a pending transactional offset is UNSTABLE_OFFSET_COMMIT', () => {
  const { gc } = setup();
  gc.commitOffsets(commit({ offsets: [['t', 0, 10], ['t', 1, 20]] }));
  gc.pendingTransactionalOffset = (g, topic, partition) => g === 'g' && topic === 't' && partition === 1;
  const stable = gc.fetchOffsets('g', [{ topic: 't', partitions: [0, 1] }], true).offsets;
  assert.deepEqual(stable.map((o) => [o.offset, o.errorCode]), [[10, 0], [-1, ErrorCode.UNSTABLE_OFFSET_COMMIT]]);
  const relaxed = gc.fetchOffsets('g', [{ topic: 't', partitions: [0, 1] }], false).offsets;
  assert.deepEqual(relaxed.map((o) => [o.offset, o.errorCode]), [[10, 0], [20, 0]]);
});

test('a commit from the current generation re-arms the member session; the empty group id is accepted', async () => {
  const { gc, clock } = setup();
  const p = gc.join({ groupId: 'cg', memberId: '', groupInstanceId: null, requireKnownMemberId: false, supportSkippingAssignment: false, clientId: 'c', clientHost: 'h', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription(['t']) }], reason: null });
  clock.advance(0);
  const j = await p;
  await gc.sync({ groupId: 'cg', generationId: 1, memberId: j.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
  clock.advance(8_000);
  assert.equal(gc.commitOffsets({ ...commit({ groupId: 'cg', offsets: [['t', 0, 1]] }), generationId: 1, memberId: j.memberId })[0]?.errorCode, 0);
  clock.advance(7_000);
  assert.equal(gc.describeGroup('cg')?.members.length, 1, 'alive 15 s after its last heartbeat thanks to the commit');
  clock.advance(4_000);
  assert.equal(gc.describeGroup('cg')?.members.length, 0);
  assert.equal(gc.commitOffsets(commit({ groupId: '', offsets: [['t', 0, 5]] }))[0]?.errorCode, 0);
  assert.equal(gc.fetchOffsets('', [{ topic: 't', partitions: [0] }]).offsets[0]?.offset, 5);
});
