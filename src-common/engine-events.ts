/**
 * Events the embedded broker publishes about itself (BrokerHandle.events). Pure data, so the same
 * types travel to the GUI over IPC or WebSocket unchanged.
 */

export interface TopicPartitionAssignment {
  topic: string;
  partitions: number[];
}

export interface GroupMemberSnapshot {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** Decoded from ConsumerProtocolAssignment when the protocol type is "consumer". */
  assignment: TopicPartitionAssignment[];
}

/**
 * Why a consumer-protocol (KIP-848) member left: an epoch -1 heartbeat, no heartbeat within
 * group.consumer.session.timeout.ms, its member id taken over by a new member with the same instance id,
 * still holding partitions to revoke after its rebalance timeout, or a static member's epoch -2
 * heartbeat (it keeps its assignment and is expected back).
 */
export type ConsumerMemberLeftReason = 'leave-heartbeat' | 'session-timeout' | 'fenced' | 'rebalance-timeout' | 'static-member-left'
  /** A classic member inside the consumer group (online migration) sent LeaveGroup. */
  | 'leave-group'
  /** Only the GUI's polling of a remote cluster uses it: the member was gone at the next poll. */
  | 'unknown';

/** Why a consumer group's epoch was bumped (several can hold for one heartbeat). */
export type GroupEpochCause = 'group-created' | 'member-joined' | 'member-left' | 'subscription-changed' | 'assignor-changed' | 'metadata-changed';

/** Kafka's MemberState of a consumer-protocol member. */
export type ConsumerMemberState = 'stable' | 'unrevoked-partitions' | 'unreleased-partitions';

export interface ConsumerMemberTarget {
  memberId: string;
  assignment: TopicPartitionAssignment[];
}

export type GroupEvent =
  | { type: 'member-joined'; group: string; memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; protocols: string[]; reason: string | null }
  /**
   * `reason`: 'leave-group' (LeaveGroup; the client's own reason, v5+, is in `detail`),
   * 'session-timeout', 'fenced' (static member replaced), 'rebalance-timeout' (did not rejoin),
   * 'sync-timeout', 'new-member-join-timeout'.
   */
  | { type: 'member-left'; group: string; memberId: string; reason: 'leave-group' | 'session-timeout' | 'fenced' | 'rebalance-timeout' | string; detail?: string | null }
  /** `generation` is the generation being rebalanced away from (the next one is generation + 1). */
  | { type: 'rebalance-started'; group: string; generation: number; reason: string }
  /**
   * The join phase ended: the new generation exists, its leader must now assign. The gap until
   * `sync-completed` is the time the group processes nothing (eager) or only revokes (cooperative).
   */
  | { type: 'join-completed'; group: string; generation: number; protocolType: string | null; protocol: string; leader: string; memberIds: string[] }
  | { type: 'sync-completed'; group: string; generation: number; protocolType: string | null; protocol: string | null; leader: string; members: GroupMemberSnapshot[] }
  | { type: 'state-changed'; group: string; from: string; to: string }
  | { type: 'offsets-committed'; group: string; generation: number; memberId: string; offsets: { topic: string; partition: number; offset: number }[] }
  | { type: 'group-deleted'; group: string }
  // ---- the consumer protocol (KIP-848); 'state-changed' and 'group-deleted' are shared ----
  /** `kind`: a new member id, a known member re-joining with epoch 0, or a static member's new id taking over `previousMemberId`. */
  | {
    type: 'consumer-member-joined'; group: string; memberId: string; instanceId: string | null; clientId: string; clientHost: string;
    subscribedTopicNames: string[]; subscribedTopicRegex: string | null; serverAssignor: string | null;
    kind: 'new' | 'rejoin' | 'static-replacement'; previousMemberId: string | null;
  }
  | { type: 'consumer-member-left'; group: string; memberId: string; memberEpoch: number; reason: ConsumerMemberLeftReason; detail: string | null }
  /** `detail` says what changed (e.g. the topics created, deleted or grown for 'metadata-changed'); `memberId` the member whose heartbeat or departure bumped it. */
  | { type: 'group-epoch-bumped'; group: string; groupEpoch: number; causes: GroupEpochCause[]; memberId: string | null; detail: string | null }
  /** A new target assignment at `assignmentEpoch` (= the group epoch it was computed for): every member's target. */
  | { type: 'target-assignment-computed'; group: string; assignmentEpoch: number; assignor: string; members: ConsumerMemberTarget[] }
  /**
   * A member's current assignment moved towards its target: `assigned` is what it may consume now,
   * `pendingRevocation` what it still has to give up, `pendingAssignment` what its target holds that
   * another member has not released yet.
   */
  | {
    type: 'member-reconciled'; group: string; memberId: string; memberEpoch: number; previousMemberEpoch: number; state: ConsumerMemberState;
    assigned: TopicPartitionAssignment[]; pendingRevocation: TopicPartitionAssignment[]; pendingAssignment: TopicPartitionAssignment[];
  };

/** The event types the KIP-848 coordinator emits besides 'state-changed' and 'group-deleted'. */
export const CONSUMER_GROUP_EVENT_TYPES = ['consumer-member-joined', 'consumer-member-left', 'group-epoch-bumped', 'target-assignment-computed', 'member-reconciled'] as const;

export type TopicEvent =
  | { type: 'topic-created'; topic: string; topicId: string; partitions: number }
  | { type: 'topic-deleted'; topic: string }
  | { type: 'partitions-added'; topic: string; partitions: number }
  | { type: 'config-changed'; topic: string | null; names: string[] };

export type LogEvent =
  | { type: 'segment-rolled'; topic: string; partition: number; baseOffset: number }
  | { type: 'segments-deleted'; topic: string; partition: number; baseOffsets: number[]; reason: 'retention.ms' | 'retention.bytes' | 'log-start-offset' }
  | { type: 'log-cleaned'; topic: string; partition: number; bytesBefore: number; bytesAfter: number; recordsBefore: number; recordsAfter: number };

/**
 * Transaction life (the embedded broker's coordinator). 'transaction-timed-out' is an abort by the
 * coordinator after transaction.timeout.ms; it bumps the epoch, fencing the producer that left it open.
 */
export type TransactionEvent =
  | { type: 'transaction-begun'; transactionalId: string; producerId: number; producerEpoch: number }
  | {
    type: 'transaction-committed' | 'transaction-aborted' | 'transaction-timed-out';
    transactionalId: string;
    producerId: number;
    producerEpoch: number;
    partitions: TopicPartitionAssignment[];
  };

/** A time-stamped envelope around every engine event. */
export type EngineEvent = (GroupEvent | TopicEvent | LogEvent | TransactionEvent) & { at: number };

/** Rates the broker measures itself (per second), for the live overview chart. */
export interface ThroughputSample {
  at: number;
  produceRecords: number;
  produceBytes: number;
  fetchBytes: number;
}
