/**
 * Record batches (magic v2) of a Fetch response, decoded into records for the message browser. Compressed batches
 * go through kafkajs's public CompressionCodecs registry (gzip built in; snappy/lz4/zstd registered at startup).
 */

import { Reader } from '../../src-protocol/codec/reader.js';
import { CompressionCodecs } from './kafkajs.js';

export interface RawRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
  isControlRecord: boolean;
  batchContext: { timestampType: number; inTransaction: boolean; producerId: number };
}

const LOG_OVERHEAD = 12; // baseOffset int64 + batchLength int32
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 21;
const BASE_TIMESTAMP_AT = 27;
const MAX_TIMESTAMP_AT = 35;
const PRODUCER_ID_AT = 43;
const RECORDS_AT = 61;

function int64At(buf: Buffer, at: number): number {
  return Number(buf.readBigInt64BE(at));
}

/** A varint-length byte field: -1 is null. */
function varBytes(r: Reader): Buffer | null {
  const length = r.varint();
  if (length < 0) return null;
  const bytes = r.buf.subarray(r.offset, r.offset + length);
  r.skip(length);
  return bytes;
}

async function decompress(codec: number, data: Buffer): Promise<Buffer> {
  const factory = (CompressionCodecs as Record<number, (() => { decompress(b: Buffer): Promise<Buffer> }) | undefined>)[codec];
  if (!factory) throw new Error(`no codec registered for compression type ${codec}`);
  return factory().decompress(data);
}

/** What every record of one batch shares. */
export interface BatchContext {
  timestampType: number;
  inTransaction: boolean;
  producerId: number;
  isControl: boolean;
}

/** The headers of every record without any (frozen: a visitor that keeps a record's headers copies them first). */
const NO_HEADERS = Object.freeze([]) as unknown as { key: string; value: Buffer | null }[];

/** Called for each record, in order; `batch` is the same object for every record of a batch. */
export type RecordVisitor = (offset: number, timestamp: number, key: Buffer | null, value: Buffer | null,
  headers: { key: string; value: Buffer | null }[], batch: BatchContext) => void;

/**
 * Visits every record of every complete batch in `records`; a partial batch at the end (the broker cuts at max bytes)
 * is ignored, as Kafka's consumer does. Pre-v2 message sets (only on very old logs) are skipped.
 */
export async function visitRecordBatches(records: Buffer | null, visit: RecordVisitor): Promise<void> {
  if (!records) return;
  let pos = 0;
  while (pos + LOG_OVERHEAD <= records.length) {
    const batchLength = records.readInt32BE(pos + 8);
    const end = pos + LOG_OVERHEAD + batchLength;
    if (end > records.length || batchLength < RECORDS_AT - LOG_OVERHEAD) break;
    const batch = records.subarray(pos, end);
    pos = end;
    if (batch.readInt8(MAGIC_AT) !== 2) continue;
    const baseOffset = int64At(batch, 0);
    const attributes = batch.readInt16BE(ATTRIBUTES_AT);
    const timestampType = (attributes >> 3) & 1;
    const context: BatchContext = {
      timestampType, inTransaction: (attributes & 0x10) !== 0, producerId: int64At(batch, PRODUCER_ID_AT), isControl: (attributes & 0x20) !== 0,
    };
    const baseTimestamp = int64At(batch, BASE_TIMESTAMP_AT);
    const maxTimestamp = int64At(batch, MAX_TIMESTAMP_AT);
    const count = batch.readInt32BE(RECORDS_AT - 4);
    const codec = attributes & 0x07;
    const body = codec === 0 ? batch.subarray(RECORDS_AT) : await decompress(codec, batch.subarray(RECORDS_AT));
    const r = new Reader(body);
    for (let i = 0; i < count; i++) {
      r.varint(); // record length
      r.int8(); // attributes (unused)
      const timestampDelta = r.varlong();
      const offsetDelta = r.varint();
      const key = varBytes(r);
      const value = varBytes(r);
      const headerCount = r.varint();
      // Most records have no headers: they share one empty list (visitors copy it before changing it).
      const headers: { key: string; value: Buffer | null }[] = headerCount > 0 ? [] : NO_HEADERS;
      for (let h = headerCount; h > 0; h--) {
        const headerKey = varBytes(r)?.toString('utf8') ?? '';
        headers.push({ key: headerKey, value: varBytes(r) });
      }
      // LogAppendTime batches carry the broker's time as max timestamp for every record.
      const timestamp = timestampType === 1 ? maxTimestamp : baseTimestamp + timestampDelta;
      visit(baseOffset + offsetDelta, timestamp, key, value, headers, context);
    }
  }
}

const LAST_OFFSET_DELTA_AT = 23;

/**
 * The offset after the last complete batch in `records` (its base offset + lastOffsetDelta + 1; a legacy message's
 * offset + 1), from the batch headers alone; `from` if there is none. Like Kafka's consumer, the next fetch goes
 * there even when compaction removed the batch's last records or emptied it.
 */
export function offsetAfterBatches(records: Buffer | null, from: number): number {
  let next = from;
  if (!records) return next;
  let pos = 0;
  while (pos + LOG_OVERHEAD <= records.length) {
    const batchLength = records.readInt32BE(pos + 8);
    const end = pos + LOG_OVERHEAD + batchLength;
    if (end > records.length || batchLength < RECORDS_AT - LOG_OVERHEAD) break;
    const baseOffset = int64At(records, pos);
    const last = records.readInt8(pos + MAGIC_AT) === 2 ? baseOffset + records.readInt32BE(pos + LAST_OFFSET_DELTA_AT) : baseOffset;
    next = Math.max(next, last + 1);
    pos = end;
  }
  return next;
}

/** Every record of every complete batch in `records` (see visitRecordBatches). */
export async function decodeRecordBatches(records: Buffer | null): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  await visitRecordBatches(records, (offset, timestamp, key, value, headers, batch) => {
    out.push({ offset, timestamp, key, value, headers, isControlRecord: batch.isControl, batchContext: batch });
  });
  return out;
}
