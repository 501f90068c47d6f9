/**
 * Everything the storage layer checks about a Produce request's `records` before they may be appended:
 * batch framing, magic, CRC-32C, size limit, client-batch rules and every record (see LogValidator in Kafka).
 * The produce handler calls this, then (for idempotent batches) the producer-state check, then PartitionLog.append.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { batchError, parseBatches, validateProducedBatchHeader, type BatchError, type BatchHeader } from './record-batch.js';
import { validateBatchRecords, type RecordValidationOptions } from './records.js';

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
