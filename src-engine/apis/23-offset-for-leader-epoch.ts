/**
 * OffsetForLeaderEpoch (23): the end offset of a leader epoch, from the partition's leader-epoch-checkpoint
 * (storage/leader-epoch-cache.ts). Consumers use it to validate their position after a leader change (KIP-320:
 * a position past the epoch's end was truncated away); followers to find where their log diverges (KIP-101).
 * As Kafka's Partition.lastOffsetForLeaderEpoch: the current leader epoch fences (FENCED_LEADER_EPOCH /
 * UNKNOWN_LEADER_EPOCH), only the leader answers, and an epoch with no known end answers -1/-1 without an error.
 * Consumers need DESCRIBE on the topic, followers (replica_id >= 0) CLUSTER_ACTION on the cluster.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type {
  OffsetForLeaderEpochRequest,
  OffsetForLeaderEpochResponse,
  OffsetForLeaderEpochResponseEpochEndOffset,
} from '../../src-protocol/generated/23-offset-for-leader-epoch.js';
import { clusterAuthorized, Op, topicAuthorized } from '../security/authz.js';
import { leaderAccess } from '../replication/serving.js';
import { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from '../storage/leader-epoch-cache.js';

type EpochEndOffset = OffsetForLeaderEpochResponseEpochEndOffset;

function answer(partition: number, errorCode: number, leaderEpoch = UNDEFINED_EPOCH, endOffset = UNDEFINED_EPOCH_OFFSET): EpochEndOffset {
  return { errorCode, partition, leaderEpoch, endOffset };
}

export const offsetForLeaderEpoch = defineHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>({
  key: 23,
  // Kafka 4 removed versions 0 and 1 (KIP-896).
  minVersion: 2,
  maxVersion: 4,
  handle(ctx, req) {
    const fromFollower = ctx.apiVersion >= 3 && req.replicaId >= 0;
    const followerAllowed = !fromFollower || clusterAuthorized(ctx, Op.CLUSTER_ACTION);
    const topics = req.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p): EpochEndOffset => {
        if (!followerAllowed) return answer(p.partition, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
        if (!fromFollower && !topicAuthorized(ctx, Op.DESCRIBE, t.topic)) return answer(p.partition, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        const partition = ctx.cluster.partition(t.topic, p.partition);
        if (!partition) return answer(p.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (p.currentLeaderEpoch !== -1 && p.currentLeaderEpoch !== partition.leaderEpoch) {
          return answer(p.partition, p.currentLeaderEpoch > partition.leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.FENCED_LEADER_EPOCH);
        }
        const access = leaderAccess(ctx.cluster, partition);
        if (access !== ErrorCode.NONE) return answer(p.partition, access);
        const found = partition.log.epochs.endOffsetFor(p.leaderEpoch, partition.log.logEndOffset);
        return answer(p.partition, ErrorCode.NONE, found.epoch, found.endOffset);
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
});
