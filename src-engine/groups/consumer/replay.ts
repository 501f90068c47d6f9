/**
 * Start-up replay of consumer-group records from `__consumer_offsets` (latest record per key wins,
 * tombstones delete): groups come back with their epochs, members, target and current assignments.
 */
import { fromWire } from './assignment.js';
import { ConsumerGroup } from './consumer-group.js';
import { ConsumerMember, MemberState, type MemberStateValue } from './member.js';
import { decodeConsumerGroupRecord } from './records.js';

const STATES: ReadonlySet<number> = new Set(Object.values(MemberState));

/**
 * Members are added and removed in log order, as Kafka's replay does, so the rebuilt member table has
 * the order Kafka's would have (kafka-hash-order.ts), which the uniform assignor depends on.
 */
export function replayConsumerGroups(records: Iterable<{ key: Buffer; value: Buffer | null }>): ConsumerGroup[] {
  const groups = new Map<string, ConsumerGroup>();
  const group = (id: string): ConsumerGroup => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = new ConsumerGroup(id)));
    return g;
  };
  const member = (g: ConsumerGroup, memberId: string): ConsumerMember => {
    let m = g.members.get(memberId);
    if (!m) g.putMember((m = new ConsumerMember(memberId)));
    return m;
  };
  for (const { key, value } of records) {
    const r = decodeConsumerGroupRecord(key, value);
    switch (r.kind) {
      case 'epoch':
        if (r.epoch === null) groups.delete(r.groupId);
        else group(r.groupId).groupEpoch = r.epoch;
        break;
      case 'subscription-metadata':
        group(r.groupId).subscriptionMetadata = new Map((r.topics ?? []).map((t) => [t.topicName, { topicId: t.topicId, partitions: t.numPartitions }]));
        break;
      case 'member': {
        const g = group(r.groupId);
        if (r.value === null) {
          g.removeMember(r.memberId);
          break;
        }
        const v = r.value;
        const m = member(g, r.memberId);
        g.update(m, () => {
          m.instanceId = v.instanceId;
          m.rackId = v.rackId;
          m.clientId = v.clientId;
          m.clientHost = v.clientHost;
          m.subscribedTopicNames = [...v.subscribedTopicNames];
          m.subscribedTopicRegex = v.subscribedTopicRegex === '' ? null : v.subscribedTopicRegex;
          m.rebalanceTimeoutMs = v.rebalanceTimeoutMs;
          m.serverAssignor = v.serverAssignor === '' ? null : v.serverAssignor;
          const classic = v.classicMemberMetadata;
          m.classic = classic && { sessionTimeoutMs: classic.sessionTimeoutMs, protocols: classic.supportedProtocols.map((x) => ({ name: x.name, metadata: Buffer.from(x.metadata) })) };
        });
        break;
      }
      case 'target-epoch':
        if (r.assignmentEpoch !== null) group(r.groupId).assignmentEpoch = r.assignmentEpoch;
        break;
      case 'target':
        if (r.topicPartitions === null) group(r.groupId).targetAssignment.delete(r.memberId);
        else group(r.groupId).targetAssignment.set(r.memberId, fromWire(r.topicPartitions));
        break;
      case 'current': {
        const g = group(r.groupId);
        const v = r.value;
        const m = g.members.get(r.memberId);
        if (v === null || !m) break;
        g.update(m, () => {
          m.memberEpoch = v.memberEpoch;
          m.previousMemberEpoch = v.previousMemberEpoch;
          m.state = (STATES.has(v.state) ? v.state : MemberState.UNKNOWN) as MemberStateValue;
          m.assigned = fromWire(v.assignedPartitions);
          m.pendingRevocation = fromWire(v.partitionsPendingRevocation);
        });
        break;
      }
    }
  }
  return [...groups.values()];
}
