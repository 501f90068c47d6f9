/**
 * TxnOffsetCommit (28): offsets committed inside a transaction. They stay pending (invisible to
 * OffsetFetch) until EndTxn commits them; an abort drops them. v3+ carries the group generation
 * (KIP-447); it is not checked here, as the offsets only land when the transaction commits.
 */
import { defineHandler } from '../server/handler.js';
import type { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from '../../src-protocol/generated/28-txn-offset-commit.js';
import { fencedForVersion } from '../transactions/txn-metadata.js';

export const txnOffsetCommit = defineHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>({
  key: 28,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    const now = Date.now();
    const offsets = req.topics.flatMap((t) => t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      value: {
        offset: p.committedOffset,
        leaderEpoch: ctx.apiVersion >= 2 ? p.committedLeaderEpoch : -1,
        metadata: p.committedMetadata ?? '',
        commitTimestamp: now,
        expireTimestamp: null,
      },
    })));
    const codes = ctx.cluster.transactions.txnOffsetCommit(req.transactionalId, req.producerId, req.producerEpoch, req.groupId, offsets);
    let i = 0;
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: fencedForVersion(codes[i++] ?? 0, ctx.apiVersion, 3) })),
      })),
    };
  },
});
