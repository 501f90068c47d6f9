/**
 * Start-up replay of consumer-group records from `__consumer_offsets` (latest record per key wins,
 * tombstones delete): groups come back with their epochs, members, target and current assignments.
 */
import { fromWire } from './assignment.js';
import { ConsumerGroup } from './consumer-group.js';
import { ConsumerMember, MemberState, type MemberStateValue } from './member.js';
import { decodeConsumerGroupRecord } from './records.js';

const STATES: ReadonlySet<number> = new Set(Object.values(MemberState));

export function replayConsumerGroups(records: Iterable<{ key: Buffer; value: Buffer | null }>): ConsumerGroup[] {
  const groups = new Map<string, ConsumerGroup>();
  const members = new Map<string, Map<string, ConsumerMember>>();
  const group = (id: string): ConsumerGroup => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = new ConsumerGroup(id)));
    return g;
  };
  const member = (groupId: string, memberId: string): ConsumerMember => {
    let byId = members.get(groupId);
    if (!byId) members.set(groupId, (byId = new Map()));
    let m = byId.get(memberId);
    if (!m) byId.set(memberId, (m = new ConsumerMember(memberId)));
    return m;
  };
  for (const { key, value } of records) {
    const r = decodeConsumerGroupRecord(key, value);
    switch (r.kind) {
      case 'epoch':
        if (r.epoch === null) {
          groups.delete(r.groupId);
          members.delete(r.groupId);
        } else {
          group(r.groupId).groupEpoch = r.epoch;
        }
        break;
      case 'subscription-metadata':
        group(r.groupId).subscriptionMetadata = new Map((r.topics ?? []).map((t) => [t.topicName, { topicId: t.topicId, partitions: t.numPartitions }]));
        break;
      case 'member':
        if (r.value === null) {
          members.get(r.groupId)?.delete(r.memberId);
        } else {
          const m = member(r.groupId, r.memberId);
          m.instanceId = r.value.instanceId;
          m.rackId = r.value.rackId;
          m.clientId = r.value.clientId;
          m.clientHost = r.value.clientHost;
          m.subscribedTopicNames = [...r.value.subscribedTopicNames];
          m.subscribedTopicRegex = r.value.subscribedTopicRegex === '' ? null : r.value.subscribedTopicRegex;
          m.rebalanceTimeoutMs = r.value.rebalanceTimeoutMs;
          m.serverAssignor = r.value.serverAssignor === '' ? null : r.value.serverAssignor;
        }
        break;
      case 'target-epoch':
        if (r.assignmentEpoch !== null) group(r.groupId).assignmentEpoch = r.assignmentEpoch;
        break;
      case 'target':
        if (r.topicPartitions === null) group(r.groupId).targetAssignment.delete(r.memberId);
        else group(r.groupId).targetAssignment.set(r.memberId, fromWire(r.topicPartitions));
        break;
      case 'current':
        if (r.value !== null) {
          const m = member(r.groupId, r.memberId);
          m.memberEpoch = r.value.memberEpoch;
          m.previousMemberEpoch = r.value.previousMemberEpoch;
          m.state = (STATES.has(r.value.state) ? r.value.state : MemberState.UNKNOWN) as MemberStateValue;
          m.assigned = fromWire(r.value.assignedPartitions);
          m.pendingRevocation = fromWire(r.value.partitionsPendingRevocation);
        }
        break;
    }
  }
  for (const [groupId, byId] of members) {
    const g = groups.get(groupId);
    if (!g) continue;
    for (const m of byId.values()) g.putMember(m);
  }
  return [...groups.values()];
}
