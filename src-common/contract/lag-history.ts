/** Persisted consumer-lag history with Burrow-style verdicts (docs/INSIGHT.md). */

/**
 * Burrow's partition statuses, in Burrow's order of severity (OK < WARN < ERR < STOP < STALL < REWIND).
 * ERR on a partition means it could not be evaluated (its topic or partition is gone).
 */
export type LagVerdict = 'OK' | 'WARN' | 'ERR' | 'STOP' | 'STALL' | 'REWIND';
export const LAG_VERDICTS: readonly LagVerdict[] = ['OK', 'WARN', 'ERR', 'STOP', 'STALL', 'REWIND'];

export interface PartitionVerdict {
  topic: string;
  partition: number;
  verdict: LagVerdict;
  /** Latest sample. */
  committedOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  /** Age of the first unconsumed record relative to the newest one (null: unknown). */
  timeLagMs: number | null;
  /** Committed offsets per second over the window (null: fewer than two commits seen). */
  consumeRate: number | null;
  /** Share of the window filled with commits (Burrow's "complete"), 0..1. */
  complete: number;
  /** Commits in the window. */
  windowCommits: number;
}

export interface GroupVerdict {
  groupId: string;
  /** The worst partition's verdict. */
  verdict: LagVerdict;
  /** Burrow's group status: OK, WARN, or ERR for anything worse. */
  burrowStatus: 'OK' | 'WARN' | 'ERR';
  totalLag: number;
  maxTimeLagMs: number | null;
  partitions: number;
  /** Worst partition first. */
  worst: PartitionVerdict | null;
  lastSampleAt: number | null;
}

export type LagResolution = 'raw' | 'minute' | 'hour';

export interface LagPoint {
  /** Bucket start (epoch ms). */
  t: number;
  /** Largest lag in the bucket. */
  lag: number;
  /** Records committed per second over the bucket (null: unknown). */
  rate: number | null;
  timeLagMs: number | null;
}

export interface LagSeries {
  topic: string;
  partition: number;
  points: LagPoint[];
}

export type LagEventKind = 'rebalance' | 'offset-reset' | 'state';

export interface LagHistoryEvent {
  t: number;
  kind: LagEventKind;
  /** e.g. "generation 4", "partition orders-1: 120 -> 0". */
  detail: string;
}

export interface LagHistoryRange {
  resolution: LagResolution;
  /** Bucket width actually used (ms). */
  bucketMs: number;
  fromMs: number;
  toMs: number;
  partitions: LagSeries[];
  /** Sum over partitions per bucket. */
  total: LagPoint[];
  events: LagHistoryEvent[];
}

export interface LagSamplingSettings {
  clusterId: string;
  enabled: boolean;
  /** 1000..60000 for remote clusters; the embedded broker is sampled every second. */
  intervalMs: number;
}

export interface LagStoreStats {
  path: string;
  bytes: number;
  capBytes: number;
  /** Stored blocks per level: raw (one minute of samples), minute (an hour of minute points), hour (a day). */
  rawBlocks: number;
  minuteBlocks: number;
  hourBlocks: number;
  oldestRawMs: number | null;
}
