// What-if for the diff dialog (embedded broker): how many segments the next retention check would delete with the
// pending values, next to how many it deletes with the current ones, following the broker's rules: a closed segment
// goes when its largest timestamp + retention.ms has passed, and oldest closed segments go while the partition stays
// >= retention.bytes without them. The active segment never goes. (The engine's own forecast for the current values
// is in the Retention & compaction tab.)
import type { ConfigEntry, SegmentInfo } from '../../../../src-common/contract/topics.js';
import type { ChangeSet } from './change-set.js';

/** Kafka's "no limit" values (-1, Long.MAX, unparsable) become null. */
function limit(entries: readonly ConfigEntry[], name: string): number | null {
  const raw = entries.find((e) => e.name === name)?.value;
  const value = raw === null || raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 && value < 9e18 ? value : null;
}

/** Base offsets of the segments the next retention check deletes. */
export function deletableSegments(segments: readonly SegmentInfo[], retentionMs: number | null, retentionBytes: number | null, now: number): SegmentInfo[] {
  const sorted = [...segments].sort((a, b) => a.baseOffset - b.baseOffset);
  const doomed = new Set<SegmentInfo>();
  if (retentionMs !== null) {
    // Oldest first, stopping at the first segment that is still young (as Kafka's deleteOldSegments does).
    for (const s of sorted) {
      const largest = s.lastTimestamp ?? s.modifiedAt;
      if (s.active || largest === null || now - largest <= retentionMs) break;
      doomed.add(s);
    }
  }
  if (retentionBytes !== null) {
    let remaining = sorted.reduce((sum, s) => sum + s.sizeBytes, 0) - [...doomed].reduce((sum, s) => sum + s.sizeBytes, 0);
    for (const s of sorted) {
      if (s.active) break;
      if (doomed.has(s)) continue;
      if (remaining - s.sizeBytes < retentionBytes) break;
      remaining -= s.sizeBytes;
      doomed.add(s);
    }
  }
  return sorted.filter((s) => doomed.has(s));
}

export const RETENTION_KEYS: ReadonlySet<string> = new Set(['retention.ms', 'retention.bytes', 'cleanup.policy']);

export interface DeletionForecast { segments: number; bytes: number; partitions: number }
export interface RetentionPreview { before: DeletionForecast; after: DeletionForecast }

/** The entries as they would read after the change set (a reset falls back to the inherited value). */
export function entriesAfter(entries: readonly ConfigEntry[], changes: ChangeSet): ConfigEntry[] {
  return entries.map((entry) => {
    const change = changes.get(entry.name);
    if (!change) return entry;
    return { ...entry, value: change.op === 'set' ? change.value : entry.defaultValue };
  });
}

function forecast(entries: readonly ConfigEntry[], partitions: readonly SegmentInfo[][], now: number): DeletionForecast {
  const policy = (entries.find((e) => e.name === 'cleanup.policy')?.value ?? 'delete').split(',').map((s) => s.trim());
  const result = { segments: 0, bytes: 0, partitions: 0 };
  if (!policy.includes('delete')) return result;
  const retentionMs = limit(entries, 'retention.ms');
  const retentionBytes = limit(entries, 'retention.bytes');
  for (const segments of partitions) {
    const doomed = deletableSegments(segments, retentionMs, retentionBytes, now);
    if (doomed.length === 0) continue;
    result.partitions += 1;
    result.segments += doomed.length;
    result.bytes += doomed.reduce((sum, s) => sum + s.sizeBytes, 0);
  }
  return result;
}

export function retentionPreview(entries: readonly ConfigEntry[], changes: ChangeSet, partitions: readonly SegmentInfo[][], now: number): RetentionPreview {
  return { before: forecast(entries, partitions, now), after: forecast(entriesAfter(entries, changes), partitions, now) };
}

export function touchesRetention(changes: ChangeSet): boolean {
  return [...changes.keys()].some((name) => RETENTION_KEYS.has(name));
}
