/**
 * AddPartitionsToTxn (24): a transactional producer names the partitions it is about to write
 * (the first call begins the transaction). Only the client versions v0-3 are advertised: v4+
 * batches transactions for broker-to-broker verification (KIP-890), which one node never sends.
 */
import { defineHandler } from '../server/handler.js';
import type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from '../../src-protocol/generated/24-add-partitions-to-txn.js';
import { fencedForVersion } from '../transactions/txn-metadata.js';
import { Op, topicAuthorized, txnAuthorized } from '../security/authz.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const addPartitionsToTxn = defineHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>({
  key: 24,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, req) {
    // Kafka: without WRITE on the transactional id every partition fails; a topic without WRITE fails its partitions
    // and the others get OPERATION_NOT_ATTEMPTED.
    const txnDenied = !txnAuthorized(ctx, Op.WRITE, req.v3AndBelowTransactionalId);
    const deniedTopics = req.v3AndBelowTopics.filter((t) => !topicAuthorized(ctx, Op.WRITE, t.name));
    if (txnDenied || deniedTopics.length > 0) {
      return {
        throttleTimeMs: 0, errorCode: 0, resultsByTransaction: [],
        resultsByTopicV3AndBelow: req.v3AndBelowTopics.map((t) => ({
          name: t.name,
          resultsByPartition: t.partitions.map((partitionIndex) => ({
            partitionIndex,
            partitionErrorCode: txnDenied ? ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
              : deniedTopics.includes(t) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : ErrorCode.OPERATION_NOT_ATTEMPTED,
          })),
        })),
      };
    }
    const results = ctx.cluster.transactions.addPartitions(req.v3AndBelowTransactionalId, req.v3AndBelowProducerId,
      req.v3AndBelowProducerEpoch, req.v3AndBelowTopics.map((t) => ({ topic: t.name, partitions: t.partitions })));
    const byTopic = new Map<string, { partitionIndex: number; partitionErrorCode: number }[]>();
    for (const r of results) {
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push({ partitionIndex: r.partition, partitionErrorCode: fencedForVersion(r.errorCode, ctx.apiVersion, 2) });
    }
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      resultsByTransaction: [],
      resultsByTopicV3AndBelow: [...byTopic].map(([name, resultsByPartition]) => ({ name, resultsByPartition })),
    };
  },
});
