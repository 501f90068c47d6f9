// The topic list's rows: the topic summary joined with its usage (groups, lag) and rates from two usage readings,
// and sorting by any column.
import type { TopicSummary, TopicUsage } from '../../../../src-common/contract/topics.js';

export interface UsageReading { at: number; topics: TopicUsage[] }

export interface TopicRow extends TopicSummary {
  groups: string[] | null;
  lag: number | null;
  /** Records/s produced (Δ high watermarks) and consumed (Δ committed offsets) between the last two readings. */
  produceRate: number | null;
  consumeRate: number | null;
}

export const TOPIC_SORT_KEYS = [
  'name', 'partitions', 'replicationFactor', 'underReplicatedPartitions', 'messageCount', 'sizeBytes',
  'consumers', 'lag', 'produceRate', 'consumeRate', 'cleanupPolicy',
] as const;
export type TopicSortKey = (typeof TOPIC_SORT_KEYS)[number];

export function isTopicSortKey(value: string | undefined): value is TopicSortKey {
  return (TOPIC_SORT_KEYS as readonly string[]).includes(value ?? '');
}

export function joinRows(topics: TopicSummary[], latest: UsageReading | null, previous: UsageReading | null): TopicRow[] {
  const now = new Map(latest?.topics.map((u) => [u.topic, u]) ?? []);
  const before = new Map(previous?.topics.map((u) => [u.topic, u]) ?? []);
  const seconds = latest && previous ? (latest.at - previous.at) / 1000 : 0;
  return topics.map((t) => {
    const u = now.get(t.name);
    const p = before.get(t.name);
    const rate = (a: number | undefined, b: number | undefined): number | null =>
      a !== undefined && b !== undefined && seconds > 0 ? Math.max(0, a - b) / seconds : null;
    return {
      ...t,
      groups: u ? u.groups : latest && !t.internal ? [] : null,
      lag: u ? u.lag : null,
      produceRate: rate(u?.endOffsetSum, p?.endOffsetSum),
      consumeRate: rate(u?.committedSum, p?.committedSum),
    };
  });
}

function sortValue(row: TopicRow, key: TopicSortKey): number | string | null {
  if (key === 'consumers') return row.groups?.length ?? null;
  if (key === 'cleanupPolicy') return row.cleanupPolicy;
  if (key === 'name') return row.name;
  return row[key];
}

/** Unknown values (null) sort last in both directions; ties by name. */
export function sortRows(rows: TopicRow[], key: TopicSortKey, descending: boolean): TopicRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const left = sortValue(a, key);
    const right = sortValue(b, key);
    if (left === null && right !== null) return 1;
    if (right === null && left !== null) return -1;
    let order = 0;
    if (typeof left === 'string' && typeof right === 'string') order = left.localeCompare(right);
    else if (typeof left === 'number' && typeof right === 'number') order = left - right;
    return sign * order || a.name.localeCompare(b.name);
  });
}
