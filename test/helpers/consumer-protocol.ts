/**
 * KIP-848 consumer-protocol requests over the raw wire client: ConsumerGroupHeartbeat (v1 unless told)
 * and ConsumerGroupDescribe v1, with results in a compact, broker-independent form (topic names
 * instead of topic ids, sorted partitions) so that tests can compare brokers.
 */
import { rawApi, type RawClient } from './raw-client.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../src-protocol/generated/68-consumer-group-heartbeat.js';
import type { ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse } from '../../src-protocol/generated/69-consumer-group-describe.js';
import type { MetadataRequest, MetadataResponse } from '../../src-protocol/generated/03-metadata.js';

export const heartbeatApi = rawApi<ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse>(68);
export const consumerDescribeApi = rawApi<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>(69);
const metadataApi = rawApi<MetadataRequest, MetadataResponse>(3);

/** topic name -> id and back, for one broker. */
export class TopicIds {
  private readonly names = new Map<string, string>();
  private readonly ids = new Map<string, string>();

  static async load(raw: RawClient, topics: string[]): Promise<TopicIds> {
    const res = await raw.send(metadataApi, 12, {
      topics: topics.map((name) => ({ name, topicId: 'AAAAAAAAAAAAAAAAAAAAAA' })),
      allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false,
    });
    const t = new TopicIds();
    for (const x of res.topics) {
      if (x.name === null) continue;
      t.names.set(x.topicId, x.name);
      t.ids.set(x.name, x.topicId);
    }
    return t;
  }

  id(name: string): string {
    const id = this.ids.get(name);
    if (!id) throw new Error(`no topic id for ${name}`);
    return id;
  }

  name(id: string): string {
    return this.names.get(id) ?? `?${id}`;
  }

  /** "topic:[p,...]" per topic, sorted: a readable, comparable assignment. */
  show(list: readonly { topicId: string; partitions: number[] }[] | null | undefined): string[] | null {
    if (!list) return null;
    return list.map((t) => `${this.name(t.topicId)}:${JSON.stringify([...t.partitions].sort((a, b) => a - b))}`).sort();
  }

  /** The wire form of `{ topic: partitions }`. */
  owned(parts: Record<string, number[]>): { topicId: string; partitions: number[] }[] {
    return Object.entries(parts).map(([name, partitions]) => ({ topicId: this.id(name), partitions }));
  }
}

export function heartbeatRequest(groupId: string, o: Partial<ConsumerGroupHeartbeatRequest>): ConsumerGroupHeartbeatRequest {
  return { groupId, memberId: '', memberEpoch: 0, instanceId: null, rackId: null, rebalanceTimeoutMs: -1, subscribedTopicNames: null, subscribedTopicRegex: null, serverAssignor: null, topicPartitions: null, ...o };
}

export interface HeartbeatResult {
  error: number;
  message: string | null;
  memberId: string | null;
  epoch: number;
  interval: number;
  assignment: string[] | null;
}

export async function heartbeat(raw: RawClient, ids: TopicIds, groupId: string, o: Partial<ConsumerGroupHeartbeatRequest>, version = 1): Promise<HeartbeatResult> {
  const r = await raw.send(heartbeatApi, version, heartbeatRequest(groupId, o));
  return { error: r.errorCode, message: r.errorMessage, memberId: r.memberId, epoch: r.memberEpoch, interval: r.heartbeatIntervalMs, assignment: ids.show(r.assignment?.topicPartitions) };
}

/** A first heartbeat (epoch 0) of `memberId` subscribing to `topics`. */
export function joinRequest(memberId: string, topics: string[], o: Partial<ConsumerGroupHeartbeatRequest> = {}): Partial<ConsumerGroupHeartbeatRequest> {
  return { memberId, memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: topics, topicPartitions: [], ...o };
}

export interface DescribedMember {
  memberId: string;
  instanceId: string | null;
  epoch: number;
  type: number;
  regex: string | null;
  topics: string[];
  assignment: string[] | null;
  target: string[] | null;
}

export async function describeGroup(raw: RawClient, ids: TopicIds, groupId: string): Promise<{ error: number; message: string | null; state: string; groupEpoch: number; assignmentEpoch: number; assignor: string; members: DescribedMember[] }> {
  const g = (await raw.send(consumerDescribeApi, 1, { groupIds: [groupId], includeAuthorizedOperations: false })).groups[0];
  if (!g) throw new Error('no group in the ConsumerGroupDescribe response');
  return {
    error: g.errorCode,
    message: g.errorMessage,
    state: g.groupState,
    groupEpoch: g.groupEpoch,
    assignmentEpoch: g.assignmentEpoch,
    assignor: g.assignorName,
    members: g.members
      .map((m) => ({ memberId: m.memberId, instanceId: m.instanceId, epoch: m.memberEpoch, type: m.memberType, regex: m.subscribedTopicRegex, topics: [...m.subscribedTopicNames].sort(), assignment: ids.show(m.assignment.topicPartitions), target: ids.show(m.targetAssignment.topicPartitions) }))
      .sort((a, b) => (a.memberId < b.memberId ? -1 : 1)),
  };
}
