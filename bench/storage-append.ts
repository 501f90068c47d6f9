/**
 * Storage append throughput: 1 KiB records in batches of 16 KiB .. 1 MiB, appended to a PartitionLog on a temp dir,
 * with and without the produce-path validation (CRC-32C + record walk; compressed batches are decompressed to be
 * walked). Prints MB/s of record bytes (uncompressed size); not a test.
 *   node --import tsx bench/storage-append.ts [totalMiB]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PartitionLog, DEFAULT_LOG_SETTINGS } from '../src-engine/storage/partition-log.js';
import { buildRecordBatch } from '../src-engine/storage/records.js';
import { validateProduceRecords } from '../src-engine/storage/produce-validation.js';
import { CompressionCodec, type CompressionCodecId } from '../src-engine/compression/codecs.js';

const totalMiB = Number(process.argv[2] ?? 512);
const RECORD_SIZE = 1024;

/** JSON-ish 1 KiB values (compressible like real traffic) for compressed runs, random bytes otherwise. */
function value(i: number, compressible: boolean): Buffer {
  if (!compressible) return randomBytes(RECORD_SIZE);
  const text = JSON.stringify({ id: i, user: `user-${i % 997}`, action: ['click', 'view', 'buy'][i % 3], note: randomBytes(200).toString('base64') });
  return Buffer.from(text.padEnd(RECORD_SIZE, ' ')).subarray(0, RECORD_SIZE);
}

function makeBatch(batchBytes: number, codec: CompressionCodecId): { batch: Buffer; uncompressedBytes: number } {
  const count = Math.max(1, Math.floor(batchBytes / (RECORD_SIZE + 12)));
  const records = Array.from({ length: count }, (_, i) => ({ key: Buffer.from(`key-${i}`), value: value(i, codec !== 0), timestamp: Date.now() }));
  return {
    batch: buildRecordBatch({ compression: codec, records }),
    uncompressedBytes: buildRecordBatch({ records }).length,
  };
}

function run(batchBytes: number, validate: boolean, codec: CompressionCodecId = CompressionCodec.NONE): void {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkadesk-bench-'));
  const log = PartitionLog.open({
    dir: path.join(dataDir, 'bench-0'), topic: 'bench', partition: 0, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ',
    config: () => ({ ...DEFAULT_LOG_SETTINGS, segmentBytes: 256 * 1024 * 1024 }),
  });
  // A pool of distinct request buffers, as the network layer would hand over.
  const pool = Array.from({ length: 16 }, () => makeBatch(batchBytes, codec));
  const uncompressedSize = (pool[0] as { uncompressedBytes: number }).uncompressedBytes;
  const appends = Math.ceil((totalMiB * 1024 * 1024) / uncompressedSize / (codec === 0 ? 1 : 4));
  const start = process.hrtime.bigint();
  let bytes = 0;
  let stored = 0;
  for (let i = 0; i < appends; i++) {
    const { batch: records, uncompressedBytes } = pool[i % pool.length] as { batch: Buffer; uncompressedBytes: number };
    const now = Date.now();
    if (validate) {
      const v = validateProduceRecords(records, { maxMessageBytes: 64 * 1024 * 1024, requireSingleBatch: true, now });
      if (!v.ok) throw new Error(v.message);
      log.append(records, { now, partitionLeaderEpoch: 0, batches: v.batches });
    } else {
      log.append(records, { now, partitionLeaderEpoch: 0 });
    }
    bytes += uncompressedBytes;
    stored += records.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  log.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const label = `${String(batchBytes / 1024).padStart(5)} KiB batches, ${validate ? 'validated' : 'raw      '}, ${codec === 0 ? 'uncompressed' : `codec ${codec}`}`;
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(0);
  console.log(`${label}: ${mb(bytes / seconds).padStart(5)} MB/s of records (${mb(bytes)} MiB in ${seconds.toFixed(2)} s, ${mb(stored)} MiB stored)`);
}

for (const size of [16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024]) {
  run(size, false);
  run(size, true);
}
for (const codec of [CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD]) run(64 * 1024, true, codec);
