/** Burrow's rules on hand-made windows, the block codec, and the store's rollups, retention and size cap. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluatePartition, observeCommit, worstOf, type CommitEntry } from '../../../src-backend/lag-history/burrow.js';
import { decodeBlock, encodeBlock, type LagSamplePoint } from '../../../src-backend/lag-history/point-codec.js';
import { LagStore } from '../../../src-backend/lag-history/lag-store.js';

const OPTS = { windowSize: 10, stopGraceMs: 1000 };
const w = (...xs: [offset: number, at: number, lag: number][]): CommitEntry[] => xs.map(([offset, at, lag]) => ({ offset, at, lag }));

test('Burrow rules in Burrow\'s order', () => {
  assert.equal(evaluatePartition(w([1, 0, 5], [2, 1000, 0]), 3, 1500, OPTS), 'OK', 'rule 1: lag was zero in the window');
  assert.equal(evaluatePartition(w([1, 0, 5], [2, 1000, 4]), 0, 1500, OPTS), 'OK', 'no current lag');
  assert.equal(evaluatePartition(w([10, 0, 5], [2, 1000, 9]), 9, 1500, OPTS), 'REWIND', 'rule 2 before rule 3');
  assert.equal(evaluatePartition(w([1, 0, 5], [2, 1000, 6]), 6, 5000, OPTS), 'STOP', 'rule 3: silent longer than the window');
  assert.equal(evaluatePartition(w([1, 0, 5], [2, 10_000, 6]), 6, 15_000, OPTS), 'WARN', 'silence shorter than the span');
  assert.equal(evaluatePartition(w([3, 0, 5], [3, 500, 6], [3, 900, 7]), 7, 1200, OPTS), 'STALL', 'rule 4');
  assert.equal(evaluatePartition(w([1, 0, 5], [2, 500, 6], [3, 900, 7]), 7, 1200, OPTS), 'WARN', 'rule 5');
  assert.equal(evaluatePartition(w([1, 0, 5], [2, 500, 4], [3, 900, 7]), 7, 1200, OPTS), 'OK', 'lag decreased somewhere');
  assert.equal(evaluatePartition(w([1, 0, 5]), 5, 500, OPTS), 'OK', 'one commit proves nothing yet');
  assert.equal(worstOf(['OK', 'STOP', 'WARN']), 'STOP');
});

test('observeCommit: commit timestamps (embedded) vs changed offsets (remote), bounded window', () => {
  const win: CommitEntry[] = [];
  assert.equal(observeCommit(win, 5, 100, 3, 1000, 3), true);
  assert.equal(observeCommit(win, 5, 100, 3, 2000, 3), false, 'same commit seen again');
  assert.equal(observeCommit(win, 5, 200, 3, 3000, 3), true, 're-commit of the same offset');
  const remote: CommitEntry[] = [];
  observeCommit(remote, 5, null, 3, 1000, 3);
  assert.equal(observeCommit(remote, 5, null, 3, 2000, 3), false);
  for (const o of [6, 7, 8]) observeCommit(remote, o, null, 3, o * 1000, 3);
  assert.deepEqual(remote.map((c) => c.offset), [6, 7, 8]);
});

test('block codec round-trips offsets past 2^31 and nulls', () => {
  const points: LagSamplePoint[] = [
    { t: 1_796_000_000_000, committed: 2 ** 40, logEnd: 2 ** 40 + 7, lag: 7, timeLagMs: null, commitAt: 1_796_000_000_000 },
    { t: 1_796_000_001_000, committed: null, logEnd: null, lag: null, timeLagMs: 0, commitAt: null },
    { t: 1_796_000_002_000, committed: 3, logEnd: 9, lag: 6, timeLagMs: 1234, commitAt: 5 },
  ];
  const buf = encodeBlock(points);
  assert.deepEqual(decodeBlock(buf), points);
  assert.ok(buf.length < 60);
});

test('store: rollups into minute and hour points, retention per level, size cap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lag-store-'));
  try {
    const store = new LagStore(join(dir, 'lag.sqlite'), { retentionMs: [3_600_000, 86_400_000, 30 * 86_400_000], capBytes: 1 << 30 });
    const id = store.seriesId('c', 'g', 't', 0);
    const t0 = Date.UTC(2026, 0, 1);
    for (let s = 0; s <= 2 * 3600; s += 10) {
      store.append(id, { t: t0 + s * 1000, committed: s, logEnd: s + (s % 600), lag: s % 600, timeLagMs: null, commitAt: null });
    }
    store.flush();
    const minutes = store.read(id, 1, t0, t0 + 2 * 3_600_000);
    assert.equal(minutes.length, 120, 'one point per finished minute');
    assert.equal(minutes[1]?.lag, 110, 'the minute keeps its largest lag');
    assert.equal(minutes[1]?.committed, 110, 'and its last commit');
    assert.equal(store.read(id, 2, t0, t0 + 2 * 3_600_000).length, 1, 'the first hour rolled up');
    store.maintain(t0 + 2 * 3_600_000 + 60_000);
    assert.equal(store.read(id, 0, t0, t0 + 3_600_000 - 60_000).length, 0, 'raw older than an hour is gone');
    assert.ok(store.read(id, 0, t0 + 3_600_000 + 60_000, t0 + 2 * 3_600_000).length > 0, 'recent raw stays');
    assert.equal(store.read(id, 1, t0, t0 + 2 * 3_600_000).length, 120, 'minutes stay');
    store.close();

    const capped = new LagStore(join(dir, 'lag.sqlite'), { retentionMs: [1e12, 1e12, 1e12], capBytes: 8192 });
    capped.maintain(t0 + 2 * 3_600_000);
    assert.ok(capped.usedBytes() <= 8192 || capped.stats().rawBlocks === 0, 'oldest raw blocks go first');
    capped.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
