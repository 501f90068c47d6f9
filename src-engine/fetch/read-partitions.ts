/**
 * Reads the partitions of one fetch: stored batches byte-for-byte, within response and partition max_bytes
 * (KIP-74: the first batch is always whole). Like Kafka's KafkaApis, partitions the broker cannot serve at all
 * (unknown topic id, topic or partition) are answered after the readable ones and do not cut a long poll short;
 * read errors (offset out of range, leader epoch) do.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { Cluster } from '../cluster/cluster.js';
import type { PartitionState } from '../cluster/topics.js';
import type { FetchResponsePartitionData } from '../../src-protocol/generated/01-fetch.js';
import { ZERO_TOPIC_ID, type PartitionAnswer, type PartitionRequest } from './fetch-sessions.js';
import type { AnsweredPartition } from './fetch-context.js';
import { fetchAccess, leaderAccess } from '../replication/serving.js';

const EMPTY = Buffer.alloc(0);
const READ_COMMITTED = 1;
const MIN_ZSTD_FETCH_VERSION = 10;
const LEADER_EPOCH_FETCH_VERSION = 9;

/** One partition's response, plus the size of its records (what sessions and min_bytes look at). */
export interface PartitionResult extends PartitionAnswer {
  readonly data: FetchResponsePartitionData;
}

export interface ReadOptions {
  readonly version: number;
  readonly isolationLevel: number;
  /** The response's max_bytes (ignored before v3, where there is none). */
  readonly maxBytes: number;
  /** Where segment bytes are read into (a pooled lease, returned once the response is written). */
  readonly alloc?: (length: number) => Buffer;
  /** READ on the topic (the authorizer); a partition of a topic that fails it answers TOPIC_AUTHORIZATION_FAILED. */
  readonly readable?: (topic: string) => boolean;
  /** The fetching follower's broker id, -1 for consumers. */
  readonly replicaId?: number;
}

export interface ReadOutcome {
  readonly answers: AnsweredPartition<PartitionResult>[];
  readonly bytes: number;
  /** Partition keys a long poll waits on: every partition that was read. */
  readonly waitKeys: string[];
  /** A partition was read and failed: answer at once (Kafka's errorReadingData). */
  readonly readError: boolean;
}

function partitionData(index: number, errorCode: number): FetchResponsePartitionData {
  return {
    partitionIndex: index,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    divergingEpoch: { epoch: -1, endOffset: -1 },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1, epoch: -1 },
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: EMPTY,
  };
}

function result(data: FetchResponsePartitionData, recordBytes = 0): PartitionResult {
  return { data, errorCode: data.errorCode, highWatermark: data.highWatermark, logStartOffset: data.logStartOffset, recordBytes };
}

/** The partition a request names, or the error code for a partition this broker does not have. */
function locate(cluster: Cluster, version: number, req: PartitionRequest): PartitionState | number {
  if (req.topic === null) return ErrorCode.UNKNOWN_TOPIC_ID;
  const topic = cluster.topic(req.topic);
  if (!topic) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  // A session may outlive its topic: a topic recreated under the same name has a new id.
  if (version >= 13 && req.topicId !== ZERO_TOPIC_ID && topic.topicId !== req.topicId) return ErrorCode.INCONSISTENT_TOPIC_ID;
  return topic.partitions[req.partition] ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
}

export function readPartitions(cluster: Cluster, requests: readonly PartitionRequest[], opts: ReadOptions): ReadOutcome {
  let budget = opts.version >= 3 ? opts.maxBytes : Number.MAX_SAFE_INTEGER;
  let bytes = 0;
  let readError = false;
  const waitKeys: string[] = [];
  const answers: AnsweredPartition<PartitionResult>[] = [];
  const erroneous: AnsweredPartition<PartitionResult>[] = [];
  for (const req of requests) {
    const partition = req.topic !== null && opts.readable && !opts.readable(req.topic) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : locate(cluster, opts.version, req);
    if (typeof partition === 'number') {
      erroneous.push({ request: req, answer: result(partitionData(req.partition, partition)) });
      continue;
    }
    waitKeys.push(partition.key);
    const read = readOne(cluster, partition, req, opts, budget, bytes === 0);
    if (read.errorCode !== ErrorCode.NONE) readError = true;
    bytes += read.recordBytes;
    budget -= read.recordBytes;
    answers.push({ request: req, answer: read });
  }
  for (const e of erroneous) answers.push(e);
  return { answers, bytes, waitKeys, readError };
}

