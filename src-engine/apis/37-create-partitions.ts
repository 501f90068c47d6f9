/** CreatePartitions (37): grow a topic's partition count (it can never shrink). */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../../src-protocol/generated/37-create-partitions.js';
import { Op, topicAuthorized } from '../security/authz.js';

export const createPartitions = defineHandler<CreatePartitionsRequest, CreatePartitionsResponse>({
  key: 37,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, req) {
    const cluster = ctx.cluster;
    const results = req.topics.map((t) => {
      try {
        if (!topicAuthorized(ctx, Op.ALTER, t.name)) throw new KafkaError(ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'Authorization failed.');
        const topic = cluster.topic(t.name);
        if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${t.name}' does not exist.`);
        const current = topic.partitions.length;
        if (t.count < current) throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Topic currently has ${current} partitions, which is higher than the requested ${t.count}.`);
        if (t.count === current) throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`);
        if (t.assignments !== null) {
          if (t.assignments.length !== t.count - current) {
            throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Attempted to add ${t.count - current} additional partition(s), but only ${t.assignments.length} assignment(s) were specified.`);
          }
          if (t.assignments.some((a) => a.brokerIds.some((id) => id !== cluster.nodeId))) {
            throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Unknown broker id in the replica assignment of ${t.name}.`);
          }
        }
        if (!req.validateOnly) cluster.addPartitions(t.name, t.count);
        return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (err) {
        return { name: t.name, errorCode: err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: (err as Error).message };
      }
    });
    return { throttleTimeMs: 0, results };
  },
});
