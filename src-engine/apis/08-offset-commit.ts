/**
 * OffsetCommit (8). v0 has no group generation (a "simple" commit), v1 carries per-partition
 * commit timestamps, v2-v4 a retention time, v6+ the leader epoch, v7+ group.instance.id, v9+ the
 * KIP-848 member epoch (members of consumer groups must use v9: UNSUPPORTED_VERSION below).
 */
import { defineHandler, type RequestContext } from '../server/handler.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../src-protocol/generated/08-offset-commit.js';
import { Op, groupAuthorized, topicAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const offsetCommit = defineHandler<OffsetCommitRequest, OffsetCommitResponse>({
  key: 8,
  minVersion: 0,
  maxVersion: 9,
  handle(ctx, req) {
    const groupDenied = !groupAuthorized(ctx, Op.READ, req.groupId);
    const topicDenied = new Set(req.topics.filter((t) => !topicAuthorized(ctx, Op.READ, t.name)).map((t) => t.name));
    if (groupDenied || topicDenied.size > 0) {
      // Kafka: GROUP_AUTHORIZATION_FAILED for every partition; else TOPIC_AUTHORIZATION_FAILED for the topics denied (the rest commit).
      const allowed = groupDenied ? [] : req.topics.filter((t) => !topicDenied.has(t.name));
      const committed = allowed.length > 0 ? commit(ctx, { ...req, topics: allowed }) : { topics: [] as OffsetCommitResponse['topics'] };
      return {
        throttleTimeMs: 0,
        topics: req.topics.map((t) => committed.topics.find((c) => c.name === t.name && !topicDenied.has(t.name)) ?? {
          name: t.name,
          partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: groupDenied ? ErrorCode.GROUP_AUTHORIZATION_FAILED : ErrorCode.TOPIC_AUTHORIZATION_FAILED })),
        }),
      };
    }
    return commit(ctx, req);
  },
});

function commit(ctx: RequestContext, req: OffsetCommitRequest): OffsetCommitResponse {
  const v = ctx.apiVersion;
  const results = ctx.cluster.groups.commitOffsets({
    groupId: req.groupId,
    generationId: v >= 1 ? req.generationIdOrMemberEpoch : -1,
    memberId: v >= 1 ? req.memberId : '',
    groupInstanceId: v >= 7 ? req.groupInstanceId : null,
    retentionTimeMs: v >= 2 && v <= 4 ? req.retentionTimeMs : -1,
    partitions: req.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: v >= 6 ? p.committedLeaderEpoch : -1,
        metadata: p.committedMetadata,
        commitTimestamp: v === 1 ? p.commitTimestamp : -1,
      })),
    ),
  }, v);
  let i = 0;
  return {
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: results[i++]?.errorCode ?? 0 })),
    })),
  };
}
