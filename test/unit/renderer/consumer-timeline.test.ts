// The KIP-848 reducer of the rebalance timeline: lanes with member epochs and pending revocation /
// assignment, windows from an epoch bump until Stable, labels with the bump's cause, and the summary's
// pending time (no member is ever "stopped": KIP-848 has no stop-the-world).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline, generationLabels, summarize, type TimedGroupEvent } from '../../../renderer/src/features/consumer-groups/rebalance-timeline.js';

const tp = (...partitions: number[]) => (partitions.length === 0 ? [] : [{ topic: 't', partitions }]);
const joined = (at: number, memberId: string, kind: 'new' | 'static-replacement' = 'new', previousMemberId: string | null = null): TimedGroupEvent => ({
  type: 'consumer-member-joined', group: 'g', memberId, instanceId: null, clientId: 'java', clientHost: '/127.0.0.1',
  subscribedTopicNames: ['t'], subscribedTopicRegex: null, serverAssignor: null, kind, previousMemberId, at,
});
const bumped = (at: number, groupEpoch: number, cause: 'member-joined' | 'member-left' | 'group-created' | 'metadata-changed', memberId: string): TimedGroupEvent =>
  ({ type: 'group-epoch-bumped', group: 'g', groupEpoch, causes: [cause], memberId, detail: null, at });
const reconciled = (at: number, memberId: string, memberEpoch: number, state: 'stable' | 'unrevoked-partitions' | 'unreleased-partitions', assigned: number[], pending: number[] = []): TimedGroupEvent => ({
  type: 'member-reconciled', group: 'g', memberId, memberEpoch, previousMemberEpoch: memberEpoch - 1, state,
  assigned: tp(...assigned), pendingRevocation: state === 'unrevoked-partitions' ? tp(...pending) : [], pendingAssignment: state === 'unreleased-partitions' ? tp(...pending) : [], at,
});
const state = (at: number, from: string, to: string): TimedGroupEvent => ({ type: 'state-changed', group: 'g', from, to, at });
const target = (at: number, assignmentEpoch: number): TimedGroupEvent => ({ type: 'target-assignment-computed', group: 'g', assignmentEpoch, assignor: 'uniform', members: [], at });

// What the engine emits for: A joins a 4-partition topic, B joins (A revokes 2,3 before B gets them), B leaves.
const story: TimedGroupEvent[] = [
  joined(0, 'member-a'), bumped(0, 1, 'group-created', 'member-a'), bumped(0, 2, 'member-joined', 'member-a'), target(0, 2),
  reconciled(0, 'member-a', 2, 'stable', [0, 1, 2, 3]), state(0, 'Empty', 'Stable'),
  joined(100, 'member-b'), bumped(100, 3, 'member-joined', 'member-b'), target(100, 3), reconciled(100, 'member-b', 3, 'unreleased-partitions', [], [2, 3]), state(100, 'Stable', 'Reconciling'),
  reconciled(150, 'member-a', 2, 'unrevoked-partitions', [0, 1], [2, 3]),
  reconciled(200, 'member-a', 3, 'stable', [0, 1]),
  reconciled(260, 'member-b', 3, 'stable', [2, 3]), state(260, 'Reconciling', 'Stable'),
  { type: 'consumer-member-left', group: 'g', memberId: 'member-b', memberEpoch: 3, reason: 'leave-heartbeat', detail: null, at: 400 },
  bumped(400, 4, 'member-left', 'member-b'), state(400, 'Stable', 'Assigning'),
  target(450, 4), reconciled(450, 'member-a', 4, 'stable', [0, 1, 2, 3]), state(450, 'Assigning', 'Stable'),
];

test('KIP-848: lanes show epochs, pending revocation and pending assignment', () => {
  const timeline = buildTimeline(story, 500);
  assert.deepEqual(timeline.protocols, ['consumer']);
  const lane = (id: string) => timeline.lanes.find((l) => l.memberId === id)?.segments.map((s) => [s.kind, s.from, s.to, s.epoch, s.owned, s.pending]);
  assert.deepEqual(lane('member-a'), [
    ['joining', 0, 0, 0, undefined, undefined],
    ['consuming', 0, 150, 2, 't 0,1,2,3', ''],
    ['revoking', 150, 200, 2, 't 0,1', 't 2,3'],
    ['consuming', 200, 450, 3, 't 0,1', ''],
    ['consuming', 450, 500, 4, 't 0,1,2,3', ''],
  ]);
  assert.deepEqual(lane('member-b'), [['joining', 100, 100, 0, undefined, undefined], ['awaiting', 100, 260, 3, '', 't 2,3'], ['consuming', 260, 400, 3, 't 2,3', '']]);
  assert.equal(timeline.lanes.find((l) => l.memberId === 'member-b')?.leftReason, 'leave-heartbeat');
  // Windows: epoch bump -> Stable; the first holds the group's own epoch and the first member's.
  assert.deepEqual(timeline.rebalances.map((r) => [r.from, r.to, r.endedIn, r.synced, r.epochs?.map((e) => `${e.epoch} ${e.causes.join('+')}`)]), [
    [0, 0, 'Stable', true, ['1 group created', '2 member joined']],
    [100, 260, 'Stable', true, ['3 member joined']],
    [400, 450, 'Stable', true, ['4 member left']],
  ]);
  const summary = summarize(timeline);
  assert.deepEqual(summary.stopped, []);
  assert.deepEqual(summary.pending.map((p) => [p.memberId, p.revokingMs, p.awaitingMs]), [['member-a', 50, 0], ['member-b', 0, 160]]);
  assert.equal(summary.count, 3);
});

test('KIP-848 labels name the epoch and its cause; close windows share one label', () => {
  const timeline = buildTimeline(story, 500);
  assert.deepEqual(generationLabels(timeline.rebalances, 0, 500, 1000), ['epoch 1–3', '', 'epoch 4 · member left']);
  assert.deepEqual(generationLabels(timeline.rebalances, 0, 500, 4000), ['epoch 1–2 · group created, member joined', 'epoch 3 · member joined', 'epoch 4 · member left']);
});

test('a static member that leaves for a while is away, keeping its partitions, until it is replaced', () => {
  const events: TimedGroupEvent[] = [
    joined(0, 's1'), bumped(0, 1, 'member-joined', 's1'), reconciled(0, 's1', 1, 'stable', [0, 1]), state(0, 'Empty', 'Stable'),
    { type: 'consumer-member-left', group: 'g', memberId: 's1', memberEpoch: -2, reason: 'static-member-left', detail: null, at: 100 },
    { type: 'consumer-member-left', group: 'g', memberId: 's1', memberEpoch: -2, reason: 'fenced', detail: 'replaced by s2', at: 300 },
    joined(300, 's2', 'static-replacement', 's1'), reconciled(300, 's2', 1, 'stable', [0, 1]),
  ];
  const timeline = buildTimeline(events, 400);
  assert.deepEqual(timeline.lanes.map((l) => [l.memberId, l.segments.map((s) => [s.kind, s.from, s.to, s.partitions])]), [
    ['s1', [['joining', 0, 0, 0], ['consuming', 0, 100, 2], ['away', 100, 300, 2]]],
    ['s2', [['joining', 300, 300, 0], ['consuming', 300, 400, 2]]],
  ]);
});
