import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { KafkaError } from '../../../src-protocol/kafka-error.js';
import { PartitionLog } from '../../../src-engine/storage/partition-log.js';
import { parseBatches, readBatchHeader, TimestampType } from '../../../src-engine/storage/record-batch.js';
import { buildRecordBatch, decodeRecords } from '../../../src-engine/storage/records.js';
import { NOW, makeBatch, openLog, settings, tempDir } from './helpers.js';

function allRecords(log: PartitionLog, from = log.logStartOffset): { offset: number; value: string }[] {
  const out: { offset: number; value: string }[] = [];
  let offset = from;
  while (offset < log.logEndOffset) {
    const r = log.read(offset, 1 << 20, { minOneBatch: true });
    if (r.bytes === 0) break;
    const buf = Buffer.concat(r.chunks);
    const parsed = parseBatches(buf);
    assert.ok(parsed.ok, 'stored batches keep valid CRCs');
    for (const h of parsed.batches) {
      for (const rec of decodeRecords(buf, h)) if (rec.offset >= offset) out.push({ offset: rec.offset, value: rec.value?.toString() ?? '' });
      offset = h.lastOffset + 1;
    }
  }
  return out;
}

test('append assigns offsets in place across batches, CRC stays valid, read returns the stored bytes', () => {
  const dir = tempDir();
  const log = openLog(dir, settings());
  const records = Buffer.concat([makeBatch(3), makeBatch(2)]);
  const info = log.append(records, { now: NOW, partitionLeaderEpoch: 4 });
  assert.deepEqual([info.firstOffset, info.lastOffset, info.logAppendTime, info.logStartOffset], [0, 4, -1, 0]);
  const second = log.append(makeBatch(5), { now: NOW, partitionLeaderEpoch: 4 });
  assert.equal(second.firstOffset, 5);
  assert.equal(log.logEndOffset, 10);
  assert.equal(log.highWatermark, 10);

  const h = readBatchHeader(records, 0);
  assert.equal(h.partitionLeaderEpoch, 4);
  assert.equal((crc32c(records.subarray(21, h.sizeInBytes)) >>> 0), h.crc);

  const r = log.read(0, 1 << 20, { minOneBatch: true });
  assert.deepEqual(Buffer.concat(r.chunks).subarray(0, records.length), records, 'bytes served untouched');
  assert.equal(allRecords(log).length, 10);
  assert.deepEqual(allRecords(log).map((x) => x.offset), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  log.close();
});

test('read: fetch offset inside a batch returns the whole batch; KIP-74 minOneBatch; maxOffset bound', () => {
  const dir = tempDir();
  const log = openLog(dir, settings());
  const a = makeBatch(4, { valueSize: 100 });
  const b = makeBatch(4, { valueSize: 100 });
  log.append(a, { now: NOW, partitionLeaderEpoch: 0 });
  log.append(b, { now: NOW, partitionLeaderEpoch: 0 });

  const mid = log.read(2, 1 << 20, { minOneBatch: true });
  assert.equal(readBatchHeader(Buffer.concat(mid.chunks), 0).baseOffset, 0, 'batch containing offset 2 starts at 0');
  assert.equal(mid.bytes, a.length + b.length);

  const tiny = log.read(0, 10, { minOneBatch: true });
  assert.equal(tiny.bytes, a.length, 'first batch whole even though larger than maxBytes');
  assert.equal(log.read(0, 10, { minOneBatch: false }).bytes, 0);

  const partial = log.read(0, a.length + 20, { minOneBatch: true });
  assert.equal(partial.bytes, a.length, 'never a torn batch');
  // Fetch asks for Kafka's cut: exactly maxBytes, ending inside the second batch.
  const cut = log.read(0, a.length + 20, { minOneBatch: true, partialLastBatch: true });
  assert.equal(cut.bytes, a.length + 20);
  assert.deepEqual(Buffer.concat(cut.chunks).subarray(a.length), b.subarray(0, 20));

  const bounded = log.read(0, 1 << 20, { minOneBatch: true, maxOffset: 4 });
  assert.equal(bounded.bytes, a.length, 'batches at or beyond maxOffset are not returned');
  assert.equal(log.read(4, 1 << 20, { minOneBatch: true, maxOffset: 4 }).bytes, 0);
  assert.equal(log.read(8, 1 << 20, { minOneBatch: true }).bytes, 0, 'reading at the log end is empty');

  assert.throws(() => log.read(9, 100, { minOneBatch: true }), (e: unknown) => e instanceof KafkaError && e.code === ErrorCode.OFFSET_OUT_OF_RANGE);
  assert.throws(() => log.read(-1, 100, { minOneBatch: true }), (e: unknown) => e instanceof KafkaError && e.code === ErrorCode.OFFSET_OUT_OF_RANGE);
  log.roll();
  log.append(makeBatch(1, { valueSize: 10 }), { now: NOW, partitionLeaderEpoch: 0 });
  assert.equal(log.read(4, 200, { minOneBatch: false }).bytes, 0, 'a batch that does not fit is not skipped for a later segment');
  assert.equal(log.read(8, 200, { minOneBatch: false }).bytes > 0, true);
  assert.equal(log.read(8, 1000, { minOneBatch: false }).bytes > 0, true);
  log.close();
});

test('segments roll on segment.bytes, files are named by base offset, reads cross segments', () => {
  const dir = tempDir();
  const log = openLog(dir, settings({ segmentBytes: 2000, indexIntervalBytes: 300 }));
  for (let i = 0; i < 30; i++) log.append(makeBatch(2, { valueSize: 100, tag: `b${i}-` }), { now: NOW, partitionLeaderEpoch: 0 });
  const segs = log.segments();
  assert.ok(segs.length > 3, `rolled into ${segs.length} segments`);
  assert.equal(segs[0]?.files.log, '00000000000000000000.log');
  for (let i = 1; i < segs.length; i++) {
    assert.equal(segs[i]?.baseOffset, segs[i - 1]?.nextOffset);
    assert.equal(segs[i]?.files.log, `${String(segs[i]?.baseOffset).padStart(20, '0')}.log`);
    assert.ok(fs.existsSync(path.join(log.dir, segs[i]?.files.index ?? '')));
    assert.ok((segs[i - 1]?.sizeBytes ?? 0) <= 2000);
  }
  assert.equal(segs.filter((s) => s.isActive).length, 1);
  assert.equal(allRecords(log).length, 60);
  assert.ok(segs.some((s) => s.indexEntries > 0), 'sparse index entries were written');
  for (let off = 0; off < 60; off += 7) {
    const r = log.read(off, 1 << 20, { minOneBatch: true });
    const h = readBatchHeader(Buffer.concat(r.chunks), 0);
    assert.ok(h.baseOffset <= off && h.lastOffset >= off, `batch for ${off} contains it`);
  }
  log.close();
});

test('segment.ms and relative-offset overflow roll; index full rolls', () => {
  const dir = tempDir();
  const log = openLog(dir, settings({ segmentMs: 1000 }));
  log.append(makeBatch(1, { ts: NOW }), { now: NOW, partitionLeaderEpoch: 0 });
  log.append(makeBatch(1, { ts: NOW + 500 }), { now: NOW + 500, partitionLeaderEpoch: 0 });
  assert.equal(log.segments().length, 1);
  log.append(makeBatch(1, { ts: NOW + 1500 }), { now: NOW + 1500, partitionLeaderEpoch: 0 });
  assert.equal(log.segments().length, 2);
  log.close();

  const dir2 = tempDir();
  const log2 = openLog(dir2, settings({ segmentIndexBytes: 16, indexIntervalBytes: 1 }));
  for (let i = 0; i < 6; i++) log2.append(makeBatch(1, { valueSize: 50 }), { now: NOW, partitionLeaderEpoch: 0 });
  assert.ok(log2.segments().length >= 2, 'index with 2 entries fills and rolls');
  assert.equal(allRecords(log2).length, 6);
  log2.close();
});

test('LogAppendTime stamps maxTimestamp and the timestamp type, CRC recomputed', () => {
  const dir = tempDir();
  const log = openLog(dir, settings({ messageTimestampType: 'LogAppendTime' }));
  const batch = makeBatch(3, { ts: 5 });
  const info = log.append(batch, { now: NOW, partitionLeaderEpoch: 0 });
  assert.equal(info.logAppendTime, NOW);
  const stored = Buffer.concat(log.read(0, 1 << 20, { minOneBatch: true }).chunks);
  const parsed = parseBatches(stored);
  assert.ok(parsed.ok);
  const h = parsed.batches[0];
  assert.equal(h?.timestampType, TimestampType.LOG_APPEND_TIME);
  assert.equal(h?.maxTimestamp, NOW);
  assert.deepEqual(decodeRecords(stored).map((r) => r.timestamp), [NOW, NOW, NOW]);
  log.close();
});

test('offsetForTimestamp and maxTimestampEntry use the time index plus a scan', () => {
  const dir = tempDir();
  const log = openLog(dir, settings({ segmentBytes: 3000, indexIntervalBytes: 200 }));
  for (let i = 0; i < 40; i++) log.append(makeBatch(2, { ts: 10_000 + i * 10, valueSize: 80 }), { now: NOW, partitionLeaderEpoch: 0 });
  // batch i holds offsets 2i, 2i+1 with timestamps 10000+10i, 10000+10i+1
  assert.deepEqual(log.offsetForTimestamp(0), { offset: 0, timestamp: 10_000 });
  assert.deepEqual(log.offsetForTimestamp(10_001), { offset: 1, timestamp: 10_001 });
  assert.deepEqual(log.offsetForTimestamp(10_005), { offset: 2, timestamp: 10_010 });
  assert.deepEqual(log.offsetForTimestamp(10_250), { offset: 50, timestamp: 10_250 });
  assert.deepEqual(log.offsetForTimestamp(10_391), { offset: 79, timestamp: 10_391 });
  assert.equal(log.offsetForTimestamp(10_392), null);
  assert.deepEqual(log.maxTimestampEntry(), { offset: 79, timestamp: 10_391 });
  log.close();
  assert.deepEqual(openLog(tempDir(), settings()).maxTimestampEntry(), { offset: -1, timestamp: -1 });
});

test('deleteRecordsBefore moves the log start offset and deletes whole segments below it', () => {
  const dir = tempDir();
  const log = openLog(dir, settings({ segmentBytes: 1500 }));
  for (let i = 0; i < 20; i++) log.append(makeBatch(2, { valueSize: 100 }), { now: NOW, partitionLeaderEpoch: 0 });
  const before = log.segments().length;
  assert.equal(log.deleteRecordsBefore(21), 21);
  assert.equal(log.logStartOffset, 21);
  assert.ok(log.segments().length < before);
  assert.ok((log.segments()[0]?.baseOffset ?? 0) <= 21);
  assert.equal(allRecords(log)[0]?.offset, 21);
  assert.throws(() => log.read(20, 100, { minOneBatch: true }), KafkaError);
  assert.throws(() => log.deleteRecordsBefore(41), KafkaError);
  assert.equal(log.deleteRecordsBefore(40), 40, 'everything deleted: log start at the end');
  assert.equal(log.logEndOffset, 40);
  assert.equal(log.segments().length, 1);
  log.append(makeBatch(1), { now: NOW, partitionLeaderEpoch: 0 });
  assert.deepEqual(allRecords(log).map((r) => r.offset), [40]);
  assert.equal(fs.readdirSync(log.dir).filter((f) => f.endsWith('.deleted')).length, 0);
  log.close();
  const reopened = openLog(dir, settings({ segmentBytes: 1500 }), { cleanShutdown: true });
  assert.equal(reopened.logEndOffset, 41);
  reopened.close();
});

test('deleteOldestSegment and roll hooks', () => {
  const dir = tempDir();
  const log = openLog(dir, settings());
  log.append(makeBatch(3), { now: NOW, partitionLeaderEpoch: 0 });
  log.roll();
  log.append(makeBatch(3), { now: NOW, partitionLeaderEpoch: 0 });
  assert.equal(log.segments().length, 2);
  assert.equal(log.deleteOldestSegment('retention.ms'), true);
  assert.equal(log.logStartOffset, 3);
  assert.equal(log.deleteOldestSegment('retention.bytes'), true, 'rolls the non-empty active segment first');
  assert.equal(log.logStartOffset, 6);
  assert.equal(log.deleteOldestSegment('retention.bytes'), false);
  log.close();
});

test('close + reopen keeps everything; partition.metadata holds the topic id; delete removes the directory', () => {
  const dir = tempDir();
  const log = openLog(dir, settings({ segmentBytes: 2000, indexIntervalBytes: 200 }));
  for (let i = 0; i < 25; i++) log.append(makeBatch(3, { valueSize: 60 }), { now: NOW, partitionLeaderEpoch: 0 });
  const segsBefore = log.segments();
  log.close();
  assert.equal(fs.readFileSync(path.join(log.dir, 'partition.metadata'), 'utf8'), 'version: 0\ntopic_id: AAAAAAAAAAAAAAAAAAAAAQ\n');
  assert.equal(PartitionLog.readTopicId(log.dir), 'AAAAAAAAAAAAAAAAAAAAAQ');
  const again = openLog(dir, settings({ segmentBytes: 2000, indexIntervalBytes: 200 }), { cleanShutdown: true });
  assert.equal(again.logEndOffset, 75);
  assert.deepEqual(again.segments().map((s) => [s.baseOffset, s.nextOffset, s.sizeBytes, s.indexEntries]),
    segsBefore.map((s) => [s.baseOffset, s.nextOffset, s.sizeBytes, s.indexEntries]));
  assert.equal(allRecords(again).length, 75);
  again.delete();
  assert.equal(fs.existsSync(again.dir), false);
});

test('inactive segments hold one file descriptor each (index entries stay in memory)', (t) => {
  if (!fs.existsSync('/proc/self/fd')) { t.skip('no /proc'); return; }
  const openFds = (): number => fs.readdirSync('/proc/self/fd').length;
  const before = openFds();
  const dir = tempDir();
  const log = openLog(dir, settings({ segmentBytes: 600, indexIntervalBytes: 100 }));
  for (let i = 0; i < 40; i++) log.append(makeBatch(2, { valueSize: 100 }), { now: NOW, partitionLeaderEpoch: 0 });
  const segments = log.segments().length;
  assert.ok(segments >= 20);
  assert.ok(openFds() - before <= segments + 3, `${openFds() - before} descriptors for ${segments} segments`);
  assert.equal(allRecords(log).length, 80);
  assert.ok(log.offsetForTimestamp(1001) !== null);
  log.close();
  assert.equal(openFds(), before, 'close releases every descriptor');
  const reopened = openLog(dir, settings({ segmentBytes: 600, indexIntervalBytes: 100 }), { cleanShutdown: true });
  assert.ok(openFds() - before <= segments + 3);
  reopened.close();
});

test('read matches a model of the log for random offsets, limits and bounds', () => {
  let seed = 99;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const log = openLog(tempDir(), settings({ segmentBytes: 3000, indexIntervalBytes: 256 }));
  const batches: { base: number; last: number; size: number }[] = [];
  for (let i = 0; i < 120; i++) {
    const b = makeBatch(1 + rand(5), { valueSize: 10 + rand(300) });
    const info = log.append(b, { now: NOW, partitionLeaderEpoch: 0 });
    batches.push({ base: info.firstOffset, last: info.lastOffset, size: b.length });
  }
  const segments = log.segments();
  const segmentOf = (offset: number): number => segments.findIndex((s) => offset >= s.baseOffset && offset < s.nextOffset);
  for (let i = 0; i < 2000; i++) {
    const offset = rand(log.logEndOffset + 1);
    const maxBytes = rand(4000);
    const minOneBatch = rand(2) === 0;
    const maxOffset = rand(3) === 0 ? rand(log.logEndOffset + 1) : undefined;
    const bound = maxOffset ?? log.logEndOffset;
    // Model: batches of the segment holding `offset`, from the one containing it, entirely below the bound (a batch
    // straddling it would leak offsets >= maxOffset; HW and LSO are batch boundaries anyway), within maxBytes.
    const expected: number[] = [];
    if (offset < bound) {
      const seg = segmentOf(offset);
      let total = 0;
      for (const b of batches) {
        if (b.last < offset || segmentOf(b.base) !== seg) continue;
        if (b.last >= bound) break;
        if (total + b.size > maxBytes && !(minOneBatch && expected.length === 0)) break;
        expected.push(b.base);
        total += b.size;
      }
    }
    const r = log.read(offset, maxBytes, { minOneBatch, ...(maxOffset === undefined ? {} : { maxOffset }) });
    const buf = Buffer.concat(r.chunks);
    const got: number[] = [];
    for (let pos = 0; pos < buf.length;) {
      const h = readBatchHeader(buf, pos);
      got.push(h.baseOffset);
      pos += h.sizeInBytes;
    }
    assert.deepEqual(got, expected, `read(${offset}, ${maxBytes}, ${minOneBatch}, ${maxOffset})`);
  }
  log.close();
});

test('offsetForTimestamp finds the first record (in offset order) at or after a timestamp, even out of order', () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const log = openLog(tempDir(), settings({ segmentBytes: 2500, indexIntervalBytes: 200 }));
  const stamps: number[] = [];
  for (let i = 0; i < 150; i++) {
    const count = 1 + rand(4);
    const records = Array.from({ length: count }, () => ({ key: Buffer.from('k'), value: Buffer.alloc(40 + rand(100)), timestamp: 10_000 + rand(5000) }));
    records.forEach((r) => stamps.push(r.timestamp));
    log.append(buildRecordBatch({ records }), { now: NOW, partitionLeaderEpoch: 0 });
  }
  for (let i = 0; i < 500; i++) {
    const ts = 9_990 + rand(5020);
    const offset = stamps.findIndex((s) => s >= ts);
    const expected = offset < 0 ? null : { offset, timestamp: stamps[offset] };
    assert.deepEqual(log.offsetForTimestamp(ts), expected, `ts ${ts}`);
  }
  const max = Math.max(...stamps);
  assert.deepEqual(log.maxTimestampEntry(), { offset: stamps.indexOf(max), timestamp: max });
  log.close();
});

test('flush.ms: flushIfDue flushes unflushed data once the interval has passed', () => {
  const log = openLog(tempDir(), settings({ flushIntervalMs: 1000 }));
  assert.equal(log.flushIfDue(NOW), false, 'nothing to flush');
  log.append(makeBatch(1), { now: NOW, partitionLeaderEpoch: 0 });
  assert.equal(log.flushIfDue(NOW + 10), false, 'interval not reached');
  assert.equal(log.flushIfDue(Date.now() + 2000), true);
  assert.equal(log.flushIfDue(Date.now() + 4000), false, 'already flushed');
  log.close();
});
