import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { OffsetIndex } from '../../../src-engine/storage/offset-index.js';
import { TimeIndex } from '../../../src-engine/storage/time-index.js';
import { LogSegment, segmentBaseName, wholeBatchesLength } from '../../../src-engine/storage/segment.js';
import { assignBatchOffset, readBatchHeader } from '../../../src-engine/storage/record-batch.js';
import { makeBatch, tempDir } from './helpers.js';

test('segment file names are 20-digit zero-padded base offsets', () => {
  assert.equal(segmentBaseName(0), '00000000000000000000');
  assert.equal(segmentBaseName(12345), '00000000000000012345');
  assert.equal(segmentBaseName(2 ** 53 - 1), '00009007199254740991');
});

test('offset index: 8-byte big-endian entries, floor lookup, truncation, reload', () => {
  const dir = tempDir();
  const file = path.join(dir, '00000000000000000100.index');
  const idx = OffsetIndex.open(file, 100, 8 * 4);
  assert.deepEqual(idx.lookup(150), { offset: 100, position: 0 }, 'empty index: base offset at position 0');
  idx.append(110, 4000);
  idx.append(125, 8200);
  idx.append(140, 12500);
  idx.append(140, 13000); // not increasing: ignored
  assert.equal(idx.entries, 3);
  assert.deepEqual(idx.lookup(100), { offset: 100, position: 0 });
  assert.deepEqual(idx.lookup(110), { offset: 110, position: 4000 });
  assert.deepEqual(idx.lookup(124), { offset: 110, position: 4000 });
  assert.deepEqual(idx.lookup(125), { offset: 125, position: 8200 });
  assert.deepEqual(idx.lookup(9999), { offset: 140, position: 12500 });
  idx.append(150, 16000);
  assert.equal(idx.isFull(), true);
  idx.flushEntries();
  const raw = fs.readFileSync(file);
  assert.equal(raw.length, 32);
  assert.deepEqual([raw.readInt32BE(0), raw.readInt32BE(4), raw.readInt32BE(24), raw.readInt32BE(28)], [10, 4000, 50, 16000]);
  idx.truncateTo(125);
  assert.equal(idx.entries, 1);
  assert.equal(fs.statSync(file).size, 8);
  idx.close();
  const again = OffsetIndex.open(file, 100, 1024);
  assert.equal(again.entries, 1);
  assert.deepEqual(again.lastEntry(), { offset: 110, position: 4000 });
  assert.equal(again.sanityCheck(5000), true);
  assert.equal(again.sanityCheck(100), false, 'position beyond the log is corrupt');
  again.close();
});

test('time index: 12-byte entries appended only when the max grows; floor lookup', () => {
  const dir = tempDir();
  const file = path.join(dir, '00000000000000000000.timeindex');
  const idx = TimeIndex.open(file, 0, 1024);
  assert.deepEqual(idx.lookup(5), { timestamp: -1, offset: 0 });
  idx.maybeAppend(1000, 3);
  idx.maybeAppend(1000, 7); // same max: no entry
  idx.maybeAppend(900, 9); // smaller: no entry
  idx.maybeAppend(2000, 12);
  assert.equal(idx.entries, 2);
  assert.deepEqual(idx.lookup(999), { timestamp: -1, offset: 0 });
  assert.deepEqual(idx.lookup(1500), { timestamp: 1000, offset: 3 });
  assert.deepEqual(idx.lookup(2000), { timestamp: 2000, offset: 12 });
  idx.close();
  const raw = fs.readFileSync(file);
  assert.equal(raw.length, 24);
  assert.equal(raw.readBigInt64BE(12), 2000n);
  assert.equal(raw.readInt32BE(20), 12);
  const again = TimeIndex.open(file, 0, 1024);
  assert.deepEqual(again.lastEntry(), { timestamp: 2000, offset: 12 });
  again.truncateTo(12);
  assert.equal(again.entries, 1);
  again.close();
});

test('a torn index file (partial entry) is trimmed on open', () => {
  const dir = tempDir();
  const file = path.join(dir, '00000000000000000000.index');
  fs.writeFileSync(file, Buffer.from('00000005000000100000', 'hex'));
  const idx = OffsetIndex.open(file, 0, 1024);
  assert.equal(idx.entries, 1);
  assert.equal(fs.statSync(file).size, 8);
  idx.close();
});

test('segment: sparse entries every index.interval.bytes, lookups scan forward from the entry', () => {
  const dir = tempDir();
  const seg = LogSegment.create(dir, 0, 1 << 20);
  let offset = 0;
  const positions: number[] = [];
  for (let i = 0; i < 50; i++) {
    const b = makeBatch(2, { valueSize: 100, ts: 1000 + i });
    assignBatchOffset(b, 0, offset, 0);
    positions.push(seg.size);
    seg.append(b, offset + 1, 1001 + i, offset + 1, 1000);
    offset += 2;
  }
  assert.ok(seg.offsetIndex.entries >= 10 && seg.offsetIndex.entries <= 20, `${seg.offsetIndex.entries} entries`);
  for (let o = 0; o < 100; o++) {
    const h = seg.translateOffset(o);
    assert.ok(h);
    assert.equal(h.position, positions[Math.floor(o / 2)]);
    assert.ok(h.baseOffset <= o && h.lastOffset >= o);
  }
  assert.equal(seg.translateOffset(100), null);
  const read = seg.read(37, 500, { minOneBatch: true });
  assert.ok(read);
  assert.equal(read.firstBatchOffset, 36);
  assert.equal(wholeBatchesLength(read.bytes), read.bytes.length);
  assert.equal(readBatchHeader(read.bytes, 0).baseOffset, 36);
  seg.truncateTo(50);
  assert.equal(seg.nextOffset, 50);
  assert.equal(seg.size, positions[25]);
  assert.equal(seg.translateOffset(50), null);
  seg.close();
});
