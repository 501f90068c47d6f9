/**
 * Rewrites batches keeping only what compaction retains (Kafka's Cleaner.cleanInto / shouldRetainRecord):
 * a keyed record survives if no newer offset for its key exists in the offset map; tombstones survive
 * until their batch's delete horizon (KIP-534: set to now + delete.retention.ms the first time a batch
 * with tombstones is cleaned, stored as attribute bit 6 + baseTimestamp) has passed. Offsets never
 * change: surviving records keep their offset deltas and each batch keeps its base and last offset.
 */
import { buildRecordBatch, decodeRecords, type DecodedRecord } from '../../storage/records.js';
import {
  ATTRIBUTES_OFFSET, DELETE_HORIZON_FLAG_MASK, TimestampType, rewriteBatchCrc, type BatchHeader,
} from '../../storage/record-batch.js';
import type { CompressionCodecId } from '../../compression/codecs.js';
import type { OffsetMap, StoredBatch } from './offset-map.js';
import type { TxnView } from './transactions.js';

export interface CleanOptions {
  readonly map: OffsetMap;
  readonly txns: TxnView;
  readonly now: number;
  readonly deleteRetentionMs: number;
}

export interface CleanStats {
  bytesBefore: number;
  bytesAfter: number;
  recordsBefore: number;
  recordsAfter: number;
  tombstonesRemoved: number;
  tombstonesRetained: number;
  /** Earliest delete horizon among retained tombstones (null if none): when a re-clean can drop them. */
  nextTombstoneExpiry: number | null;
}

export function emptyStats(): CleanStats {
  return { bytesBefore: 0, bytesAfter: 0, recordsBefore: 0, recordsAfter: 0, tombstonesRemoved: 0, tombstonesRetained: 0, nextTombstoneExpiry: null };
}

function rebuild(h: BatchHeader, records: DecodedRecord[], deleteHorizon: number | null): Buffer {
  const logAppendTime = h.timestampType === TimestampType.LOG_APPEND_TIME;
  const buf = buildRecordBatch({
    records: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offset - h.baseOffset })),
    compression: h.compression as CompressionCodecId,
    baseOffset: h.baseOffset,
    partitionLeaderEpoch: h.partitionLeaderEpoch,
    // With a delete horizon the base timestamp holds it and record timestamps are relative to it.
    ...(deleteHorizon !== null ? { baseTimestamp: deleteHorizon } : records.length === 0 ? { baseTimestamp: h.baseTimestamp } : {}),
    ...(logAppendTime || records.length === 0 ? { maxTimestamp: h.maxTimestamp } : {}),
    timestampType: h.timestampType,
    producerId: h.producerId,
    producerEpoch: h.producerEpoch,
    baseSequence: h.baseSequence,
    isTransactional: h.isTransactional,
    isControl: h.isControl,
    lastOffsetDelta: h.lastOffsetDelta,
  });
  if (deleteHorizon !== null) {
    buf.writeInt16BE(buf.readInt16BE(ATTRIBUTES_OFFSET) | DELETE_HORIZON_FLAG_MASK, ATTRIBUTES_OFFSET);
    rewriteBatchCrc(buf, 0, buf.length);
  }
  return buf;
}

/** Cleans one batch; returns the bytes to write (possibly the original) or null to drop it. */
export function cleanBatch(batch: StoredBatch, opts: CleanOptions, stats: CleanStats): Buffer | null {
  const h = batch.header;
  stats.bytesBefore += h.sizeInBytes;
  if (h.isControl) {
    // Transaction markers stay: consumers and producer state rely on them.
    stats.recordsBefore += h.recordCount;
    stats.recordsAfter += h.recordCount;
    stats.bytesAfter += h.sizeInBytes;
    return batch.bytes;
  }
  const records = decodeRecords(batch.bytes, { ...h, position: 0 });
  stats.recordsBefore += records.length;
  const aborted = opts.txns.isAborted(h);
  const horizonPassed = h.hasDeleteHorizon && opts.now >= h.baseTimestamp;
  const kept: DecodedRecord[] = [];
  for (const r of records) {
    if (aborted || r.key === null) continue;
    const latest = opts.map.get(r.key);
    if (latest !== undefined && r.offset < latest) continue;
    if (r.value === null && horizonPassed) {
      stats.tombstonesRemoved++;
      continue;
    }
    kept.push(r);
  }
  const tombstones = kept.filter((r) => r.value === null).length;
  let horizon: number | null = h.hasDeleteHorizon ? h.baseTimestamp : null;
  if (tombstones > 0 && horizon === null) horizon = opts.now + opts.deleteRetentionMs;
  if (tombstones > 0 && horizon !== null) {
    stats.tombstonesRetained += tombstones;
    stats.nextTombstoneExpiry = Math.min(stats.nextTombstoneExpiry ?? horizon, horizon);
  }
  let out: Buffer | null;
  if (kept.length === records.length && (tombstones === 0 || h.hasDeleteHorizon)) {
    out = batch.bytes; // nothing to change: keep the producer's bytes
  } else if (kept.length === 0) {
    // Keep an empty batch only to preserve the producer's last sequence number.
    out = opts.txns.isLastOfProducer(h) ? rebuild(h, [], null) : null;
  } else {
    out = rebuild(h, kept, tombstones > 0 ? horizon : h.hasDeleteHorizon ? h.baseTimestamp : null);
  }
  stats.recordsAfter += kept.length;
  stats.bytesAfter += out?.length ?? 0;
  return out;
}
