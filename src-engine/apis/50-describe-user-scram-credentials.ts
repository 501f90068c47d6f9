/** DescribeUserScramCredentials (50): mechanisms and iterations per user (never the credential). DESCRIBE on the cluster. */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse } from '../../src-protocol/generated/50-describe-user-scram-credentials.js';
import { clusterAuthorized, Op } from '../security/authz.js';
import { SCRAM_MECHANISM_ID } from '../security/scram.js';

export const describeUserScramCredentials = defineHandler<DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse>({
  key: 50,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, req) {
    if (!clusterAuthorized(ctx, Op.DESCRIBE)) return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null, results: [] };
    const users = ctx.cluster.security.users;
    const asked = req.users === null || req.users.length === 0 ? users.names() : req.users.map((u) => u.name);
    // Kafka answers a user named twice once, with DUPLICATE_RESOURCE.
    const names = [...new Set(asked)];
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      results: names.map((user) => {
        if (asked.indexOf(user) !== asked.lastIndexOf(user)) {
          return { user, errorCode: ErrorCode.DUPLICATE_RESOURCE, errorMessage: 'Cannot describe SCRAM credentials for the same user twice in a single request', credentialInfos: [] };
        }
        const creds = users.mechanisms(user);
        if (creds.length === 0) return { user, errorCode: ErrorCode.RESOURCE_NOT_FOUND, errorMessage: 'Attempt to describe a user credential that does not exist', credentialInfos: [] };
        return { user, errorCode: ErrorCode.NONE, errorMessage: null, credentialInfos: creds.map(([m, c]) => ({ mechanism: SCRAM_MECHANISM_ID[m], iterations: c.iterations })) };
      }),
    };
  },
});
