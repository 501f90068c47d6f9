// Client-side lag history (no Prometheus needed): one sample per poll of groups.get, kept in a bounded ring.
import type { GroupDetail } from '../../../../src-common/contract/groups.js';

export interface LagSample {
  at: number;
  totalLag: number | null;
  /** "topic-partition" -> lag (null = no commit). */
  partitions: Record<string, number | null>;
}

export const MAX_LAG_SAMPLES = 720; // one hour at 5 s

export function sampleFromDetail(detail: GroupDetail, at: number): LagSample {
  const partitions: Record<string, number | null> = {};
  for (const offset of detail.offsets) partitions[`${offset.topic}-${offset.partition}`] = offset.lag;
  return { at, totalLag: detail.totalLag, partitions };
}

export function appendLagSample(history: LagSample[], sample: LagSample, max = MAX_LAG_SAMPLES): LagSample[] {
  const next = history.concat(sample);
  return next.length > max ? next.slice(next.length - max) : next;
}

/** A Burrow-flavoured one-word verdict from the recent window of total lag. */
export type LagTrend = 'ok' | 'catching-up' | 'growing' | 'stalled' | 'unknown';

export function lagTrend(history: LagSample[], window = 6): LagTrend {
  const recent = history.slice(-window).map((s) => s.totalLag).filter((lag): lag is number => lag !== null);
  if (recent.length < 2) return 'unknown';
  if (recent.some((lag) => lag === 0)) return 'ok';
  const first = recent[0] ?? 0;
  const last = recent[recent.length - 1] ?? 0;
  if (last < first) return 'catching-up';
  if (last > first && recent.every((lag, i) => i === 0 || lag >= (recent[i - 1] ?? 0))) return 'growing';
  return last === first ? 'stalled' : 'growing';
}
