/**
 * Everything the storage layer checks about a Produce request's `records` before they may be appended:
 * batch framing, magic, CRC-32C, size limit, client-batch rules and every record (after Kafka's LogValidator).
 * The produce handler calls this, then (for idempotent batches) the producer-state check, then PartitionLog.append.
 *
 * Per-record problems (a record without a key on a compacted topic, a timestamp out of bounds, a producer-set
 * LogAppendTime) are collected over the whole batch and reject it with Kafka's record errors (KIP-467): the
 * batch-relative index and message of each invalid record, so clients fail those records with the error and
 * the others as collateral. Malformed records reject the batch at once, without record errors, as in Kafka.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import {
  batchError, parseBatches, TimestampType, validateProducedBatchHeader, type BatchError, type BatchHeader, type RecordError,
} from './record-batch.js';
import { recordsPayload } from './records.js';
import { CompressionCodec } from '../compression/codecs.js';
import { ByteCursor } from './varint.js';

export interface RecordValidationOptions {
  /** Broker time for timestamp bounds (no bounds are checked without it). */
  now?: number;
  /** message.timestamp.before.max.ms: reject CreateTime records older than now - this (absent: Long.MAX_VALUE). */
  timestampBeforeMaxMs?: number;
  /** message.timestamp.after.max.ms: reject CreateTime records newer than now + this (absent: Long.MAX_VALUE). */
  timestampAfterMaxMs?: number;
  /** The topic's message.timestamp.type: record timestamps are only bounded for CreateTime topics. */
  messageTimestampType?: 'CreateTime' | 'LogAppendTime';
  /** cleanup.policy contains compact: records without a key are INVALID_RECORD. */
  compacted?: boolean;
  /** `topic-partition`, as Kafka's record error messages name it. */
  topicPartition?: string;
  /**
   * The topic's compression.type as a codec id (null or absent: `producer`). When a compressed batch is stored as
   * sent, Kafka reads its records without key and value, and its messages print them as PartialDefaultRecord.
   */
  topicCodec?: number | null;
}

export interface ProduceValidationOptions extends RecordValidationOptions {
  /** max.message.bytes: the largest batch (incl. 12-byte log overhead) the topic accepts. */
  maxMessageBytes: number;
  /** Produce v3+ allows exactly one batch per partition (Kafka's ProduceRequest.validateRecords). */
  requireSingleBatch?: boolean;
  /** segment.bytes: a request larger than a whole segment is RECORD_LIST_TOO_LARGE (Kafka's UnifiedLog.append). */
  segmentBytes?: number;
}

export interface ProduceValidation {
  ok: true;
  batches: BatchHeader[];
  hasNullKey: boolean;
}

export interface RecordValidation {
  ok: true;
  hasNullKey: boolean;
  /** Smallest and largest record timestamps (CreateTime values as written by the producer). */
  minTimestamp: number;
  maxTimestamp: number;
}

export function validateProduceRecords(records: Buffer, opts: ProduceValidationOptions): ProduceValidation | BatchError {
  if (records.length === 0) return batchError(ErrorCode.INVALID_RECORD, 'produce request holds no record batch', 0);
  if (opts.segmentBytes !== undefined && records.length > opts.segmentBytes) {
    return batchError(ErrorCode.RECORD_LIST_TOO_LARGE,
      `${records.length} bytes of records exceed the segment size of ${opts.segmentBytes} bytes`, 0);
  }
  const parsed = parseBatches(records, { verifyCrc: true, maxBatchBytes: opts.maxMessageBytes });
  if (!parsed.ok) return parsed;
  if (opts.requireSingleBatch && parsed.batches.length !== 1) {
    return batchError(ErrorCode.INVALID_RECORD, `expected exactly one record batch, got ${parsed.batches.length}`, 0);
  }
  let hasNullKey = false;
  for (const header of parsed.batches) {
    const headerError = validateProducedBatchHeader(header);
    if (headerError) return headerError;
    const recordCheck = validateBatchRecords(records, header, opts);
    if (!recordCheck.ok) return recordCheck;
    hasNullKey ||= recordCheck.hasNullKey;
  }
  return { ok: true, batches: parsed.batches, hasNullKey };
}

