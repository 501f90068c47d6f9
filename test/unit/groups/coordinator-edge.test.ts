import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src-engine/groups/clock.js';
import { GroupCoordinator } from '../../../src-engine/groups/group-coordinator.js';
import type { JoinRequestInput } from '../../../src-engine/groups/types.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { MemoryHost, assignment, subscription } from './memory-host.js';

function setup(): { clock: ManualClock; host: MemoryHost; gc: GroupCoordinator } {
  const clock = new ManualClock();
  const host = new MemoryHost();
  host.addTopic('t', 2);
  const gc = new GroupCoordinator(host, { initialRebalanceDelayMs: 0, offsetsTopicPartitions: 1 }, clock);
  gc.start();
  return { clock, host, gc };
}

const req = (over: Partial<JoinRequestInput> = {}): JoinRequestInput => ({
  groupId: 'g', memberId: '', groupInstanceId: null, requireKnownMemberId: false, supportSkippingAssignment: false,
  clientId: 'c', clientHost: 'h', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 20_000,
  protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription(['t']) }], reason: null, ...over,
});

const syncReq = (memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[] = [], groupInstanceId: string | null = null) =>
  ({ groupId: 'g', generationId, memberId, groupInstanceId, protocolType: null, protocolName: null, assignments });

