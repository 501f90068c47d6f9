/** ConsumerGroupDescribe's view of consumer groups (epochs, assignor, each member's current and target assignment). */
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { addPartition, copyAssignment, toWire, type Assignment, type WireTopicPartitions } from './assignment.js';
import type { ConsumerGroup } from './consumer-group.js';
import type { ConsumerMember } from './member.js';

export interface DescribeContext {
  /** Whether the id belongs to a group of the other protocol ("is not a consumer group"). */
  isOtherGroup(groupId: string): boolean;
  topicName(topicId: string): string | undefined;
  defaultAssignor: string;
}

export interface DescribedConsumerGroup {
  groupId: string;
  errorCode: number;
  errorMessage: string | null;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: {
    memberId: string;
    instanceId: string | null;
    rackId: string | null;
    memberEpoch: number;
    clientId: string;
    clientHost: string;
    subscribedTopicNames: string[];
    subscribedTopicRegex: string;
    assignment: { topicId: string; topicName: string; partitions: number[] }[];
    targetAssignment: { topicId: string; topicName: string; partitions: number[] }[];
    /** A classic-protocol member (online migration). */
    classic: boolean;
  }[];
}

function owned(m: ConsumerMember): Assignment {
  const all = copyAssignment(m.assigned);
  for (const [t, ps] of m.pendingRevocation) for (const p of ps) addPartition(all, t, p);
  return all;
}

export function describeConsumerGroups(groupIds: readonly string[], groups: ReadonlyMap<string, ConsumerGroup>, ctx: DescribeContext): DescribedConsumerGroup[] {
  return groupIds.map((groupId) => {
    const g = groups.get(groupId);
    if (!g) {
      const notConsumer = ctx.isOtherGroup(groupId);
      return {
        groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: notConsumer ? `Group ${groupId} is not a consumer group.` : `Group ${groupId} not found.`,
        groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [],
      };
    }
    const named = (a: WireTopicPartitions[]): { topicId: string; topicName: string; partitions: number[] }[] =>
      a.map((t) => ({ ...t, topicName: ctx.topicName(t.topicId) ?? '' }));
    return {
      groupId,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      groupState: g.state,
      groupEpoch: g.groupEpoch,
      assignmentEpoch: g.assignmentEpoch,
      // Like Kafka: the assignor the members vote for now, else the default.
      assignorName: g.preferredAssignor() ?? ctx.defaultAssignor,
      members: g.orderedMembers().map((m) => ({
        memberId: m.memberId,
        instanceId: m.instanceId,
        rackId: m.rackId,
        memberEpoch: m.memberEpoch,
        clientId: m.clientId,
        clientHost: m.clientHost,
        subscribedTopicNames: [...m.subscribedTopicNames],
        subscribedTopicRegex: m.subscribedTopicRegex ?? '',
        // Kafka shows what the member holds: its assigned partitions and those it still has to revoke.
        assignment: named(toWire(owned(m))),
        targetAssignment: named(toWire(g.targetAssignment.get(m.memberId) ?? new Map())),
        classic: m.classic !== null,
      })),
    };
  });
}
