import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirtyVerdict, partitionRuns, retentionOutlook, savedPercent, segmentBars } from '../../../renderer/src/features/log-management/log-insight.js';
import type { CleanerRunInfo, CleanerState, LogSegmentInsight } from '../../../src-common/contract/engine.js';

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
