/**
 * EndTxn (26): commit or abort. The coordinator writes a COMMIT/ABORT marker to every partition of
 * the transaction (each takes one offset) before answering, and commits or drops its TxnOffsetCommit
 * offsets. v4 only adds an error code (TRANSACTION_ABORTABLE); v5 (KIP-890 transactions v2) is not
 * advertised, so clients keep using AddPartitionsToTxn.
 */
import { defineHandler } from '../server/handler.js';
import type { EndTxnRequest, EndTxnResponse } from '../../src-protocol/generated/26-end-txn.js';
import { fencedForVersion } from '../transactions/txn-metadata.js';
import { Op, txnAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const endTxn = defineHandler<EndTxnRequest, EndTxnResponse>({
  key: 26,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    if (!txnAuthorized(ctx, Op.WRITE, req.transactionalId)) return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
    const errorCode = ctx.cluster.transactions.endTxn(req.transactionalId, req.producerId, req.producerEpoch, req.committed);
    return { throttleTimeMs: 0, errorCode: fencedForVersion(errorCode, ctx.apiVersion, 2) };
  },
});
