/**
 * ListOffsets (2): earliest (-2), latest (-1), max timestamp (-3), earliest local (-4), or the first
 * offset whose timestamp is >= the given one (via the .timeindex). read_committed sees the LSO as "latest".
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type {
  ListOffsetsRequest,
  ListOffsetsResponse,
  ListOffsetsResponseListOffsetsPartitionResponse,
} from '../../src-protocol/generated/02-list-offsets.js';
import { Op, topicAuthorized } from '../security/authz.js';

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;
const EARLIEST_LOCAL = -4;
const READ_COMMITTED = 1;

type PartitionResponse = ListOffsetsResponseListOffsetsPartitionResponse;

function answer(partitionIndex: number, errorCode: number, offset = -1, timestamp = -1, leaderEpoch = -1): PartitionResponse {
  return { partitionIndex, errorCode, oldStyleOffsets: [], timestamp, offset, leaderEpoch };
}

export const listOffsets = defineHandler<ListOffsetsRequest, ListOffsetsResponse>({
  key: 2,
  minVersion: 0,
  maxVersion: 8,
  handle(ctx, req) {
    const cluster = ctx.cluster;
    const v = ctx.apiVersion;
    // Kafka (v1+): a partition asked for more than once in one request is answered once, with INVALID_REQUEST.
    const seen = new Set<string>();
    const duplicated = new Set<string>();
    for (const t of req.topics) for (const p of t.partitions) {
      const key = `${t.name}\u0000${p.partitionIndex}`;
      if (seen.has(key)) duplicated.add(key);
      seen.add(key);
    }
    const answered = new Set<string>();
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.filter((p) => {
        const key = `${t.name}\u0000${p.partitionIndex}`;
        if (v < 1 || !duplicated.has(key)) return true;
        if (answered.has(key)) return false;
        answered.add(key);
        return true;
      }).map((p): PartitionResponse => {
        if (v >= 1 && duplicated.has(`${t.name}\u0000${p.partitionIndex}`)) return answer(p.partitionIndex, ErrorCode.INVALID_REQUEST);
        if (!topicAuthorized(ctx, Op.DESCRIBE, t.name)) return answer(p.partitionIndex, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        const partition = cluster.partition(t.name, p.partitionIndex);
        if (!partition) return answer(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (v >= 4 && p.currentLeaderEpoch !== -1 && p.currentLeaderEpoch !== partition.leaderEpoch) {
          return answer(p.partitionIndex, p.currentLeaderEpoch > partition.leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.FENCED_LEADER_EPOCH);
        }
        const log = partition.log;
        const epoch = partition.leaderEpoch;
        let res: PartitionResponse;
        switch (p.timestamp) {
          case LATEST:
            res = answer(p.partitionIndex, ErrorCode.NONE, req.isolationLevel === READ_COMMITTED ? log.lastStableOffset : log.highWatermark, -1, epoch);
            break;
          case EARLIEST:
          case EARLIEST_LOCAL:
            res = answer(p.partitionIndex, ErrorCode.NONE, log.logStartOffset, -1, epoch);
            break;
          case MAX_TIMESTAMP: {
            const max = log.maxTimestampEntry();
            res = max ? answer(p.partitionIndex, ErrorCode.NONE, max.offset, max.timestamp, epoch) : answer(p.partitionIndex, ErrorCode.NONE);
            break;
          }
          default: {
            if (p.timestamp < 0) return answer(p.partitionIndex, ErrorCode.UNSUPPORTED_VERSION);
            const found = log.offsetForTimestamp(p.timestamp);
            res = found ? answer(p.partitionIndex, ErrorCode.NONE, found.offset, found.timestamp, epoch) : answer(p.partitionIndex, ErrorCode.NONE);
          }
        }
        // v0 answered with a list of offsets (at most max_num_offsets of them).
        if (v === 0) res.oldStyleOffsets = res.offset >= 0 && p.maxNumOffsets > 0 ? [res.offset] : [];
        return res;
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
});
