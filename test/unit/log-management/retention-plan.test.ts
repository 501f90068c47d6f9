import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SegmentInfo } from '../../../src-engine/storage/partition-log.js';
import { forecastRetention, planRetention } from '../../../src-engine/log-management/retention.js';
import { cleanableRange } from '../../../src-engine/log-management/cleaner/cleanable.js';

function seg(baseOffset: number, nextOffset: number, sizeBytes: number, lastTimestamp: number, isActive = false): SegmentInfo {
  return {
    baseOffset, nextOffset, lastOffset: nextOffset - 1, sizeBytes, recordCount: nextOffset - baseOffset,
    firstTimestamp: lastTimestamp - 10, lastTimestamp, isActive,
    files: { log: '', index: '', timeIndex: '' }, indexEntries: 0, timeIndexEntries: 0,
  };
}

const policy = (p: string) => ({ delete: p.includes('delete'), compact: p.includes('compact') });

test('retention.ms deletes the expired prefix only (a newer segment stops it)', () => {
  const segs = [seg(0, 10, 100, 1000), seg(10, 20, 100, 5000), seg(20, 30, 100, 1500), seg(30, 30, 0, -1, true)];
  const plan = planRetention(segs, { cleanupPolicy: policy('delete'), retentionMs: 2000, retentionBytes: -1 }, 0, 4000);
  assert.deepEqual(plan, { count: 1, reason: 'retention.ms', byReason: { 'retention.ms': 1, 'retention.bytes': 0, 'log-start-offset': 0 } });
  const forecast = forecastRetention(segs, { cleanupPolicy: policy('delete'), retentionMs: 2000, retentionBytes: -1 }, 0, 4000);
  assert.deepEqual(forecast.map((f) => [f.deletableNow, f.expiresAt]), [[true, 3001], [false, 7001], [false, 7001], [false, null]]);
});

test('the active segment counts when it has data and is expired (it is rolled first)', () => {
  const segs = [seg(0, 10, 100, 1000), seg(10, 12, 50, 1100, true)];
  assert.equal(planRetention(segs, { cleanupPolicy: policy('delete'), retentionMs: 10, retentionBytes: -1 }, 0, 5000).count, 2);
  assert.equal(planRetention(segs, { cleanupPolicy: policy('delete'), retentionMs: -1, retentionBytes: -1 }, 0, 5000).count, 0);
});

test('retention.bytes removes oldest segments while the rest still reaches the limit', () => {
  const segs = [seg(0, 10, 400, 1), seg(10, 20, 400, 2), seg(20, 30, 400, 3), seg(30, 35, 200, 4, true)];
  const cfg = { cleanupPolicy: policy('delete'), retentionMs: -1, retentionBytes: 700 };
  // Kafka's rule: delete the oldest while (size - its size) >= limit: 1400-400=1000 >= 700, then 1000-400=600 < 700.
  assert.equal(planRetention(segs, cfg, 0, 0).count, 1);
  assert.equal(planRetention(segs, { ...cfg, retentionBytes: 0 }, 0, 0).count, 4);
});

test('segments below the log start offset go for every policy, retention only with delete', () => {
  const segs = [seg(0, 10, 100, 1), seg(10, 20, 100, 2), seg(20, 25, 100, 3, true)];
  const compact = { cleanupPolicy: policy('compact'), retentionMs: 1, retentionBytes: 1 };
  assert.deepEqual(planRetention(segs, compact, 15, 10_000), { count: 1, reason: 'log-start-offset', byReason: { 'retention.ms': 0, 'retention.bytes': 0, 'log-start-offset': 1 } });
});

test('cleanable range: dirty ratio, min/max compaction lag, expired tombstones', () => {
  const segs = [seg(0, 10, 500, 1000), seg(10, 20, 500, 2000), seg(20, 30, 500, 9000), seg(30, 31, 50, 9500, true)];
  const base = { segments: segs, logStartOffset: 0, logEndOffset: 31, lastStableOffset: 31, now: 10_000, nextTombstoneExpiry: null };
  const cfg = { minCleanableDirtyRatio: 0.5, minCompactionLagMs: 0, maxCompactionLagMs: 2 ** 63 };
  let info = cleanableRange({ ...base, checkpoint: 10, config: cfg });
  assert.equal(info.firstDirtyOffset, 10);
  assert.equal(info.firstUncleanableOffset, 30);
  assert.equal(info.cleanBytes, 500);
  assert.equal(info.dirtyBytes, 1000);
  assert.ok(Math.abs(info.dirtyRatio - 2 / 3) < 1e-9);
  assert.equal(info.reason, 'dirty-ratio');
  info = cleanableRange({ ...base, checkpoint: 10, config: { ...cfg, minCleanableDirtyRatio: 0.9 } });
  assert.equal(info.eligible, false);
  info = cleanableRange({ ...base, checkpoint: 10, config: { ...cfg, minCleanableDirtyRatio: 0.9, maxCompactionLagMs: 5000 } });
  assert.equal(info.reason, 'max-compaction-lag');
  info = cleanableRange({ ...base, checkpoint: 10, config: { ...cfg, minCompactionLagMs: 5000 } });
  assert.equal(info.firstUncleanableOffset, 20, 'segment 20 is younger than min.compaction.lag.ms');
  info = cleanableRange({ ...base, checkpoint: 30, nextTombstoneExpiry: 9999, config: cfg });
  assert.equal(info.dirtyBytes, 0);
  assert.equal(info.reason, 'tombstones-expired');
  info = cleanableRange({ ...base, checkpoint: 10, lastStableOffset: 15, config: cfg });
  assert.equal(info.firstUncleanableOffset, 10, 'an open transaction at 15 stops cleaning at its segment');
});
