/**
 * One log segment: `<base>.log` (record batches exactly as served), `<base>.index` and `<base>.timeindex`, where
 * <base> is the base offset as 20 zero-padded digits. Appends are one positional writeSync; reads return stored
 * bytes untouched. Mirrors Kafka's LogSegment (append/read/recover/truncateTo/findOffsetByTimestamp).
 */
import fs from 'node:fs';
import path from 'node:path';
import { OffsetIndex } from './offset-index.js';
import { TimeIndex } from './time-index.js';
import { TXN_INDEX_SUFFIX, TransactionIndex } from './transaction-index.js';
import { readAt, scanBatches } from './batch-scanner.js';
import { BATCH_HEADER_SIZE, BATCH_LENGTH_OFFSET, LOG_OVERHEAD, TimestampType, type BatchHeader } from './record-batch.js';
import { decodeRecords } from './records.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
export const DELETED_SUFFIX = '.deleted';

export function segmentBaseName(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0');
}

export interface SegmentFiles {
  log: string;
  index: string;
  timeIndex: string;
  /** Aborted-transaction index; only exists once the segment holds an ABORT marker. */
  txnIndex: string;
}

export function segmentFiles(dir: string, baseOffset: number): SegmentFiles {
  const base = path.join(dir, segmentBaseName(baseOffset));
  return { log: base + LOG_SUFFIX, index: base + INDEX_SUFFIX, timeIndex: base + TIME_INDEX_SUFFIX, txnIndex: base + TXN_INDEX_SUFFIX };
}

export interface SegmentReadOptions {
  minOneBatch: boolean;
  maxOffset?: number;
  /** Supplies the buffer to read into (the fetch path's pooled buffers); by default a new one. */
  alloc?: (length: number) => Buffer;
  /** Cut at maxBytes even inside a batch (Fetch, like Kafka); by default only whole batches. */
  partialLastBatch?: boolean;
}

export interface SegmentReadResult {
  bytes: Buffer;
  /** Base offset of the first batch returned. */
  firstBatchOffset: number;
}

export class LogSegment {
  readonly files: SegmentFiles;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  readonly txnIndex: TransactionIndex;
  private fd: number;
  /** Bytes in the .log. */
  size: number;
  /** One past the last offset stored (baseOffset when empty). */
  nextOffset: number;
  maxTimestampSoFar = -1;
  /** Last offset of the batch that holds maxTimestampSoFar. */
  offsetOfMaxTimestampSoFar: number;
  /** First batch's max timestamp (segment.ms rolls on it, like Kafka's rollingBasedTimestamp); null if unknown. */
  rollingBasedTimestamp: number | null = null;
  readonly createdAtMs: number;
  private bytesSinceLastIndexEntry = 0;

  private constructor(readonly dir: string, readonly baseOffset: number, segmentIndexBytes: number, create: boolean) {
    this.files = segmentFiles(dir, baseOffset);
    const exists = fs.existsSync(this.files.log);
    if (!exists && !create) throw new Error(`segment ${this.files.log} does not exist`);
    this.fd = fs.openSync(this.files.log, exists ? 'r+' : 'w+');
    const stat = fs.fstatSync(this.fd);
    this.size = stat.size;
    this.createdAtMs = exists ? stat.mtimeMs : Date.now();
    this.offsetIndex = OffsetIndex.open(this.files.index, baseOffset, segmentIndexBytes);
    this.timeIndex = TimeIndex.open(this.files.timeIndex, baseOffset, segmentIndexBytes);
    this.txnIndex = TransactionIndex.open(this.files.txnIndex);
    this.nextOffset = baseOffset;
    this.offsetOfMaxTimestampSoFar = baseOffset;
  }

  static create(dir: string, baseOffset: number, segmentIndexBytes: number): LogSegment {
    return new LogSegment(dir, baseOffset, segmentIndexBytes, true);
  }

  /** Opens an existing segment trusting its indexes (clean shutdown); call recover() otherwise. */
  static open(dir: string, baseOffset: number, segmentIndexBytes: number): LogSegment {
    return new LogSegment(dir, baseOffset, segmentIndexBytes, false);
  }

