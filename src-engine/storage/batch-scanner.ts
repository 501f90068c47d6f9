/**
 * Walks the record batches stored in a .log file with chunked synchronous reads.
 * Header-only scans (finding offsets, rebuilding state) skip over large batches without reading them; full scans
 * (recovery) read every batch and verify its CRC-32C. The scan stops at the first batch that is torn or corrupt and
 * reports how many leading bytes were valid, which is where recovery truncates.
 */
import fs from 'node:fs';
import {
  BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, CURRENT_MAGIC, LOG_OVERHEAD, MAGIC_OFFSET, computeBatchCrc, readBatchHeader,
  type BatchHeader,
} from './record-batch.js';

export interface ScanOptions {
  /** Read whole batches and check their CRC (recovery). Default false: headers only. */
  verifyCrc?: boolean;
  /** Read size per I/O; small for lookups near an index entry, large for full scans. */
  chunkBytes?: number;
  /** Offsets must not go below this (the segment's base offset). */
  minOffset?: number;
  /**
   * Last offsets must not exceed this: the 32-bit relative-offset range of the segment, or the next segment's base.
   * baseOffset is outside the CRC, so these bounds are what catch a damaged one.
   */
  maxLastOffset?: number;
}

export interface ScanResult {
  /** File position just after the last valid batch visited. */
  validBytes: number;
  /** Why the scan stopped early (torn or corrupt batch), if it did. */
  problem: string | null;
  /** True when the visitor asked to stop. */
  stopped: boolean;
}

/**
 * Calls `visit(header, bytes)` for each batch starting at file position `from` until `end`.
 * `header.position` is the FILE position. `bytes` is the whole batch when verifyCrc is set, otherwise null.
 * Returning `false` from the visitor stops the scan.
 */
export function scanBatches(
  fd: number,
  from: number,
  end: number,
  visit: (header: BatchHeader, bytes: Buffer | null) => boolean | void,
  opts: ScanOptions = {},
): ScanResult {
  const chunkBytes = opts.chunkBytes ?? 1 << 20;
  // Header-only lookups (every fetch does one) reuse a scratch buffer instead of allocating; they never hand bytes
  // to the visitor, and a visitor that scans again gets its own buffer because the scratch is marked busy.
  if (!opts.verifyCrc && chunkBytes <= SCRATCH_BYTES && !scratchBusy) {
    scratchBusy = true;
    try {
      return scanWith(scratch, fd, from, end, visit, opts);
    } finally {
      scratchBusy = false;
    }
  }
  return scanWith(Buffer.allocUnsafe(chunkBytes), fd, from, end, visit, opts);
}

const SCRATCH_BYTES = 64 * 1024;
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
let scratchBusy = false;

function scanWith(
  initial: Buffer,
  fd: number,
  from: number,
  end: number,
  visit: (header: BatchHeader, bytes: Buffer | null) => boolean | void,
  opts: ScanOptions,
): ScanResult {
  const verifyCrc = opts.verifyCrc ?? false;
  const chunkBytes = opts.chunkBytes ?? 1 << 20;
  let buf = initial;
  let bufStart = 0;
  let bufLen = 0;
  let expectedNext = opts.minOffset ?? 0;

  const ensure = (pos: number, need: number): void => {
    if (pos >= bufStart && pos + need <= bufStart + bufLen) return;
    if (need > buf.length) buf = Buffer.allocUnsafe(need);
    // Read only `chunkBytes` even into a larger scratch buffer: lookups near an index entry need little.
    const len = Math.min(Math.max(chunkBytes, need), buf.length, end - pos);
    bufLen = fs.readSync(fd, buf, 0, len, pos);
    bufStart = pos;
  };

  let pos = from;
  while (pos < end) {
    const remaining = end - pos;
    if (remaining < BATCH_HEADER_SIZE) return { validBytes: pos, problem: `torn batch header (${remaining} bytes)`, stopped: false };
    ensure(pos, BATCH_HEADER_SIZE);
    if (bufLen < BATCH_HEADER_SIZE) return { validBytes: pos, problem: 'short read', stopped: false };
    const rel = pos - bufStart;
    const size = buf.readInt32BE(rel + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
    if (size < BATCH_HEADER_SIZE) return { validBytes: pos, problem: `invalid batch size ${size}`, stopped: false };
    if (size > remaining) return { validBytes: pos, problem: `torn batch (${size} bytes, ${remaining} on disk)`, stopped: false };
    if (buf.readInt8(rel + MAGIC_OFFSET) !== CURRENT_MAGIC) return { validBytes: pos, problem: 'invalid magic', stopped: false };
    const header = readBatchHeader(buf, rel);
    let bytes: Buffer | null = null;
    if (verifyCrc) {
      ensure(pos, size);
      const r = pos - bufStart;
      if (computeBatchCrc(buf, r, size) !== header.crc) {
        return { validBytes: pos, problem: `CRC mismatch in batch at offset ${header.baseOffset}`, stopped: false };
      }
      bytes = buf.subarray(r, r + size);
    }
    if (header.baseOffset < expectedNext || header.lastOffsetDelta < 0) {
      return { validBytes: pos, problem: `offset ${header.baseOffset} goes backwards (expected >= ${expectedNext})`, stopped: false };
    }
    if (opts.maxLastOffset !== undefined && header.lastOffset > opts.maxLastOffset) {
      return { validBytes: pos, problem: `offset ${header.lastOffset} is beyond ${opts.maxLastOffset}`, stopped: false };
    }
    header.position = pos;
    expectedNext = header.lastOffset + 1;
    if (visit(header, bytes) === false) return { validBytes: pos, problem: null, stopped: true };
    pos += size;
  }
  return { validBytes: pos, problem: null, stopped: false };
}

/** Reads `length` bytes at `position` (fewer at end of file), into `alloc(length)` when given (it may be larger). */
export function readAt(fd: number, position: number, length: number, alloc?: (length: number) => Buffer): Buffer {
  const buf = alloc ? alloc(length) : Buffer.allocUnsafe(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return n === buf.length ? buf : buf.subarray(0, n);
}
