/** The consumer-group coordinator's view of a running Cluster: its group.consumer.* configs and its topics. */
import type { Cluster } from '../../cluster/cluster.js';
import { brokerConfigNumber, brokerConfigValue } from '../../config/broker-config.js';
import type { BrokerConfigLayers } from '../../config/topic-config.js';
import type { ConsumerGroupConfig, TopicCatalog } from './coordinator.js';

const POLICIES: readonly ConsumerGroupConfig['migrationPolicy'][] = ['bidirectional', 'upgrade', 'downgrade', 'disabled'];

/** From the broker config layers (definitions in config/consumer-group-configs.ts). */
export function consumerGroupConfigFrom(layers: BrokerConfigLayers): ConsumerGroupConfig {
  const assignors = brokerConfigValue('group.consumer.assignors', layers);
  const policy = String(brokerConfigValue('group.consumer.migration.policy', layers)).toLowerCase();
  return {
    sessionTimeoutMs: brokerConfigNumber('group.consumer.session.timeout.ms', layers),
    heartbeatIntervalMs: brokerConfigNumber('group.consumer.heartbeat.interval.ms', layers),
    maxGroupSize: brokerConfigNumber('group.consumer.max.size', layers),
    assignors: Array.isArray(assignors) && assignors.length > 0 ? [...assignors] : ['uniform', 'range'],
    migrationPolicy: POLICIES.find((p) => p === policy) ?? 'bidirectional',
  };
}

export function topicCatalog(cluster: Cluster): TopicCatalog {
  return {
    topic(name) {
      const t = cluster.topics.byName.get(name);
      return t && !t.isInternal ? { topicId: t.topicId, partitions: t.partitions.length } : undefined;
    },
    topicName: (topicId) => cluster.topics.byId.get(topicId)?.name,
    topicNames: () => [...cluster.topics.byName.values()].filter((t) => !t.isInternal).map((t) => t.name),
  };
}