  /** Whether the on-disk indexes look usable for this log (else the caller recovers the segment). */
  indexesLookSane(): boolean {
    return this.offsetIndex.sanityCheck(this.size) && this.timeIndex.sanityCheck()
      && (this.size > 0 || (this.offsetIndex.entries === 0 && this.timeIndex.entries === 0));
  }

  /**
   * Loads nextOffset and max timestamp by scanning from the last index entry to the end (cheap: at most about
   * index.interval.bytes plus one append). Returns false when the tail is not well formed.
   */
  loadTail(): boolean {
    const lastTime = this.timeIndex.lastEntry();
    if (lastTime) {
      this.maxTimestampSoFar = lastTime.timestamp;
      this.offsetOfMaxTimestampSoFar = lastTime.offset;
    }
    const start = this.offsetIndex.lastEntry().position;
    const result = scanBatches(this.fd, start, this.size, (h) => this.observe(h), { chunkBytes: 64 * 1024, minOffset: this.baseOffset });
    this.loadRollingTimestamp();
    return result.problem === null;
  }

  private loadRollingTimestamp(): void {
    if (this.size < BATCH_HEADER_SIZE) return;
    scanBatches(this.fd, 0, this.size, (h) => {
      this.rollingBasedTimestamp = h.maxTimestamp;
      return false;
    }, { chunkBytes: BATCH_HEADER_SIZE });
  }

  private observe(h: BatchHeader): void {
    this.nextOffset = h.lastOffset + 1;
    if (h.maxTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = h.maxTimestamp;
      this.offsetOfMaxTimestampSoFar = h.lastOffset;
    }
  }

  /**
   * Rebuilds the indexes from the .log, verifying every batch (size, magic, CRC-32C, increasing offsets), and
   * truncates the file at the first torn or corrupt batch. `onBatch` sees each valid batch (producer-state replay).
   * Returns the number of bytes truncated.
   */
  recover(indexIntervalBytes: number, onBatch?: (h: BatchHeader, bytes: Buffer) => void, nextSegmentBase?: number): number {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.nextOffset = this.baseOffset;
    this.maxTimestampSoFar = -1;
    this.offsetOfMaxTimestampSoFar = this.baseOffset;
    this.rollingBasedTimestamp = null;
    this.firstHeader = undefined;
    this.lastIndexedPosition = 0;
    const result = scanBatches(this.fd, 0, this.size, (h, bytes) => {
      this.observe(h);
      if (h.position - this.lastIndexedPosition > indexIntervalBytes) this.addIndexEntries(h.lastOffset, h.position);
      this.rollingBasedTimestamp ??= h.maxTimestamp;
      if (onBatch && bytes) onBatch(h, bytes);
    }, {
      verifyCrc: true,
      minOffset: this.baseOffset,
      maxLastOffset: Math.min(this.baseOffset + 0x7fffffff, (nextSegmentBase ?? Number.MAX_SAFE_INTEGER) - 1),
    });
    this.lastIndexedPosition = 0;
    const truncated = this.size - result.validBytes;
    if (truncated > 0) {
      fs.ftruncateSync(this.fd, result.validBytes);
      this.size = result.validBytes;
    }
    this.txnIndex.truncateTo(this.nextOffset);
    this.bytesSinceLastIndexEntry = this.size - this.offsetIndex.lastEntry().position;
    this.offsetIndex.flushEntries();
    this.timeIndex.flushEntries();
    return truncated;
  }

  private lastIndexedPosition = 0;

  private addIndexEntries(lastOffset: number, position: number): void {
    this.offsetIndex.append(lastOffset, position);
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
    this.lastIndexedPosition = position;
  }

  /** True if an append of `bytes` ending at `lastOffset` must go to a new segment (see PartitionLog.shouldRoll). */
  canHoldOffset(lastOffset: number): boolean {
    return lastOffset - this.baseOffset <= 0x7fffffff;
  }

  isIndexFull(): boolean {
    return this.offsetIndex.isFull() || this.timeIndex.isFull();
  }

