/**
 * Where the config module meets the cluster: broker config layers from start-up options and the
 * persisted dynamic broker configs, and the effective config of a topic.
 */
import type { BrokerOptions } from '../cluster/options.js';
import type { BrokerConfigLayers, TopicConfig } from './topic-config.js';
import { effectiveTopicConfig } from './topic-config.js';

/** Static broker configs implied by start-up options, plus any Kafka-named `configs` given there. */
export function staticBrokerConfigs(options: BrokerOptions): Record<string, string> {
  return {
    'auto.create.topics.enable': String(options.autoCreateTopics),
    'broker.id': String(options.nodeId),
    'node.id': String(options.nodeId),
    'log.dirs': options.dataDir,
    'num.partitions': String(options.numPartitions),
    'log.retention.check.interval.ms': String(options.retentionCheckIntervalMs),
    'socket.request.max.bytes': String(options.maxRequestBytes),
    ...options.configs,
  };
}

/**
 * The dynamic broker configs the cluster persists are cluster-wide (one node), so they are reported
 * as Kafka's dynamic cluster defaults.
 */
export function brokerLayers(options: BrokerOptions, dynamic: ReadonlyMap<string, string>): BrokerConfigLayers {
  return { static: staticBrokerConfigs(options), dynamicDefault: Object.fromEntries(dynamic) };
}

/** Every broker-level config in force (static from options, then dynamic), Kafka-named. */
export function brokerConfigsInForce(options: BrokerOptions, dynamic: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...Object.entries(staticBrokerConfigs(options)), ...dynamic]);
}

export interface ConfigHost {
  readonly options: BrokerOptions;
  readonly brokerConfigOverrides: ReadonlyMap<string, string>;
}

export function clusterBrokerLayers(cluster: ConfigHost): BrokerConfigLayers {
  return brokerLayers(cluster.options, cluster.brokerConfigOverrides);
}

export function topicConfigOf(cluster: ConfigHost, overrides: ReadonlyMap<string, string>): TopicConfig {
  return effectiveTopicConfig(Object.fromEntries(overrides), clusterBrokerLayers(cluster));
}
