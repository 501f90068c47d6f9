/** Committed offsets vs log end: the lag numbers shown for groups and topics. */

import type { PartitionLag } from '../../src-common/contract/groups.js';
import type { Watermarks } from '../kafka/offsets.js';

/**
 * Lag counts only records that still exist: a commit below the log start lags by (end - start), a commit past the
 * end (after truncation) lags 0. No commit = null (unknown), never 0.
 */
export function lagOf(committed: number | null, marks: Watermarks): number | null {
  if (committed === null) return null;
  return Math.max(0, marks.logEndOffset - Math.max(committed, marks.logStartOffset));
}

export function partitionLag(topic: string, partition: number, committed: number | null, metadata: string | null, marks: Watermarks): PartitionLag {
  return {
    topic,
    partition,
    committedOffset: committed,
    logStartOffset: marks.logStartOffset,
    logEndOffset: marks.logEndOffset,
    lag: lagOf(committed, marks),
    commitBelowLogStart: committed !== null && committed < marks.logStartOffset,
    timeLagMs: committed === null ? null : lagOf(committed, marks) === 0 ? 0 : null,
    metadata,
    memberId: null,
    clientId: null,
  };
}

export interface LagSums {
  total: number | null;
  max: number | null;
  withoutCommit: number;
  /**
   * Records retained in the partitions without a commit: the lag a consumer with auto.offset.reset=earliest starts
   * with there (with latest it is 0). The broker does not know a group's reset policy, so both are shown, labelled.
   */
  uncommittedFromEarliest: number;
}

export function sumLag(rows: { lag: number | null; logStartOffset: number; logEndOffset: number }[]): LagSums {
  let total: number | null = null;
  let max: number | null = null;
  let withoutCommit = 0;
  let uncommittedFromEarliest = 0;
  for (const r of rows) {
    if (r.lag === null) {
      withoutCommit++;
      uncommittedFromEarliest += Math.max(0, r.logEndOffset - r.logStartOffset);
      continue;
    }
    total = (total ?? 0) + r.lag;
    max = max === null ? r.lag : Math.max(max, r.lag);
  }
  return { total, max, withoutCommit, uncommittedFromEarliest };
}

/** kafkajs reports "no commit" as offset "-1". */
export function committedOffset(raw: string): number | null {
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}
