import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactionOutcome, dirtyVerdict, partitionRuns, partitionStripRow, retentionOutlook, savedPercent, segmentBars } from '../../../renderer/src/features/log-management/log-insight.js';
import type { CleanerRunInfo, CleanerState, LogSegmentInsight, PartitionLogManagement } from '../../../src-common/contract/engine.js';

const seg = (baseOffset: number, first: number | null, last: number | null, extra: Partial<LogSegmentInsight> = {}): LogSegmentInsight => ({
  baseOffset, nextOffset: baseOffset + 10, sizeBytes: 100, recordCount: 10, batchCount: 1, firstTimestamp: first, lastTimestamp: last,
  indexEntries: 0, timeIndexEntries: 0, active: false, modifiedAt: 500, fileName: null,
  expiresAt: null, deletableNow: false, deletionReason: null, ...extra,
});

test('segment bars: time range per segment and its fate', () => {
  const bars = segmentBars([
    seg(0, 100, 200, { deletableNow: true, deletionReason: 'retention.ms', expiresAt: 900 }),
    seg(10, 210, 300, { expiresAt: 5_000 }),
    seg(20, null, null),
    seg(30, 400, 350, { active: true }),
  ], 1_000);
  assert.deepEqual(bars.map((b) => [b.start, b.end, b.fate]), [[100, 200, 'deletable'], [210, 300, 'expires'], [500, 500, 'kept'], [400, 400, 'active']]);
  const outlook = retentionOutlook(bars);
  assert.deepEqual(outlook.deletableNow.map((b) => b.baseOffset), [0]);
  assert.equal(outlook.nextToExpire?.baseOffset, 10);
  assert.equal(outlook.bytesDeletableNow, 100);
});

test('dirty ratio verdict against min.cleanable.dirty.ratio', () => {
  const base: CleanerState = {
    firstDirtyOffset: 0, firstUncleanableOffset: 10, cleanBytes: 0, dirtyBytes: 800, dirtyRatio: 0.8, threshold: 0.5,
    eligible: true, reason: 'dirty-ratio', compacted: true, lastRun: null, runs: 0, tombstonesPending: 0, nextTombstoneExpiry: null,
  };
  assert.deepEqual(dirtyVerdict(base), { ratio: 0.8, threshold: 0.5, above: true, text: 'eligible for cleaning (dirty-ratio)' });
  assert.match(dirtyVerdict({ ...base, dirtyRatio: 0.2, eligible: false, reason: null }).text, /dirty 20% is below min.cleanable.dirty.ratio 50%/);
  assert.match(dirtyVerdict({ ...base, dirtyBytes: 0, dirtyRatio: 0, eligible: false }).text, /active one must roll/);
});

test('cleaner runs of one partition, newest first, with the share saved', () => {
  const run = (partition: number, startedAt: number): CleanerRunInfo => ({
    topic: 't', partition, startedAt, durationMs: 3, reason: 'forced', firstDirtyOffset: 0, endOffset: 10, segmentsRewritten: 1,
    bytesBefore: 1000, bytesAfter: 250, recordsBefore: 40, recordsAfter: 10, tombstonesRemoved: 0, tombstonesRetained: 0, keys: 10,
  });
  const runs = partitionRuns([run(0, 1), run(1, 2), run(0, 3), { ...run(0, 4), topic: 'other' }], 't', 0);
  assert.deepEqual(runs.map((r) => r.startedAt), [3, 1]);
  assert.equal(savedPercent(runs[0] as CleanerRunInfo), 75);
});

const lmOf = (segments: LogSegmentInsight[], firstDirtyOffset: number): PartitionLogManagement => ({
  topic: 't', partition: 2, cleanupPolicy: { delete: false, compact: true }, retentionMs: -1, retentionBytes: -1,
  logStartOffset: 0, logEndOffset: 40, sizeBytes: segments.reduce((n, s) => n + s.sizeBytes, 0), segments, nextRetentionAt: null,
  cleaner: {
    firstDirtyOffset, firstUncleanableOffset: 40, cleanBytes: 0, dirtyBytes: 100, dirtyRatio: 0.8, threshold: 0.5, eligible: true,
    reason: null, compacted: false, lastRun: null, runs: 0, tombstonesPending: 0, nextTombstoneExpiry: null,
  },
  pendingDeletes: [],
});
const idleRun = { segmentsRewritten: 0, bytesBefore: 0, bytesAfter: 0, recordsBefore: 0, recordsAfter: 0 } as CleanerRunInfo;

test('compact now: an idle run over the active segment says why and offers a roll', () => {
  const onlyActive = compactionOutcome(idleRun, lmOf([seg(0, 1, 2, { active: true })], 0));
  assert.equal(onlyActive.cleaned, false);
  assert.equal(onlyActive.offerRoll, true);
  assert.match(onlyActive.text, /Only the active segment exists.*never cleaned — roll it first/);
  const dirtyInActive = compactionOutcome(null, lmOf([seg(0, 1, 2), seg(10, 3, 4, { active: true })], 10));
  assert.match(dirtyInActive.text, /All dirty records are in the active segment/);
  assert.equal(compactionOutcome(null, lmOf([seg(0, 1, 2), seg(10, 3, 4, { active: true, sizeBytes: 0 })], 10)).offerRoll, false);
  const cleaned = compactionOutcome({ ...idleRun, segmentsRewritten: 1, bytesBefore: 2048, bytesAfter: 1024, recordsBefore: 9, recordsAfter: 3 }, null);
  assert.deepEqual(cleaned, { cleaned: true, text: 'Cleaned: 2.00 KiB → 1.00 KiB, 9 → 3 records.', offerRoll: false });
});

test('partition strip row: segments, size, dirty ratio, expired segments', () => {
  const row = partitionStripRow(lmOf([seg(0, 1, 2, { deletableNow: true }), seg(10, 3, 4, { active: true })], 10));
  assert.deepEqual(row, { partition: 2, segments: 2, sizeBytes: 200, dirtyRatio: 0.8, aboveThreshold: true, expiredSegments: 1, expiredBytes: 100, activeOnly: false });
});
