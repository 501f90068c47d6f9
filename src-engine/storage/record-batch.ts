/**
 * Record batch v2 (magic 2) headers: parsing, validation and the in-place rewrites the broker does on append.
 *
 * Layout (big-endian, 61-byte header; see docs and Kafka's DefaultRecordBatch):
 *   0 baseOffset int64 | 8 batchLength int32 | 12 partitionLeaderEpoch int32 | 16 magic int8 | 17 crc uint32
 *   21 attributes int16 | 23 lastOffsetDelta int32 | 27 baseTimestamp int64 | 35 maxTimestamp int64
 *   43 producerId int64 | 51 producerEpoch int16 | 53 baseSequence int32 | 57 recordCount int32 | 61 records
 * The CRC-32C covers bytes 21..end, so baseOffset and partitionLeaderEpoch can be rewritten without touching it.
 */
import { crc32c } from '@node-rs/crc32';
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const BASE_OFFSET_OFFSET = 0;
export const BATCH_LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORD_COUNT_OFFSET = 57;
export const RECORDS_OFFSET = 61;

/** baseOffset + batchLength: the bytes before what batchLength counts. */
export const LOG_OVERHEAD = 12;
export const BATCH_HEADER_SIZE = RECORDS_OFFSET;
export const CURRENT_MAGIC = 2;

export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_FLAG_MASK = 0x10;
export const CONTROL_FLAG_MASK = 0x20;
export const DELETE_HORIZON_FLAG_MASK = 0x40;

export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;

export const TimestampType = { CREATE_TIME: 0, LOG_APPEND_TIME: 1 } as const;
export type TimestampTypeValue = (typeof TimestampType)[keyof typeof TimestampType];

const TWO_POW_32 = 4294967296;

/** Reads an int64 as a JS number (exact up to 2^53, which covers offsets, timestamps and producer ids in practice). */
export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_POW_32 + buf.readUInt32BE(pos + 4);
}

export function writeInt64(buf: Buffer, pos: number, value: number): void {
  const hi = Math.floor(value / TWO_POW_32);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(value - hi * TWO_POW_32, pos + 4);
}

/** Header fields of one batch, plus where it sits in the buffer it was parsed from. */
export interface BatchHeader {
  /** Byte position of the batch within the parsed buffer. */
  position: number;
  /** Total bytes of the batch including the 12-byte log overhead. */
  sizeInBytes: number;
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  compression: number;
  timestampType: TimestampTypeValue;
  isTransactional: boolean;
  isControl: boolean;
  hasDeleteHorizon: boolean;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  /** baseOffset + lastOffsetDelta. */
  lastOffset: number;
}

/** Parses the header at `pos`; the caller guarantees BATCH_HEADER_SIZE bytes are present (no validation here). */
export function readBatchHeader(buf: Buffer, pos: number): BatchHeader {
  const baseOffset = readInt64(buf, pos);
  const batchLength = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  const lastOffsetDelta = buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
  return {
    position: pos,
    sizeInBytes: batchLength + LOG_OVERHEAD,
    baseOffset,
    batchLength,
    partitionLeaderEpoch: buf.readInt32BE(pos + PARTITION_LEADER_EPOCH_OFFSET),
    magic: buf.readInt8(pos + MAGIC_OFFSET),
    crc: buf.readUInt32BE(pos + CRC_OFFSET),
    attributes,
    compression: attributes & COMPRESSION_CODEC_MASK,
    timestampType: (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
    isTransactional: (attributes & TRANSACTIONAL_FLAG_MASK) !== 0,
    isControl: (attributes & CONTROL_FLAG_MASK) !== 0,
    hasDeleteHorizon: (attributes & DELETE_HORIZON_FLAG_MASK) !== 0,
    lastOffsetDelta,
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64(buf, pos + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET),
    recordCount: buf.readInt32BE(pos + RECORD_COUNT_OFFSET),
    lastOffset: baseOffset + lastOffsetDelta,
  };
}

/** One invalid record of a produced batch: Kafka's ProduceResponse.RecordError (KIP-467). */
export interface RecordError {
  /** The record's index within its batch. */
  batchIndex: number;
  message: string;
}

/** A validation failure that maps straight onto a Kafka error code. */
export interface BatchError {
  ok: false;
  errorCode: number;
  message: string;
  /** Byte position of the offending batch (or of the trailing garbage). */
  position: number;
  /** Set when individual records were rejected (the whole batch is refused, these say which records and why). */
  recordErrors?: readonly RecordError[];
}

export type BatchesResult = { ok: true; batches: BatchHeader[] } | BatchError;

export function batchError(errorCode: number, message: string, position: number): BatchError {
  return { ok: false, errorCode, message, position };
}

/** CRC-32C of bytes 21..end of the batch at `pos`. */
export function computeBatchCrc(buf: Buffer, pos: number, sizeInBytes: number): number {
  return crc32c(buf.subarray(pos + ATTRIBUTES_OFFSET, pos + sizeInBytes)) >>> 0;
}

export function isBatchCrcValid(buf: Buffer, header: BatchHeader): boolean {
  return computeBatchCrc(buf, header.position, header.sizeInBytes) === header.crc;
}

export interface ParseBatchesOptions {
  /** Verify CRC-32C of every batch (default true). */
  verifyCrc?: boolean;
  /** Reject batches larger than this many bytes (incl. log overhead) with MESSAGE_TOO_LARGE. */
  maxBatchBytes?: number;
}

/**
 * Splits a buffer holding one or more v2 batches (a produce request's `records`, or bytes read from a segment) and
 * checks each header: length bounds, magic, compression codec, count/offset consistency and (optionally) CRC.
 * Trailing bytes that do not form a whole batch are CORRUPT_MESSAGE. Record-level checks live in records.ts.
 */
export function parseBatches(buf: Buffer, opts: ParseBatchesOptions = {}): BatchesResult {
  const verifyCrc = opts.verifyCrc ?? true;
  const batches: BatchHeader[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const remaining = buf.length - pos;
    if (remaining < LOG_OVERHEAD) {
      return batchError(ErrorCode.CORRUPT_MESSAGE, `${remaining} trailing bytes do not form a record batch`, pos);
    }
    const batchLength = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
    const size = batchLength + LOG_OVERHEAD;
    if (size < BATCH_HEADER_SIZE) {
      return batchError(ErrorCode.CORRUPT_MESSAGE, `batch size ${size} is smaller than the ${BATCH_HEADER_SIZE}-byte header`, pos);
    }
    if (opts.maxBatchBytes !== undefined && size > opts.maxBatchBytes) {
      return batchError(ErrorCode.MESSAGE_TOO_LARGE, `batch of ${size} bytes exceeds the maximum of ${opts.maxBatchBytes}`, pos);
    }
    if (size > remaining) {
      return batchError(ErrorCode.CORRUPT_MESSAGE, `batch claims ${size} bytes but only ${remaining} remain`, pos);
    }
    const magic = buf.readInt8(pos + MAGIC_OFFSET);
    if (magic !== CURRENT_MAGIC) {
      // Legacy message sets (magic 0/1) are not supported: Produce v3+ requires magic 2.
      const code = magic < CURRENT_MAGIC ? ErrorCode.INVALID_RECORD : ErrorCode.CORRUPT_MESSAGE;
      return batchError(code, `unsupported record batch magic ${magic}`, pos);
    }
    const header = readBatchHeader(buf, pos);
    if (verifyCrc && !isBatchCrcValid(buf, header)) {
      return batchError(ErrorCode.CORRUPT_MESSAGE, `record batch at offset ${header.baseOffset} failed its CRC-32C check`, pos);
    }
    if (header.compression > 4) {
      return batchError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `unknown compression codec ${header.compression}`, pos);
    }
    if (header.recordCount < 0 || header.lastOffsetDelta < 0) {
      return batchError(ErrorCode.CORRUPT_MESSAGE, `negative record count or lastOffsetDelta`, pos);
    }
    batches.push(header);
    pos += size;
  }
  return { ok: true, batches };
}

