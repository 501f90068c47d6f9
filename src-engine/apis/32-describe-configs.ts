/**
 * DescribeConfigs (32) v0-4: topic configs with value, source, synonyms and documentation, and the
 * broker's configs (per-broker resource = its id, cluster-default resource = ""), as Kafka's ConfigHelper.
 */
import { defineHandler, type RequestContext } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { topicNameProblem } from '../cluster/topic-names.js';
import { CONFIG_TYPE_ID, ConfigSource, describeBrokerConfigs, describeTopicConfigs, type DescribedConfig } from '../config/index.js';
import { clusterBrokerLayers } from '../config/cluster-configs.js';
import type {
  DescribeConfigsRequest,
  DescribeConfigsRequestDescribeConfigsResource,
  DescribeConfigsResponse,
  DescribeConfigsResponseDescribeConfigsResourceResult,
  DescribeConfigsResponseDescribeConfigsResult,
} from '../../src-protocol/generated/32-describe-configs.js';
import { configDeniedCode, configResourceAuthorized, Op } from '../security/authz.js';

/** `ConfigResource.Type` ids. */
export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;

interface Flags {
  readonly version: number;
  readonly includeSynonyms: boolean;
  readonly includeDocumentation: boolean;
}

/** Kafka answers a broker resource only for its own id or ""; anything else is INVALID_REQUEST. */
export function checkBrokerResource(ctx: RequestContext, name: string): 'default' | 'broker' {
  if (name === '') return 'default';
  if (!/^-?\d+$/.test(name)) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Broker id must be an integer, but it is: ${name}`);
  if (Number(name) !== ctx.cluster.nodeId) {
    throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${ctx.cluster.nodeId} or empty string, but received ${name}`);
  }
  return 'broker';
}

function toWire(c: DescribedConfig, f: Flags): DescribeConfigsResponseDescribeConfigsResourceResult {
  return {
    name: c.name,
    value: c.sensitive ? null : c.value,
    readOnly: c.readOnly,
    isDefault: c.source === ConfigSource.DEFAULT_CONFIG,
    configSource: c.source,
    isSensitive: c.sensitive,
    synonyms: f.includeSynonyms ? c.synonyms.map((s) => ({ name: s.name, value: c.sensitive ? null : s.value, source: s.source })) : [],
    configType: CONFIG_TYPE_ID[c.type],
    documentation: f.includeDocumentation ? c.documentation : null,
  };
}

function describeResource(ctx: RequestContext, r: DescribeConfigsRequestDescribeConfigsResource): DescribedConfig[] {
  const layers = clusterBrokerLayers(ctx.cluster);
  switch (r.resourceType) {
    case ResourceType.TOPIC: {
      const problem = topicNameProblem(r.resourceName);
      if (problem) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
      const topic = ctx.cluster.topic(r.resourceName);
      if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${r.resourceName}' does not exist.`);
      return describeTopicConfigs(Object.fromEntries(topic.configOverrides), layers);
    }
    case ResourceType.BROKER:
      return describeBrokerConfigs(layers, checkBrokerResource(ctx, r.resourceName) === 'broker');
    case ResourceType.BROKER_LOGGER:
      if (r.resourceName === '') throw new KafkaError(ErrorCode.INVALID_REQUEST, 'Broker id must not be empty');
      checkBrokerResource(ctx, r.resourceName);
      return []; // log levels are not exposed as Kafka loggers
    default:
      throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unsupported resource type: ${r.resourceType}`);
  }
}

export const describeConfigs = defineHandler<DescribeConfigsRequest, DescribeConfigsResponse>({
  key: 32,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    const flags: Flags = {
      version: ctx.apiVersion,
      includeSynonyms: ctx.apiVersion >= 1 && req.includeSynonyms,
      includeDocumentation: ctx.apiVersion >= 3 && req.includeDocumentation,
    };
    const results = req.resources.map((r): DescribeConfigsResponseDescribeConfigsResult => {
      try {
        if (!configResourceAuthorized(ctx, r.resourceType, r.resourceName, Op.DESCRIBE_CONFIGS)) throw new KafkaError(configDeniedCode(r.resourceType), 'Authorization failed.');
        const keys = r.configurationKeys === null || r.configurationKeys.length === 0 ? null : new Set(r.configurationKeys);
        const configs = describeResource(ctx, r).filter((c) => keys === null || keys.has(c.name));
        return { errorCode: ErrorCode.NONE, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs: configs.map((c) => toWire(c, flags)) };
      } catch (err) {
        return {
          errorCode: err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR,
          errorMessage: err instanceof Error ? err.message : String(err),
          resourceType: r.resourceType,
          resourceName: r.resourceName,
          configs: [],
        };
      }
    });
    return { throttleTimeMs: 0, results };
  },
});
