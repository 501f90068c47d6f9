// What-if for the diff dialog (embedded broker): how many segments the next retention check would delete with the
// pending values, next to how many it deletes with the current ones. The rules (largest timestamp + retention.ms,
// oldest closed segments over retention.bytes, never the active one) are topic-detail/segment-lifecycle.ts's.
import type { ConfigEntry, SegmentInfo } from '../../../../src-common/contract/topics.js';
import { retentionConfig, segmentFates } from '../topic-detail/segment-lifecycle.js';
import type { ChangeSet } from './change-set.js';

/** The segments the next retention check deletes under the given limits (null = no limit). */
export function deletableSegments(segments: readonly SegmentInfo[], retentionMs: number | null, retentionBytes: number | null, now: number): SegmentInfo[] {
  const fates = segmentFates([...segments], { retentionMs, retentionBytes, segmentBytes: null, segmentMs: null }, now);
  return [...segments].sort((a, b) => a.baseOffset - b.baseOffset).filter((s) => fates.get(s.baseOffset)?.kind === 'deletable');
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
  const { retentionMs, retentionBytes } = retentionConfig([...entries]);
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
