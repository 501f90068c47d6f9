/**
 * What the `.index` and `.timeindex` files share (Kafka's AbstractIndex): fixed-size entries keyed by a
 * relative offset, kept in memory (typed arrays, binary-searched) and written to the file in batches.
 * An index is only a cache of the log — recovery rebuilds it — so it need not hit the disk on every append.
 * Subclasses add their second column and the entry encoding.
 */
import fs from 'node:fs';

/** Pending entries are written once this many have accumulated (and on roll, release and close). */
const FLUSH_EVERY_ENTRIES = 512;

export abstract class IndexFile {
  protected relOffsets = new Int32Array(64);
  protected count = 0;
  private persisted = 0;
  /** -1 while released (inactive segments keep entries in memory and reopen the file only to change it). */
  private fd: number;
  readonly maxEntries: number;

  protected constructor(
    readonly path: string,
    readonly baseOffset: number,
    maxIndexBytes: number,
    private readonly entrySize: number,
  ) {
    this.fd = fs.openSync(path, fs.existsSync(path) ? 'r+' : 'w+');
    this.maxEntries = Math.max(1, Math.floor(maxIndexBytes / entrySize));
  }

  /** Reads the file's entries into memory; a torn trailing entry is cut. */
  protected load(): void {
    const size = fs.fstatSync(this.fd).size;
    const usable = size - (size % this.entrySize);
    if (usable > 0) {
      const buf = Buffer.allocUnsafe(usable);
      fs.readSync(this.fd, buf, 0, usable, 0);
      this.reserve(usable / this.entrySize);
      for (let p = 0; p < usable; p += this.entrySize) this.decodeEntry(buf, p);
    }
    this.persisted = this.count;
    if (usable !== size) this.truncateToEntries(this.count);
  }

  /** Appends the entry stored at `pos` of `buf` (used when loading). */
  protected abstract decodeEntry(buf: Buffer, pos: number): void;
  /** Writes entry `i` at `pos` of `buf`. */
  protected abstract encodeEntry(i: number, buf: Buffer, pos: number): void;
  /** Resizes the subclass's own columns to `size` entries, keeping the first `count`. */
  protected abstract resizeColumns(size: number): void;

  get entries(): number {
    return this.count;
  }

  isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  /** Sets the capacity (at least the current count): exact on load, trimmed when the segment goes inactive. */
  protected reserve(capacity: number): void {
    const size = Math.max(capacity, this.count, 1);
    const next = new Int32Array(size);
    next.set(this.relOffsets.subarray(0, this.count));
    this.relOffsets = next;
    this.resizeColumns(size);
  }

  /** Makes room for one more entry; the caller fills slot `count` and increments it. */
  protected grow(): void {
    if (this.count === this.relOffsets.length) this.reserve(this.count * 2);
  }

  protected maybeFlush(): void {
    if (this.count - this.persisted >= FLUSH_EVERY_ENTRIES) this.flushEntries();
  }

  /** Drops entries pointing at offsets >= `offset` (log truncation). */
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
    fs.ftruncateSync(this.file(), this.persisted * this.entrySize);
  }

  /** Writes entries not yet on disk in one write. */
  flushEntries(): void {
    const n = this.count - this.persisted;
    if (n <= 0) return;
    const buf = Buffer.allocUnsafe(n * this.entrySize);
    for (let i = 0; i < n; i++) this.encodeEntry(this.persisted + i, buf, i * this.entrySize);
    fs.writeSync(this.file(), buf, 0, buf.length, this.persisted * this.entrySize);
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
  renameTo(path: string): this {
    this.release();
    fs.renameSync(this.path, path);
    (this as { path: string }).path = path;
    return this;
  }
}
