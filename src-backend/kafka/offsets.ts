/**
 * Partition metadata and offsets straight from partition leaders (ListOffsets with READ_UNCOMMITTED, so "latest" is
 * the high watermark even while a transaction is open).
 */

import type { ClusterConnection } from './connection.js';
import { ISOLATION_READ_UNCOMMITTED, type RawCluster, type RawPartitionMetadata } from './raw.js';
import { fail } from '../errors.js';

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface Watermarks {
  partition: number;
  logStartOffset: number;
  logEndOffset: number;
}

/** Partition metadata of a topic, refreshed; 'not-found' when the topic does not exist. */
export async function topicPartitions(connection: ClusterConnection, topic: string): Promise<RawPartitionMetadata[]> {
  let partitions: RawPartitionMetadata[];
  try {
    partitions = await connection.withRaw(async (raw) => {
      await raw.addTargetTopic(topic);
      await raw.refreshMetadata();
      return raw.findTopicPartitionMetadata(topic);
    });
  } catch (error) {
    if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') fail('not-found', `topic ${topic} does not exist`);
    throw error;
  }
  if (partitions.length === 0) fail('not-found', `topic ${topic} does not exist`);
  return [...partitions].sort((a, b) => a.partitionId - b.partitionId);
}

/**
 * ListOffsets for the given partitions at one timestamp (LATEST_TIMESTAMP, EARLIEST_TIMESTAMP or a time in ms).
 * Returns -1 for a time past the newest record.
 */
export async function listOffsets(
  connection: ClusterConnection,
  topic: string,
  partitions: number[],
  timestamp: number,
): Promise<Map<number, number>> {
  const all = await listOffsetsMany(connection, [{ topic, partitions }], timestamp);
  return all.get(topic) ?? new Map();
}

/** ListOffsets for many topics at once: one request per leader broker. */
export async function listOffsetsMany(
  connection: ClusterConnection,
  topics: { topic: string; partitions: number[] }[],
  timestamp: number,
): Promise<Map<string, Map<number, number>>> {
  return connection.withRaw((raw) => listOffsetsWith(raw, topics, timestamp));
}

async function listOffsetsWith(
  raw: RawCluster,
  topics: { topic: string; partitions: number[] }[],
  timestamp: number,
): Promise<Map<string, Map<number, number>>> {
  const byLeader = new Map<number, Map<string, number[]>>();
  await raw.addMultipleTargetTopics(topics.map((t) => t.topic));
  // Cached metadata may predate new partitions or a leader change: refresh once before giving up.
  const known = (t: string, p: number): boolean => raw.findTopicPartitionMetadata(t).some((m) => m.partitionId === p && m.leader >= 0);
  if (!topics.every(({ topic, partitions }) => partitions.every((p) => known(topic, p)))) await raw.refreshMetadata();
  for (const { topic, partitions } of topics) {
    const meta = raw.findTopicPartitionMetadata(topic);
    for (const partition of partitions) {
      const leader = meta.find((m) => m.partitionId === partition)?.leader;
      if (leader === undefined || leader < 0) fail('not-found', `partition ${topic}-${partition} does not exist or has no leader`);
      const perTopic = byLeader.get(leader) ?? new Map<string, number[]>();
      byLeader.set(leader, perTopic);
      perTopic.set(topic, [...(perTopic.get(topic) ?? []), partition]);
    }
  }
  const out = new Map<string, Map<number, number>>();
  await Promise.all(
    [...byLeader].map(async ([leader, perTopic]) => {
      const broker = await raw.findBroker({ nodeId: leader });
      const response = await broker.listOffsets({
        replicaId: -1,
        isolationLevel: ISOLATION_READ_UNCOMMITTED,
        topics: [...perTopic].map(([topic, ps]) => ({ topic, partitions: ps.map((partition) => ({ partition, timestamp })) })),
      });
      for (const t of response.responses) {
        const m = out.get(t.topic) ?? new Map<number, number>();
        out.set(t.topic, m);
        for (const p of t.partitions) m.set(p.partition, Number(p.offset));
      }
    }),
  );
  return out;
}

/** Watermarks of many topics (two ListOffsets rounds in total). */
export async function watermarksMany(
  connection: ClusterConnection,
  topics: { topic: string; partitions: number[] }[],
): Promise<Map<string, Map<number, Watermarks>>> {
  const [low, high] = await Promise.all([
    listOffsetsMany(connection, topics, EARLIEST_TIMESTAMP),
    listOffsetsMany(connection, topics, LATEST_TIMESTAMP),
  ]);
  const out = new Map<string, Map<number, Watermarks>>();
  for (const { topic, partitions } of topics) {
    const m = new Map<number, Watermarks>();
    for (const partition of partitions) {
      const logEndOffset = high.get(topic)?.get(partition) ?? 0;
      m.set(partition, { partition, logStartOffset: Math.min(low.get(topic)?.get(partition) ?? 0, logEndOffset), logEndOffset });
    }
    out.set(topic, m);
  }
  return out;
}

export async function watermarks(connection: ClusterConnection, topic: string, partitions: number[]): Promise<Map<number, Watermarks>> {
  return (await watermarksMany(connection, [{ topic, partitions }])).get(topic) ?? new Map();
}

/** First offset with timestamp >= ts per partition; the high watermark when no such record exists. */
export async function offsetsForTimestamp(
  connection: ClusterConnection,
  topic: string,
  partitions: number[],
  timestamp: number,
  marks: Map<number, Watermarks>,
): Promise<Map<number, number>> {
  const found = await listOffsets(connection, topic, partitions, timestamp);
  const out = new Map<number, number>();
  for (const partition of partitions) {
    const offset = found.get(partition) ?? -1;
    out.set(partition, offset >= 0 ? offset : (marks.get(partition)?.logEndOffset ?? 0));
  }
  return out;
}

/** DeleteRecords below `before` (-1 = the high watermark) on each partition's leader; returns new log starts. */
export async function deleteRecords(
  connection: ClusterConnection, topic: string, partitions: number[], before: number,
): Promise<Map<number, number>> {
  return connection.withRaw((raw) => deleteRecordsWith(raw, topic, partitions, before));
}

async function deleteRecordsWith(raw: RawCluster, topic: string, partitions: number[], before: number): Promise<Map<number, number>> {
  await raw.addTargetTopic(topic);
  await raw.refreshMetadata();
  const meta = raw.findTopicPartitionMetadata(topic);
  const byLeader = new Map<number, number[]>();
  for (const partition of partitions) {
    const leader = meta.find((m) => m.partitionId === partition)?.leader;
    if (leader === undefined || leader < 0) fail('not-found', `partition ${topic}-${partition} does not exist or has no leader`);
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
  }
  const out = new Map<number, number>();
  await Promise.all([...byLeader].map(async ([leader, ps]) => {
    const broker = await raw.findBroker({ nodeId: leader });
    const response = await broker.deleteRecords({ topics: [{ topic, partitions: ps.map((partition) => ({ partition, offset: String(before) })) }] });
    for (const t of response.topics) for (const p of t.partitions) out.set(p.partition, Number(p.lowWatermark));
  }));
  return out;
}
