/**
 * Produce (0): validate each partition's batch (framing, CRC32C, records, size), check idempotent
 * sequence/epoch, append the producer's bytes with offsets assigned in place, answer per partition.
 * v0-v2 (legacy message formats) are advertised for librdkafka's feature checks but refused, as
 * Kafka 4 does.
 */
import { CLOSE_CONNECTION, defineHandler, NO_RESPONSE, type NoResponse, type RequestContext } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { validateProduceRecords } from '../storage/produce-validation.js';
import { recompressForTopic, targetCodec } from '../log-management/recompress.js';
import type { PartitionState } from '../cluster/topics.js';
import { awaitReplication, produceRefusal } from '../replication/serving.js';
import type {
  ProduceRequest,
  ProduceRequestPartitionProduceData,
  ProduceResponse,
  ProduceResponsePartitionProduceResponse,
} from '../../src-protocol/generated/00-produce.js';
import { Op, topicAuthorized, txnAuthorized } from '../security/authz.js';

const ZSTD = 4;
const MIN_ZSTD_VERSION = 7;
const MIN_MAGIC2_VERSION = 3;

function result(index: number, errorCode: number, errorMessage: string | null = null): ProduceResponsePartitionProduceResponse {
  return {
    index,
    errorCode,
    baseOffset: -1,
    logAppendTimeMs: -1,
    logStartOffset: -1,
    recordErrors: [],
    errorMessage,
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
  };
}

