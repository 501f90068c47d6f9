/**
 * The records inside a v2 batch: decoding (decompressing when needed) and building batches from records
 * (Produce's record-level validation is in produce-validation.ts). Record layout (zigzag varints):
 *   length varint | attributes int8 | timestampDelta varlong | offsetDelta varint | keyLength varint | key
 *   | valueLength varint | value | headerCount varint | [headerKeyLength varint, key utf8, headerValueLength varint, value]
 */
import { CompressionCodec, compress, decompress, isKnownCodec, type CompressionCodecId } from '../compression/codecs.js';
import {
  ATTRIBUTES_OFFSET, BATCH_HEADER_SIZE, CONTROL_FLAG_MASK, CRC_OFFSET, CURRENT_MAGIC, LOG_OVERHEAD, NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID, NO_SEQUENCE, TIMESTAMP_TYPE_MASK, TRANSACTIONAL_FLAG_MASK, TimestampType,
  computeBatchCrc, readBatchHeader, writeInt64, type BatchHeader, type TimestampTypeValue,
} from './record-batch.js';
import { ByteCursor, ByteWriter, sizeOfVarint } from './varint.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface DecodedRecord {
  offset: number;
  /** Record timestamp; for LogAppendTime batches this is the batch's maxTimestamp, as consumers see it. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** The bytes holding the records of the batch at `header.position`, decompressed if needed (throws on bad data). */
export function recordsPayload(buf: Buffer, header: BatchHeader): Buffer {
  const raw = buf.subarray(header.position + BATCH_HEADER_SIZE, header.position + header.sizeInBytes);
  if (header.compression === CompressionCodec.NONE) return raw;
  if (!isKnownCodec(header.compression)) throw new Error(`unknown compression codec ${header.compression}`);
  return decompress(header.compression, raw);
}

/**
 * Decodes every record of the batch at `header.position` (default: the first batch of `buf`).
 * Keys, values and header values are views into the (decompressed) payload, not copies.
 */
export function decodeRecords(buf: Buffer, header: BatchHeader = readBatchHeader(buf, 0)): DecodedRecord[] {
  const payload = recordsPayload(buf, header);
  const cursor = new ByteCursor(payload, 0);
  const logAppendTime = header.timestampType === TimestampType.LOG_APPEND_TIME;
  const out: DecodedRecord[] = [];
  for (let i = 0; i < header.recordCount; i++) {
    const length = cursor.readVarint();
    const recordEnd = cursor.pos + length;
    if (length < 0 || recordEnd > payload.length) throw new RangeError(`record ${i} has invalid length ${length}`);
    cursor.pos += 1; // attributes, unused
    const timestampDelta = cursor.readVarlong();
    const offsetDelta = cursor.readVarint();
    const key = cursor.readNullableBytes();
    const value = cursor.readNullableBytes();
    const headerCount = cursor.readVarint();
    if (headerCount < 0) throw new RangeError(`record ${i} has invalid header count ${headerCount}`);
    const headers: RecordHeader[] = [];
    for (let h = 0; h < headerCount; h++) {
      const hkey = cursor.readNullableBytes();
      if (hkey === null) throw new RangeError('record header key is null');
      headers.push({ key: hkey.toString('utf8'), value: cursor.readNullableBytes() });
    }
    if (cursor.pos !== recordEnd) throw new RangeError(`record ${i} length ${length} does not match its contents`);
    out.push({
      offset: header.baseOffset + offsetDelta,
      timestamp: logAppendTime ? header.maxTimestamp : header.baseTimestamp + timestampDelta,
      key,
      value,
      headers,
    });
  }
  return out;
}

export interface RecordInput {
  key?: Buffer | null;
  value?: Buffer | null;
  headers?: RecordHeader[];
  /** Defaults to the batch's baseTimestamp (or now). */
  timestamp?: number;
  /** Defaults to the record's index; compaction passes the original delta to keep offsets. */
  offsetDelta?: number;
}

export interface BuildBatchOptions {
  records: RecordInput[];
  compression?: CompressionCodecId;
  compressionLevel?: number;
  baseOffset?: number;
  partitionLeaderEpoch?: number;
  /** Defaults to the first record's timestamp. */
  baseTimestamp?: number;
  /** Defaults to the largest record timestamp. */
  maxTimestamp?: number;
  timestampType?: TimestampTypeValue;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  isTransactional?: boolean;
  isControl?: boolean;
  /** Defaults to the largest offsetDelta; compaction keeps the original so the batch's offset range survives. */
  lastOffsetDelta?: number;
  /** Clock used when records carry no timestamp. */
  now?: number;
}

