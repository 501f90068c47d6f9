/**
 * Shared types of the classic group coordinator: states, configuration and the plain result
 * objects the coordinator hands to the API handlers (which map them onto wire versions).
 */
import { brokerConfigNumber } from '../config/broker-config.js';
import type { BrokerConfigLayers } from '../config/topic-config.js';

/** Kafka's classic group states, spelled as DescribeGroups/ListGroups report them. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupCoordinatorConfig {
  /**
   * group.initial.rebalance.delay.ms: how long the first rebalance of an empty group waits for more
   * members. Kafka's default is 3000; the engine's broker starts with its own (lower, dev-friendly) value.
   */
  initialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms. */
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** group.max.size. */
  maxGroupSize: number;
  /** offsets.retention.minutes, in ms. */
  offsetsRetentionMs: number;
  /** offsets.retention.check.interval.ms. */
  offsetsRetentionCheckIntervalMs: number;
  /** offset.metadata.max.bytes. */
  offsetMetadataMaxBytes: number;
  /** offsets.topic.num.partitions. */
  offsetsTopicPartitions: number;
  /** How long a member that joined during a rebalance may wait before it is dropped (Kafka: 5 min). */
  newMemberJoinTimeoutMs: number;
}

/** The coordinator's settings from the broker configs in force (Kafka's names and defaults, see config/). */
export function groupConfigFrom(broker: BrokerConfigLayers): GroupCoordinatorConfig {
  const n = (name: string): number => brokerConfigNumber(name, broker);
  return {
    initialRebalanceDelayMs: n('group.initial.rebalance.delay.ms'),
    minSessionTimeoutMs: n('group.min.session.timeout.ms'),
    maxSessionTimeoutMs: n('group.max.session.timeout.ms'),
    maxGroupSize: n('group.max.size'),
    offsetsRetentionMs: n('offsets.retention.minutes') * 60_000,
    offsetsRetentionCheckIntervalMs: n('offsets.retention.check.interval.ms'),
    offsetMetadataMaxBytes: n('offset.metadata.max.bytes'),
    offsetsTopicPartitions: n('offsets.topic.num.partitions'),
    // Not a config in Kafka either (GroupCoordinator's NewMemberJoinTimeoutMs).
    newMemberJoinTimeoutMs: 300_000,
  };
}

/** Kafka's defaults. */
export const DEFAULT_GROUP_CONFIG: GroupCoordinatorConfig = groupConfigFrom({});

export interface ProtocolEntry {
  name: string;
  metadata: Buffer;
}

export interface JoinRequestInput {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  /** JoinGroup v4+: a member without id gets MEMBER_ID_REQUIRED first (KIP-394). */
  requireKnownMemberId: boolean;
  /** JoinGroup v9+: a rejoining static leader may skip running the assignor (KIP-814). */
  supportSkippingAssignment: boolean;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: ProtocolEntry[];
  reason: string | null;
}

export interface JoinResultMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  members: JoinResultMember[];
}

export interface SyncRequestInput {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface LeaveMemberInput {
  memberId: string;
  groupInstanceId: string | null;
  reason: string | null;
}

export interface LeaveResult {
  errorCode: number;
  members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
}

export interface CommitPartitionInput {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  /** OffsetCommit v1 carries a per-partition commit timestamp; -1 means "now". */
  commitTimestamp: number;
}

export interface CommitRequestInput {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** OffsetCommit v2-v4 retention; -1 means the broker's offsets.retention.minutes. */
  retentionTimeMs: number;
  partitions: CommitPartitionInput[];
}

export interface FetchedOffset {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}
