/**
 * A segment's sparse offset index (`.index`): 8-byte entries `int32 relativeOffset, int32 position`, meaning
 * "the append whose last offset is baseOffset+relativeOffset starts at byte `position` of the .log".
 */
import { IndexFile } from './index-file.js';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export interface OffsetPosition {
  offset: number;
  position: number;
}

export class OffsetIndex extends IndexFile {
  private positions = new Int32Array(64);

  private constructor(path: string, baseOffset: number, maxIndexBytes: number) {
    super(path, baseOffset, maxIndexBytes, OFFSET_INDEX_ENTRY_SIZE);
  }

  /** Opens (creating if missing) and loads the index; a torn trailing entry is cut. `sanityCheck` judges the rest. */
  static open(path: string, baseOffset: number, maxIndexBytes: number): OffsetIndex {
    const index = new OffsetIndex(path, baseOffset, maxIndexBytes);
    index.load();
    return index;
  }

  protected decodeEntry(buf: Buffer, pos: number): void {
    this.push(buf.readInt32BE(pos), buf.readInt32BE(pos + 4));
  }

  protected encodeEntry(i: number, buf: Buffer, pos: number): void {
    buf.writeInt32BE(this.relOffsets[i] as number, pos);
    buf.writeInt32BE(this.positions[i] as number, pos + 4);
  }

  protected resizeColumns(size: number): void {
    const next = new Int32Array(size);
    next.set(this.positions.subarray(0, Math.min(this.count, size)));
    this.positions = next;
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

  private push(rel: number, pos: number): void {
    this.grow();
    this.relOffsets[this.count] = rel;
    this.positions[this.count] = pos;
    this.count++;
  }

  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset;
    if (this.count > 0 && rel <= (this.relOffsets[this.count - 1] as number)) return;
    this.push(rel, position);
    this.maybeFlush();
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
}
