/**
 * OffsetCommit (8). v0 has no group generation (a "simple" commit), v1 carries per-partition
 * commit timestamps, v2-v4 a retention time, v6+ the leader epoch, v7+ group.instance.id, v9+ the
 * KIP-848 member epoch (members of consumer groups must use v9: UNSUPPORTED_VERSION below).
 */
import { defineHandler } from '../server/handler.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../src-protocol/generated/08-offset-commit.js';

export const offsetCommit = defineHandler<OffsetCommitRequest, OffsetCommitResponse>({
  key: 8,
  minVersion: 0,
  maxVersion: 9,
  handle(ctx, req) {
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
  },
});
