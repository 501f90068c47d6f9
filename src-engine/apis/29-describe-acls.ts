/** DescribeAcls (29): the ACLs matching one filter, grouped by resource pattern. Needs DESCRIBE on the cluster. */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { DescribeAclsRequest, DescribeAclsResponse, DescribeAclsResponseDescribeAclsResource } from '../../src-protocol/generated/29-describe-acls.js';
import { filterProblem } from '../security/acls.js';
import { clusterAuthorized, Op } from '../security/authz.js';

export const NO_AUTHORIZER = 'No Authorizer is configured on the broker';

export const describeAcls = defineHandler<DescribeAclsRequest, DescribeAclsResponse>({
  key: 29,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, req) {
    const fail = (errorCode: number, errorMessage: string | null): DescribeAclsResponse => ({ throttleTimeMs: 0, errorCode, errorMessage, resources: [] });
    const security = ctx.cluster.security;
    if (!security.authorizerEnabled) return fail(ErrorCode.SECURITY_DISABLED, NO_AUTHORIZER);
    if (!clusterAuthorized(ctx, Op.DESCRIBE)) return fail(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
    const filter = {
      resourceType: req.resourceTypeFilter, resourceName: req.resourceNameFilter, patternType: ctx.apiVersion >= 1 ? req.patternTypeFilter : 3,
      principal: req.principalFilter, host: req.hostFilter, operation: req.operation, permissionType: req.permissionType,
    };
    const problem = filterProblem(filter);
    if (problem) return fail(ErrorCode.INVALID_REQUEST, problem);
    const byResource = new Map<string, DescribeAclsResponseDescribeAclsResource>();
    for (const b of security.acls.list(filter)) {
      const key = JSON.stringify([b.resourceType, b.resourceName, b.patternType]);
      let r = byResource.get(key);
      if (!r) byResource.set(key, (r = { resourceType: b.resourceType, resourceName: b.resourceName, patternType: b.patternType, acls: [] }));
      r.acls.push({ principal: b.principal, host: b.host, operation: b.operation, permissionType: b.permissionType });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, resources: [...byResource.values()] };
  },
});
