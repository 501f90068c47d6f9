/** Consumer groups, lag and offset management. */

export interface GroupSummary {
  groupId: string;
  /** Kafka's state names: 'Stable', 'Empty', 'PreparingRebalance', 'CompletingRebalance', 'Dead', 'Unknown'. */
  state: string;
  protocolType: string;
  protocol: string | null;
  members: number;
  coordinator: number | null;
  topics: string[];
  /** Sum of lag over partitions that have a committed offset; null when none has one. */
  totalLag: number | null;
  /** Max lag of a single partition (Kafka's records-lag-max as seen from outside); null when nothing committed. */
  recordsLagMax: number | null;
  /** 'consumer' = a KIP-848 group, 'classic' = JoinGroup/SyncGroup. */
  groupType: 'classic' | 'consumer';
  /** KIP-848 groups: the group epoch (classic groups: null; DescribeGroups has no generation). */
  groupEpoch: number | null;
  partitionsWithoutCommit: number;
  /** Records retained in the partitions without a commit: their lag if the group starts at earliest (0 with latest). */
  uncommittedFromEarliest: number;
}

export interface GroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  assignment: { topic: string; partitions: number[] }[];
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Null = the group never committed an offset for this partition (lag unknown, not zero). */
  committedOffset: number | null;
  logStartOffset: number;
  logEndOffset: number;
  /**
   * logEndOffset - committedOffset, never negative (clamped to 0 when the commit is ahead, e.g. after a
   * truncation); when the commit is below logStartOffset the lag counts only records that still exist. Null when
   * committedOffset is null.
   */
  lag: number | null;
  /** The commit is older than the log start (retention deleted records the group never read). */
  commitBelowLogStart: boolean;
  /**
   * How far behind in time: newest record's timestamp minus the first unconsumed record's; 0 when caught up. Measured
   * by groups.get only (elsewhere null unless caught up); null without a commit or when the timestamps are unreadable.
   */
  timeLagMs: number | null;
  metadata: string | null;
  /** Member currently assigned this partition, if any. */
  memberId: string | null;
  clientId: string | null;
}

export interface TopicLag {
  topic: string;
  lag: number | null;
  partitions: number;
  partitionsWithoutCommit: number;
  /** See GroupSummary.uncommittedFromEarliest. */
  uncommittedFromEarliest: number;
}

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

/** A member of a KIP-848 consumer group (ConsumerGroupDescribe). */
export interface ConsumerProtocolMember {
  memberId: string;
  instanceId: string | null;
  clientId: string;
  clientHost: string;
  memberEpoch: number;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  /** What the member owns now. */
  assignment: TopicPartitions[];
  /** What the group's target assignment gives it. */
  targetAssignment: TopicPartitions[];
  /** Owned but not in the target: the member is asked to revoke these (before anyone else gets them). */
  pendingRevocation: TopicPartitions[];
  /** In the target but not owned yet (waiting for another member to release them, or for the next heartbeat). */
  pendingAssignment: TopicPartitions[];
  /** 'consumer' (KIP-848 client) or 'classic' (a classic member during an online migration), when the broker says. */
  memberType: 'consumer' | 'classic' | null;
}

/** The KIP-848 view of a consumer group: epochs, the server-side assignor, current vs target assignment. */
export interface ConsumerProtocolGroup {
  groupEpoch: number;
  assignmentEpoch: number;
  assignor: string;
  members: ConsumerProtocolMember[];
}

export interface GroupDetail {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string | null;
  coordinator: number | null;
  members: GroupMember[];
  offsets: PartitionLag[];
  topics: TopicLag[];
  totalLag: number | null;
  recordsLagMax: number | null;
  /** Largest timeLagMs over the partitions (null when none is known). */
  maxTimeLagMs: number | null;
  partitionsWithoutCommit: number;
  /** See GroupSummary.uncommittedFromEarliest. */
  uncommittedFromEarliest: number;
  /** 'consumer' = a KIP-848 group (server-side assignment), 'classic' = JoinGroup/SyncGroup. */
  groupType: 'classic' | 'consumer';
  /** Set for KIP-848 groups. */
  consumerProtocol: ConsumerProtocolGroup | null;
}

export type ResetStrategy =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'timestamp'; timestamp: number }
  /** The same offset for every selected partition (clamped into [logStart, logEnd]). */
  | { kind: 'offset'; offset: number }
  /** Explicit per-partition offsets; `partitions` in the target is ignored. */
  | { kind: 'offsets'; offsets: { partition: number; offset: number }[] }
  /** Move the committed offset by N (negative = re-read), clamped into [logStart, logEnd]. */
  | { kind: 'shift'; by: number };

export interface ResetOffsetsParams {
  clusterId: string;
  groupId: string;
  topic: string;
  /** Omitted = every partition of the topic. */
  partitions?: number[];
  strategy: ResetStrategy;
  /** true = only compute the preview, commit nothing. */
  dryRun: boolean;
}

export interface OffsetResetPreview {
  topic: string;
  partition: number;
  currentOffset: number | null;
  newOffset: number;
  logStartOffset: number;
  logEndOffset: number;
  /** newOffset - currentOffset: negative = records re-read, positive = records skipped; null without a commit. */
  delta: number | null;
  /** Lag after the reset. */
  lagAfter: number;
  /** Timestamp of the record the group would read next after the reset (null at the log end or if unreadable). */
  newOffsetTimestamp: number | null;
}

export interface ResetOffsetsResult {
  applied: boolean;
  partitions: OffsetResetPreview[];
}
