/** A group's history over a time range, bucketed for a chart: per partition and in total, with the events. */

import type { LagHistoryEvent, LagHistoryRange, LagPoint, LagSeries } from '../../src-common/contract/lag-history.js';
import { LEVELS, type LagStore, type SeriesRef } from './lag-store.js';
import type { LagSamplePoint } from './point-codec.js';

/** The finest level that still covers `fromMs` (raw for recent ranges, then minutes, then hours). */
export function levelFor(fromMs: number, nowMs: number, retentionMs: readonly number[]): number {
  for (let i = 0; i < LEVELS.length; i++) if (fromMs >= nowMs - (retentionMs[i] ?? 0)) return i;
  return LEVELS.length - 1;
}

interface Bucket { t: number; lag: number | null; committed: number | null; lastT: number; timeLagMs: number | null }

function bucketize(points: readonly LagSamplePoint[], bucketMs: number): Bucket[] {
  const out: Bucket[] = [];
  for (const p of points) {
    const t = Math.floor(p.t / bucketMs) * bucketMs;
    let b = out[out.length - 1];
    if (!b || b.t !== t) out.push((b = { t, lag: null, committed: null, lastT: p.t, timeLagMs: null }));
    if (p.lag !== null) b.lag = Math.max(b.lag ?? 0, p.lag);
    if (p.timeLagMs !== null) b.timeLagMs = Math.max(b.timeLagMs ?? 0, p.timeLagMs);
    if (p.committed !== null) b.committed = p.committed;
    b.lastT = p.t;
  }
  return out;
}

function toPoints(buckets: Bucket[]): LagPoint[] {
  return buckets.map((b, i) => {
    const prev = buckets[i - 1];
    let rate: number | null = null;
    if (prev && prev.committed !== null && b.committed !== null && b.lastT > prev.lastT) {
      rate = Math.max(0, b.committed - prev.committed) / ((b.lastT - prev.lastT) / 1000);
    }
    return { t: b.t, lag: b.lag ?? 0, rate, timeLagMs: b.timeLagMs };
  });
}

export function bucketRange(
  store: LagStore, refs: SeriesRef[], events: LagHistoryEvent[], fromMs: number, toMs: number, maxPoints: number,
  retentionMs: readonly number[], nowMs: number,
): LagHistoryRange {
  const levelIndex = levelFor(fromMs, nowMs, retentionMs);
  const level = LEVELS[levelIndex] as (typeof LEVELS)[number];
  const wanted = Math.max(1, Math.ceil((toMs - fromMs) / Math.max(1, maxPoints)));
  const bucketMs = Math.max(level.pointMs, Math.ceil(wanted / level.pointMs) * level.pointMs);
  const partitions: LagSeries[] = refs.map((r) => ({
    topic: r.topic, partition: r.partition, points: toPoints(bucketize(store.read(r.id, levelIndex, fromMs, toMs), bucketMs)),
  }));
  const totals = new Map<number, LagPoint>();
  for (const s of partitions) {
    for (const p of s.points) {
      const t = totals.get(p.t) ?? { t: p.t, lag: 0, rate: null, timeLagMs: null };
      t.lag += p.lag;
      if (p.rate !== null) t.rate = (t.rate ?? 0) + p.rate;
      if (p.timeLagMs !== null) t.timeLagMs = Math.max(t.timeLagMs ?? 0, p.timeLagMs);
      totals.set(p.t, t);
    }
  }
  return {
    resolution: level.name, bucketMs, fromMs, toMs, partitions,
    total: [...totals.values()].sort((a, b) => a.t - b.t), events,
  };
}
