/** DeleteAcls (31): removes the ACLs matching each filter and reports them. Needs ALTER on the cluster. */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { DeleteAclsRequest, DeleteAclsResponse } from '../../src-protocol/generated/31-delete-acls.js';
import { filterProblem, PatternType, type AclFilter } from '../security/acls.js';
import { clusterAuthorized, Op } from '../security/authz.js';
import { NO_AUTHORIZER } from './29-describe-acls.js';

export const deleteAcls = defineHandler<DeleteAclsRequest, DeleteAclsResponse>({
  key: 31,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, req) {
    const security = ctx.cluster.security;
    const all = (errorCode: number, errorMessage: string | null): DeleteAclsResponse =>
      ({ throttleTimeMs: 0, filterResults: req.filters.map(() => ({ errorCode, errorMessage, matchingAcls: [] })) });
    if (!security.authorizerEnabled) return all(ErrorCode.SECURITY_DISABLED, NO_AUTHORIZER);
    if (!clusterAuthorized(ctx, Op.ALTER)) return all(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
    const filters: AclFilter[] = req.filters.map((f) => ({
      resourceType: f.resourceTypeFilter, resourceName: f.resourceNameFilter, patternType: ctx.apiVersion >= 1 ? f.patternTypeFilter : PatternType.LITERAL,
      principal: f.principalFilter, host: f.hostFilter, operation: f.operation, permissionType: f.permissionType,
    }));
    const problems = filters.map(filterProblem);
    const removed = security.acls.remove(filters.filter((_, i) => problems[i] === null));
    let next = 0;
    return {
      throttleTimeMs: 0,
      filterResults: filters.map((_, i) => {
        const problem = problems[i];
        if (problem) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: problem, matchingAcls: [] };
        return {
          errorCode: ErrorCode.NONE, errorMessage: null,
          matchingAcls: removed[next++]!.map((b) => ({ errorCode: ErrorCode.NONE, errorMessage: null, ...b })),
        };
      }),
    };
  },
});