function resolvePartition(ctx: RequestContext, topicName: string, index: number): PartitionState {
  const cluster = ctx.cluster;
  // Kafka: only Metadata auto-creates topics (auto.create.topics.enable); Produce to a topic that does not exist
  // is UNKNOWN_TOPIC_OR_PARTITION, and the client's metadata refresh creates it (test/diff/produce-fetch.test.ts).
  const topic = cluster.topic(topicName);
  if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (topic.isInternal) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot append to internal topic ${topicName}`);
  const partition = topic.partitions[index];
  if (!partition) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  return partition;
}

type PartitionAnswer = ProduceResponsePartitionProduceResponse | Promise<ProduceResponsePartitionProduceResponse>;

function produceToPartition(ctx: RequestContext, topicName: string, data: ProduceRequestPartitionProduceData, acks: number, timeoutMs: number): PartitionAnswer {
  let partition: PartitionState;
  try {
    partition = resolvePartition(ctx, topicName, data.index);
  } catch (err) {
    return result(data.index, err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR, err instanceof KafkaError ? err.message : null);
  }
  const refused = produceRefusal(ctx.cluster, partition, acks);
  if (refused) return result(data.index, refused.errorCode, refused.message);
  const records = data.records;
  if (records === null || !Buffer.isBuffer(records)) return result(data.index, ErrorCode.INVALID_RECORD, 'no record batch');
  const log = partition.log;
  const settings = log.settings;
  const now = Date.now();
  const topicConfig = ctx.cluster.topicConfig(partition.topic);
  const validation = validateProduceRecords(records, {
    maxMessageBytes: settings.maxMessageBytes,
    requireSingleBatch: true,
    now,
    compacted: topicConfig.cleanupPolicy.compact,
    messageTimestampType: settings.messageTimestampType,
    topicPartition: `${topicName}-${data.index}`,
    topicCodec: targetCodec(topicConfig),
    ...(settings.messageTimestampBeforeMaxMs !== undefined ? { timestampBeforeMaxMs: settings.messageTimestampBeforeMaxMs } : {}),
    ...(settings.messageTimestampAfterMaxMs !== undefined ? { timestampAfterMaxMs: settings.messageTimestampAfterMaxMs } : {}),
  });
  if (!validation.ok) {
    const r = result(data.index, validation.errorCode, validation.message);
    if (validation.recordErrors) {
      // KIP-467 (Produce v8+): which records were invalid; Kafka also reports the log start offset here.
      r.recordErrors = validation.recordErrors.map((e) => ({ batchIndex: e.batchIndex, batchIndexErrorMessage: e.message }));
      r.logStartOffset = log.logStartOffset;
    }
    return r;
  }
  const batch = validation.batches[0]!;
  if (batch.compression === ZSTD && ctx.apiVersion < MIN_ZSTD_VERSION) {
    return result(data.index, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'zstd needs Produce v7 or later');
  }
  if (batch.isTransactional) {
    // The partition must be in the producer's ongoing transaction (AddPartitionsToTxn), at its current epoch.
    const refused = ctx.cluster.transactions.verifyProduce(batch.producerId, batch.producerEpoch, topicName, data.index);
    if (refused) return result(data.index, refused.errorCode, refused.message);
  }
  // Idempotence: a retried duplicate is acknowledged with its original offset, never appended twice.
  const check = log.producerState.check(batch, now);
  if (check.kind === 'duplicate') {
    const r = result(data.index, ErrorCode.NONE);
    r.baseOffset = check.firstOffset;
    r.logStartOffset = log.logStartOffset;
    return r;
  }
  if (check.kind === 'error') return result(data.index, check.errorCode, check.message);
  // Topic-level compression.type other than "producer": store the batch re-encoded with the topic's codec.
  const stored = recompressForTopic(records, validation.batches, topicConfig);
  // Re-encoding can grow a batch: Kafka checks max.message.bytes again (RecordTooLargeException).
  const tooLarge = stored.recompressed ? stored.batches.find((b) => b.sizeInBytes > settings.maxMessageBytes) : undefined;
  if (tooLarge) {
    return result(data.index, ErrorCode.MESSAGE_TOO_LARGE, `batch of ${tooLarge.sizeInBytes} bytes after recompression exceeds max.message.bytes ${settings.maxMessageBytes}`);
  }
  const info = log.append(stored.records, { now, partitionLeaderEpoch: partition.leaderEpoch, batches: stored.batches });
  ctx.cluster.throughput.recordProduce(batch.recordCount, records.length);
  ctx.cluster.watchers.notifyAppend(partition.key, records.length);
  const r = result(data.index, ErrorCode.NONE);
  r.baseOffset = info.firstOffset;
  r.logAppendTimeMs = info.logAppendTime;
  r.logStartOffset = info.logStartOffset;
  // Replicated partitions: acks=all answers once the ISR has the records (or with why not).
  const replicated = awaitReplication(ctx.cluster, partition, info.lastOffset, acks, timeoutMs);
  if (!replicated) return r;
  return replicated.then((problem) => (problem ? { ...r, errorCode: problem.errorCode, errorMessage: problem.message } : r));
}

export const produce = defineHandler<ProduceRequest, ProduceResponse>({
  key: 0,
  minVersion: 0,
  // v10 and v11 change nothing on the wire a single broker must act on (KIP-951, KIP-890 error code).
  maxVersion: 11,
  handle(ctx, req) {
    const legacy = ctx.apiVersion < MIN_MAGIC2_VERSION;
    const badAcks = req.acks !== 0 && req.acks !== 1 && req.acks !== -1;
    // Kafka's handleProduceRequest: a transactional producer needs WRITE on its transactional id, then WRITE per topic.
    const txnDenied = req.transactionalId !== null && !txnAuthorized(ctx, Op.WRITE, req.transactionalId);
    const responses = req.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) => {
        if (txnDenied) return result(p.index, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        if (!topicAuthorized(ctx, Op.WRITE, t.name)) return result(p.index, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        if (legacy) return result(p.index, ErrorCode.UNSUPPORTED_VERSION, `Produce v${ctx.apiVersion} (message format v0/v1) is not supported; use v3 or later`);
        if (badAcks) return result(p.index, ErrorCode.INVALID_REQUIRED_ACKS);
        return produceToPartition(ctx, t.name, p, req.acks, req.timeoutMs);
      }),
    }));
    const answer = (settled: { name: string; partitionResponses: ProduceResponsePartitionProduceResponse[] }[]): ProduceResponse | NoResponse => {
      if (req.acks === 0) {
        const failed = settled.some((t) => t.partitionResponses.some((p) => p.errorCode !== ErrorCode.NONE));
        return failed ? CLOSE_CONNECTION : NO_RESPONSE;
      }
      return { responses: settled, throttleTimeMs: 0, nodeEndpoints: [] };
    };
    // Only acks=all on a replicated partition waits; everything else answers synchronously, as before.
    const waiting = responses.some((t) => t.partitionResponses.some((p) => p instanceof Promise));
    if (!waiting) return answer(responses as { name: string; partitionResponses: ProduceResponsePartitionProduceResponse[] }[]);
    return Promise.all(responses.map(async (t) => ({ name: t.name, partitionResponses: await Promise.all(t.partitionResponses) }))).then(answer);
  },
});
