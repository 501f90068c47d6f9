/** SyncGroup (14): followers park until the leader's assignment arrives; v5 checks protocol type/name. */
import { defineHandler } from '../server/handler.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../../src-protocol/generated/14-sync-group.js';
import { Op, groupAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const syncGroup = defineHandler<SyncGroupRequest, SyncGroupResponse>({
  key: 14,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx, req) {
    const v = ctx.apiVersion;
    if (!groupAuthorized(ctx, Op.READ, req.groupId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) };
    }
    const r = await ctx.cluster.groups.sync({
      groupId: req.groupId,
      generationId: req.generationId,
      memberId: req.memberId,
      groupInstanceId: v >= 3 ? req.groupInstanceId : null,
      protocolType: v >= 5 ? req.protocolType : null,
      protocolName: v >= 5 ? req.protocolName : null,
      assignments: req.assignments,
    });
    return { throttleTimeMs: 0, errorCode: r.errorCode, protocolType: r.protocolType, protocolName: r.protocolName, assignment: r.assignment };
  },
});
