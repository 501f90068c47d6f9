/**
 * InitProducerId (22): idempotent producers get a fresh producer id at epoch 0. A transactional id
 * goes to the transaction coordinator, which keeps its producer id across calls, bumps the epoch
 * (fencing older instances, KIP-98) and aborts a transaction the previous instance left open.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../src-protocol/generated/22-init-producer-id.js';
import { fencedForVersion } from '../transactions/txn-metadata.js';
import { clusterAuthorized, Op, txnAuthorized } from '../security/authz.js';

const MAX_EPOCH = 32767;

export const initProducerId = defineHandler<InitProducerIdRequest, InitProducerIdResponse>({
  key: 22,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    const producers = ctx.cluster.producerIds;
    if (req.transactionalId !== null && !txnAuthorized(ctx, Op.WRITE, req.transactionalId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
    }
    // KIP-679: an idempotent producer needs IDEMPOTENT_WRITE on the cluster or WRITE on some topic.
    if (req.transactionalId === null && !clusterAuthorized(ctx, Op.IDEMPOTENT_WRITE) && !ctx.cluster.security.mayWriteSomeTopic(ctx.connection.principal, ctx.connection.remoteAddress)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
    }
    if (req.transactionalId === null) {
      // KIP-360 (v3+): an idempotent producer may ask to bump its own epoch after a fatal error.
      if (req.producerId >= 0 && req.producerEpoch >= 0 && req.producerEpoch < MAX_EPOCH - 1) {
        return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: req.producerId, producerEpoch: req.producerEpoch + 1 };
      }
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: producers.allocate(), producerEpoch: 0 };
    }
    // KIP-360 (v3+): producer id/epoch given (-1/-1 when the producer has none yet).
    const expected = ctx.apiVersion >= 3 && req.producerId >= 0 ? { producerId: req.producerId, epoch: req.producerEpoch } : null;
    const r = ctx.cluster.transactions.initProducerId(req.transactionalId, req.transactionTimeoutMs, expected);
    return { throttleTimeMs: 0, errorCode: fencedForVersion(r.errorCode, ctx.apiVersion, 4), producerId: r.producerId, producerEpoch: r.producerEpoch };
  },
});
