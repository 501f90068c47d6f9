/**
 * Fetch (1): serve stored batches byte-for-byte. Long-polls until min_bytes arrived or max_wait_ms
 * passed; honours response and partition max_bytes with KIP-74 (the first batch is always whole).
 * No incremental fetch sessions: answering session id 0 makes every client send full fetches.
 */
import { defineHandler, type RequestContext } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { PartitionState } from '../cluster/topics.js';
import type {
  FetchRequest,
  FetchResponse,
  FetchResponseFetchableTopicResponse,
  FetchResponsePartitionData,
} from '../../src-protocol/generated/01-fetch.js';

const EMPTY = Buffer.alloc(0);
const READ_COMMITTED = 1;
const MIN_ZSTD_FETCH_VERSION = 10;

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

function topicCompression(ctx: RequestContext, partition: PartitionState): string {
  return ctx.cluster.topicConfig(partition.topic).compressionType;
}

interface FetchOutcome {
  responses: FetchResponseFetchableTopicResponse[];
  bytes: number;
  /** Partitions the fetch may wait on (those that exist and answered without error). */
  waitKeys: string[];
  hasError: boolean;
}

function readAll(ctx: RequestContext, req: FetchRequest): FetchOutcome {
  const cluster = ctx.cluster;
  let budget = ctx.apiVersion >= 3 ? req.maxBytes : Number.MAX_SAFE_INTEGER;
  let bytes = 0;
  let hasError = false;
  const waitKeys: string[] = [];
  const responses = req.topics.map((t) => {
    const topic = ctx.apiVersion >= 13 ? cluster.topics.byId.get(t.topicId) : cluster.topic(t.topic);
    return {
      topic: t.topic,
      topicId: t.topicId,
      partitions: t.partitions.map((p) => {
        if (!topic) {
          hasError = true;
          return partitionData(p.partition, ctx.apiVersion >= 13 ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        const partition = topic.partitions[p.partition];
        if (!partition) {
          hasError = true;
          return partitionData(p.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (ctx.apiVersion >= 9 && p.currentLeaderEpoch !== -1 && p.currentLeaderEpoch !== partition.leaderEpoch) {
          hasError = true;
          return partitionData(p.partition, p.currentLeaderEpoch > partition.leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.FENCED_LEADER_EPOCH);
        }
        const log = partition.log;
        if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.logEndOffset) {
          hasError = true;
          // Kafka answers an out-of-range read with unknown (-1) offsets, not the log's.
          return partitionData(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE);
        }
        const out = partitionData(p.partition, ErrorCode.NONE);
        out.highWatermark = log.highWatermark;
        out.lastStableOffset = log.lastStableOffset;
        out.logStartOffset = log.logStartOffset;
        // Like Kafka (KafkaApis.handleFetchRequest): a topic configured for zstd refuses fetches older than v10.
        // Zstd batches a producer sent to a `producer`-compressed topic are served as stored, as Kafka does.
        if (ctx.apiVersion < MIN_ZSTD_FETCH_VERSION && topicCompression(ctx, partition) === 'zstd') {
          hasError = true;
          out.errorCode = ErrorCode.UNSUPPORTED_COMPRESSION_TYPE;
          return out;
        }
        const maxOffset = req.isolationLevel === READ_COMMITTED ? log.lastStableOffset : log.highWatermark;
        const limit = Math.min(p.partitionMaxBytes, budget);
        if (p.fetchOffset < maxOffset && (limit > 0 || bytes === 0)) {
          // KIP-74: until something was returned, the first batch goes out whole whatever the limits.
          const read = log.read(p.fetchOffset, Math.max(0, limit), { minOneBatch: bytes === 0, maxOffset });
          if (read.bytes > 0) {
            out.records = read.chunks.length === 1 ? read.chunks[0]! : read.chunks;
            bytes += read.bytes;
            budget -= read.bytes;
          }
        }
        // read_committed clients drop the data of these (from the segments' .txnindex, up to the LSO).
        if (req.isolationLevel === READ_COMMITTED) out.abortedTransactions = log.abortedTransactions(p.fetchOffset, maxOffset);
        waitKeys.push(partition.key);
        return out;
      }),
    };
  });
  return { responses, bytes, waitKeys, hasError };
}

export const fetch = defineHandler<FetchRequest, FetchResponse>({
  key: 1,
  minVersion: 4,
  // v13+ name topics by id (Java consumers need it to go past v12); v15+ fields are for followers.
  maxVersion: 17,
  async handle(ctx, req) {
    const base = { throttleTimeMs: 0, nodeEndpoints: [] };
    if (ctx.apiVersion >= 7 && req.sessionId !== 0) {
      return { ...base, errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessionId: 0, responses: [] };
    }
    let outcome = readAll(ctx, req);
    if (!outcome.hasError && outcome.bytes < req.minBytes && req.maxWaitMs > 0 && outcome.waitKeys.length > 0) {
      await ctx.cluster.watchers.wait(outcome.waitKeys, req.minBytes - outcome.bytes, req.maxWaitMs);
      outcome = readAll(ctx, req);
    }
    ctx.cluster.throughput.recordFetch(outcome.bytes);
    return { ...base, errorCode: ErrorCode.NONE, sessionId: 0, responses: outcome.responses };
  },
});
