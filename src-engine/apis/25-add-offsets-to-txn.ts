/**
 * AddOffsetsToTxn (25): a transactional producer is about to commit a group's offsets
 * (sendOffsetsToTransaction); the group's `__consumer_offsets` partition joins the transaction.
 * v4 only adds an error code (TRANSACTION_ABORTABLE) this coordinator never returns.
 */
import { defineHandler } from '../server/handler.js';
import type { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from '../../src-protocol/generated/25-add-offsets-to-txn.js';
import { fencedForVersion } from '../transactions/txn-metadata.js';
import { groupAuthorized, Op, txnAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const addOffsetsToTxn = defineHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>({
  key: 25,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    if (!txnAuthorized(ctx, Op.WRITE, req.transactionalId)) return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
    if (!groupAuthorized(ctx, Op.READ, req.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    const errorCode = ctx.cluster.transactions.addOffsets(req.transactionalId, req.producerId, req.producerEpoch, req.groupId);
    return { throttleTimeMs: 0, errorCode: fencedForVersion(errorCode, ctx.apiVersion, 2) };
  },
});
