/** IncrementalAlterConfigs (44) v0-1: SET / DELETE / APPEND / SUBTRACT on topic and broker configs. */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import {
  applyIncremental, brokerListValue, brokerTypeOf, rejectDuplicates, storeBrokerConfigs, storeTopicConfigs, topicListValue, topicTypeOf,
} from '../config/alter.js';
import { ResourceType, checkBrokerResource } from './32-describe-configs.js';
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../../src-protocol/generated/44-incremental-alter-configs.js';
import { configDeniedCode, configResourceAuthorized, Op } from '../security/authz.js';

export const incrementalAlterConfigs = defineHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>({
  key: 44,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, req) {
    const cluster = ctx.cluster;
    const responses = req.resources.map((r) => {
      try {
        if (!configResourceAuthorized(ctx, r.resourceType, r.resourceName, Op.ALTER_CONFIGS)) throw new KafkaError(configDeniedCode(r.resourceType), 'Authorization failed.');
        const changes = r.configs.map((c) => ({ name: c.name, value: c.value, op: c.configOperation }));
        rejectDuplicates(changes);
        if (r.resourceType === ResourceType.TOPIC) {
          const topic = cluster.topic(r.resourceName);
          if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${r.resourceName}' does not exist.`);
          const next = applyIncremental(topic.configOverrides, changes, topicTypeOf, (n) => topicListValue(cluster, topic.configOverrides, n));
          storeTopicConfigs(cluster, r.resourceName, next, req.validateOnly);
        } else if (r.resourceType === ResourceType.BROKER) {
          checkBrokerResource(ctx, r.resourceName);
          const next = applyIncremental(cluster.brokerConfigOverrides, changes, brokerTypeOf, (n) => brokerListValue(cluster, n));
          storeBrokerConfigs(cluster, next, req.validateOnly, r.resourceName);
        } else if (r.resourceType === ResourceType.BROKER_LOGGER) {
          checkBrokerResource(ctx, r.resourceName);
          // Log levels are not exposed as Kafka loggers; accept and ignore, as a broker without them would.
        } else {
          throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unexpected resource type ${r.resourceType}`);
        }
        return { errorCode: ErrorCode.NONE, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName };
      } catch (err) {
        return {
          errorCode: err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR,
          errorMessage: err instanceof Error ? err.message : String(err),
          resourceType: r.resourceType,
          resourceName: r.resourceName,
        };
      }
    });
    return { throttleTimeMs: 0, responses };
  },
});