  /**
   * Appends already offset-assigned batches with one positional write. Index entries follow Kafka: when more than
   * index.interval.bytes were appended since the last entry, this append gets one (its last offset -> its start).
   */
  append(records: Buffer, lastOffset: number, maxTimestamp: number, offsetOfMaxTimestamp: number, indexIntervalBytes: number): void {
    const position = this.size;
    let written = 0;
    try {
      while (written < records.length) {
        written += fs.writeSync(this.fd, records, written, records.length - written, position + written);
      }
    } catch (err) {
      // Disk full or I/O error: drop the partial write so the file ends on a batch boundary again.
      try { fs.ftruncateSync(this.fd, position); } catch { /* recovery will cut the torn tail */ }
      throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `append to ${this.files.log} failed: ${(err as Error).message}`);
    }
    if (this.size === 0) this.rollingBasedTimestamp = maxTimestamp;
    this.size += records.length;
    this.nextOffset = lastOffset + 1;
    if (maxTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = maxTimestamp;
      this.offsetOfMaxTimestampSoFar = offsetOfMaxTimestamp;
    }
    if (this.bytesSinceLastIndexEntry > indexIntervalBytes) {
      this.offsetIndex.append(lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += records.length;
  }

  /** First batch whose last offset >= `offset`, searching from the index; null when past the end. */
  translateOffset(offset: number): BatchHeader | null {
    let found: BatchHeader | null = null;
    scanBatches(this.fd, this.offsetIndex.lookup(offset).position, this.size, (h) => {
      if (h.lastOffset >= offset) {
        found = h;
        return false;
      }
      return true;
    }, { chunkBytes: 16 * 1024 });
    return found;
  }

  /**
   * Reads batches starting with the one containing `startOffset`, up to `maxBytes` (the first batch is returned
   * whole when `minOneBatch`, KIP-74) and never a batch holding an offset >= `maxOffset` (exclusive bound).
   * The result ends on a batch boundary unless `partialLastBatch`: then it is cut at `maxBytes` exactly, as
   * Kafka's FileRecords.slice serves a fetch (clients parse the complete records of an uncompressed partial batch).
   */
  read(startOffset: number, maxBytes: number, opts: SegmentReadOptions): SegmentReadResult | null {
    const first = this.translateOffset(startOffset);
    if (!first) return null;
    let endPosition = this.size;
    if (opts.maxOffset !== undefined && opts.maxOffset < this.nextOffset) {
      if (first.baseOffset >= opts.maxOffset) return null;
      endPosition = this.translateOffset(opts.maxOffset)?.position ?? this.size;
    }
    const available = endPosition - first.position;
    if (available <= 0) return null;
    let length = Math.min(available, maxBytes);
    if (length < first.sizeInBytes) {
      if (!opts.minOneBatch) return null;
      length = first.sizeInBytes;
    }
    const bytes = readAt(this.fd, first.position, length, opts.alloc);
    return { bytes: opts.partialLastBatch ? bytes : bytes.subarray(0, wholeBatchesLength(bytes)), firstBatchOffset: first.baseOffset };
  }

  /** First record with timestamp >= `timestamp` and offset >= `startingOffset` (Kafka's findOffsetByTimestamp). */
  findOffsetByTimestamp(timestamp: number, startingOffset: number): { offset: number; timestamp: number } | null {
    if (this.maxTimestampSoFar < timestamp || this.nextOffset <= startingOffset) return null;
    const entry = this.timeIndex.lookup(timestamp);
    const from = this.offsetIndex.lookup(Math.max(entry.offset, startingOffset)).position;
    let result: { offset: number; timestamp: number } | null = null;
    scanBatches(this.fd, from, this.size, (h) => {
      if (h.maxTimestamp < timestamp || h.lastOffset < startingOffset) return true;
      const batch = readAt(this.fd, h.position, h.sizeInBytes);
      for (const r of decodeRecords(batch, { ...h, position: 0 })) {
        const ts = h.timestampType === TimestampType.LOG_APPEND_TIME ? h.maxTimestamp : r.timestamp;
        if (ts >= timestamp && r.offset >= startingOffset) {
          result = { offset: r.offset, timestamp: ts };
          return false;
        }
      }
      return true;
    }, { chunkBytes: 16 * 1024 });
    return result;
  }

  /** The record holding this segment's largest timestamp (ListOffsets MAX_TIMESTAMP). */
  maxTimestampRecord(): { offset: number; timestamp: number } | null {
    if (this.maxTimestampSoFar < 0 || this.size === 0) return null;
    const h = this.translateOffset(this.offsetOfMaxTimestampSoFar);
    if (!h) return null;
    if (h.timestampType === TimestampType.CREATE_TIME) {
      const batch = readAt(this.fd, h.position, h.sizeInBytes);
      const hit = decodeRecords(batch, { ...h, position: 0 }).find((r) => r.timestamp === this.maxTimestampSoFar);
      if (hit) return { offset: hit.offset, timestamp: hit.timestamp };
    }
    return { offset: h.lastOffset, timestamp: this.maxTimestampSoFar };
  }

  /** Header of the first batch (for the GUI), or null when empty; cached until the segment is truncated. */
  firstBatchHeader(): BatchHeader | null {
    if (this.size === 0) return null;
    if (this.firstHeader !== undefined && this.firstHeader !== null) return this.firstHeader;
    let first: BatchHeader | null = null;
    scanBatches(this.fd, 0, this.size, (h) => {
      first = h;
      return false;
    }, { chunkBytes: BATCH_HEADER_SIZE });
    this.firstHeader = first;
    return first;
  }

  private firstHeader: BatchHeader | null | undefined;

  /**
   * On roll: a final time-index entry records the segment's max timestamp (Kafka's onBecomeInactiveSegment), so a
   * later open knows it without scanning; the segment and its indexes are fsynced, then index files are released.
   */
  onBecomeInactive(): void {
    if (this.maxTimestampSoFar >= 0) this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
    this.fsync();
    this.releaseIndexFiles();
  }

  /** Inactive segments keep their index entries in memory only: one file descriptor per segment instead of three. */
  releaseIndexFiles(): void {
    this.offsetIndex.release();
    this.timeIndex.release();
  }

  /** Removes every batch with offsets >= `offset` (the batch containing it must start at it). */
  truncateTo(offset: number): void {
    const h = this.translateOffset(offset);
    if (!h) return;
    this.firstHeader = undefined;
    fs.ftruncateSync(this.fd, h.position);
    this.size = h.position;
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    this.txnIndex.truncateTo(offset);
    this.nextOffset = this.baseOffset;
    this.maxTimestampSoFar = -1;
    this.loadTail();
    this.bytesSinceLastIndexEntry = this.size - this.offsetIndex.lastEntry().position;
  }

  /** Writes pending index entries (no fsync). */
  flushIndexes(): void {
    this.offsetIndex.flushEntries();
    this.timeIndex.flushEntries();
  }

  fsync(): void {
    fs.fsyncSync(this.fd);
    this.offsetIndex.fsync();
    this.timeIndex.fsync();
  }

  close(): void {
    this.offsetIndex.close();
    this.timeIndex.close();
    fs.closeSync(this.fd);
  }

  /** Closes the segment and renames its files with the `.deleted` suffix, then removes them. */
  closeAndDelete(): void {
    this.close();
    for (const file of [this.files.log, this.files.index, this.files.timeIndex, this.files.txnIndex]) {
      if (!fs.existsSync(file)) continue;
      fs.renameSync(file, file + DELETED_SUFFIX);
      fs.rmSync(file + DELETED_SUFFIX, { force: true });
    }
  }
}

/** Length of the leading run of complete batches in `bytes` (a read may end inside a batch). */
export function wholeBatchesLength(bytes: Buffer): number {
  let pos = 0;
  while (pos + LOG_OVERHEAD <= bytes.length) {
    const size = bytes.readInt32BE(pos + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
    if (size < BATCH_HEADER_SIZE || pos + size > bytes.length) break;
    pos += size;
  }
  return pos;
}

/** Index of the segment with the greatest base offset <= offset (0 when offset precedes all); segments sorted. */
export function segmentIndexFor(segments: readonly LogSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((segments[mid] as LogSegment).baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
