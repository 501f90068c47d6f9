/** DeleteGroups (42): only Empty groups; their offsets and metadata get tombstones in __consumer_offsets. */
import { defineHandler } from '../server/handler.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../src-protocol/generated/42-delete-groups.js';

export const deleteGroups = defineHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  key: 42,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, req) {
    return { throttleTimeMs: 0, results: ctx.cluster.groups.deleteGroups(req.groupsNames) };
  },
});