const LONG_MAX = 9223372036854775807n;
const NO_TIMESTAMP = -1;

/** What a record error message needs to know about one record. */
interface RecordFacts {
  index: number;
  offset: number;
  timestamp: number;
  keySize: number;
  valueSize: number;
}

/**
 * Walks the records of one batch the way Kafka's LogValidator does on Produce: every record must be well formed
 * and exactly fill the batch, offset deltas must run 0, 1, 2, ..., the count must match the header; then each
 * record's key and timestamp are checked and every failure is kept (one per record, the key first).
 * Uncompressed batches are walked in place (no copies); compressed ones are decompressed once.
 */
export function validateBatchRecords(buf: Buffer, header: BatchHeader, opts: RecordValidationOptions = {}):
  RecordValidation | BatchError {
  let payload: Buffer;
  try {
    payload = recordsPayload(buf, header);
  } catch (err) {
    return batchError(ErrorCode.CORRUPT_MESSAGE, `cannot decompress batch: ${(err as Error).message}`, header.position);
  }
  const cursor = new ByteCursor(payload, 0);
  const logAppendTimeBatch = header.timestampType === TimestampType.LOG_APPEND_TIME;
  const partialRecords = header.compression !== CompressionCodec.NONE && (opts.topicCodec ?? header.compression) === header.compression;
  const rejected: { timestamp: boolean; error: RecordError }[] = [];
  let hasNullKey = false;
  let minTimestamp = Number.POSITIVE_INFINITY;
  let maxTimestamp = Number.NEGATIVE_INFINITY;
  let count = 0;
  try {
    while (cursor.pos < payload.length) {
      const length = cursor.readVarint();
      const recordEnd = cursor.pos + length;
      if (length <= 0 || recordEnd > payload.length) {
        return batchError(ErrorCode.CORRUPT_MESSAGE, `record ${count} has invalid length ${length}`, header.position);
      }
      cursor.pos += 1;
      const createTime = header.baseTimestamp + cursor.readVarlong();
      const offsetDelta = cursor.readVarint();
      if (offsetDelta !== count) {
        // Inner record offsets must be continuous (0, 1, 2, ...) for in-place offset assignment.
        return batchError(ErrorCode.INVALID_RECORD, `record ${count} has offset delta ${offsetDelta}`, header.position);
      }
      const keySize = cursor.skipNullableBytes();
      const valueSize = cursor.skipNullableBytes();
      const headerCount = cursor.readVarint();
      if (headerCount < 0) throw new RangeError(`invalid header count ${headerCount}`);
      for (let h = 0; h < headerCount; h++) {
        if (cursor.skipNullableBytes() < 0) throw new RangeError('record header key is null');
        cursor.skipNullableBytes();
      }
      if (cursor.pos !== recordEnd) throw new RangeError(`record ${count} length does not match its contents`);
      if (keySize < 0) hasNullKey = true;
      // A LogAppendTime batch's records read as its maxTimestamp, as Kafka's record iterator gives them.
      const timestamp = logAppendTimeBatch ? header.maxTimestamp : createTime;
      if (timestamp < minTimestamp) minTimestamp = timestamp;
      if (timestamp > maxTimestamp) maxTimestamp = timestamp;
      const facts = { index: count, offset: header.baseOffset + offsetDelta, timestamp, keySize, valueSize };
      const problem = recordProblem(facts, logAppendTimeBatch, partialRecords, opts);
      if (problem) rejected.push(problem);
      count++;
    }
  } catch (err) {
    return batchError(ErrorCode.CORRUPT_MESSAGE, `malformed record: ${(err as Error).message}`, header.position);
  }
  if (count !== header.recordCount) {
    return batchError(ErrorCode.INVALID_RECORD,
      `batch header says ${header.recordCount} records but it holds ${count}`, header.position);
  }
  if (rejected.length > 0) return recordsRejected(rejected, header.position);
  return { ok: true, hasNullKey, minTimestamp: count > 0 ? minTimestamp : -1, maxTimestamp: count > 0 ? maxTimestamp : -1 };
}

