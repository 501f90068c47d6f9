/**
 * A lenient, read-only walk over the batches of a `.log` file for the segment explorer. Unlike the broker's
 * scanBatches (batch-scanner.ts), which stops at the first bad batch because recovery truncates there, this walk
 * reports a CRC mismatch and carries on with the next batch (the length field still frames it); it stops only
 * where the framing itself is lost (torn tail, impossible length, unknown magic) and says where.
 */
import fs from 'node:fs';
import {
  BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, CURRENT_MAGIC, LOG_OVERHEAD, MAGIC_OFFSET, computeBatchCrc, readBatchHeader,
  type BatchHeader,
} from '../storage/record-batch.js';

export interface WalkedBatch {
  /** `header.position` is the FILE position. */
  header: BatchHeader;
  /** Computed CRC-32C (null when the walk reads headers only). */
  computedCrc: number | null;
  /** The whole batch (a view valid only during the visit), null when headers only. */
  bytes: Buffer | null;
}

export interface WalkEnd {
  /** Position just after the last well-framed batch visited. */
  validBytes: number;
  /** Where and why the framing was lost, null when the walk reached the end (or was stopped). */
  problem: { position: number; message: string } | null;
  stopped: boolean;
}

export interface WalkOptions {
  /** Read every batch whole and compute its CRC (default true). */
  verifyCrc?: boolean;
  chunkBytes?: number;
}

export function walkSegment(fd: number, from: number, end: number, visit: (b: WalkedBatch) => boolean | void, opts: WalkOptions = {}): WalkEnd {
  const verifyCrc = opts.verifyCrc ?? true;
  const chunkBytes = opts.chunkBytes ?? 1 << 20;
  let buf = Buffer.allocUnsafe(chunkBytes);
  let bufStart = 0;
  let bufLen = 0;
  const ensure = (pos: number, need: number): void => {
    if (pos >= bufStart && pos + need <= bufStart + bufLen) return;
    if (need > buf.length) buf = Buffer.allocUnsafe(need);
    bufLen = fs.readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
    bufStart = pos;
  };
  let pos = from;
  while (pos < end) {
    const remaining = end - pos;
    if (remaining < BATCH_HEADER_SIZE) {
      return { validBytes: pos, problem: { position: pos, message: `torn tail: ${remaining} bytes, less than a batch header` }, stopped: false };
    }
    ensure(pos, BATCH_HEADER_SIZE);
    if (bufLen - (pos - bufStart) < BATCH_HEADER_SIZE) return { validBytes: pos, problem: { position: pos, message: 'short read' }, stopped: false };
    const rel = pos - bufStart;
    const batchLength = buf.readInt32BE(rel + BATCH_LENGTH_OFFSET);
    const size = batchLength + LOG_OVERHEAD;
    if (size < BATCH_HEADER_SIZE) {
      return { validBytes: pos, problem: { position: pos, message: `invalid batch length ${batchLength} (zeros or garbage)` }, stopped: false };
    }
    if (size > remaining) {
      return { validBytes: pos, problem: { position: pos, message: `torn batch: its length says ${size} bytes, ${remaining} are on disk` }, stopped: false };
    }
    const magic = buf.readInt8(rel + MAGIC_OFFSET);
    if (magic !== CURRENT_MAGIC) {
      return { validBytes: pos, problem: { position: pos, message: `record batch magic ${magic} (only v2 batches are read)` }, stopped: false };
    }
    const header = readBatchHeader(buf, rel);
    header.position = pos;
    let computedCrc: number | null = null;
    let bytes: Buffer | null = null;
    if (verifyCrc) {
      ensure(pos, size);
      const r = pos - bufStart;
      computedCrc = computeBatchCrc(buf, r, size);
      bytes = buf.subarray(r, r + size);
    }
    if (visit({ header, computedCrc, bytes }) === false) return { validBytes: pos + size, problem: null, stopped: true };
    pos += size;
  }
  return { validBytes: pos, problem: null, stopped: false };
}

/** Reads the whole batch at `position` (read-only); throws with a located message when it is not framed there. */
export function readBatchAt(fd: number, position: number, fileSize: number): { header: BatchHeader; bytes: Buffer; computedCrc: number } {
  let found: { header: BatchHeader; bytes: Buffer; computedCrc: number } | null = null;
  const result = walkSegment(fd, position, fileSize, (b) => {
    found = { header: { ...b.header, position: 0 }, bytes: Buffer.from(b.bytes as Buffer), computedCrc: b.computedCrc as number };
    return false;
  }, { chunkBytes: 64 * 1024 });
  if (!found) throw new Error(result.problem ? `no batch at position ${position}: ${result.problem.message}` : `no batch at position ${position}`);
  return found;
}
