import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src-engine/groups/clock.js';
import { GroupCoordinator } from '../../../src-engine/groups/group-coordinator.js';
import type { JoinRequestInput, JoinResult } from '../../../src-engine/groups/types.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { MemoryHost, assignment, subscription } from './memory-host.js';

function setup(delay = 100): { clock: ManualClock; host: MemoryHost; gc: GroupCoordinator } {
  const clock = new ManualClock();
  const host = new MemoryHost();
  host.addTopic('t', 4);
  const gc = new GroupCoordinator(host, { initialRebalanceDelayMs: delay, offsetsTopicPartitions: 3 }, clock);
  gc.start();
  return { clock, host, gc };
}

function joinReq(over: Partial<JoinRequestInput> = {}): JoinRequestInput {
  return {
    groupId: 'g', memberId: '', groupInstanceId: null, requireKnownMemberId: true, supportSkippingAssignment: false,
    clientId: 'c', clientHost: '/127.0.0.1', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription(['t']) }], reason: null, ...over,
  };
}

/** Resolves pending promise callbacks (join/sync responses complete synchronously inside timers). */
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

async function joinNew(gc: GroupCoordinator, over: Partial<JoinRequestInput> = {}): Promise<{ memberId: string; pending: Promise<JoinResult> }> {
  const first = await gc.join(joinReq(over));
  assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  return { memberId: first.memberId, pending: gc.join(joinReq({ ...over, memberId: first.memberId })) };
}

async function sync(gc: GroupCoordinator, memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[] = []) {
  return gc.sync({ groupId: 'g', generationId, memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments });
}

test('first member: MEMBER_ID_REQUIRED, initial delay, generation 1, Stable after sync', async () => {
  const { clock, host, gc } = setup();
  const a = await joinNew(gc);
  await flush();
  assert.equal(gc.groupState('g'), 'PreparingRebalance');
  clock.advance(100);
  const ja = await a.pending;
  assert.equal(ja.errorCode, 0);
  assert.equal(ja.generationId, 1);
  assert.equal(ja.leader, a.memberId);
  assert.equal(ja.protocolName, 'range');
  assert.equal(ja.members.length, 1);
  const s = await sync(gc, a.memberId, 1, [{ memberId: a.memberId, assignment: assignment({ t: [0, 1, 2, 3] }) }]);
  assert.equal(s.errorCode, 0);
  assert.equal(gc.groupState('g'), 'Stable');
  const done = host.ofType('sync-completed');
  assert.equal(done.length, 1);
  assert.deepEqual(done[0]?.members[0]?.assignment, [{ topic: 't', partitions: [0, 1, 2, 3] }]);
  assert.equal(host.ofType('member-joined').length, 1);
});

test('a second member triggers a rebalance; the first learns it from its heartbeat', async () => {
  const { clock, gc } = setup(0);
  const a = await joinNew(gc);
  clock.advance(0);
  await a.pending;
  await sync(gc, a.memberId, 1, [{ memberId: a.memberId, assignment: assignment({ t: [0, 1, 2, 3] }) }]);
  const b = await joinNew(gc, { clientId: 'd' });
  assert.equal(gc.groupState('g'), 'PreparingRebalance');
  assert.equal(gc.heartbeat('g', a.memberId, null, 1), ErrorCode.REBALANCE_IN_PROGRESS);
  const ra = gc.join(joinReq({ memberId: a.memberId }));
  const [ja, jb] = await Promise.all([ra, b.pending]);
  assert.equal(ja.generationId, 2);
  assert.equal(jb.generationId, 2);
  assert.equal(ja.members.length, 2, 'leader gets all members');
  assert.equal(jb.members.length, 0);
  assert.equal(gc.groupState('g'), 'CompletingRebalance');
  // A follower syncing first waits for the leader.
  const sb = sync(gc, b.memberId, 2);
  assert.equal(gc.heartbeat('g', b.memberId, null, 2), ErrorCode.NONE);
  const sa = await sync(gc, a.memberId, 2, [
    { memberId: a.memberId, assignment: assignment({ t: [0, 1] }) },
    { memberId: b.memberId, assignment: assignment({ t: [2, 3] }) },
  ]);
  assert.equal(sa.errorCode, 0);
  assert.ok((await sb).assignment.equals(assignment({ t: [2, 3] })));
  assert.equal(gc.heartbeat('g', b.memberId, null, 1), ErrorCode.ILLEGAL_GENERATION);
  assert.equal(gc.heartbeat('g', 'nobody', null, 2), ErrorCode.UNKNOWN_MEMBER_ID);
});

