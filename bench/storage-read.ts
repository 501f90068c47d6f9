/**
 * Storage read throughput: a consumer reading a 512 MiB log of 1 KiB records front to back with 1 MiB fetches,
 * and a tail reader fetching the newest batch repeatedly. Prints MB/s and µs per fetch; not a test.
 *   node --import tsx bench/storage-read.ts [totalMiB]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PartitionLog, DEFAULT_LOG_SETTINGS } from '../src-engine/storage/partition-log.js';
import { buildRecordBatch } from '../src-engine/storage/records.js';
import { readBatchHeader } from '../src-engine/storage/record-batch.js';

const totalMiB = Number(process.argv[2] ?? 512);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkadesk-bench-'));
const log = PartitionLog.open({
  dir: path.join(dataDir, 'bench-0'), topic: 'bench', partition: 0, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ',
  config: () => ({ ...DEFAULT_LOG_SETTINGS, segmentBytes: 128 * 1024 * 1024 }),
});
const value = randomBytes(1024);
const batch = (): Buffer => buildRecordBatch({ records: Array.from({ length: 16 }, (_, i) => ({ key: Buffer.from(`k${i}`), value })) });
const appends = Math.ceil((totalMiB * 1024 * 1024) / batch().length);
for (let i = 0; i < appends; i++) log.append(batch(), { now: Date.now(), partitionLeaderEpoch: 0 });

let start = process.hrtime.bigint();
let bytes = 0;
let fetches = 0;
for (let offset = 0; offset < log.logEndOffset;) {
  const r = log.read(offset, 1024 * 1024, { minOneBatch: true });
  const last = r.chunks[r.chunks.length - 1] as Buffer;
  let pos = 0;
  let lastOffset = offset;
  while (pos < last.length) {
    const h = readBatchHeader(last, pos);
    lastOffset = h.lastOffset;
    pos += h.sizeInBytes;
  }
  offset = lastOffset + 1;
  bytes += r.bytes;
  fetches++;
}
let seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`sequential 1 MiB fetches: ${(bytes / 1024 / 1024 / seconds).toFixed(0)} MB/s (${fetches} fetches, ${(seconds * 1e6 / fetches).toFixed(0)} µs each)`);

start = process.hrtime.bigint();
const tailFetches = 20000;
for (let i = 0; i < tailFetches; i++) log.read(log.logEndOffset - 1, 1024 * 1024, { minOneBatch: true });
seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`tail fetch of the newest batch: ${(seconds * 1e6 / tailFetches).toFixed(1)} µs each`);

start = process.hrtime.bigint();
for (let i = 0; i < 2000; i++) log.offsetForTimestamp(Date.now() - 1000 * (i % 50));
seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`offsetForTimestamp: ${(seconds * 1e6 / 2000).toFixed(1)} µs each`);
log.close();
fs.rmSync(dataDir, { recursive: true, force: true });
