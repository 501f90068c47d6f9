// Remote clusters: the timeline's events derived from two successive group polls (approximate by nature).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsumerProtocolMember, GroupDetail } from '../../../src-common/contract/groups.js';
import { eventsFromPolls } from '../../../renderer/src/features/consumer-groups/poll-events.js';
import { buildTimeline, generationLabels } from '../../../renderer/src/features/consumer-groups/rebalance-timeline.js';

const tp = (...partitions: number[]) => (partitions.length === 0 ? [] : [{ topic: 't', partitions }]);
function member(memberId: string, memberEpoch: number, owned: number[], target: number[], pendingRevocation: number[] = [], pendingAssignment: number[] = []): ConsumerProtocolMember {
  return {
    memberId, instanceId: null, clientId: 'java', clientHost: '/10.0.0.1', memberEpoch, subscribedTopicNames: ['t'], subscribedTopicRegex: null,
    assignment: tp(...owned), targetAssignment: tp(...target), pendingRevocation: tp(...pendingRevocation), pendingAssignment: tp(...pendingAssignment), memberType: 'consumer',
  };
}
function consumerGroup(state: string, groupEpoch: number, assignmentEpoch: number, members: ConsumerProtocolMember[]): GroupDetail {
  return {
    groupId: 'g', state, protocolType: 'consumer', protocol: 'uniform', coordinator: 1, members: [], offsets: [], topics: [], totalLag: null, recordsLagMax: null, maxTimeLagMs: null,
    partitionsWithoutCommit: 0, uncommittedFromEarliest: 0, groupType: 'consumer', consumerProtocol: { groupEpoch, assignmentEpoch, assignor: 'uniform', members },
  };
}

test('KIP-848 polls: a join, the revocation it causes and a leave, with causes inferred from what the polls show', () => {
  const polls: [number, GroupDetail][] = [
    [0, consumerGroup('Stable', 2, 2, [member('a', 2, [0, 1, 2, 3], [0, 1, 2, 3])])],
    [5000, consumerGroup('Reconciling', 3, 3, [member('a', 2, [0, 1, 2, 3], [0, 1], [2, 3]), member('b', 3, [], [2, 3], [], [2, 3])])],
    [10_000, consumerGroup('Stable', 3, 3, [member('a', 3, [0, 1], [0, 1]), member('b', 3, [2, 3], [2, 3])])],
    [15_000, consumerGroup('Stable', 4, 4, [member('a', 4, [0, 1, 2, 3], [0, 1, 2, 3])])],
  ];
  const events = polls.flatMap(([at, detail], i) => eventsFromPolls(i === 0 ? null : (polls[i - 1]?.[1] ?? null), detail, at));
  const bumps = events.flatMap((e) => (e.type === 'group-epoch-bumped' ? [[e.groupEpoch, e.causes.join('+')]] : []));
  assert.deepEqual(bumps, [[2, 'member-joined'], [3, 'member-joined'], [4, 'member-left']]);
  const left = events.find((e) => e.type === 'consumer-member-left');
  assert.deepEqual(left?.type === 'consumer-member-left' ? [left.memberId, left.reason, left.detail] : null, ['b', 'unknown', 'no longer described (seen by polling)']);

  const timeline = buildTimeline(events, 20_000);
  const lane = (id: string) => timeline.lanes.find((l) => l.memberId === id)?.segments.map((s) => [s.kind, s.from, s.to, s.owned, s.pending]);
  assert.deepEqual(lane('a'), [
    ['joining', 0, 0, undefined, undefined],
    ['consuming', 0, 5000, 't 0,1,2,3', ''],
    ['revoking', 5000, 10_000, 't 0,1', 't 2,3'],
    ['consuming', 10_000, 15_000, 't 0,1', ''],
    ['consuming', 15_000, 20_000, 't 0,1,2,3', ''],
  ]);
  assert.deepEqual(lane('b'), [['joining', 5000, 5000, undefined, undefined], ['awaiting', 5000, 10_000, '', 't 2,3'], ['consuming', 10_000, 15_000, 't 2,3', '']]);
  assert.deepEqual(generationLabels(timeline.rebalances, timeline.start, timeline.end, 2000), ['epoch 2 · member joined', 'epoch 3 · member joined', 'epoch 4 · member left']);
});

test('classic polls: a rebalance seen by polling has no known generation', () => {
  const classic = (state: string, members: string[]): GroupDetail => ({
    ...consumerGroup(state, 0, 0, []), groupType: 'classic', consumerProtocol: null, protocol: 'range',
    members: members.map((memberId, i) => ({ memberId, groupInstanceId: null, clientId: 'kcat', clientHost: '/10.0.0.2', assignment: tp(i) })),
  });
  const first = classic('Stable', ['m1']);
  const second = classic('PreparingRebalance', ['m1', 'm2']);
  const third = classic('Stable', ['m1', 'm2']);
  const events = [...eventsFromPolls(null, first, 0), ...eventsFromPolls(first, second, 5000), ...eventsFromPolls(second, third, 10_000)];
  assert.deepEqual(events.map((e) => e.type), ['member-joined', 'rebalance-started', 'sync-completed', 'state-changed', 'member-joined', 'rebalance-started', 'state-changed', 'sync-completed', 'state-changed']);
  const timeline = buildTimeline(events, 12_000);
  assert.deepEqual(timeline.rebalances.map((r) => [r.from, r.to, r.generation]), [[0, 0, -1], [5000, 10_000, -1]]);
  assert.deepEqual(generationLabels(timeline.rebalances, 0, 12_000, 1000), ['gen ?', 'gen ?']);
});