test('a member that stops heartbeating expires after its session timeout and the group rebalances', async () => {
  const { clock, host, gc } = setup(0);
  const a = await joinNew(gc);
  const b = await joinNew(gc);
  clock.advance(0);
  await Promise.all([a.pending, b.pending]);
  await Promise.all([sync(gc, b.memberId, 1), sync(gc, a.memberId, 1)]);
  assert.equal(gc.groupState('g'), 'Stable');
  for (let i = 0; i < 4; i++) {
    clock.advance(3000);
    assert.equal(gc.heartbeat('g', a.memberId, null, 1), i < 3 ? ErrorCode.NONE : ErrorCode.REBALANCE_IN_PROGRESS);
  }
  const left = host.ofType('member-left');
  assert.equal(left.length, 1);
  assert.equal(left[0]?.memberId, b.memberId);
  assert.equal(left[0]?.reason, 'session-timeout');
  const ja = await gc.join(joinReq({ memberId: a.memberId }));
  assert.equal(ja.generationId, 2);
  assert.deepEqual(ja.members.map((m) => m.memberId), [a.memberId]);
});

test('a member that does not rejoin within the rebalance timeout is removed', async () => {
  const { clock, host, gc } = setup(0);
  const a = await joinNew(gc, { rebalanceTimeoutMs: 5000 });
  const b = await joinNew(gc, { rebalanceTimeoutMs: 5000 });
  clock.advance(0);
  await Promise.all([a.pending, b.pending]);
  await Promise.all([sync(gc, b.memberId, 1), sync(gc, a.memberId, 1)]);
  const left = gc.leave('g', [{ memberId: 'x', groupInstanceId: null, reason: null }]);
  assert.equal(left.members[0]?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  const c = await joinNew(gc, { rebalanceTimeoutMs: 5000 });
  const ra = gc.join(joinReq({ memberId: a.memberId, rebalanceTimeoutMs: 5000 }));
  clock.advance(2000);
  assert.equal(gc.heartbeat('g', b.memberId, null, 1), ErrorCode.REBALANCE_IN_PROGRESS);
  clock.advance(3000);
  const [ja, jc] = await Promise.all([ra, c.pending]);
  assert.equal(ja.generationId, 2);
  assert.equal(jc.generationId, 2);
  assert.equal(host.ofType('member-left').find((e) => e.memberId === b.memberId)?.reason, 'rebalance-timeout');
  assert.equal(host.ofType('member-left').length, 1, 'only the member that did not rejoin');
  const d = gc.describeGroup('g');
  assert.equal(d?.state, 'CompletingRebalance');
  assert.equal(d?.generation, 2);
  assert.deepEqual(d?.members.map((m) => m.memberId).sort(), [a.memberId, c.memberId].sort());
});

test('LeaveGroup by the leader moves the group back to Empty when it was alone', async () => {
  const { clock, host, gc } = setup(0);
  const a = await joinNew(gc);
  clock.advance(0);
  await a.pending;
  await sync(gc, a.memberId, 1);
  const r = gc.leave('g', [{ memberId: a.memberId, groupInstanceId: null, reason: 'bye' }]);
  assert.equal(r.members[0]?.errorCode, 0);
  clock.advance(30_000);
  assert.equal(gc.groupState('g'), 'Empty');
  assert.equal(gc.describeGroup('g')?.generation, 2);
  assert.equal(host.ofType('member-left')[0]?.detail, 'bye');
});

test('static member restart keeps its assignment without a rebalance and fences the old id', async () => {
  const { clock, host, gc } = setup(0);
  const over = { groupInstanceId: 'i-1', requireKnownMemberId: false };
  const ja = await (async () => {
    const p = gc.join(joinReq(over));
    clock.advance(0);
    return p;
  })();
  const b = await joinNew(gc);
  const rejoin = gc.join(joinReq({ ...over, memberId: ja.memberId }));
  const [j2a] = await Promise.all([rejoin, b.pending]);
  assert.equal(j2a.generationId, 2);
  const leaderId = j2a.leader;
  const asg = new Map([[ja.memberId, assignment({ t: [0, 1] })], [b.memberId, assignment({ t: [2, 3] })]]);
  const syncs = [ja.memberId, b.memberId].map((id) =>
    sync(gc, id, 2, id === leaderId ? [...asg].map(([memberId, a]) => ({ memberId, assignment: a })) : []),
  );
  await Promise.all(syncs);
  assert.equal(gc.groupState('g'), 'Stable');
  const rebalancesBefore = host.ofType('rebalance-started').length;
  // Restart: same instance id, no member id.
  const restarted = await gc.join(joinReq(over));
  assert.equal(restarted.errorCode, 0);
  assert.notEqual(restarted.memberId, ja.memberId);
  assert.equal(restarted.generationId, 2);
  assert.equal(gc.groupState('g'), 'Stable');
  assert.equal(host.ofType('rebalance-started').length, rebalancesBefore);
  const s = await gc.sync({ groupId: 'g', generationId: 2, memberId: restarted.memberId, groupInstanceId: 'i-1', protocolType: 'consumer', protocolName: 'range', assignments: [] });
  assert.ok(s.assignment.equals(assignment({ t: [0, 1] })));
  assert.equal(gc.heartbeat('g', ja.memberId, 'i-1', 2), ErrorCode.FENCED_INSTANCE_ID);
  assert.equal(host.ofType('member-left').at(-1)?.reason, 'fenced');
});

test('protocol selection: the protocol all members support with most first-choice votes', async () => {
  const { clock, gc } = setup(50);
  const p = (names: string[]) => names.map((name) => ({ name, metadata: subscription(['t']) }));
  const a = await joinNew(gc, { protocols: p(['cooperative-sticky', 'range']) });
  const b = await joinNew(gc, { protocols: p(['range', 'cooperative-sticky']) });
  const c = await joinNew(gc, { protocols: p(['range']) });
  const bad = await gc.join(joinReq({ protocols: p(['roundrobin']) }));
  assert.equal(bad.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  const other = await gc.join(joinReq({ protocolType: 'connect' }));
  assert.equal(other.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  // Members kept arriving during the first delay, so it is extended once more.
  clock.advance(50);
  clock.advance(50);
  const results = await Promise.all([a.pending, b.pending, c.pending]);
  for (const r of results) assert.equal(r.protocolName, 'range');
});

test('initial delay extends while members keep arriving, bounded by the rebalance timeout', async () => {
  const { clock, gc } = setup(100);
  const a = await joinNew(gc, { rebalanceTimeoutMs: 250 });
  clock.advance(90);
  const b = await joinNew(gc, { rebalanceTimeoutMs: 250 });
  clock.advance(90);
  let done = false;
  void a.pending.then(() => (done = true));
  await flush();
  assert.equal(done, false, 'delay extended because b arrived');
  clock.advance(20);
  await flush();
  assert.equal(done, true);
  assert.equal((await b.pending).generationId, 1);
});

test('invalid requests: session timeout, unknown member, sync in the wrong state', async () => {
  const { gc } = setup();
  assert.equal((await gc.join(joinReq({ sessionTimeoutMs: 10 }))).errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
  assert.equal((await gc.join(joinReq({ memberId: 'ghost' }))).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal((await gc.join(joinReq({ groupId: '' }))).errorCode, ErrorCode.INVALID_GROUP_ID);
  assert.equal((await sync(gc, 'ghost', 1)).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  const a = await joinNew(gc);
  const early = await gc.sync({ groupId: 'g', generationId: 0, memberId: a.memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
  assert.equal(early.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
  assert.equal((await sync(gc, a.memberId, 0)).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL, 'no protocol selected yet');
});
