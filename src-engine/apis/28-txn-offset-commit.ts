/**
 * TxnOffsetCommit (28): offsets committed inside a transaction. They stay pending (invisible to
 * OffsetFetch) until EndTxn commits them; an abort drops them. v3+ carries the group generation
 * (KIP-447); it is not checked here, as the offsets only land when the transaction commits.
 */
import { defineHandler } from '../server/handler.js';
import type { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from '../../src-protocol/generated/28-txn-offset-commit.js';
import { fencedForVersion } from '../transactions/txn-metadata.js';
import { groupAuthorized, Op, topicAuthorized, txnAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const txnOffsetCommit = defineHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>({
  key: 28,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    const denied = !txnAuthorized(ctx, Op.WRITE, req.transactionalId) ? ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
      : !groupAuthorized(ctx, Op.READ, req.groupId) ? ErrorCode.GROUP_AUTHORIZATION_FAILED : null;
    const deniedTopics = new Set(req.topics.filter((t) => !topicAuthorized(ctx, Op.READ, t.name)).map((t) => t.name));
    if (denied !== null) {
      return {
        throttleTimeMs: 0,
        topics: req.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => ({
            partitionIndex: p.partitionIndex,
            errorCode: denied,
          })),
        })),
      };
    }
    // Topics without READ fail; the others are committed (Kafka's handleTxnOffsetCommitRequest).
    const allowed = req.topics.filter((t) => !deniedTopics.has(t.name));
    const now = Date.now();
    const offsets = allowed.flatMap((t) => t.partitions.map((p) => ({
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
      topics: req.topics.map((t) => (deniedTopics.has(t.name)
        ? { name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED })) }
        : {
          name: t.name,
          partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: fencedForVersion(codes[i++] ?? 0, ctx.apiVersion, 3) })),
        })),
    };
  },
});
