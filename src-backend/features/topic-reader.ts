/** Topic metadata + watermarks (+ sizes from the engine for the embedded cluster) in the contract's shapes. */

import type { ITopicMetadata } from 'kafkajs';
import { ConfigResourceTypes } from '../kafka/kafkajs.js';
import type { PartitionInfo, TopicDetail, TopicSummary } from '../../src-common/contract/topics.js';
import type { EngineLink } from '../engine-link.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { leaderReplicaSizes } from '../kafka/log-dirs.js';
import { watermarksMany, type Watermarks } from '../kafka/offsets.js';

export const isInternalTopic = (name: string): boolean => name.startsWith('__');

export interface TopicData {
  meta: ITopicMetadata;
  marks: Map<number, Watermarks>;
  sizes: Map<number, number> | null;
}

export async function readTopics(connection: ClusterConnection, names: string[], engine: EngineLink | null): Promise<TopicData[]> {
  if (names.length === 0) return [];
  const admin = await connection.admin();
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const [marks, sizes] = await Promise.all([
    watermarksMany(connection, topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partitionId) }))),
    // The embedded broker knows its sizes; any other cluster is asked with DescribeLogDirs.
    engine ? engineSizes(engine, topics.map((t) => t.name)) : leaderReplicaSizes(connection, topics.map((t) => t.name)),
  ]);
  return topics.map((meta) => ({
    meta,
    marks: marks.get(meta.name) ?? new Map(),
    sizes: sizes?.get(meta.name) ?? null,
  }));
}

/** Sizes from the broker process; unknown (null) while it restarts, the rest of the answer still stands. */
async function engineSizes(engine: EngineLink, names: string[]): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  await Promise.all(names.map(async (name) => {
    const sizes = await engine.partitionSizes(name).catch(() => null);
    if (sizes) out.set(name, sizes);
  }));
  return out;
}

function partitionInfo(data: TopicData, p: ITopicMetadata['partitions'][number]): PartitionInfo {
  const m = data.marks.get(p.partitionId) ?? { partition: p.partitionId, logStartOffset: 0, logEndOffset: 0 };
  const count = m.logEndOffset - m.logStartOffset;
  return {
    partition: p.partitionId,
    leader: p.leader >= 0 ? p.leader : null,
    replicas: p.replicas,
    isr: p.isr,
    offlineReplicas: p.offlineReplicas ?? [],
    logStartOffset: m.logStartOffset,
    logEndOffset: m.logEndOffset,
    messageCount: count,
    // HW - LW over-counts compacted, transactional and purged-in-the-middle logs; only an empty log is exact.
    countIsEstimate: count !== 0,
    sizeBytes: data.sizes?.get(p.partitionId) ?? null,
  };
}

export function topicDetail(data: TopicData): TopicDetail {
  const partitions = data.meta.partitions.map((p) => partitionInfo(data, p)).sort((a, b) => a.partition - b.partition);
  return {
    name: data.meta.name,
    topicId: null,
    internal: isInternalTopic(data.meta.name),
    replicationFactor: partitions[0]?.replicas.length ?? 0,
    partitions,
    messageCount: partitions.reduce((n, p) => n + p.messageCount, 0),
    countIsEstimate: partitions.some((p) => p.countIsEstimate),
    sizeBytes: data.sizes ? partitions.reduce((n, p) => n + (p.sizeBytes ?? 0), 0) : null,
  };
}

export function topicSummary(data: TopicData, cleanupPolicy: string | null): TopicSummary {
  const d = topicDetail(data);
  return {
    name: d.name,
    topicId: d.topicId,
    internal: d.internal,
    partitions: d.partitions.length,
    replicationFactor: d.replicationFactor,
    underReplicatedPartitions: d.partitions.filter((p) => p.isr.length < p.replicas.length).length,
    sizeBytes: d.sizeBytes,
    messageCount: d.messageCount,
    countIsEstimate: d.countIsEstimate,
    cleanupPolicy,
  };
}

/** cleanup.policy of many topics in one DescribeConfigs; an empty map when the cluster refuses. */
export async function cleanupPolicies(connection: ClusterConnection, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  try {
    const admin = await connection.admin();
    const result = await admin.describeConfigs({
      includeSynonyms: false,
      resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['cleanup.policy'] })),
    });
    const out = new Map<string, string>();
    for (const r of result.resources) {
      const entry = r.configEntries.find((e) => e.configName === 'cleanup.policy');
      if (entry) out.set(r.resourceName, entry.configValue);
    }
    return out;
  } catch {
    return new Map();
  }
}