/** LogValidator.validateKey, then validateTimestamp: the first problem of one record, with Kafka's message. */
function recordProblem(r: RecordFacts, logAppendTimeBatch: boolean, partialRecords: boolean, opts: RecordValidationOptions):
  { timestamp: boolean; error: RecordError } | null {
  const tp = opts.topicPartition ?? '?';
  if (opts.compacted && r.keySize < 0) {
    return { timestamp: false, error: { batchIndex: r.index, message: `Compacted topic cannot accept message without key in topic partition ${tp}` } };
  }
  const topicCreateTime = opts.messageTimestampType !== 'LogAppendTime';
  if (topicCreateTime && r.timestamp !== NO_TIMESTAMP) {
    if (opts.now === undefined || !timestampOutOfBounds(r.timestamp, opts.now, opts)) return null;
    const before = opts.timestampBeforeMaxMs === undefined ? LONG_MAX : BigInt(opts.timestampBeforeMaxMs);
    const after = opts.timestampAfterMaxMs === undefined ? LONG_MAX : BigInt(opts.timestampAfterMaxMs);
    const now = BigInt(opts.now);
    // Java long arithmetic: now + Long.MAX_VALUE wraps around.
    const from = BigInt.asIntN(64, now - before);
    const to = BigInt.asIntN(64, now + after);
    return {
      timestamp: true,
      error: {
        batchIndex: r.index,
        message: `Timestamp ${r.timestamp} of message with offset ${r.offset} is out of range. The timestamp should be within [${from}, ${to}]`,
      },
    };
  }
  if (!logAppendTimeBatch) return null;
  return {
    timestamp: true,
    error: {
      batchIndex: r.index,
      message: `Invalid timestamp type in message ${describeRecord(r, partialRecords)}. Producer should not set timestamp type to LogAppendTime.`,
    },
  };
}

function timestampOutOfBounds(timestamp: number, now: number, opts: RecordValidationOptions): boolean {
  const diff = now - timestamp;
  return (opts.timestampBeforeMaxMs !== undefined && diff > opts.timestampBeforeMaxMs)
    || (opts.timestampAfterMaxMs !== undefined && -diff > opts.timestampAfterMaxMs);
}

/** Kafka's DefaultRecord / PartialDefaultRecord toString (a null key or value: 0 and -1 bytes respectively). */
function describeRecord(r: RecordFacts, partial: boolean): string {
  const size = (n: number): number => (partial || n >= 0 ? n : 0);
  return `${partial ? 'PartialDefaultRecord' : 'DefaultRecord'}(offset=${r.offset}, timestamp=${r.timestamp}, key=${size(r.keySize)} bytes, value=${size(r.valueSize)} bytes)`;
}

/** LogValidator.processRecordErrors: INVALID_TIMESTAMP when any record's timestamp failed, else INVALID_RECORD. */
function recordsRejected(rejected: readonly { timestamp: boolean; error: RecordError }[], position: number): BatchError {
  const recordErrors = rejected.map((r) => r.error);
  if (rejected.some((r) => r.timestamp)) {
    return { ...batchError(ErrorCode.INVALID_TIMESTAMP, 'One or more records have been rejected due to invalid timestamp', position), recordErrors };
  }
  const shown = recordErrors.slice(0, 3).map((e) => `RecordError(batchIndex=${e.batchIndex}, message='${e.message}')`).join(', ');
  const message = `One or more records have been rejected due to ${recordErrors.length} record errors in total, and only showing the first three errors at most: [${shown}]`;
  return { ...batchError(ErrorCode.INVALID_RECORD, message, position), recordErrors };
}
