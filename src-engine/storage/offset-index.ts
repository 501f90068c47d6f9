/**
 * A segment's sparse offset index (`.index`): 8-byte entries `int32 relativeOffset, int32 position`, meaning
 * "the append whose last offset is baseOffset+relativeOffset starts at byte `position` of the .log".
 * Entries live in memory (typed arrays, binary-searched) and are written to the file in batches: an index is
 * only a cache of the log — recovery rebuilds it — so it need not hit the disk on every append.
 */
import fs from 'node:fs';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export interface OffsetPosition {
  offset: number;
  position: number;
}

export class OffsetIndex {
  private relOffsets: Int32Array;
  private positions: Int32Array;
  private count = 0;
  private persisted = 0;
  /** -1 while released (inactive segments keep entries in memory and reopen the file only to change it). */
  private fd: number;

  private constructor(readonly path: string, readonly baseOffset: number, readonly maxEntries: number, fd: number) {
    this.fd = fd;
    this.relOffsets = new Int32Array(64);
    this.positions = new Int32Array(64);
  }

  /** Opens (creating if missing) and loads the index; a torn trailing entry is cut. `sanityCheck` judges the rest. */
  static open(path: string, baseOffset: number, maxIndexBytes: number): OffsetIndex {
    const fd = fs.openSync(path, fs.existsSync(path) ? 'r+' : 'w+');
    const index = new OffsetIndex(path, baseOffset, Math.max(1, Math.floor(maxIndexBytes / OFFSET_INDEX_ENTRY_SIZE)), fd);
    const size = fs.fstatSync(fd).size;
    const usable = size - (size % OFFSET_INDEX_ENTRY_SIZE);
    if (usable > 0) {
      const buf = Buffer.allocUnsafe(usable);
      fs.readSync(fd, buf, 0, usable, 0);
      index.reserve(usable / OFFSET_INDEX_ENTRY_SIZE);
      for (let p = 0; p < usable; p += OFFSET_INDEX_ENTRY_SIZE) {
        index.push(buf.readInt32BE(p), buf.readInt32BE(p + 4));
      }
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

  /** Entries must grow strictly in offset and not decrease in position; anything else means a corrupt file. */
  sanityCheck(logSize: number): boolean {
    for (let i = 0; i < this.count; i++) {
      const rel = this.relOffsets[i] as number;
      const pos = this.positions[i] as number;
      if (rel < 0 || pos < 0 || pos >= Math.max(logSize, 1)) return false;
      if (i > 0 && (rel <= (this.relOffsets[i - 1] as number) || pos < (this.positions[i - 1] as number))) return false;
    }
    return true;
  }

  /** Sets the capacity (at least the current count): exact on load, trimmed when the segment goes inactive. */
  private reserve(capacity: number): void {
    const size = Math.max(capacity, this.count, 1);
    const resize = (a: Int32Array): Int32Array => {
      const next = new Int32Array(size);
      next.set(a.subarray(0, this.count));
      return next;
    };
    this.relOffsets = resize(this.relOffsets);
    this.positions = resize(this.positions);
  }

  private push(rel: number, pos: number): void {
    if (this.count === this.relOffsets.length) this.reserve(this.count * 2);
    this.relOffsets[this.count] = rel;
    this.positions[this.count] = pos;
    this.count++;
  }

  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset;
    if (this.count > 0 && rel <= (this.relOffsets[this.count - 1] as number)) return;
    this.push(rel, position);
    if (this.count - this.persisted >= 512) this.flushEntries();
  }

  lastEntry(): OffsetPosition {
    if (this.count === 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + (this.relOffsets[this.count - 1] as number), position: this.positions[this.count - 1] as number };
  }

  /** Greatest entry whose offset <= target, or (baseOffset, 0) when there is none. */
  lookup(targetOffset: number): OffsetPosition {
    const rel = targetOffset - this.baseOffset;
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.relOffsets[mid] as number) <= rel) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + (this.relOffsets[found] as number), position: this.positions[found] as number };
  }

  /** Drops entries for offsets >= `offset` (log truncation). */
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
    fs.ftruncateSync(this.file(), this.persisted * OFFSET_INDEX_ENTRY_SIZE);
  }

  /** Writes entries not yet on disk in one write. */
  flushEntries(): void {
    const n = this.count - this.persisted;
    if (n <= 0) return;
    const buf = Buffer.allocUnsafe(n * OFFSET_INDEX_ENTRY_SIZE);
    for (let i = 0; i < n; i++) {
      buf.writeInt32BE(this.relOffsets[this.persisted + i] as number, i * OFFSET_INDEX_ENTRY_SIZE);
      buf.writeInt32BE(this.positions[this.persisted + i] as number, i * OFFSET_INDEX_ENTRY_SIZE + 4);
    }
    fs.writeSync(this.file(), buf, 0, buf.length, this.persisted * OFFSET_INDEX_ENTRY_SIZE);
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
    if (this.relOffsets.length > this.count) this.reserve(this.count);
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  close(): void {
    this.release();
  }

  /** For renames (`.deleted`): releases the descriptor, renames the file and remembers the new path. */
  renameTo(path: string): OffsetIndex {
    this.release();
    fs.renameSync(this.path, path);
    (this as { path: string }).path = path;
    return this;
  }
}
