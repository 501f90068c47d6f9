// What retention and rolling will do to each segment, computed from the topic configs the way Kafka does it
// (pure, unit-tested). Used for what-if previews of config changes; the engine's own insight is the authority
// for the current state (Retention & compaction tab).
//  - retention.ms: a closed segment is deletable once now - (its largest timestamp) > retention.ms.
//  - retention.bytes (per partition): the oldest closed segments go while the log stays >= retention.bytes without them.
//  - the active segment is never deleted; it rolls when it would exceed segment.bytes or is older than segment.ms.
import type { ConfigEntry, SegmentInfo } from '../../../../src-common/contract/topics.js';

export interface RetentionConfig {
  retentionMs: number | null;
  retentionBytes: number | null;
  segmentBytes: number | null;
  segmentMs: number | null;
}

export type SegmentFate =
  | { kind: 'active'; sizeFraction: number | null; rollAt: number | null }
  | { kind: 'deletable'; reason: 'retention.ms' | 'retention.bytes' }
  | { kind: 'expires'; at: number }
  | { kind: 'kept' };

/** Kafka's "no limit" values (-1, Long.MAX) become null. */
function limit(entries: ConfigEntry[], name: string): number | null {
  const raw = entries.find((entry) => entry.name === name)?.value;
  if (raw === undefined || raw === null || raw === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 && value < 9e18 ? value : null;
}

export function retentionConfig(entries: ConfigEntry[]): RetentionConfig {
  return {
    retentionMs: limit(entries, 'retention.ms'),
    retentionBytes: limit(entries, 'retention.bytes'),
    segmentBytes: limit(entries, 'segment.bytes'),
    segmentMs: limit(entries, 'segment.ms'),
  };
}

export function segmentFates(segments: SegmentInfo[], config: RetentionConfig, now: number): Map<number, SegmentFate> {
  const sorted = [...segments].sort((a, b) => a.baseOffset - b.baseOffset);
  const fates = new Map<number, SegmentFate>();

  // Size retention, oldest first, over closed segments only.
  const bySize = new Set<number>();
  if (config.retentionBytes !== null) {
    let excess = sorted.reduce((sum, s) => sum + s.sizeBytes, 0) - config.retentionBytes;
    for (const segment of sorted) {
      if (segment.active || excess - segment.sizeBytes < 0) break;
      excess -= segment.sizeBytes;
      bySize.add(segment.baseOffset);
    }
  }

  for (const segment of sorted) {
    if (segment.active) {
      const sizeFraction = config.segmentBytes ? Math.min(1, segment.sizeBytes / config.segmentBytes) : null;
      const born = segment.firstTimestamp ?? segment.modifiedAt;
      const rollAt = config.segmentMs !== null && born !== null && segment.sizeBytes > 0 ? born + config.segmentMs : null;
      fates.set(segment.baseOffset, { kind: 'active', sizeFraction, rollAt });
      continue;
    }
    const largest = segment.lastTimestamp ?? segment.modifiedAt;
    if (config.retentionMs !== null && largest !== null && now - largest > config.retentionMs) {
      fates.set(segment.baseOffset, { kind: 'deletable', reason: 'retention.ms' });
    } else if (bySize.has(segment.baseOffset)) {
      fates.set(segment.baseOffset, { kind: 'deletable', reason: 'retention.bytes' });
    } else if (config.retentionMs !== null && largest !== null) {
      fates.set(segment.baseOffset, { kind: 'expires', at: largest + config.retentionMs });
    } else {
      fates.set(segment.baseOffset, { kind: 'kept' });
    }
  }
  return fates;
}
