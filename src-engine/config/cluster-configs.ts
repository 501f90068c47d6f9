/**
 * Where the config module meets the cluster: broker config layers from start-up options and the
 * persisted dynamic broker configs, and the effective config of a topic.
 */
import type { BrokerOptions } from '../cluster/options.js';
import type { BrokerConfigLayers, TopicConfig } from './topic-config.js';
import { effectiveTopicConfig } from './topic-config.js';
import { BROKER_CONFIGS } from './broker-configs.js';
import { validateBrokerConfigs } from './broker-config.js';
import { ConfigError } from './config-def.js';

/**
 * Where this desktop broker starts differently from Kafka's defaults, as a server.properties would say it:
 * fewer `__transaction_state` partitions (50 would slow every start). `configs` given at start-up win.
 */
const ENGINE_STATIC_DEFAULTS: Readonly<Record<string, string>> = {
  'transaction.state.log.num.partitions': '4',
  // A local cluster fails over in seconds, not in Kafka's 9 s / 30 s (docs/CLUSTER.md); both can be overridden.
  'broker.session.timeout.ms': '3000',
  'replica.lag.time.max.ms': '10000',
};

/** Static broker configs implied by start-up options, plus any Kafka-named `configs` given there. */
export function staticBrokerConfigs(options: BrokerOptions): Record<string, string> {
  return {
    ...ENGINE_STATIC_DEFAULTS,
    'auto.create.topics.enable': String(options.autoCreateTopics),
    'broker.id': String(options.nodeId),
    'node.id': String(options.nodeId),
    'log.dirs': options.dataDir,
    'num.partitions': String(options.numPartitions),
    'group.initial.rebalance.delay.ms': String(options.groupInitialRebalanceDelayMs),
    'log.retention.check.interval.ms': String(options.retentionCheckIntervalMs),
    'socket.request.max.bytes': String(options.maxRequestBytes),
    ...options.configs,
  };
}

/**
 * Checks the start-up configs as Kafka's KafkaConfig does: an invalid value of a known config stops the
 * broker (throws ConfigError, Kafka's wording); names it does not know are only warned about.
 */
export function checkStaticBrokerConfigs(options: BrokerOptions): void {
  const given = Object.entries(options.configs ?? {});
  // Per-listener forms (listener.name.<l>.<config>) are read by src-engine/security/.
  const unknown = given.filter(([name]) => !BROKER_CONFIGS.has(name) && !name.startsWith('listener.name.')).map(([name]) => name);
  if (unknown.length > 0) options.logger.warn(`These configurations '${unknown.join(', ')}' were supplied but are not used.`);
  const problems = validateBrokerConfigs(Object.fromEntries(given.filter(([name]) => BROKER_CONFIGS.has(name))), false);
  const first = problems[0];
  if (first) throw new ConfigError(first.name, problems.map((p) => p.message).join('; '));
}

/**
 * Kafka 4.1+ enables Eligible Leader Replicas (KIP-966) on every new cluster, and with ELR on the controller
 * writes a cluster-level min.insync.replicas (the static value) when there is none: a fresh Kafka 4.4 reports
 * the topic config from that dynamic default (source 3). Returns the persisted dynamic configs with it added,
 * or null when it is already there.
 */
export function withClusterMinInsyncReplicas(options: BrokerOptions, dynamic: Readonly<Record<string, string>>): Record<string, string> | null {
  const name = 'min.insync.replicas';
  if (dynamic[name] !== undefined) return null;
  const value = staticBrokerConfigs(options)[name] ?? BROKER_CONFIGS.get(name)?.defaultValue ?? '1';
  return { ...dynamic, [name]: value };
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
