// Pure maths for the "how are records/keys spread over partitions" tab (unit-tested).
import type { KafkaMessage } from '../../../../src-common/contract/messages.js';

export interface PartitionShare {
  partition: number;
  count: number;
  /** count / total (0 when the topic is empty). */
  share: number;
  /** count / mean count; > HOT_FACTOR marks a hot partition. */
  skew: number;
  hot: boolean;
}

export const HOT_FACTOR = 1.5;

export function partitionShares(counts: { partition: number; count: number }[]): PartitionShare[] {
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  const mean = counts.length ? total / counts.length : 0;
  return counts.map(({ partition, count }) => {
    const skew = mean > 0 ? count / mean : 0;
    return { partition, count, share: total > 0 ? count / total : 0, skew, hot: counts.length > 1 && skew > HOT_FACTOR };
  });
}

export interface KeySample {
  sampled: number;
  /** Distinct keys seen per partition in the sample. */
  distinctKeysByPartition: Map<number, number>;
  nullKeys: number;
  /** Most frequent keys in the sample with the partition they landed on. */
  topKeys: { key: string; count: number; partitions: number[] }[];
}

/** Keys are compared by their base64 bytes; shown as text when they are valid UTF-8. */
export function sampleKeys(messages: KafkaMessage[], topN = 10): KeySample {
  const perPartition = new Map<number, Set<string>>();
  const keyStats = new Map<string, { label: string; count: number; partitions: Set<number> }>();
  let nullKeys = 0;
  for (const message of messages) {
    if (!message.key) {
      nullKeys += 1;
      continue;
    }
    const id = message.key.base64;
    let set = perPartition.get(message.partition);
    if (!set) perPartition.set(message.partition, (set = new Set()));
    set.add(id);
    const stat = keyStats.get(id) ?? { label: message.key.text ?? `base64:${id}`, count: 0, partitions: new Set<number>() };
    stat.count += 1;
    stat.partitions.add(message.partition);
    keyStats.set(id, stat);
  }
  const topKeys = [...keyStats.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, topN)
    .map((stat) => ({ key: stat.label, count: stat.count, partitions: [...stat.partitions].sort((a, b) => a - b) }));
  return {
    sampled: messages.length,
    distinctKeysByPartition: new Map([...perPartition].map(([partition, set]) => [partition, set.size])),
    nullKeys,
    topKeys,
  };
}
