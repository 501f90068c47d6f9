/**
 * CreateAcls (30): adds ACL bindings, each validated as Kafka's AclControlManager does (INVALID_REQUEST with the
 * reason). Needs ALTER on the cluster: a non-super user cannot grant himself rights.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { CreateAclsRequest, CreateAclsResponse } from '../../src-protocol/generated/30-create-acls.js';
import { bindingProblem, PatternType, type AclBinding } from '../security/acls.js';
import { clusterAuthorized, Op } from '../security/authz.js';
import { NO_AUTHORIZER } from './29-describe-acls.js';

export const createAcls = defineHandler<CreateAclsRequest, CreateAclsResponse>({
  key: 30,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, req) {
    const security = ctx.cluster.security;
    const all = (errorCode: number, errorMessage: string | null): CreateAclsResponse =>
      ({ throttleTimeMs: 0, results: req.creations.map(() => ({ errorCode, errorMessage })) });
    if (!security.authorizerEnabled) return all(ErrorCode.SECURITY_DISABLED, NO_AUTHORIZER);
    if (!clusterAuthorized(ctx, Op.ALTER)) return all(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
    const accepted: AclBinding[] = [];
    const results = req.creations.map((c) => {
      const binding: AclBinding = {
        resourceType: c.resourceType, resourceName: c.resourceName, patternType: ctx.apiVersion >= 1 ? c.resourcePatternType : PatternType.LITERAL,
        principal: c.principal, host: c.host, operation: c.operation, permissionType: c.permissionType,
      };
      const problem = bindingProblem(binding);
      if (problem) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: problem };
      accepted.push(binding);
      return { errorCode: ErrorCode.NONE, errorMessage: null };
    });
    if (accepted.length > 0) {
      security.acls.add(accepted);
      ctx.cluster.log.info(`${ctx.connection.principal} created ${accepted.length} ACL(s)`);
    }
    return { throttleTimeMs: 0, results };
  },
});
