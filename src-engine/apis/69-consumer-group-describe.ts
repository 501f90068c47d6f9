/** ConsumerGroupDescribe (69): epochs, assignor, and each member's current and target assignment. */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse } from '../../src-protocol/generated/69-consumer-group-describe.js';
import { authorizedOperations, groupAuthorized, Op, Resource } from '../security/authz.js';
import { AUTHORIZED_OPERATIONS_NOT_REQUESTED as NO_OPERATIONS } from '../../src-common/security/acl-rules.js';

export const consumerGroupDescribe = defineHandler<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>({
  key: 69,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, req) {
    const gc = ctx.cluster.groups;
    const described = gc.isLoaded ? gc.consumer.describe(req.groupIds) : [];
    return {
      throttleTimeMs: 0,
      groups: gc.isLoaded
        ? described.map((g) => (!groupAuthorized(ctx, Op.DESCRIBE, g.groupId) ? {
            groupId: g.groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, errorMessage: null, groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [], authorizedOperations: NO_OPERATIONS,
          } : {
            ...g,
            // memberType (v1): 1 = a consumer-protocol member, 0 = a classic member of a consumer group (online migration).
            members: g.members.map(({ classic, ...m }) => ({ ...m, assignment: { topicPartitions: m.assignment }, targetAssignment: { topicPartitions: m.targetAssignment }, memberType: classic ? 0 : 1 })),
            authorizedOperations: authorizedOperations(ctx, req.includeAuthorizedOperations, Resource.GROUP, g.groupId),
          }))
        : req.groupIds.map((groupId) => ({
            groupId, errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, errorMessage: null, groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [], authorizedOperations: NO_OPERATIONS,
          })),
    };
  },
});
