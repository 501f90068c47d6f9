/**
 * A segment's sparse time index (`.timeindex`): 12-byte entries `int64 timestamp, int32 relativeOffset`, where
 * timestamp is the largest timestamp seen so far in the segment and the offset is the last offset of the batch
 * holding it. Entries are appended only when the max grows, so timestamps strictly increase and binary search works.
 * Kept in memory and written in batches, like OffsetIndex.
 */
import fs from 'node:fs';
import { readInt64, writeInt64 } from './record-batch.js';

export const TIME_INDEX_ENTRY_SIZE = 12;

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

export class TimeIndex {
  private timestamps: Float64Array;
  private relOffsets: Int32Array;
  private count = 0;
  private persisted = 0;
  /** -1 while released (inactive segments keep entries in memory and reopen the file only to change it). */
  private fd: number;

  private constructor(readonly path: string, readonly baseOffset: number, readonly maxEntries: number, fd: number) {
    this.fd = fd;
    this.timestamps = new Float64Array(64);
    this.relOffsets = new Int32Array(64);
  }

  static open(path: string, baseOffset: number, maxIndexBytes: number): TimeIndex {
    const fd = fs.openSync(path, fs.existsSync(path) ? 'r+' : 'w+');
    const index = new TimeIndex(path, baseOffset, Math.max(1, Math.floor(maxIndexBytes / TIME_INDEX_ENTRY_SIZE)), fd);
    const size = fs.fstatSync(fd).size;
    const usable = size - (size % TIME_INDEX_ENTRY_SIZE);
    if (usable > 0) {
      const buf = Buffer.allocUnsafe(usable);
      fs.readSync(fd, buf, 0, usable, 0);
      index.reserve(usable / TIME_INDEX_ENTRY_SIZE);
      for (let p = 0; p < usable; p += TIME_INDEX_ENTRY_SIZE) index.push(readInt64(buf, p), buf.readInt32BE(p + 8));
    }
    index.persisted = index.count;
    if (usable !== size) index.truncateToEntries(index.count);
    return index;
  }

  get entries(): number {
    return this.count;
  }

  isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  sanityCheck(): boolean {
    for (let i = 0; i < this.count; i++) {
      if ((this.relOffsets[i] as number) < 0) return false;
      if (i > 0 && ((this.timestamps[i] as number) <= (this.timestamps[i - 1] as number)
        || (this.relOffsets[i] as number) < (this.relOffsets[i - 1] as number))) return false;
    }
    return true;
  }

  /** Sets the capacity (at least the current count): exact on load, trimmed when the segment goes inactive. */
  private reserve(capacity: number): void {
    const size = Math.max(capacity, this.count, 1);
    const t = new Float64Array(size);
    t.set(this.timestamps.subarray(0, this.count));
    this.timestamps = t;
    const r = new Int32Array(size);
    r.set(this.relOffsets.subarray(0, this.count));
    this.relOffsets = r;
  }

  private push(ts: number, rel: number): void {
    if (this.count === this.timestamps.length) this.reserve(this.count * 2);
    this.timestamps[this.count] = ts;
    this.relOffsets[this.count] = rel;
    this.count++;
  }

  lastEntry(): TimestampOffset | null {
    if (this.count === 0) return null;
    return { timestamp: this.timestamps[this.count - 1] as number, offset: this.baseOffset + (this.relOffsets[this.count - 1] as number) };
  }

  /** Appends only when `timestamp` is larger than the last entry's (the max grew). */
  maybeAppend(timestamp: number, offset: number): void {
    if (this.count > 0 && timestamp <= (this.timestamps[this.count - 1] as number)) return;
    this.push(timestamp, offset - this.baseOffset);
    if (this.count - this.persisted >= 512) this.flushEntries();
  }

  /** Greatest entry whose timestamp <= target, or (-1, baseOffset) when none. */
  lookup(targetTimestamp: number): TimestampOffset {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.timestamps[mid] as number) <= targetTimestamp) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return { timestamp: -1, offset: this.baseOffset };
    return { timestamp: this.timestamps[found] as number, offset: this.baseOffset + (this.relOffsets[found] as number) };
  }

  /** Drops entries pointing at offsets >= `offset`. */
  truncateTo(offset: number): void {
    const rel = offset - this.baseOffset;
    let keep = this.count;
    while (keep > 0 && (this.relOffsets[keep - 1] as number) >= rel) keep--;
    this.truncateToEntries(keep);
  }

  reset(): void {
    this.truncateToEntries(0);
  }

  private truncateToEntries(n: number): void {
    this.count = n;
    if (this.persisted > n) this.persisted = n;
    fs.ftruncateSync(this.file(), this.persisted * TIME_INDEX_ENTRY_SIZE);
  }

  flushEntries(): void {
    const n = this.count - this.persisted;
    if (n <= 0) return;
    const buf = Buffer.allocUnsafe(n * TIME_INDEX_ENTRY_SIZE);
    for (let i = 0; i < n; i++) {
      writeInt64(buf, i * TIME_INDEX_ENTRY_SIZE, this.timestamps[this.persisted + i] as number);
      buf.writeInt32BE(this.relOffsets[this.persisted + i] as number, i * TIME_INDEX_ENTRY_SIZE + 8);
    }
    fs.writeSync(this.file(), buf, 0, buf.length, this.persisted * TIME_INDEX_ENTRY_SIZE);
    this.persisted = this.count;
  }

  fsync(): void {
    this.flushEntries();
    fs.fsyncSync(this.file());
  }

  private file(): number {
    if (this.fd < 0) this.fd = fs.openSync(this.path, 'r+');
    return this.fd;
  }

  /** Writes pending entries and closes the file descriptor; the index stays usable (entries are in memory). */
  release(): void {
    this.flushEntries();
    if (this.timestamps.length > this.count) this.reserve(this.count);
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  close(): void {
    this.release();
  }

  renameTo(path: string): TimeIndex {
    this.release();
    fs.renameSync(this.path, path);
    (this as { path: string }).path = path;
    return this;
  }
}
