/**
 * JoinGroup (11): parks until the group's join phase completes (a long poll; the server keeps
 * per-connection response order). v4+ requires a member id (KIP-394), v5+ static membership,
 * v9 lets a rejoining static leader skip assignment (KIP-814).
 */
import { defineHandler } from '../server/handler.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../src-protocol/generated/11-join-group.js';
import { Op, groupAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const joinGroup = defineHandler<JoinGroupRequest, JoinGroupResponse>({
  key: 11,
  minVersion: 0,
  maxVersion: 9,
  async handle(ctx, req) {
    const v = ctx.apiVersion;
    if (!groupAuthorized(ctx, Op.READ, req.groupId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, generationId: -1, protocolType: null, protocolName: v >= 7 ? null : '', leader: '', skipAssignment: false, memberId: '', members: [] };
    }
    const r = await ctx.cluster.groups.join({
      groupId: req.groupId,
      memberId: req.memberId,
      groupInstanceId: v >= 5 ? req.groupInstanceId : null,
      requireKnownMemberId: v >= 4,
      supportSkippingAssignment: v >= 9,
      clientId: ctx.clientId ?? '',
      clientHost: `/${ctx.connection.remoteAddress}`,
      sessionTimeoutMs: req.sessionTimeoutMs,
      // v0 has no rebalance timeout: Kafka uses the session timeout for both.
      rebalanceTimeoutMs: v >= 1 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
      reason: req.reason,
    });
    return {
      throttleTimeMs: 0,
      errorCode: r.errorCode,
      generationId: r.generationId,
      protocolType: r.protocolType,
      // Non-nullable before v7.
      protocolName: v >= 7 ? r.protocolName : (r.protocolName ?? ''),
      leader: r.leader,
      skipAssignment: r.skipAssignment,
      memberId: r.memberId,
      members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
    };
  },
});
