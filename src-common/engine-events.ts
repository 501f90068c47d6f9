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
  | { type: 'group-deleted'; group: string };

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
