// Remote clusters send no coordinator events: the detail page polls groups.get (DescribeGroups /
// ConsumerGroupDescribe) and this turns two successive snapshots into the events the timeline's reducers
// read. Anything between two polls is invisible (a rebalance shorter than the poll interval may not show,
// a cause is only known when the poll shows it), so the timeline says it is approximate. Pure, unit-tested.
import type { ConsumerProtocolMember, GroupDetail, TopicPartitions } from '../../../../src-common/contract/groups.js';
import type { ConsumerMemberState, GroupEpochCause } from '../../../../src-common/engine-events.js';
import type { TimedGroupEvent } from './timeline-model.js';

const POLLED = 'seen by polling';
const sameParts = (a: TopicPartitions[], b: TopicPartitions[]): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameTopics = (a: ConsumerProtocolMember, b: ConsumerProtocolMember): boolean =>
  JSON.stringify([...a.subscribedTopicNames].sort()) === JSON.stringify([...b.subscribedTopicNames].sort()) && a.subscribedTopicRegex === b.subscribedTopicRegex;

function memberState(m: ConsumerProtocolMember): ConsumerMemberState {
  if (m.pendingRevocation.length > 0) return 'unrevoked-partitions';
  if (m.pendingAssignment.length > 0) return 'unreleased-partitions';
  return 'stable';
}

function consumerEvents(prev: GroupDetail | null, next: GroupDetail, at: number): TimedGroupEvent[] {
  const group = next.groupId;
  const cp = next.consumerProtocol;
  if (!cp) return [];
  const before = new Map((prev?.consumerProtocol?.members ?? []).map((m) => [m.memberId, m]));
  const now = new Map(cp.members.map((m) => [m.memberId, m]));
  const out: TimedGroupEvent[] = [];
  const causes = new Set<GroupEpochCause>();
  for (const m of cp.members) {
    const old = before.get(m.memberId);
    if (!old) {
      causes.add('member-joined');
      out.push({
        type: 'consumer-member-joined', group, memberId: m.memberId, instanceId: m.instanceId, clientId: m.clientId, clientHost: m.clientHost,
        subscribedTopicNames: m.subscribedTopicNames, subscribedTopicRegex: m.subscribedTopicRegex, serverAssignor: null, kind: 'new', previousMemberId: null, at,
      });
    } else if (!sameTopics(old, m)) causes.add('subscription-changed');
  }
  for (const [memberId, old] of before) {
    if (now.has(memberId)) continue;
    causes.add('member-left');
    out.push({ type: 'consumer-member-left', group, memberId, memberEpoch: old.memberEpoch, reason: 'unknown', detail: `no longer described (${POLLED})`, at });
  }
  const prevEpoch = prev?.consumerProtocol?.groupEpoch ?? 0;
  if (cp.groupEpoch > prevEpoch) {
    out.push({ type: 'group-epoch-bumped', group, groupEpoch: cp.groupEpoch, causes: [...causes], memberId: null, detail: `${POLLED}${cp.groupEpoch - prevEpoch > 1 && prev ? `; ${cp.groupEpoch - prevEpoch} bumps since the last poll` : ''}`, at });
  }
  if (cp.assignmentEpoch > (prev?.consumerProtocol?.assignmentEpoch ?? 0)) {
    out.push({ type: 'target-assignment-computed', group, assignmentEpoch: cp.assignmentEpoch, assignor: cp.assignor, members: cp.members.map((m) => ({ memberId: m.memberId, assignment: m.targetAssignment })), at });
  }
  for (const m of cp.members) {
    const old = before.get(m.memberId);
    if (old && old.memberEpoch === m.memberEpoch && sameParts(old.assignment, m.assignment) && sameParts(old.pendingRevocation, m.pendingRevocation) && sameParts(old.pendingAssignment, m.pendingAssignment)) continue;
    const state = memberState(m);
    // Describe shows what a revoking member still holds: what it keeps is the assignment minus the pending revocation.
    const kept = m.assignment.map((t) => ({ topic: t.topic, partitions: t.partitions.filter((p) => !m.pendingRevocation.some((r) => r.topic === t.topic && r.partitions.includes(p))) })).filter((t) => t.partitions.length > 0);
    out.push({
      type: 'member-reconciled', group, memberId: m.memberId, memberEpoch: m.memberEpoch, previousMemberEpoch: old?.memberEpoch ?? 0, state,
      assigned: kept, pendingRevocation: m.pendingRevocation, pendingAssignment: m.pendingAssignment, at,
    });
  }
  return out;
}

const REBALANCING = new Set(['PreparingRebalance', 'CompletingRebalance']);

function classicEvents(prev: GroupDetail | null, next: GroupDetail, at: number): TimedGroupEvent[] {
  const group = next.groupId;
  const before = new Map((prev?.members ?? []).map((m) => [m.memberId, m]));
  const now = new Set(next.members.map((m) => m.memberId));
  const out: TimedGroupEvent[] = [];
  for (const m of next.members) {
    if (!before.has(m.memberId)) out.push({ type: 'member-joined', group, memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost, protocols: next.protocol ? [next.protocol] : [], reason: POLLED, at });
  }
  for (const memberId of before.keys()) if (!now.has(memberId)) out.push({ type: 'member-left', group, memberId, reason: 'unknown', detail: `no longer described (${POLLED})`, at });
  const prevState = prev?.state ?? 'Empty';
  const moved = !prev || next.members.some((m) => !sameParts(before.get(m.memberId)?.assignment ?? [], m.assignment)) || before.size !== now.size;
  if (REBALANCING.has(next.state) && !REBALANCING.has(prevState)) out.push({ type: 'rebalance-started', group, generation: -1, reason: POLLED, at });
  if (next.state === 'Stable' && (prevState !== 'Stable' || moved)) {
    // A whole rebalance between two polls: it started and ended at this poll, as far as we can tell.
    if (!REBALANCING.has(prevState)) out.push({ type: 'rebalance-started', group, generation: -1, reason: POLLED, at });
    out.push({ type: 'sync-completed', group, generation: -1, protocolType: next.protocolType, protocol: next.protocol, leader: '', members: next.members, at });
  }
  return out;
}

/** The events two successive polls of one group imply (`prev` null: the first poll). */
export function eventsFromPolls(prev: GroupDetail | null, next: GroupDetail, at: number): TimedGroupEvent[] {
  const out = next.groupType === 'consumer' ? consumerEvents(prev, next, at) : classicEvents(prev, next, at);
  const from = prev?.state ?? 'Empty';
  if (next.state !== from) out.push({ type: 'state-changed', group: next.groupId, from, to: next.state, at });
  return out;
}
