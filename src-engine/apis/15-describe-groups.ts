/** DescribeGroups (15): state, protocol and members (metadata and assignment only when Stable). */
import { defineHandler } from '../server/handler.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../src-protocol/generated/15-describe-groups.js';
import { Op, Resource, authorizedOperations, groupAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { AUTHORIZED_OPERATIONS_NOT_REQUESTED } from '../../src-common/security/acl-rules.js';

export const describeGroups = defineHandler<DescribeGroupsRequest, DescribeGroupsResponse>({
  key: 15,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, req) {
    const withOps = ctx.apiVersion >= 3 && req.includeAuthorizedOperations;
    return {
      throttleTimeMs: 0,
      groups: ctx.cluster.groups.describeGroupsWire(req.groups).map((g) => groupAuthorized(ctx, Op.DESCRIBE, g.groupId) ? ({
        errorCode: g.errorCode,
        groupId: g.groupId,
        groupState: g.state,
        protocolType: g.protocolType,
        protocolData: g.protocolData,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: m.metadata,
          memberAssignment: m.assignment,
        })),
        authorizedOperations: authorizedOperations(ctx, withOps, Resource.GROUP, g.groupId),
      }) : {
        errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, groupId: g.groupId, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: AUTHORIZED_OPERATIONS_NOT_REQUESTED,
      }),
    };
  },
});