test('KIP-394: an unused member id expires after the session timeout and stops blocking the join phase', async () => {
  const { clock, gc } = setup();
  const p = gc.join(req());
  clock.advance(0);
  const a = await p;
  await gc.sync(syncReq(a.memberId, 1, [{ memberId: a.memberId, assignment: assignment({ t: [0, 1] }) }]));
  // A v4+ client asks for an id and then disappears.
  const ghost = await gc.join(req({ requireKnownMemberId: true }));
  assert.equal(ghost.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  // Leader rejoins (e.g. subscription change): the join phase waits for the pending id.
  let done = false;
  const ra = gc.join(req({ memberId: a.memberId, protocols: [{ name: 'range', metadata: subscription(['t', 'u']) }] }));
  void ra.then(() => (done = true));
  clock.advance(9_000);
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false);
  clock.advance(1_000);
  assert.equal((await ra).generationId, 2);
  // Joining with the expired id now is an unknown member.
  assert.equal((await gc.join(req({ memberId: ghost.memberId }))).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
});

test('a leader that never sends SyncGroup is removed after the rebalance timeout; followers rejoin', async () => {
  const { clock, host, gc } = setup();
  const pa = gc.join(req());
  const pb = gc.join(req());
  clock.advance(0);
  const [a, b] = await Promise.all([pa, pb]);
  const leader = a.leader === a.memberId ? a : b;
  const follower = leader === a ? b : a;
  const parked = gc.sync(syncReq(follower.memberId, 1));
  // Both stay alive (heartbeats), but the leader never sends its assignment.
  for (let i = 0; i < 4; i++) {
    assert.equal(gc.heartbeat('g', leader.memberId, null, 1), ErrorCode.NONE);
    assert.equal(gc.heartbeat('g', follower.memberId, null, 1), ErrorCode.NONE);
    clock.advance(5_000);
  }
  assert.equal((await parked).errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
  assert.equal(host.ofType('member-left').find((e) => e.memberId === leader.memberId)?.reason, 'sync-timeout');
  assert.equal(gc.groupState('g'), 'PreparingRebalance');
  const again = await gc.join(req({ memberId: follower.memberId }));
  assert.equal(again.generationId, 2);
  assert.equal(again.leader, follower.memberId);
});

test('a restarted static leader may skip assignment (JoinGroup v9) and keeps the generation', async () => {
  const { clock, gc } = setup();
  const p = gc.join(req({ groupInstanceId: 'lead' }));
  clock.advance(0);
  const a = await p;
  await gc.sync(syncReq(a.memberId, 1, [{ memberId: a.memberId, assignment: assignment({ t: [0, 1] }) }], 'lead'));
  const restarted = await gc.join(req({ groupInstanceId: 'lead', supportSkippingAssignment: true }));
  assert.equal(restarted.errorCode, 0);
  assert.equal(restarted.skipAssignment, true);
  assert.equal(restarted.leader, restarted.memberId);
  assert.equal(restarted.generationId, 1);
  assert.deepEqual(restarted.members.map((m) => m.groupInstanceId), ['lead']);
  const s = await gc.sync(syncReq(restarted.memberId, 1, [], 'lead'));
  assert.ok(s.assignment.equals(assignment({ t: [0, 1] })));
  // The old id is fenced everywhere.
  assert.equal((await gc.sync(syncReq(a.memberId, 1, [], 'lead'))).errorCode, ErrorCode.FENCED_INSTANCE_ID);
  assert.equal(gc.leave('g', [{ memberId: a.memberId, groupInstanceId: 'lead', reason: null }]).members[0]?.errorCode, ErrorCode.FENCED_INSTANCE_ID);
  // Removal by instance id alone (admin, KIP-345).
  assert.equal(gc.leave('g', [{ memberId: '', groupInstanceId: 'lead', reason: null }]).members[0]?.errorCode, 0);
  assert.equal(gc.describeGroup('g')?.members.length, 0);
});

test('DescribeGroups: metadata and assignment only while Stable; unknown groups are Dead', async () => {
  const { clock, gc } = setup();
  const p = gc.join(req());
  clock.advance(0);
  const a = await p;
  let [d] = gc.describeGroupsWire(['g']);
  assert.equal(d?.state, 'CompletingRebalance');
  assert.equal(d?.protocolData, '');
  assert.equal(d?.members[0]?.metadata.length, 0);
  await gc.sync(syncReq(a.memberId, 1, [{ memberId: a.memberId, assignment: assignment({ t: [0] }) }]));
  [d] = gc.describeGroupsWire(['g']);
  assert.equal(d?.state, 'Stable');
  assert.equal(d?.protocolData, 'range');
  assert.ok(d?.members[0]?.metadata.equals(subscription(['t'])));
  assert.ok(d?.members[0]?.assignment.equals(assignment({ t: [0] })));
  assert.deepEqual(gc.describeGroupsWire(['nope']).map((x) => [x.state, x.errorCode]), [['Dead', 0]]);
  assert.deepEqual(gc.listGroups(['stable']).map((x) => x.groupId), ['g']);
  assert.deepEqual(gc.listGroups(['Empty']), []);
  assert.deepEqual(gc.listGroups([], ['consumer']), [], 'type filter: every group here is classic');
});

test('a static member absent during a rebalance keeps its place and later picks up its assignment', async () => {
  const { clock, host, gc } = setup();
  const pa = gc.join(req({ groupInstanceId: 'sa', rebalanceTimeoutMs: 5_000 }));
  const pb = gc.join(req({ rebalanceTimeoutMs: 5_000 }));
  clock.advance(0);
  const [a, b] = await Promise.all([pa, pb]);
  const leader1 = a.leader;
  await Promise.all([a, b].map((x) => gc.sync(syncReq(x.memberId, 1, x.memberId === leader1 ? [
    { memberId: a.memberId, assignment: assignment({ t: [0] }) },
    { memberId: b.memberId, assignment: assignment({ t: [1] }) },
  ] : [], x === a ? 'sa' : null))));
  // c arrives; b rejoins; the static member a is "restarting" and does not.
  const pc = gc.join(req({ rebalanceTimeoutMs: 5_000 }));
  const rb = gc.join(req({ memberId: b.memberId, rebalanceTimeoutMs: 5_000 }));
  clock.advance(5_000);
  const [c, b2] = await Promise.all([pc, rb]);
  assert.equal(c.generationId, 2);
  assert.ok(!host.ofType('member-left').some((e) => e.memberId === a.memberId), 'static member kept');
  const leader = b2.leader === b.memberId ? b2 : c;
  assert.notEqual(leader.leader, a.memberId, 'an absent member cannot lead');
  assert.deepEqual(leader.members.map((m) => m.memberId).sort(), [a.memberId, b.memberId, c.memberId].sort());
  const other = leader === b2 ? c : b2;
  const syncs = [
    gc.sync(syncReq(other.memberId, 2)),
    gc.sync(syncReq(leader.memberId, 2, [
      { memberId: a.memberId, assignment: assignment({ t: [0] }) },
      { memberId: b.memberId, assignment: assignment({ t: [1] }) },
      { memberId: c.memberId, assignment: Buffer.alloc(0) },
    ])),
  ];
  await Promise.all(syncs);
  assert.equal(gc.groupState('g'), 'Stable');
  // The instance is back: same generation, its partition, no rebalance, old leader id in the answer.
  const started = host.ofType('rebalance-started').length;
  const back = await gc.join(req({ groupInstanceId: 'sa', rebalanceTimeoutMs: 5_000 }));
  assert.equal(back.generationId, 2);
  assert.equal(back.leader, leader.leader);
  assert.equal(host.ofType('rebalance-started').length, started);
  const s = await gc.sync(syncReq(back.memberId, 2, [], 'sa'));
  assert.ok(s.assignment.equals(assignment({ t: [0] })));
});
