/**
 * FindCoordinator (10): this single broker coordinates every group (and transaction). v4+ batches
 * several keys. v6 (share groups, KIP-932) is not advertised.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { coordinatorNode } from '../replication/serving.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse, FindCoordinatorResponseCoordinator } from '../../src-protocol/generated/10-find-coordinator.js';
import { groupAuthorized, Op, txnAuthorized } from '../security/authz.js';

const GROUP = 0;
const TRANSACTION = 1;

export const findCoordinator = defineHandler<FindCoordinatorRequest, FindCoordinatorResponse>({
  key: 10,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, req) {
    const c = ctx.cluster;
    // Loading __consumer_offsets happens before the first group request is answered.
    const loaded = c.groups.isLoaded;
    const one = (key: string): FindCoordinatorResponseCoordinator => {
      let errorCode: number = ErrorCode.NONE;
      let errorMessage: string | null = null;
      if (req.keyType !== GROUP && req.keyType !== TRANSACTION) {
        errorCode = ErrorCode.INVALID_REQUEST;
        errorMessage = `Unsupported key type ${req.keyType}`;
      } else if (req.keyType === GROUP && !groupAuthorized(ctx, Op.DESCRIBE, key)) {
        errorCode = ErrorCode.GROUP_AUTHORIZATION_FAILED;
      } else if (req.keyType === TRANSACTION && !txnAuthorized(ctx, Op.DESCRIBE, key)) {
        errorCode = ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
      } else if (req.keyType === GROUP && !loaded) {
        errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
      } else if (req.keyType === TRANSACTION) {
        // Like Kafka, the first transactional client creates __transaction_state.
        c.transactions.ensureTopic();
      }
      // A replicated cluster's coordinators live on the controller (docs/CLUSTER.md).
      const node = c.replication ? coordinatorNode(c) : { nodeId: c.nodeId, ...c.advertisedFor(ctx.connection.listener) };
      if (errorCode === ErrorCode.NONE && !node) errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
      const ok = errorCode === ErrorCode.NONE && node !== null;
      return { key, nodeId: ok ? node.nodeId : -1, host: ok ? node.host : '', port: ok ? node.port : -1, errorCode, errorMessage };
    };
    if (ctx.apiVersion >= 4) {
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: '', port: 0, coordinators: req.coordinatorKeys.map(one) };
    }
    const r = one(req.key);
    return { throttleTimeMs: 0, errorCode: r.errorCode, errorMessage: r.errorMessage, nodeId: r.nodeId, host: r.host, port: r.port, coordinators: [] };
  },
});