/**
 * The extra header checks Kafka's LogValidator applies to batches coming from clients (Produce):
 * non-empty, count == lastOffsetDelta + 1, no control batches, idempotent batches carry a sequence.
 */
export function validateProducedBatchHeader(header: BatchHeader): BatchError | null {
  if (header.recordCount <= 0) {
    return batchError(ErrorCode.INVALID_RECORD, `invalid record count ${header.recordCount}`, header.position);
  }
  if (header.recordCount !== header.lastOffsetDelta + 1) {
    return batchError(ErrorCode.INVALID_RECORD,
      `record count ${header.recordCount} is inconsistent with lastOffsetDelta ${header.lastOffsetDelta}`, header.position);
  }
  if (header.isControl) {
    return batchError(ErrorCode.INVALID_RECORD, 'clients are not allowed to write control records', header.position);
  }
  if (header.producerId >= 0 && header.baseSequence < 0) {
    return batchError(ErrorCode.INVALID_RECORD, `idempotent batch has invalid sequence ${header.baseSequence}`, header.position);
  }
  if (header.isTransactional && header.producerId < 0) {
    return batchError(ErrorCode.INVALID_RECORD, 'transactional batch without a producer id', header.position);
  }
  return null;
}

/** Writes baseOffset and partitionLeaderEpoch in place; both are outside the CRC, so the CRC stays valid. */
export function assignBatchOffset(buf: Buffer, pos: number, baseOffset: number, partitionLeaderEpoch: number): void {
  writeInt64(buf, pos + BASE_OFFSET_OFFSET, baseOffset);
  buf.writeInt32BE(partitionLeaderEpoch, pos + PARTITION_LEADER_EPOCH_OFFSET);
}

/**
 * LogAppendTime: stamps maxTimestamp with the broker time and sets the timestamp-type bit, then recomputes the CRC
 * (both fields are CRC-covered). Record timestamps are left alone; consumers use maxTimestamp for every record.
 */
export function setLogAppendTime(buf: Buffer, pos: number, sizeInBytes: number, timestamp: number): void {
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  buf.writeInt16BE(attributes | TIMESTAMP_TYPE_MASK, pos + ATTRIBUTES_OFFSET);
  writeInt64(buf, pos + MAX_TIMESTAMP_OFFSET, timestamp);
  buf.writeUInt32BE(computeBatchCrc(buf, pos, sizeInBytes), pos + CRC_OFFSET);
}

/** Recomputes and stores the CRC after any change to CRC-covered bytes. */
export function rewriteBatchCrc(buf: Buffer, pos: number, sizeInBytes: number): void {
  buf.writeUInt32BE(computeBatchCrc(buf, pos, sizeInBytes), pos + CRC_OFFSET);
}

/** Sequence arithmetic that wraps at Int32 max, like DefaultRecordBatch.incrementSequence. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > 0x7fffffff - increment) return increment - (0x7fffffff - sequence) - 1;
  return sequence + increment;
}
