/**
 * Partition metadata and offsets straight from partition leaders (ListOffsets with READ_UNCOMMITTED, so "latest" is
 * the high watermark even while a transaction is open).
 */

import type { ClusterConnection } from './connection.js';
import { DELETE_RECORDS, ISOLATION_READ_UNCOMMITTED, LIST_OFFSETS } from './wire-apis.js';
import { KafkaWireError } from './wire-connection.js';
import type { PartitionMetadata, WireCluster } from './wire-cluster.js';
import { fail } from '../errors.js';

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface Watermarks {
  partition: number;
  logStartOffset: number;
  logEndOffset: number;
}

/** Partition metadata of a topic, refreshed; 'not-found' when the topic does not exist. */
export async function topicPartitions(connection: ClusterConnection, topic: string): Promise<PartitionMetadata[]> {
  let partitions: PartitionMetadata[];
  try {
    partitions = await connection.wire().partitions(topic, true);
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
  return listOffsetsWith(connection.wire(), topics, timestamp);
}

async function listOffsetsWith(
  wire: WireCluster,
  topics: { topic: string; partitions: number[] }[],
  timestamp: number,
): Promise<Map<string, Map<number, number>>> {
  const byLeader = new Map<number, Map<string, number[]>>();
  const names = topics.map((t) => t.topic);
  await wire.ensureTopics(names);
  // Cached metadata may predate new partitions or a leader change: refresh once before giving up.
  const known = (t: string, p: number): boolean => wire.cachedPartitions(t).some((m) => m.partitionId === p && m.leader >= 0);
  if (!topics.every(({ topic, partitions }) => partitions.every((p) => known(topic, p)))) await wire.ensureTopics(names, true);
  for (const { topic, partitions } of topics) {
    const meta = wire.cachedPartitions(topic);
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
      const broker = await wire.broker(leader);
      const response = await broker.send(LIST_OFFSETS, {
        replicaId: -1,
        isolationLevel: ISOLATION_READ_UNCOMMITTED,
        topics: [...perTopic].map(([name, ps]) => ({
          name,
          partitions: ps.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 })),
        })),
      });
      for (const t of response.topics) {
        const m = out.get(t.name) ?? new Map<number, number>();
        out.set(t.name, m);
        for (const p of t.partitions) {
          if (p.errorCode !== 0) throw new KafkaWireError(p.errorCode, `ListOffsets ${t.name}-${p.partitionIndex}: ${new KafkaWireError(p.errorCode).type}`);
          // v0 answers with a list of offsets instead of one.
          m.set(p.partitionIndex, p.oldStyleOffsets.length > 0 ? (p.oldStyleOffsets[0] ?? -1) : p.offset);
        }
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
  return deleteRecordsWith(connection.wire(), topic, partitions, before);
}

async function deleteRecordsWith(wire: WireCluster, topic: string, partitions: number[], before: number): Promise<Map<number, number>> {
  const meta = await wire.partitions(topic, true);
  const byLeader = new Map<number, number[]>();
  for (const partition of partitions) {
    const leader = meta.find((m) => m.partitionId === partition)?.leader;
    if (leader === undefined || leader < 0) fail('not-found', `partition ${topic}-${partition} does not exist or has no leader`);
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
  }
  const out = new Map<number, number>();
  await Promise.all([...byLeader].map(async ([leader, ps]) => {
    const broker = await wire.broker(leader);
    const response = await broker.send(DELETE_RECORDS, {
      topics: [{ name: topic, partitions: ps.map((partitionIndex) => ({ partitionIndex, offset: before })) }],
      timeoutMs: 30_000,
    });
    for (const t of response.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== 0) throw new KafkaWireError(p.errorCode, `DeleteRecords ${topic}-${p.partitionIndex}: ${new KafkaWireError(p.errorCode).type}`);
        out.set(p.partitionIndex, p.lowWatermark);
      }
    }
  }));
  return out;
}
