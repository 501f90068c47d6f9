/** Topics, partitions, configs and (embedded broker only) segments. */

export interface TopicSummary {
  name: string;
  topicId: string | null;
  internal: boolean;
  partitions: number;
  replicationFactor: number;
  underReplicatedPartitions: number;
  /**
   * Bytes on disk: the embedded broker's own numbers; elsewhere DescribeLogDirs (leader replicas). Null when unknown
   * (old broker, or not allowed to describe the cluster).
   */
  sizeBytes: number | null;
  /** Sum over partitions of high watermark - log start offset, unless counted exactly. */
  messageCount: number;
  /** True when messageCount is HW - LW (compacted/transactional topics hold fewer records than that). */
  countIsEstimate: boolean;
  cleanupPolicy: string | null;
}

/**
 * Who reads a topic and how far behind, for the topic list (protocol only: ListGroups, OffsetFetch, ListOffsets,
 * so it works for any Kafka cluster). Rates come from two readings: Δ endOffsetSum / Δt is the produce rate,
 * Δ committedSum / Δt the consume rate.
 */
export interface TopicUsage {
  topic: string;
  /** Groups with a committed offset on the topic. */
  groups: string[];
  /** Sum of high watermark − committed offset over the partitions those groups committed (uncommitted ones excluded). */
  lag: number;
  /** Sum of the partitions' high watermarks. */
  endOffsetSum: number;
  /** Sum of every group's committed offsets on the topic. */
  committedSum: number;
}

export interface PartitionInfo {
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  logStartOffset: number;
  /** High watermark: the offset the next produced record gets. */
  logEndOffset: number;
  messageCount: number;
  countIsEstimate: boolean;
  sizeBytes: number | null;
}

export interface TopicDetail {
  name: string;
  topicId: string | null;
  internal: boolean;
  replicationFactor: number;
  partitions: PartitionInfo[];
  messageCount: number;
  countIsEstimate: boolean;
  sizeBytes: number | null;
}

export interface CreateTopicParams {
  clusterId: string;
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
  validateOnly?: boolean;
}

export interface PurgeResult {
  partitions: { partition: number; lowWatermark: number }[];
}

/** A consumer group that has committed offsets for (or is assigned partitions of) a topic. */
export interface TopicConsumer {
  groupId: string;
  state: string;
  members: number;
  /** Null when none of the topic's partitions has a committed offset. */
  lag: number | null;
  partitionsWithoutCommit: number;
  /** Records retained in the partitions without a commit: their lag if the group starts at earliest (0 with latest). */
  uncommittedFromEarliest: number;
}

// ---- configs ------------------------------------------------------------------------------------------------------

export type ConfigResourceType = 'topic' | 'broker';

export interface ConfigResource {
  type: ConfigResourceType;
  /** Topic name, or broker node id as a string. */
  name: string;
}

export type ConfigSource =
  | 'dynamic-topic'
  | 'dynamic-broker'
  | 'dynamic-default-broker'
  | 'static-broker'
  | 'default'
  | 'unknown';

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: ConfigSource;
}

export interface ConfigEntry {
  name: string;
  /** Null when the broker hides it (isSensitive) or it has no value. */
  value: string | null;
  isDefault: boolean;
  source: ConfigSource;
  isSensitive: boolean;
  readOnly: boolean;
  /** Kafka's documentation for the key when known. */
  documentation: string | null;
  /** Kafka's type name when known: 'long', 'int', 'string', 'boolean', 'list', 'double', 'class', 'password'. */
  type: string | null;
  /** The value this entry would fall back to without the override, if known. */
  defaultValue: string | null;
  /**
   * Kafka's "Valid Values" for the key when known (from the config catalogue, so also for remote clusters), e.g.
   * "[0,...]", "[0,...,1]", "[compact, delete]"; the GUI validates edits with it before sending.
   */
  validValues?: string | null;
  synonyms: ConfigSynonym[];
}

export type ConfigAlterOp =
  | { op: 'set'; name: string; value: string }
  /** Remove the override, falling back to the broker/default value. */
  | { op: 'delete'; name: string }
  /** List-typed configs: add / remove one item. */
  | { op: 'append'; name: string; value: string }
  | { op: 'subtract'; name: string; value: string };

// ---- segments (embedded broker only) -------------------------------------------------------------------------------

export interface SegmentInfo {
  baseOffset: number;
  /** Offset after the last record in the segment (next segment's base for closed ones). */
  nextOffset: number | null;
  sizeBytes: number;
  recordCount: number | null;
  batchCount: number | null;
  firstTimestamp: number | null;
  lastTimestamp: number | null;
  indexEntries: number | null;
  timeIndexEntries: number | null;
  active: boolean;
  /** Last-modified time of the .log file, for retention.ms reasoning. */
  modifiedAt: number | null;
  fileName: string | null;
}
