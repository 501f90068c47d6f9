// Lag of partitions a group never committed, shown by an assumed auto.offset.reset (the broker cannot know a
// group's reset policy): "earliest" counts every retained record there (what kafka-consumer-groups users expect a
// restarted consumer to read), "latest" counts none (Kafka's client default). The choice lives in the URL
// (`?uncommitted=latest`), earliest by default, and every figure that includes it says so.
import type { LocationQuery } from 'vue-router';

export type AssumedReset = 'earliest' | 'latest';

export function assumedReset(query: LocationQuery): AssumedReset {
  return query.uncommitted === 'latest' ? 'latest' : 'earliest';
}

export interface LagFigure {
  /** Committed lag plus, when assumed earliest, the uncommitted partitions' records; null when nothing is known. */
  value: number | null;
  /** What the figure includes, for the label; null when every partition has a commit. */
  note: string | null;
}

export function lagWithUncommitted(
  committedLag: number | null,
  lags: { partitionsWithoutCommit: number; uncommittedFromEarliest: number },
  reset: AssumedReset,
): LagFigure {
  const n = lags.partitionsWithoutCommit;
  // Nothing retained there: both policies agree, nothing to label.
  if (n === 0 || lags.uncommittedFromEarliest === 0) return { value: committedLag, note: null };
  const partitions = `${n} partition${n === 1 ? '' : 's'} without a commit`;
  if (reset === 'latest') return { value: committedLag ?? 0, note: `${partitions} counted as 0 (auto.offset.reset=latest)` };
  const extra = lags.uncommittedFromEarliest;
  return {
    value: (committedLag ?? 0) + extra,
    note: `incl. ${extra.toLocaleString('en-US')} in ${partitions} (auto.offset.reset=earliest)`,
  };
}
