/** DeleteGroups (42): only Empty groups; their offsets and metadata get tombstones in __consumer_offsets. */
import { defineHandler } from '../server/handler.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../src-protocol/generated/42-delete-groups.js';
import { groupAuthorized, Op } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const deleteGroups = defineHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  key: 42,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, req) {
    const allowed = req.groupsNames.filter((g) => groupAuthorized(ctx, Op.DELETE, g));
    const deleted = new Map(ctx.cluster.groups.deleteGroups(allowed).map((r) => [r.groupId, r]));
    return {
      throttleTimeMs: 0,
      results: req.groupsNames.map((groupId) => deleted.get(groupId) ?? { groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED }),
    };
  },
});
