/**
 * DescribeTransactions (65, KIP-664): the coordinator's view of transactional ids (what
 * `kafka-transactions.sh describe` prints). Unknown ids answer TRANSACTIONAL_ID_NOT_FOUND.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { DescribeTransactionsRequest, DescribeTransactionsResponse } from '../../src-protocol/generated/65-describe-transactions.js';
import { partitionList } from '../transactions/txn-metadata.js';
import { Op, txnAuthorized } from '../security/authz.js';

export const describeTransactions = defineHandler<DescribeTransactionsRequest, DescribeTransactionsResponse>({
  key: 65,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, req) {
    const tc = ctx.cluster.transactions;
    return {
      throttleTimeMs: 0,
      transactionStates: req.transactionalIds.map((transactionalId) => {
        const m = tc.txns.get(transactionalId);
        if (!txnAuthorized(ctx, Op.DESCRIBE, transactionalId)) {
          return { errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, transactionalId, transactionState: '', transactionTimeoutMs: 0,
            transactionStartTimeMs: -1, producerId: -1, producerEpoch: -1, topics: [] };
        }
        if (!m || m.state === 'Dead') {
          return { errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, transactionalId, transactionState: '', transactionTimeoutMs: 0,
            transactionStartTimeMs: -1, producerId: -1, producerEpoch: -1, topics: [] };
        }
        return {
          errorCode: ErrorCode.NONE, transactionalId, transactionState: m.state, transactionTimeoutMs: m.timeoutMs,
          transactionStartTimeMs: m.startTimestamp, producerId: m.producerId, producerEpoch: m.producerEpoch,
          topics: partitionList(m).map((p) => ({ topic: p.topic, partitions: p.partitions })),
        };
      }),
    };
  },
});
