/** DeleteTopics (20): by name (v0-5) or by name or topic id (v6). */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse, DeleteTopicsResponseDeletableTopicResult } from '../../src-protocol/generated/20-delete-topics.js';
import { Op, topicAuthorized } from '../security/authz.js';

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export const deleteTopics = defineHandler<DeleteTopicsRequest, DeleteTopicsResponse>({
  key: 20,
  minVersion: 0,
  maxVersion: 6,
  handle(ctx, req) {
    const cluster = ctx.cluster;
    const wanted = ctx.apiVersion >= 6 ? req.topics : req.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
    const responses: DeleteTopicsResponseDeletableTopicResult[] = wanted.map(({ name, topicId }) => {
      const topic = name !== null && name !== '' ? cluster.topic(name) : cluster.topics.byId.get(topicId);
      const named = topic?.name ?? name;
      if (named !== null && named !== '' && !topicAuthorized(ctx, Op.DELETE, named)) {
        // Kafka: an id the principal may not describe stays unknown; a name is refused.
        if (!topic || !topicAuthorized(ctx, Op.DESCRIBE, named)) {
          if (name === null || name === '') return { name, topicId, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, errorMessage: `Topic id ${topicId} does not exist.` };
        }
        return { name, topicId, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: 'Authorization failed.' };
      }
      if (!topic) {
        const code = name !== null && name !== '' ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.UNKNOWN_TOPIC_ID;
        return { name, topicId, errorCode: code, errorMessage: code === ErrorCode.UNKNOWN_TOPIC_ID ? `Topic id ${topicId} does not exist.` : `Topic '${name}' does not exist.` };
      }
      try {
        if (topic.isInternal) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Internal topic ${topic.name} cannot be deleted.`);
        if (cluster.replication?.image.topics[topic.name]) cluster.replication.deleteTopic(topic.name);
        else cluster.deleteTopic(topic.name);
        return { name: topic.name, topicId: topic.topicId, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (err) {
        return { name: topic.name, topicId: topic.topicId, errorCode: err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: (err as Error).message };
      }
    });
    return { throttleTimeMs: 0, responses };
  },
});
