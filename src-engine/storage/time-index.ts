/**
 * A segment's sparse time index (`.timeindex`): 12-byte entries `int64 timestamp, int32 relativeOffset`, where
 * timestamp is the largest timestamp seen so far in the segment and the offset is the last offset of the batch
 * holding it. Entries are appended only when the max grows, so timestamps strictly increase and binary search works.
 */
import { IndexFile } from './index-file.js';
import { readInt64, writeInt64 } from './record-batch.js';

export const TIME_INDEX_ENTRY_SIZE = 12;

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

export class TimeIndex extends IndexFile {
  private timestamps = new Float64Array(64);

  private constructor(path: string, baseOffset: number, maxIndexBytes: number) {
    super(path, baseOffset, maxIndexBytes, TIME_INDEX_ENTRY_SIZE);
  }

  static open(path: string, baseOffset: number, maxIndexBytes: number): TimeIndex {
    const index = new TimeIndex(path, baseOffset, maxIndexBytes);
    index.load();
    return index;
  }

  protected decodeEntry(buf: Buffer, pos: number): void {
    this.push(readInt64(buf, pos), buf.readInt32BE(pos + 8));
  }

  protected encodeEntry(i: number, buf: Buffer, pos: number): void {
    writeInt64(buf, pos, this.timestamps[i] as number);
    buf.writeInt32BE(this.relOffsets[i] as number, pos + 8);
  }

  protected resizeColumns(size: number): void {
    const next = new Float64Array(size);
    next.set(this.timestamps.subarray(0, Math.min(this.count, size)));
    this.timestamps = next;
  }

  sanityCheck(): boolean {
    for (let i = 0; i < this.count; i++) {
      if ((this.relOffsets[i] as number) < 0) return false;
      if (i > 0 && ((this.timestamps[i] as number) <= (this.timestamps[i - 1] as number)
        || (this.relOffsets[i] as number) < (this.relOffsets[i - 1] as number))) return false;
    }
    return true;
  }

  private push(ts: number, rel: number): void {
    this.grow();
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
    this.maybeFlush();
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
}
