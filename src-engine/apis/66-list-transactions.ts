/**
 * ListTransactions (66, KIP-664): transactional ids known to the coordinator, filtered by state
 * names, producer ids and (v1, KIP-994) how long the transaction has been running.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ListTransactionsRequest, ListTransactionsResponse } from '../../src-protocol/generated/66-list-transactions.js';
import { TXN_STATUS, type TxnState } from '../transactions/txn-metadata.js';
import { Op, txnAuthorized } from '../security/authz.js';

export const listTransactions = defineHandler<ListTransactionsRequest, ListTransactionsResponse>({
  key: 66,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, req) {
    const known = (s: string): s is TxnState => Object.hasOwn(TXN_STATUS, s);
    const unknownStateFilters = req.stateFilters.filter((s) => !known(s));
    const states = new Set(req.stateFilters.filter(known));
    const producerIds = new Set(req.producerIdFilters);
    const duration = ctx.apiVersion >= 1 ? req.durationFilter : -1;
    const now = Date.now();
    const transactionStates = [...ctx.cluster.transactions.txns.values()]
      .filter((m) => m.state !== 'Dead' && txnAuthorized(ctx, Op.DESCRIBE, m.transactionalId)
        && (req.stateFilters.length === 0 || states.has(m.state))
        && (producerIds.size === 0 || producerIds.has(m.producerId))
        && (duration < 0 || (m.startTimestamp >= 0 && now - m.startTimestamp > duration)))
      .map((m) => ({ transactionalId: m.transactionalId, producerId: m.producerId, transactionState: m.state }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, unknownStateFilters, transactionStates };
  },
});
