/** The consumer-group coordinator's view of a running Cluster: its group.consumer.* configs and its topics. */
import type { Cluster } from '../../cluster/cluster.js';
import { BROKER_CONFIGS } from '../../config/broker-configs.js';
import { DEFAULT_CONSUMER_GROUP_CONFIG, type ConsumerGroupConfig, type TopicCatalog } from './coordinator.js';

function configValue(cluster: Cluster, name: string): string | undefined {
  return cluster.options.configs?.[name] ?? cluster.brokerConfigsInForce.get(name) ?? BROKER_CONFIGS.get(name)?.defaultValue ?? undefined;
}

function int(cluster: Cluster, name: string, fallback: number): number {
  const n = Number(configValue(cluster, name));
  return Number.isFinite(n) ? n : fallback;
}

const POLICIES: readonly ConsumerGroupConfig['migrationPolicy'][] = ['bidirectional', 'upgrade', 'downgrade', 'disabled'];

export function consumerGroupConfigFor(cluster: Cluster): ConsumerGroupConfig {
  const d = DEFAULT_CONSUMER_GROUP_CONFIG;
  const assignors = (configValue(cluster, 'group.consumer.assignors') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const policy = (configValue(cluster, 'group.consumer.migration.policy') ?? '').toLowerCase();
  return {
    sessionTimeoutMs: int(cluster, 'group.consumer.session.timeout.ms', d.sessionTimeoutMs),
    heartbeatIntervalMs: int(cluster, 'group.consumer.heartbeat.interval.ms', d.heartbeatIntervalMs),
    maxGroupSize: int(cluster, 'group.consumer.max.size', d.maxGroupSize),
    assignors: assignors.length > 0 ? assignors : d.assignors,
    migrationPolicy: POLICIES.find((p) => p === policy) ?? d.migrationPolicy,
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
