/**
 * Retention for cleanup.policy=delete (Kafka's UnifiedLog.deleteOldSegments): whole segments, oldest
 * first, when their newest timestamp is older than retention.ms, while the log exceeds retention.bytes,
 * and (for every policy) when they lie entirely below the log start offset moved by DeleteRecords.
 * Planning is pure so the GUI can show what goes next and when.
 */
import type { SegmentInfo } from '../storage/partition-log.js';
import type { TopicConfig } from '../config/topic-config.js';

export type RetentionReason = 'retention.ms' | 'retention.bytes' | 'log-start-offset';

export interface RetentionPlan {
  /** How many of the oldest segments to delete now (may include the active one: it is rolled first). */
  readonly count: number;
  readonly reason: RetentionReason | null;
  /** Per reason, how many segments it accounts for (in Kafka's order: time, size, start offset). */
  readonly byReason: Readonly<Record<RetentionReason, number>>;
}

export interface SegmentForecast {
  readonly baseOffset: number;
  /** When retention.ms makes this segment deletable (its newest timestamp + retention.ms), null if never. */
  readonly expiresAt: number | null;
  /** Deleted by the next retention check. */
  readonly deletableNow: boolean;
  readonly reason: RetentionReason | null;
}

type RetentionConfig = Pick<TopicConfig, 'cleanupPolicy' | 'retentionMs' | 'retentionBytes'>;

function timeExpired(seg: SegmentInfo, cfg: RetentionConfig, now: number): boolean {
  if (cfg.retentionMs < 0 || seg.sizeBytes === 0) return false;
  return now - seg.lastTimestamp > cfg.retentionMs;
}

export function planRetention(segments: readonly SegmentInfo[], cfg: RetentionConfig, logStartOffset: number, now: number): RetentionPlan {
  const byReason: Record<RetentionReason, number> = { 'retention.ms': 0, 'retention.bytes': 0, 'log-start-offset': 0 };
  let i = 0;
  if (cfg.cleanupPolicy.delete) {
    while (i < segments.length && timeExpired(segments[i] as SegmentInfo, cfg, now)) i++;
    byReason['retention.ms'] = i;
    if (cfg.retentionBytes >= 0) {
      let diff = segments.slice(i).reduce((sum, s) => sum + s.sizeBytes, 0) - cfg.retentionBytes;
      const start = i;
      while (i < segments.length) {
        const seg = segments[i] as SegmentInfo;
        if (seg.sizeBytes === 0 || diff - seg.sizeBytes < 0) break;
        diff -= seg.sizeBytes;
        i++;
      }
      byReason['retention.bytes'] = i - start;
    }
  }
  const start = i;
  while (i < segments.length - 1 && (segments[i + 1] as SegmentInfo).baseOffset <= logStartOffset) i++;
  byReason['log-start-offset'] = i - start;
  const reason = (Object.keys(byReason) as RetentionReason[]).find((r) => byReason[r] > 0) ?? null;
  return { count: i, reason, byReason };
}

/** What retention will do to each segment: deletable at the next check, or when it expires by time. */
export function forecastRetention(segments: readonly SegmentInfo[], cfg: RetentionConfig, logStartOffset: number, now: number): SegmentForecast[] {
  const plan = planRetention(segments, cfg, logStartOffset, now);
  const t = plan.byReason['retention.ms'];
  const s = t + plan.byReason['retention.bytes'];
  // Segments go oldest first, so a segment expires only once every older one has: its expiry is the
  // latest expiry of any segment up to it.
  let prefixExpiry: number | null = -Infinity;
  return segments.map((seg, i) => {
    const deletableNow = i < plan.count;
    const reason: RetentionReason | null = !deletableNow ? null : i < t ? 'retention.ms' : i < s ? 'retention.bytes' : 'log-start-offset';
    const own = cfg.cleanupPolicy.delete && cfg.retentionMs >= 0 && seg.sizeBytes > 0 ? seg.lastTimestamp + cfg.retentionMs + 1 : null;
    prefixExpiry = own === null || prefixExpiry === null ? null : Math.max(prefixExpiry, own);
    return { baseOffset: seg.baseOffset, expiresAt: prefixExpiry, deletableNow, reason };
  });
}
