/**
 * What opening a big segment costs the segment explorer: a partition folder with one segment of `mb` MB of 16 KiB
 * lz4 batches (written with the storage layer's own batch builder), opened with every CRC verified (MB/s), then a
 * page of 50 batches read from the middle and the records of one batch — the GUI's per-click cost, which must not
 * grow with the segment. RSS before/after shows the segment is never held in memory.
 * `node --import tsx bench/segment-explorer.ts [mb]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRecordBatch } from '../src-engine/storage/records.js';
import { CompressionCodec } from '../src-engine/compression/codecs.js';
import { openPath } from '../src-engine/explorer/open-dir.js';
import { batchRecords, batchesPage } from '../src-engine/explorer/pages.js';

const mb = Number(process.argv[2] ?? 256);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkadesk-bench-explorer-'));
const dir = path.join(root, 'bench-0');
fs.mkdirSync(dir);
const log = path.join(dir, '00000000000000000000.log');
const fd = fs.openSync(log, 'w');
let offset = 0;
let bytes = 0;
const positions: number[] = [];
const value = (i: number): Buffer => Buffer.from(JSON.stringify({ i, payload: `record ${i} `.repeat(10) }));
while (bytes < mb * 1024 * 1024) {
  const records = Array.from({ length: 100 }, (_, i) => ({ key: Buffer.from(`k${offset + i}`), value: value(offset + i), timestamp: 1_700_000_000_000 + offset + i }));
  const batch = buildRecordBatch({ records, baseOffset: offset, compression: CompressionCodec.LZ4 });
  positions.push(bytes);
  fs.writeSync(fd, batch, 0, batch.length, bytes);
  bytes += batch.length;
  offset += records.length;
}
fs.closeSync(fd);
const rss = (): number => Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log(`segment: ${(bytes / 1024 / 1024).toFixed(0)} MB, ${positions.length} batches, ${offset} records; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const rssBefore = rss();
let t0 = performance.now();
const opened = openPath(dir);
const openMs = performance.now() - t0;
console.log(`open (every CRC verified, index checks): ${openMs.toFixed(0)} ms = ${(bytes / 1024 / 1024 / (openMs / 1000)).toFixed(0)} MB/s; errors ${opened.errorCount}; RSS ${rssBefore} -> ${rss()} MB`);
const target = { path: dir, partition: '', segment: 0 };
const middle = positions[Math.floor(positions.length / 2)] as number;
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  t0 = performance.now();
  batchesPage(target, middle, 50);
  times.push(performance.now() - t0);
}
console.log(`a page of 50 batches from the middle: best ${Math.min(...times).toFixed(1)} ms of 5`);
t0 = performance.now();
const recs = batchRecords(target, middle);
console.log(`records of one batch (${recs.records.length}, lz4): ${(performance.now() - t0).toFixed(1)} ms; RSS ${rss()} MB`);
fs.rmSync(root, { recursive: true, force: true });
