/**
 * KIP-848 groups through ConsumerGroupDescribe (69): Kafka 4's DescribeGroups answers them as `Dead` without members,
 * so the group list and detail ask this API too, where the coordinator speaks it. A classic group or an unknown id
 * answers GROUP_ID_NOT_FOUND here and is left to DescribeGroups.
 */

import type { ConsumerProtocolGroup, ConsumerProtocolMember, GroupMember, TopicPartitions } from '../../src-common/contract/groups.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { CONSUMER_GROUP_DESCRIBE } from '../kafka/wire-apis.js';
import type { ConsumerGroupDescribeResponseAssignment, ConsumerGroupDescribeResponseDescribedGroup } from '../../src-protocol/generated/69-consumer-group-describe.js';

export interface ConsumerGroupView {
  state: string;
  protocol: ConsumerProtocolGroup;
  /** The members as the classic view shows them (what each owns now). */
  members: GroupMember[];
}

const sortTopics = (list: TopicPartitions[]): TopicPartitions[] =>
  list.filter((t) => t.partitions.length > 0).sort((a, b) => a.topic.localeCompare(b.topic));

function topicPartitions(a: ConsumerGroupDescribeResponseAssignment): TopicPartitions[] {
  return sortTopics(a.topicPartitions.map((t) => ({ topic: t.topicName, partitions: [...t.partitions].sort((x, y) => x - y) })));
}

/** Partitions in `a` that are not in `b`. */
export function minus(a: TopicPartitions[], b: TopicPartitions[]): TopicPartitions[] {
  return sortTopics(a.map((t) => {
    const other = new Set(b.find((x) => x.topic === t.topic)?.partitions ?? []);
    return { topic: t.topic, partitions: t.partitions.filter((p) => !other.has(p)) };
  }));
}

function view(g: ConsumerGroupDescribeResponseDescribedGroup): ConsumerGroupView {
  const members: ConsumerProtocolMember[] = g.members.map((m) => {
    const assignment = topicPartitions(m.assignment);
    const targetAssignment = topicPartitions(m.targetAssignment);
    return {
      memberId: m.memberId, instanceId: m.instanceId, clientId: m.clientId, clientHost: m.clientHost, memberEpoch: m.memberEpoch,
      subscribedTopicNames: [...m.subscribedTopicNames].sort(), subscribedTopicRegex: m.subscribedTopicRegex,
      assignment, targetAssignment,
      pendingRevocation: minus(assignment, targetAssignment),
      pendingAssignment: minus(targetAssignment, assignment),
      // v1 adds MemberType: 0 = classic, 1 = consumer; -1 (v0 default) = not said.
      memberType: m.memberType === 1 ? 'consumer' : m.memberType === 0 ? 'classic' : null,
    };
  });
  return {
    state: g.groupState,
    protocol: { groupEpoch: g.groupEpoch, assignmentEpoch: g.assignmentEpoch, assignor: g.assignorName, members },
    members: members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.instanceId, clientId: m.clientId, clientHost: m.clientHost, assignment: m.assignment })),
  };
}

/** The KIP-848 groups among `groupIds` (others absent from the map). Empty when the cluster has no API 69. */
export async function describeConsumerGroups(connection: ClusterConnection, groupIds: string[]): Promise<Map<string, ConsumerGroupView>> {
  const out = new Map<string, ConsumerGroupView>();
  if (groupIds.length === 0) return out;
  const wire = connection.wire();
  // Ask each group's coordinator (one request per coordinator, as Kafka's AdminClient batches them).
  const byCoordinator = new Map<number, { ids: string[]; send: Awaited<ReturnType<typeof wire.groupCoordinator>>['connection'] }>();
  for (const id of groupIds) {
    let coordinator;
    try {
      coordinator = await wire.groupCoordinator(id);
    } catch {
      continue;
    }
    const entry = byCoordinator.get(coordinator.nodeId) ?? { ids: [], send: coordinator.connection };
    entry.ids.push(id);
    byCoordinator.set(coordinator.nodeId, entry);
  }
  for (const { ids, send: coordinator } of byCoordinator.values()) {
    if (!coordinator.supports(CONSUMER_GROUP_DESCRIBE)) continue;
    const response = await coordinator.send(CONSUMER_GROUP_DESCRIBE, { groupIds: ids, includeAuthorizedOperations: false });
    for (const g of response.groups) if (g.errorCode === 0) out.set(g.groupId, view(g));
  }
  return out;
}
