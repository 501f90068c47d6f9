/**
 * Decoding of the "consumer" protocol payloads (ConsumerProtocolSubscription in JoinGroup
 * metadata, ConsumerProtocolAssignment in SyncGroup assignments) for insight only: the
 * coordinator itself stays protocol-agnostic and stores the bytes untouched.
 */
import { Reader } from '../../src-protocol/codec/reader.js';
import {
  readConsumerProtocolAssignment,
  ConsumerProtocolAssignmentVersions,
} from '../../src-protocol/generated/data/consumer-protocol-assignment.js';
import {
  readConsumerProtocolSubscription,
  ConsumerProtocolSubscriptionVersions,
} from '../../src-protocol/generated/data/consumer-protocol-subscription.js';
import type { TopicPartitionAssignment } from '../../src-common/engine-events.js';

/**
 * Kafka reads newer payload versions with its highest known schema (fields are only ever
 * appended), so a version above ours is decoded as our max.
 */
function versionOf(r: Reader, max: number): number {
  const v = r.int16();
  if (v < 0) throw new Error(`negative consumer protocol version ${v}`);
  return Math.min(v, max);
}

/** Topic -> partitions of a SyncGroup assignment; [] for empty bytes, null when undecodable. */
export function decodeAssignment(bytes: Buffer): TopicPartitionAssignment[] | null {
  if (bytes.length === 0) return [];
  try {
    const r = new Reader(bytes);
    const a = readConsumerProtocolAssignment(r, versionOf(r, ConsumerProtocolAssignmentVersions.max));
    return mergeTopics(a.assignedPartitions);
  } catch {
    return null;
  }
}

export interface DecodedSubscription {
  topics: string[];
  ownedPartitions: TopicPartitionAssignment[];
}

/** The topics a consumer subscribes to (and, v1+, the partitions it still owns). */
export function decodeSubscription(bytes: Buffer): DecodedSubscription | null {
  if (bytes.length === 0) return null;
  try {
    const r = new Reader(bytes);
    const v = versionOf(r, ConsumerProtocolSubscriptionVersions.max);
    // Old clients end the payload early (no userData, no owned partitions); read what is there.
    const s = readSubscriptionLenient(r, v);
    return s;
  } catch {
    return null;
  }
}

function readSubscriptionLenient(r: Reader, v: number): DecodedSubscription {
  try {
    const s = readConsumerProtocolSubscription(r, v);
    return { topics: s.topics, ownedPartitions: mergeTopics(s.ownedPartitions) };
  } catch (e) {
    // Retry reading only the topic list: some clients omit the trailing nullable userData.
    const r2 = new Reader(r.buf);
    r2.int16();
    const n = r2.int32();
    if (n < 0 || n > r2.remaining()) throw e;
    const topics: string[] = [];
    for (let i = 0; i < n; i++) topics.push(r2.string(false));
    return { topics, ownedPartitions: [] };
  }
}

function mergeTopics(list: readonly { topic: string; partitions: number[] }[]): TopicPartitionAssignment[] {
  const byTopic = new Map<string, number[]>();
  for (const tp of list) {
    const ps = byTopic.get(tp.topic) ?? [];
    ps.push(...tp.partitions);
    byTopic.set(tp.topic, ps);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a - b) }));
}
