/** OffsetDelete (47): drops a group's offsets for topics none of its members subscribes to. */
import { defineHandler } from '../server/handler.js';
import type { OffsetDeleteRequest, OffsetDeleteResponse } from '../../src-protocol/generated/47-offset-delete.js';
import { groupAuthorized, Op } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const offsetDelete = defineHandler<OffsetDeleteRequest, OffsetDeleteResponse>({
  key: 47,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, req) {
    if (!groupAuthorized(ctx, Op.DELETE, req.groupId)) return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, throttleTimeMs: 0, topics: [] };
    const r = ctx.cluster.groups.deleteOffsets(
      req.groupId,
      req.topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partitionIndex) })),
    );
    return {
      errorCode: r.errorCode,
      throttleTimeMs: 0,
      topics: req.topics
        .map((t) => ({
          name: t.name,
          partitions: r.partitions.filter((p) => p.topic === t.name).map((p) => ({ partitionIndex: p.partition, errorCode: p.errorCode })),
        }))
        .filter((t) => r.errorCode === 0 && t.partitions.length > 0),
    };
  },
});
