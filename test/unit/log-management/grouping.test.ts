import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCleaned, needsSwap, type CleanedSegment } from '../../../src-engine/log-management/cleaner/grouping.js';

const c = (base: number, next: number, sizes: number[], changed = true): CleanedSegment<number> =>
  ({ seg: base, baseOffset: base, nextOffset: next, output: sizes.map((n) => Buffer.alloc(n)), changed });

test('merges neighbours up to segment.bytes and never ends a group with an empty output', () => {
  const groups = groupCleaned([c(0, 10, [100]), c(10, 20, [300]), c(20, 30, [700]), c(30, 40, []), c(40, 50, [200]), c(50, 60, [])], 1000);
  assert.deepEqual(groups.map((g) => g.map((x) => x.seg)), [[0, 10], [20, 30, 40], [50]]);
  assert.equal(needsSwap([c(0, 10, [10], false)]), false);
  assert.equal(needsSwap([c(0, 10, [10], false), c(10, 20, [10], false)]), true);
});

test('offsets of one group fit 32-bit relative offsets', () => {
  const groups = groupCleaned([c(0, 10, [1]), c(2 ** 31 - 5, 2 ** 31 + 5, [1])], 1000);
  assert.equal(groups.length, 2);
});
