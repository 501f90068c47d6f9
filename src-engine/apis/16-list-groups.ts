/** ListGroups (16): every group; v4 filters by state, v5 by type ("classic" or "consumer", KIP-848). */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../../src-protocol/generated/16-list-groups.js';
import { Op, clusterAuthorized, groupAuthorized } from '../security/authz.js';

export const listGroups = defineHandler<ListGroupsRequest, ListGroupsResponse>({
  key: 16,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, req) {
    const gc = ctx.cluster.groups;
    if (!gc.isLoaded) return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, groups: [] };
    const v = ctx.apiVersion;
    // Kafka: DESCRIBE on the cluster lists every group; otherwise only the groups the principal may describe.
    const all = clusterAuthorized(ctx, Op.DESCRIBE);
    const groups = gc.listGroups(v >= 4 ? req.statesFilter : [], v >= 5 ? req.typesFilter : []).filter((g) => all || groupAuthorized(ctx, Op.DESCRIBE, g.groupId));
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state, groupType: g.groupType ?? 'classic' })),
    };
  },
});
