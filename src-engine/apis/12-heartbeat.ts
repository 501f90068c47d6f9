/** Heartbeat (12): keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin. */
import { defineHandler } from '../server/handler.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../../src-protocol/generated/12-heartbeat.js';
import { Op, groupAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const heartbeat = defineHandler<HeartbeatRequest, HeartbeatResponse>({
  key: 12,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    if (!groupAuthorized(ctx, Op.READ, req.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    const instanceId = ctx.apiVersion >= 3 ? req.groupInstanceId : null;
    return { throttleTimeMs: 0, errorCode: ctx.cluster.groups.heartbeat(req.groupId, req.memberId, instanceId, req.generationId) };
  },
});
