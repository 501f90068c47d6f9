/**
 * DescribeProducers (61, KIP-664): each partition's active idempotent/transactional producers from
 * its producer state (what `kafka-transactions.sh describe-producers` prints), including the first
 * offset of an open transaction, the offset that holds the partition's LSO back.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { DescribeProducersRequest, DescribeProducersResponse } from '../../src-protocol/generated/61-describe-producers.js';
import { Op, topicAuthorized } from '../security/authz.js';

export const describeProducers = defineHandler<DescribeProducersRequest, DescribeProducersResponse>({
  key: 61,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, req) {
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => {
          if (!topicAuthorized(ctx, Op.READ, t.name)) return { partitionIndex, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: null, activeProducers: [] };
          const part = ctx.cluster.partition(t.name, partitionIndex);
          if (!part) return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, activeProducers: [] };
          const activeProducers = [...part.log.producerState.producers.values()].map((e) => ({
            producerId: e.producerId,
            producerEpoch: e.producerEpoch,
            lastSequence: e.batches[e.batches.length - 1]?.lastSeq ?? -1,
            lastTimestamp: e.lastTimestamp,
            coordinatorEpoch: e.coordinatorEpoch,
            currentTxnStartOffset: e.currentTxnFirstOffset ?? -1,
          }));
          return { partitionIndex, errorCode: ErrorCode.NONE, errorMessage: null, activeProducers };
        }),
      })),
    };
  },
});
