/**
 * The offline segment explorer: a Kafka data directory (or one partition folder) opened read-only, without a broker.
 * Partitions -> segments -> batches -> records, plus the checks `kafka-dump-log --index-sanity-check` does.
 * Every position is a byte position in the segment's `.log`; every offset is absolute.
 */

import type { MessageHeader, Payload } from './messages.js';

export type ExplorerCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' | 'unknown';

/** Something wrong (or worth a look) found in a file, located as precisely as the format allows. */
export interface ExplorerProblem {
  severity: 'error' | 'warning';
  /** File name inside the partition folder (or the data dir). */
  file: string;
  /** Byte position in that file, when the problem has one. */
  position: number | null;
  message: string;
}

export interface ExplorerFile {
  name: string;
  sizeBytes: number;
}

/** Results of the index checks of one segment (entries listed by explorer.indexes). */
export interface ExplorerIndexCheck {
  offsetEntries: number;
  offsetMismatches: number;
  timeEntries: number;
  timeMismatches: number;
  /** Zero entries after the last real one: the preallocated tail of an active segment's index. */
  preallocatedOffsetEntries: number;
  preallocatedTimeEntries: number;
  txnEntries: number;
  txnMismatches: number;
}

export interface ExplorerSegment {
  baseOffset: number;
  files: ExplorerFile[];
  logBytes: number;
  batchCount: number;
  recordCount: number;
  /** -1 when the segment holds no batch. */
  firstOffset: number;
  lastOffset: number;
  firstTimestamp: number;
  maxTimestamp: number;
  /** Batches per codec. */
  codecs: Partial<Record<ExplorerCodec, number>>;
  controlBatches: number;
  transactionalBatches: number;
  crcErrors: number;
  /** Bytes from the start of the .log up to the end of the last well-framed batch. */
  validBytes: number;
  index: ExplorerIndexCheck;
  /** CRC, framing, offset and index errors (all of them, while `problems` lists the first ones). */
  errorCount: number;
  problems: ExplorerProblem[];
}

export interface ExplorerSnapshotEntry {
  producerId: number;
  producerEpoch: number;
  lastSequence: number;
  lastOffset: number;
  coordinatorEpoch: number;
  /** First offset of the producer's open transaction, or null. */
  currentTxnFirstOffset: number | null;
  /** Whether the log has a batch of this producer ending at lastOffset (null: the offset is not in these segments). */
  matchesLog: boolean | null;
}

export interface ExplorerSnapshot {
  offset: number;
  file: string;
  entries: ExplorerSnapshotEntry[];
  /** Why the file could not be read (bad CRC, size), else null. */
  error: string | null;
}

export interface ExplorerPartitionOffsets {
  logStartOffset: number | null;
  recoveryPoint: number | null;
  highWatermark: number | null;
  cleanerOffset: number | null;
}

export interface ExplorerPartition {
  /** The folder's name, e.g. `orders-0`. */
  name: string;
  topic: string;
  /** -1 when the folder name is not `<topic>-<partition>`. */
  partition: number;
  topicId: string | null;
  /** From the data dir's checkpoint files (null when opened as a single partition folder). */
  offsets: ExplorerPartitionOffsets;
  /** leader-epoch-checkpoint: epoch -> first offset, null when the file is absent. */
  leaderEpochs: { epoch: number; startOffset: number }[] | null;
  snapshots: ExplorerSnapshot[];
  segments: ExplorerSegment[];
  /** Files that are not segments, snapshots or known metadata (e.g. `.deleted`, `.cleaned`, `.swap`). */
  otherFiles: ExplorerFile[];
  sizeBytes: number;
  /** Partition-level problems (metadata files); segment problems are in each segment. */
  problems: ExplorerProblem[];
  /** Errors across this partition and its segments. */
  errorCount: number;
}

export interface ExplorerDirectory {
  /** The resolved absolute path that was opened. */
  path: string;
  kind: 'data-dir' | 'partition';
  /** meta.properties of a data dir. */
  meta: { clusterId: string | null; nodeId: number | null; directoryId: string | null } | null;
  partitions: ExplorerPartition[];
  /** Errors across everything opened; 0 means every CRC and index check passed. */
  errorCount: number;
  openedAt: number;
}

export interface ExplorerBatch {
  position: number;
  sizeBytes: number;
  baseOffset: number;
  lastOffsetDelta: number;
  lastOffset: number;
  recordCount: number;
  partitionLeaderEpoch: number;
  magic: number;
  /** Stored CRC-32C and the one computed over the batch's bytes. */
  crc: number;
  computedCrc: number;
  crcValid: boolean;
  attributes: number;
  compression: ExplorerCodec;
  timestampType: 'create' | 'log-append';
  transactional: boolean;
  control: boolean;
  hasDeleteHorizon: boolean;
  firstTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

export interface ExplorerBatchPage {
  segment: number;
  fromPosition: number;
  batches: ExplorerBatch[];
  /** Where the next page starts, null at the end of the well-framed log. */
  nextPosition: number | null;
  logBytes: number;
  /** The torn or unframed bytes the page stopped at, if any. */
  problem: ExplorerProblem | null;
}

export interface ExplorerControl {
  type: 'COMMIT' | 'ABORT' | 'UNKNOWN';
  version: number;
  coordinatorEpoch: number | null;
}

export interface ExplorerRecord {
  offset: number;
  timestamp: number;
  key: Payload | null;
  value: Payload | null;
  headers: MessageHeader[];
  /** Decoded key/value of a control record (transaction marker), else null. */
  control: ExplorerControl | null;
}

export interface ExplorerRecords {
  batch: ExplorerBatch;
  records: ExplorerRecord[];
  /** Why the records could not be decoded (bad CRC is reported but decoding is still tried). */
  error: string | null;
}

export interface ExplorerOffsetIndexEntry {
  relativeOffset: number;
  offset: number;
  position: number;
  ok: boolean;
  message: string | null;
}

export interface ExplorerTimeIndexEntry {
  timestamp: number;
  relativeOffset: number;
  offset: number;
  ok: boolean;
  message: string | null;
}

export interface ExplorerTxnIndexEntry {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
  lastStableOffset: number;
  ok: boolean;
  message: string | null;
}

export interface ExplorerIndexes {
  segment: number;
  offsetIndex: ExplorerOffsetIndexEntry[];
  timeIndex: ExplorerTimeIndexEntry[];
  txnIndex: ExplorerTxnIndexEntry[];
  check: ExplorerIndexCheck;
  /** Entries left out (the lists hold at most `limit` each). */
  truncated: boolean;
}

/** Which partition folder inside the opened path (`name` from ExplorerPartition; '' for a single opened folder). */
export interface ExplorerTarget {
  path: string;
  partition: string;
  segment: number;
}