function readOne(cluster: Cluster, partition: PartitionState, req: PartitionRequest, opts: ReadOptions, budget: number, first: boolean): PartitionResult {
  if (opts.version >= LEADER_EPOCH_FETCH_VERSION && req.currentLeaderEpoch !== -1 && req.currentLeaderEpoch !== partition.leaderEpoch) {
    return result(partitionData(req.partition, req.currentLeaderEpoch > partition.leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.FENCED_LEADER_EPOCH));
  }
  const log = partition.log;
  const diverged = divergingEpoch(cluster, partition, req, opts.replicaId ?? -1);
  if (diverged) return diverged;
  const access = fetchAccess(cluster, partition, opts.replicaId ?? -1, req.fetchOffset);
  if (access.errorCode !== ErrorCode.NONE) return result(partitionData(req.partition, access.errorCode));
  if (req.fetchOffset < log.logStartOffset || req.fetchOffset > log.logEndOffset) {
    // Kafka answers an out-of-range read with unknown (-1) offsets, not the log's.
    return result(partitionData(req.partition, ErrorCode.OFFSET_OUT_OF_RANGE));
  }
  const out = partitionData(req.partition, ErrorCode.NONE);
  out.highWatermark = log.highWatermark;
  out.lastStableOffset = log.lastStableOffset;
  out.logStartOffset = log.logStartOffset;
  // Like Kafka (KafkaApis.handleFetchRequest): a topic configured for zstd refuses fetches older than v10.
  // Zstd batches a producer sent to a `producer`-compressed topic are served as stored, as Kafka does.
  if (opts.version < MIN_ZSTD_FETCH_VERSION
    && cluster.topicConfig(partition.topic).compressionType === 'zstd') {
    out.errorCode = ErrorCode.UNSUPPORTED_COMPRESSION_TYPE;
    return result(out);
  }
  const maxOffset = access.toLogEnd ? log.logEndOffset : opts.isolationLevel === READ_COMMITTED ? log.lastStableOffset : log.highWatermark;
  const limit = Math.min(req.partitionMaxBytes, budget);
  let recordBytes = 0;
  if (req.fetchOffset < maxOffset && (limit > 0 || first)) {
    // KIP-74: until something was returned, the first batch goes out whole whatever the limits.
    // Cut at the limit even inside a batch, as Kafka does: librdkafka uses the complete records of the partial one.
    const read = log.read(req.fetchOffset, Math.max(0, limit), { minOneBatch: first, maxOffset, alloc: opts.alloc, partialLastBatch: true });
    if (read.bytes > 0) {
      out.records = read.chunks.length === 1 ? read.chunks[0]! : read.chunks;
      recordBytes = read.bytes;
    }
  }
  // read_committed clients drop the data of these (from the segments' .txnindex, up to the LSO).
  if (opts.isolationLevel === READ_COMMITTED) out.abortedTransactions = log.abortedTransactions(req.fetchOffset, maxOffset);
  return result(out, recordBytes);
}

/**
 * A follower's fetch whose last fetched epoch ends before its fetch offset on the leader (or is unknown to it) gets
 * no records but the epoch and end offset to truncate to (Kafka's divergingEpoch, KIP-595's check on Fetch v12+);
 * its position is not recorded, since its log end is not part of the leader's log. Null: serve the fetch.
 */
function divergingEpoch(cluster: Cluster, partition: PartitionState, req: PartitionRequest, replicaId: number): PartitionResult | null {
  const lastFetchedEpoch = req.lastFetchedEpoch ?? -1;
  if (replicaId < 0 || lastFetchedEpoch < 0) return null;
  const access = leaderAccess(cluster, partition);
  if (access !== ErrorCode.NONE) return result(partitionData(req.partition, access));
  const log = partition.log;
  if (req.fetchOffset < log.logStartOffset) return result(partitionData(req.partition, ErrorCode.OFFSET_OUT_OF_RANGE));
  const end = log.epochs.endOffsetFor(lastFetchedEpoch, log.logEndOffset);
  // An epoch newer than every one the leader knows cannot be checked (the leader-epoch fence catches a stale leader).
  if (end.epoch < 0 || (end.epoch >= lastFetchedEpoch && end.endOffset >= req.fetchOffset)) return null;
  const out = partitionData(req.partition, ErrorCode.NONE);
  out.highWatermark = log.highWatermark;
  out.lastStableOffset = log.lastStableOffset;
  out.logStartOffset = log.logStartOffset;
  out.divergingEpoch = { epoch: end.epoch, endOffset: end.endOffset };
  return result(out);
}
