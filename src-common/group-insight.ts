/**
 * Consumer-group insight the embedded broker exposes to the GUI (BrokerHandle.insight). Pure data.
 */
import type { TopicPartitionAssignment } from './engine-events.js';

export interface GroupListing {
  groupId: string;
  /** "" for groups that only store offsets (no member ever joined). */
  protocolType: string;
  state: string;
  members: number;
  /** "classic" (JoinGroup/SyncGroup) or "consumer" (KIP-848 ConsumerGroupHeartbeat); absent means classic. */
  groupType?: 'classic' | 'consumer';
}

export interface GroupMemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** Protocol names the member supports, in its order of preference. */
  protocols: string[];
  /** Decoded from ConsumerProtocolAssignment when the protocol type is "consumer". */
  assignment: TopicPartitionAssignment[];
  /** Decoded from ConsumerProtocolSubscription when the protocol type is "consumer". */
  subscribedTopics: string[];
  lastHeartbeatAt: number;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string | null;
  generation: number;
  leader: string | null;
  stateSince: number;
  /** Why the last rebalance started ("" if none yet). */
  rebalanceReason: string;
  members: GroupMemberDescription[];
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** null: the group never committed an offset for this partition (then `lag` is null too). */
  committedOffset: number | null;
  /** null: the partition does not exist (any more). */
  logEndOffset: number | null;
  /** logEndOffset - committedOffset, never negative; null when either side is unknown. */
  lag: number | null;
  /** The member the partition is assigned to in the current generation, if any. */
  memberId: string | null;
  clientId: string | null;
  commitTimestamp: number | null;
  metadata: string | null;
}

export interface TopicLag {
  topic: string;
  /** Sum of the known per-partition lags. */
  lag: number;
  /** Partitions with no committed offset: their lag is unknown and not part of `lag`. */
  uncommittedPartitions: number;
}

export interface GroupLag {
  groupId: string;
  state: string;
  partitions: PartitionLag[];
  topics: TopicLag[];
  /** Sum over all partitions with a known lag. */
  totalLag: number;
  /** The largest per-partition lag (Kafka's records-lag-max); null when no partition has a known lag. */
  recordsLagMax: number | null;
}
