/** Key statistics over sampled records, and how murmur2 (the ONE in src-common/partitioning) would spread them. */

import type { KeySkewReport, PartitionKeyStats, PartitionSpread, TopKey } from '../../src-common/contract/key-skew.js';
import { partitionForKey } from '../../src-common/partitioning/murmur2.js';

const TOP_KEYS = 20;
/** Distinct keys tracked for the top-keys table and the what-if (memory bound for very diverse keys). */
const MAX_TRACKED_KEYS = 200_000;

export function spreadScore(counts: readonly number[]): { skewScore: number; maxOverMean: number } {
  const n = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return { skewScore: 0, maxOverMean: 0 };
  const mean = total / n;
  const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / n;
  return { skewScore: Math.sqrt(variance) / mean, maxOverMean: Math.max(...counts) / mean };
}

interface KeyEntry { key: Buffer; records: number; bytes: number; partitions: Set<number> }

/** Collects one topic's sampled records, partition by partition. */
export class KeySkewCollector {
  private readonly keys = new Map<string, KeyEntry>();
  private readonly stats = new Map<number, PartitionKeyStats & { seen: Set<string> }>();
  private nullKeys = 0;

  constructor(private readonly numPartitions: number) {}

  partition(partition: number, records: number, exact: boolean): void {
    this.stats.set(partition, { partition, records, sampledRecords: 0, sampledBytes: 0, distinctKeys: 0, nullKeys: 0, notByMurmur2: 0, exact, seen: new Set() });
  }

  add(partition: number, key: Buffer | null, value: Buffer | null): void {
    const s = this.stats.get(partition);
    if (!s) return;
    const bytes = (key?.length ?? 0) + (value?.length ?? 0);
    s.sampledRecords++;
    s.sampledBytes += bytes;
    if (key === null) {
      s.nullKeys++;
      this.nullKeys++;
      return;
    }
    if (partitionForKey(key, this.numPartitions) !== partition) s.notByMurmur2++;
    const id = key.toString('base64');
    s.seen.add(id);
    let entry = this.keys.get(id);
    if (!entry && this.keys.size < MAX_TRACKED_KEYS) this.keys.set(id, (entry = { key, records: 0, bytes: 0, partitions: new Set() }));
    if (entry) {
      entry.records++;
      entry.bytes += bytes;
      entry.partitions.add(partition);
    }
  }

  report(topic: string, whatIfCounts: readonly number[], samplePerPartition: number): KeySkewReport {
    const partitions = [...this.stats.values()].sort((a, b) => a.partition - b.partition)
      .map(({ seen, ...p }) => ({ ...p, distinctKeys: seen.size }));
    const records = partitions.map((p) => p.records);
    const { skewScore, maxOverMean } = spreadScore(records);
    const hottest = partitions.reduce<PartitionKeyStats | null>((best, p) => (best === null || p.records > best.records ? p : best), null);
    const topKeys: TopKey[] = [...this.keys.values()].sort((a, b) => b.records - a.records).slice(0, TOP_KEYS).map((e) => {
      const text = e.key.toString('utf8');
      const printable = Buffer.from(text, 'utf8').equals(e.key) && ![...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
      return { key: printable ? text : e.key.toString('base64'), encoding: printable ? 'text' : 'base64', records: e.records, bytes: e.bytes, partitions: [...e.partitions].sort((a, b) => a - b) };
    });
    const whatIf: PartitionSpread[] = [...new Set([this.numPartitions, ...whatIfCounts])].map((n) => {
      const keyedRecords = new Array<number>(n).fill(0);
      for (const e of this.keys.values()) {
        const p = partitionForKey(e.key, n);
        keyedRecords[p] = (keyedRecords[p] ?? 0) + e.records;
      }
      return { partitions: n, keyedRecords, ...spreadScore(keyedRecords) };
    });
    return { topic, partitions, skewScore, maxOverMean, hottestPartition: hottest?.partition ?? null, topKeys, whatIf, sampledNullKeys: this.nullKeys, samplePerPartition };
  }
}
