/**
 * The cleaner's key -> latest offset map over the dirty section (Kafka's SkimpyOffsetMap). Kafka stores
 * fixed-size key digests in a bounded buffer; a developer broker holds the keys themselves (as latin1
 * strings, one char per byte, so any binary key maps exactly) and has no size bound.
 */
import { decodeRecords } from '../../storage/records.js';
import type { BatchHeader } from '../../storage/record-batch.js';

export function keyOf(key: Buffer): string {
  return key.toString('latin1');
}

export class OffsetMap {
  private readonly map = new Map<string, number>();
  /** Highest offset put into the map (-1 when empty). */
  latestOffset = -1;

  put(key: Buffer, offset: number): void {
    this.map.set(keyOf(key), offset);
    if (offset > this.latestOffset) this.latestOffset = offset;
  }

  get(key: Buffer): number | undefined {
    return this.map.get(keyOf(key));
  }

  get size(): number {
    return this.map.size;
  }
}

/** A stored batch: its bytes (starting at position 0) and parsed header. */
export interface StoredBatch {
  readonly bytes: Buffer;
  readonly header: BatchHeader;
}

/**
 * Adds every keyed data record with offset in [from, to) to the map. Control batches and batches of
 * aborted transactions carry no live keys, so they are skipped.
 */
export function addToOffsetMap(map: OffsetMap, batches: Iterable<StoredBatch>, from: number, to: number,
  isAborted: (b: BatchHeader) => boolean): void {
  for (const { bytes, header } of batches) {
    if (header.isControl || header.lastOffset < from || header.baseOffset >= to || isAborted(header)) continue;
    for (const r of decodeRecords(bytes, { ...header, position: 0 })) {
      if (r.key !== null && r.offset >= from && r.offset < to) map.put(r.key, r.offset);
    }
  }
}

/** Bytes Kafka's SkimpyOffsetMap spends per key (16-byte MD5 digest + 8-byte offset). */
const BYTES_PER_ENTRY = 24;
/** Kafka's log.cleaner.io.buffer.load.factor default. */
const LOAD_FACTOR = 0.9;

/** How many keys a dedupe buffer of this size holds, as Kafka sizes its map. */
export function offsetMapCapacity(dedupeBufferBytes: number): number {
  return Math.max(1, Math.floor((dedupeBufferBytes * LOAD_FACTOR) / BYTES_PER_ENTRY));
}

/**
 * Maps the dirty segments in order until the map is full (Kafka's buildOffsetMap): a segment is only
 * added whole, and at least one is always added. Returns the offset cleaning must stop at: the base of
 * the first segment that did not fit, or `to`.
 */
export function fillOffsetMap(map: OffsetMap, segments: readonly { baseOffset: number; batches: readonly StoredBatch[] }[],
  from: number, to: number, capacity: number, isAborted: (b: BatchHeader) => boolean): number {
  let mapped = 0;
  for (const seg of segments) {
    const batches = seg.batches.filter((b) => b.header.lastOffset >= from && b.header.baseOffset < to);
    if (batches.length === 0) continue;
    const records = batches.reduce((n, b) => n + b.header.recordCount, 0);
    if (mapped > 0 && map.size + records > capacity) return Math.max(from, seg.baseOffset);
    addToOffsetMap(map, batches, from, to, isAborted);
    mapped++;
  }
  return to;
}
