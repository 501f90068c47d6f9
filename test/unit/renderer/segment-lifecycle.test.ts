import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retentionConfig, segmentFates } from '../../../renderer/src/features/topic-detail/segment-lifecycle.js';
import type { ConfigEntry, SegmentInfo } from '../../../src-common/contract/topics.js';

const segment = (baseOffset: number, sizeBytes: number, lastTimestamp: number, active = false): SegmentInfo => ({
  baseOffset, nextOffset: null, sizeBytes, recordCount: 10, batchCount: 1, firstTimestamp: lastTimestamp - 100, lastTimestamp,
  indexEntries: 0, timeIndexEntries: 0, active, modifiedAt: lastTimestamp, fileName: null,
});
const entry = (name: string, value: string): ConfigEntry => ({ name, value, isDefault: false, source: 'dynamic-topic', isSensitive: false, readOnly: false, documentation: null, type: 'long', defaultValue: null, synonyms: [] });

test('configs: -1 and Long.MAX mean no limit', () => {
  assert.deepEqual(retentionConfig([entry('retention.ms', '-1'), entry('retention.bytes', '9223372036854775807'), entry('segment.bytes', '1024'), entry('segment.ms', '604800000')]), {
    retentionMs: null, retentionBytes: null, segmentBytes: 1024, segmentMs: 604_800_000,
  });
});

test('time retention: expired closed segments are deletable, others expire later, active never', () => {
  const now = 10_000;
  const fates = segmentFates([segment(0, 100, 1_000), segment(10, 100, 8_000), segment(20, 50, 9_500, true)], { retentionMs: 5_000, retentionBytes: null, segmentBytes: 200, segmentMs: 1_000 }, now);
  assert.deepEqual(fates.get(0), { kind: 'deletable', reason: 'retention.ms' });
  assert.deepEqual(fates.get(10), { kind: 'expires', at: 13_000 });
  assert.deepEqual(fates.get(20), { kind: 'active', sizeFraction: 0.25, rollAt: 9_400 + 1_000 });
});

test('size retention removes the oldest closed segments while the log stays above retention.bytes', () => {
  const segments = [segment(0, 100, 1), segment(10, 100, 2), segment(20, 100, 3), segment(30, 100, 4, true)];
  const fates = segmentFates(segments, { retentionMs: null, retentionBytes: 150, segmentBytes: null, segmentMs: null }, 10);
  // total 400: dropping 0 leaves 300, dropping 10 leaves 200 (>= 150), dropping 20 would leave 100 (< 150).
  assert.deepEqual(fates.get(0), { kind: 'deletable', reason: 'retention.bytes' });
  assert.deepEqual(fates.get(10), { kind: 'deletable', reason: 'retention.bytes' });
  assert.deepEqual(fates.get(20), { kind: 'kept' });
  assert.equal(fates.get(30)?.kind, 'active');
});
