// Reads record-batch headers straight from a partition's segment files, in
// Kafka's on-disk format (`<dataDir>/<topic>-<partition>/*.log`), so client tests
// can check what the broker actually stored: codec, producer id, sequences.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredBatch {
  baseOffset: number;
  /** 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd (attributes bits 0-2). */
  codec: number;
  transactional: boolean;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export function storedBatches(dataDir: string, topic: string, partition: number): StoredBatch[] {
  const dir = join(dataDir, `${topic}-${partition}`);
  const batches: StoredBatch[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
    const buf = readFileSync(join(dir, name));
    // baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
    // attributes int16 (21) | lastOffsetDelta int32 | first/maxTimestamp int64 x2 |
    // producerId int64 (43) | producerEpoch int16 (51) | baseSequence int32 (53) | recordCount int32 (57)
    for (let pos = 0; pos + 61 <= buf.length; ) {
      const batchLength = buf.readInt32BE(pos + 8);
      if (batchLength <= 0) break; // zeroed tail, not a batch
      const attributes = buf.readInt16BE(pos + 21);
      batches.push({
        baseOffset: Number(buf.readBigInt64BE(pos)),
        codec: attributes & 0x7,
        transactional: (attributes & 0x10) !== 0,
        producerId: Number(buf.readBigInt64BE(pos + 43)),
        producerEpoch: buf.readInt16BE(pos + 51),
        baseSequence: buf.readInt32BE(pos + 53),
        recordCount: buf.readInt32BE(pos + 57),
      });
      pos += 12 + batchLength;
    }
  }
  return batches;
}

export function storedBytes(dataDir: string, topic: string, partition: number): number {
  const dir = join(dataDir, `${topic}-${partition}`);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.log'))
    .reduce((sum, n) => sum + readFileSync(join(dir, n)).length, 0);
}
