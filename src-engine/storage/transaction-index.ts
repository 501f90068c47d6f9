/**
 * A segment's aborted-transaction index (`.txnindex`), Kafka's format: 34-byte entries
 *   int16 version (0) | int64 producerId | int64 firstOffset | int64 lastOffset (the ABORT marker) |
 *   int64 lastStableOffset (LSO right after the abort)
 * One entry per aborted transaction whose marker lies in the segment; read_committed fetches report them so
 * consumers drop the aborted records. Aborts are rare, so entries are written as they come and the file is only
 * created for the first one.
 */
import fs from 'node:fs';
import { readInt64, writeInt64 } from './record-batch.js';

export const TXN_INDEX_SUFFIX = '.txnindex';
export const TXN_ENTRY_SIZE = 34;

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
  lastStableOffset: number;
}

export class TransactionIndex {
  private entries: AbortedTxn[] = [];

  private constructor(public path: string) {}

  /** Loads the file if present; a torn trailing entry is dropped. */
  static open(path: string): TransactionIndex {
    const index = new TransactionIndex(path);
    if (!fs.existsSync(path)) return index;
    const buf = fs.readFileSync(path);
    const whole = buf.length - (buf.length % TXN_ENTRY_SIZE);
    for (let p = 0; p < whole; p += TXN_ENTRY_SIZE) {
      if (buf.readInt16BE(p) !== 0) break;
      index.entries.push({
        producerId: readInt64(buf, p + 2), firstOffset: readInt64(buf, p + 10),
        lastOffset: readInt64(buf, p + 18), lastStableOffset: readInt64(buf, p + 26),
      });
    }
    if (index.entries.length * TXN_ENTRY_SIZE !== buf.length) index.rewrite();
    return index;
  }

  get all(): readonly AbortedTxn[] {
    return this.entries;
  }

  /** Appends an entry (ignored when this marker is already indexed, e.g. during replay after a crash). */
  append(txn: AbortedTxn): void {
    if (this.entries.some((e) => e.producerId === txn.producerId && e.lastOffset === txn.lastOffset)) return;
    this.entries.push(txn);
    const buf = Buffer.alloc(TXN_ENTRY_SIZE);
    writeInt64(buf, 2, txn.producerId);
    writeInt64(buf, 10, txn.firstOffset);
    writeInt64(buf, 18, txn.lastOffset);
    writeInt64(buf, 26, txn.lastStableOffset);
    fs.appendFileSync(this.path, buf);
  }

  /** Entries overlapping [fromOffset, toOffset). */
  collect(fromOffset: number, toOffset: number, out: AbortedTxn[]): void {
    for (const e of this.entries) if (e.lastOffset >= fromOffset && e.firstOffset < toOffset) out.push(e);
  }

  /** Drops entries whose marker is at or beyond `offset` (log truncation). */
  truncateTo(offset: number): void {
    const keep = this.entries.filter((e) => e.lastOffset < offset);
    if (keep.length === this.entries.length) return;
    this.entries = keep;
    this.rewrite();
  }

  private rewrite(): void {
    if (this.entries.length === 0) {
      fs.rmSync(this.path, { force: true });
      return;
    }
    const buf = Buffer.alloc(this.entries.length * TXN_ENTRY_SIZE);
    this.entries.forEach((e, i) => {
      const p = i * TXN_ENTRY_SIZE;
      writeInt64(buf, p + 2, e.producerId);
      writeInt64(buf, p + 10, e.firstOffset);
      writeInt64(buf, p + 18, e.lastOffset);
      writeInt64(buf, p + 26, e.lastStableOffset);
    });
    fs.writeFileSync(this.path, buf);
  }

  renameTo(path: string): void {
    if (fs.existsSync(this.path)) fs.renameSync(this.path, path);
    this.path = path;
  }
}
