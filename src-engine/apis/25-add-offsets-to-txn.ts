/**
 * AddOffsetsToTxn (25): a transactional producer is about to commit a group's offsets
 * (sendOffsetsToTransaction); the group's `__consumer_offsets` partition joins the transaction.
 * v4 only adds an error code (TRANSACTION_ABORTABLE) this coordinator never returns.
 */
import { defineHandler } from '../server/handler.js';
import type { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from '../../src-protocol/generated/25-add-offsets-to-txn.js';
import { fencedForVersion } from '../transactions/txn-metadata.js';

export const addOffsetsToTxn = defineHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>({
  key: 25,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    const errorCode = ctx.cluster.transactions.addOffsets(req.transactionalId, req.producerId, req.producerEpoch, req.groupId);
    return { throttleTimeMs: 0, errorCode: fencedForVersion(errorCode, ctx.apiVersion, 2) };
  },
});