function encodeRecord(w: ByteWriter, r: RecordInput, index: number, baseTimestamp: number): void {
  const key = r.key ?? null;
  const value = r.value ?? null;
  const headers = r.headers ?? [];
  const timestampDelta = (r.timestamp ?? baseTimestamp) - baseTimestamp;
  const offsetDelta = r.offsetDelta ?? index;
  const headerKeys = headers.map((h) => Buffer.from(h.key, 'utf8'));
  let bodySize = 1 + sizeOfVarint(timestampDelta) + sizeOfVarint(offsetDelta)
    + (key === null ? 1 : sizeOfVarint(key.length) + key.length)
    + (value === null ? 1 : sizeOfVarint(value.length) + value.length)
    + sizeOfVarint(headers.length);
  headers.forEach((h, i) => {
    const hk = headerKeys[i] as Buffer;
    bodySize += sizeOfVarint(hk.length) + hk.length
      + (h.value === null ? 1 : sizeOfVarint(h.value.length) + h.value.length);
  });
  w.writeVarint(bodySize);
  w.writeInt8(0);
  w.writeVarint(timestampDelta);
  w.writeVarint(offsetDelta);
  w.writeNullableBytes(key);
  w.writeNullableBytes(value);
  w.writeVarint(headers.length);
  headers.forEach((h, i) => {
    w.writeNullableBytes(headerKeys[i] as Buffer);
    w.writeNullableBytes(h.value);
  });
}

/** Builds one complete v2 batch (header, CRC-32C, optionally compressed records). */
export function buildRecordBatch(opts: BuildBatchOptions): Buffer {
  const records = opts.records;
  const now = opts.now ?? Date.now();
  const baseTimestamp = opts.baseTimestamp ?? records[0]?.timestamp ?? now;
  let maxTimestamp = opts.maxTimestamp ?? -1;
  let maxDelta = -1;
  const body = new ByteWriter(256 + records.length * 32);
  records.forEach((r, i) => {
    encodeRecord(body, r, i, baseTimestamp);
    if (opts.maxTimestamp === undefined) maxTimestamp = Math.max(maxTimestamp, r.timestamp ?? baseTimestamp);
    maxDelta = Math.max(maxDelta, r.offsetDelta ?? i);
  });
  if (records.length === 0 && opts.maxTimestamp === undefined) maxTimestamp = baseTimestamp;
  const codec = opts.compression ?? CompressionCodec.NONE;
  const recordBytes = codec === CompressionCodec.NONE
    ? body.result()
    : compress(codec, body.result(), opts.compressionLevel === undefined ? {} : { level: opts.compressionLevel });
  const size = BATCH_HEADER_SIZE + recordBytes.length;
  const buf = Buffer.allocUnsafe(size);
  const timestampType = opts.timestampType ?? TimestampType.CREATE_TIME;
  const attributes = codec
    | (timestampType === TimestampType.LOG_APPEND_TIME ? TIMESTAMP_TYPE_MASK : 0)
    | (opts.isTransactional ? TRANSACTIONAL_FLAG_MASK : 0)
    | (opts.isControl ? CONTROL_FLAG_MASK : 0);
  writeInt64(buf, 0, opts.baseOffset ?? 0);
  buf.writeInt32BE(size - LOG_OVERHEAD, 8);
  buf.writeInt32BE(opts.partitionLeaderEpoch ?? -1, 12);
  buf.writeInt8(CURRENT_MAGIC, 16);
  buf.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  buf.writeInt32BE(opts.lastOffsetDelta ?? Math.max(maxDelta, 0), 23);
  writeInt64(buf, 27, baseTimestamp);
  writeInt64(buf, 35, maxTimestamp);
  writeInt64(buf, 43, opts.producerId ?? NO_PRODUCER_ID);
  buf.writeInt16BE(opts.producerEpoch ?? NO_PRODUCER_EPOCH, 51);
  buf.writeInt32BE(opts.baseSequence ?? NO_SEQUENCE, 53);
  buf.writeInt32BE(records.length, 57);
  recordBytes.copy(buf, BATCH_HEADER_SIZE);
  buf.writeUInt32BE(computeBatchCrc(buf, 0, size), CRC_OFFSET);
  return buf;
}

/** Re-encodes a stored batch with another codec, keeping offsets, timestamps and producer fields. */
export function recompressBatch(buf: Buffer, header: BatchHeader, codec: CompressionCodecId, level?: number): Buffer {
  const records = decodeRecords(buf, header).map((r) => ({
    key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offset - header.baseOffset,
  }));
  return buildRecordBatch({
    records, compression: codec, ...(level === undefined ? {} : { compressionLevel: level }),
    baseOffset: header.baseOffset, partitionLeaderEpoch: header.partitionLeaderEpoch,
    baseTimestamp: header.baseTimestamp, maxTimestamp: header.maxTimestamp, timestampType: header.timestampType,
    producerId: header.producerId, producerEpoch: header.producerEpoch, baseSequence: header.baseSequence,
    isTransactional: header.isTransactional, isControl: header.isControl, lastOffsetDelta: header.lastOffsetDelta,
  });
}
