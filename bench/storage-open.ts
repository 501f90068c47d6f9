/**
 * Opening a partition log: clean open (trust segments, load indexes) versus recovery after an unclean shutdown
 * (every batch re-read and CRC-checked, indexes rebuilt). Prints seconds and MB/s; not a test.
 *   node --import tsx bench/storage-open.ts [totalMiB]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PartitionLog, DEFAULT_LOG_SETTINGS } from '../src-engine/storage/partition-log.js';
import { buildRecordBatch } from '../src-engine/storage/records.js';

const totalMiB = Number(process.argv[2] ?? 512);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkadesk-bench-'));
const settings = { ...DEFAULT_LOG_SETTINGS, segmentBytes: 128 * 1024 * 1024 };
const open = (cleanShutdown: boolean): PartitionLog => PartitionLog.open({
  dir: path.join(dataDir, 'bench-0'), topic: 'bench', partition: 0, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', config: () => settings, cleanShutdown,
});
const log = open(true);
const value = randomBytes(1024);
const batch = (): Buffer => buildRecordBatch({ records: Array.from({ length: 16 }, (_, i) => ({ key: Buffer.from(`k${i}`), value })) });
const appends = Math.ceil((totalMiB * 1024 * 1024) / batch().length);
for (let i = 0; i < appends; i++) log.append(batch(), { now: Date.now(), partitionLeaderEpoch: 0 });
const bytes = log.sizeInBytes;
log.close();

for (const clean of [true, false]) {
  const start = process.hrtime.bigint();
  const reopened = open(clean);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${clean ? 'clean open       ' : 'unclean recovery '}: ${seconds.toFixed(3)} s for ${(bytes / 1048576).toFixed(0)} MiB in ${reopened.segments().length} segments${clean ? '' : ` (${(bytes / 1048576 / seconds).toFixed(0)} MB/s)`}`);
  reopened.close();
}
fs.rmSync(dataDir, { recursive: true, force: true });
