/**
 * DeleteRecords (21) v0-2: moves a partition's log start offset (Kafka's Partition.deleteRecordsOnLeader).
 * -1 means "up to the high watermark"; whole segments below the new start are removed; ListOffsets
 * earliest and Fetch follow the new start at once. Refused on topics without cleanup.policy=delete.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { topicConfigOf } from '../config/cluster-configs.js';
import type {
  DeleteRecordsRequest,
  DeleteRecordsResponse,
  DeleteRecordsResponseDeleteRecordsPartitionResult,
} from '../../src-protocol/generated/21-delete-records.js';
import { Op, topicAuthorized } from '../security/authz.js';

const HIGH_WATERMARK = -1;

export const deleteRecords = defineHandler<DeleteRecordsRequest, DeleteRecordsResponse>({
  key: 21,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, req) {
    const cluster = ctx.cluster;
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p): DeleteRecordsResponseDeleteRecordsPartitionResult => {
        const fail = (errorCode: number): DeleteRecordsResponseDeleteRecordsPartitionResult => ({ partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode });
        if (!topicAuthorized(ctx, Op.DELETE, t.name)) return fail(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        const partition = cluster.partition(t.name, p.partitionIndex);
        if (!partition) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        const log = partition.log;
        if (!topicConfigOf(cluster, partition.topic.configOverrides).cleanupPolicy.delete) return fail(ErrorCode.POLICY_VIOLATION);
        const offset = p.offset === HIGH_WATERMARK ? log.highWatermark : p.offset;
        if (offset < 0 || offset > log.highWatermark) return fail(ErrorCode.OFFSET_OUT_OF_RANGE);
        try {
          const before = log.segments().map((s) => s.baseOffset);
          const lowWatermark = log.deleteRecordsBefore(offset);
          const remaining = new Set(log.segments().map((s) => s.baseOffset));
          const gone = before.filter((b) => !remaining.has(b));
          if (gone.length > 0) {
            cluster.events.publish({ type: 'segments-deleted', topic: t.name, partition: p.partitionIndex, baseOffsets: gone, reason: 'log-start-offset' });
          }
          return { partitionIndex: p.partitionIndex, lowWatermark, errorCode: ErrorCode.NONE };
        } catch (err) {
          return fail(err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR);
        }
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
});
