/** A stored batch header as the explorer shows it, and the decoding of transaction-marker (control) records. */
import { CompressionCodec } from '../compression/codecs.js';
import { TimestampType, type BatchHeader } from '../storage/record-batch.js';
import type { ExplorerBatch, ExplorerCodec, ExplorerControl } from '../../src-common/contract/explorer.js';

const CODEC_NAMES: Record<number, ExplorerCodec> = {
  [CompressionCodec.NONE]: 'none', [CompressionCodec.GZIP]: 'gzip', [CompressionCodec.SNAPPY]: 'snappy',
  [CompressionCodec.LZ4]: 'lz4', [CompressionCodec.ZSTD]: 'zstd',
};

export function codecName(id: number): ExplorerCodec {
  return CODEC_NAMES[id] ?? 'unknown';
}

/** `filePosition`: where the batch starts in the .log (the header may have been parsed from a copy). */
export function toExplorerBatch(h: BatchHeader, filePosition: number, computedCrc: number): ExplorerBatch {
  return {
    position: filePosition, sizeBytes: h.sizeInBytes, baseOffset: h.baseOffset, lastOffsetDelta: h.lastOffsetDelta,
    lastOffset: h.lastOffset, recordCount: h.recordCount, partitionLeaderEpoch: h.partitionLeaderEpoch, magic: h.magic,
    crc: h.crc, computedCrc, crcValid: computedCrc === h.crc, attributes: h.attributes, compression: codecName(h.compression),
    timestampType: h.timestampType === TimestampType.LOG_APPEND_TIME ? 'log-append' : 'create',
    transactional: h.isTransactional, control: h.isControl, hasDeleteHorizon: h.hasDeleteHorizon,
    firstTimestamp: h.baseTimestamp, maxTimestamp: h.maxTimestamp, producerId: h.producerId, producerEpoch: h.producerEpoch,
    baseSequence: h.baseSequence,
  };
}

/**
 * A control record: key = int16 version, int16 type (0 ABORT, 1 COMMIT); value = int16 version, int32 coordinator
 * epoch (Kafka's ControlRecordType / EndTransactionMarker).
 */
export function decodeControlRecord(key: Buffer | null, value: Buffer | null): ExplorerControl {
  if (!key || key.length < 4) return { type: 'UNKNOWN', version: -1, coordinatorEpoch: null };
  const type = key.readInt16BE(2);
  return {
    type: type === 0 ? 'ABORT' : type === 1 ? 'COMMIT' : 'UNKNOWN',
    version: key.readInt16BE(0),
    coordinatorEpoch: value && value.length >= 6 ? value.readInt32BE(2) : null,
  };
}
