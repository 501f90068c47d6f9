/** LeaveGroup (13): one member (v0-v2) or a batch by member id / group.instance.id (v3+); v5 adds reasons. */
import { defineHandler } from '../server/handler.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../src-protocol/generated/13-leave-group.js';
import { Op, groupAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const leaveGroup = defineHandler<LeaveGroupRequest, LeaveGroupResponse>({
  key: 13,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, req) {
    const v = ctx.apiVersion;
    const members = v >= 3
      ? req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, reason: v >= 5 ? m.reason : null }))
      : [{ memberId: req.memberId, groupInstanceId: null, reason: null }];
    if (!groupAuthorized(ctx, Op.READ, req.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, members: [] };
    const r = ctx.cluster.groups.leave(req.groupId, members);
    if (v < 3) {
      // Single-member versions report the member's own error at the top level.
      return { throttleTimeMs: 0, errorCode: r.errorCode !== 0 ? r.errorCode : (r.members[0]?.errorCode ?? 0), members: [] };
    }
    return { throttleTimeMs: 0, errorCode: r.errorCode, members: r.members };
  },
});
