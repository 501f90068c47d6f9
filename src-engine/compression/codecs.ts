/**
 * Compression codecs for record batches, keyed by the batch attribute's codec id (bits 0-2):
 * 0 none, 1 gzip, 2 snappy (xerial framing, raw accepted), 3 lz4 (standard LZ4 frame), 4 zstd (standard frame).
 * Synchronous on purpose: the broker validates compressed batches on its single event loop.
 */
import zlib from 'node:zlib';
import { compressFrameSync } from 'lz4-napi';
import { lz4DecompressFrame } from './lz4-frame.js';
import { snappyCompress, snappyDecompress } from './snappy-xerial.js';
import { zstdCompressFrame, zstdDecompressBounded } from './zstd.js';

/**
 * Decompressed-size bound (a produce batch is at most max.message.bytes, 1 MiB by default; real batches expand
 * a few times, hostile ones a thousand times).
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export const CompressionCodec = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const;
export type CompressionCodecId = (typeof CompressionCodec)[keyof typeof CompressionCodec];

/** Kafka's `compression.type` names (topic config values), by codec id. */
export function isKnownCodec(id: number): id is CompressionCodecId {
  return id >= 0 && id <= 4 && Number.isInteger(id);
}

/** Maps a topic `compression.type` value to a codec id; `producer` (keep what the producer sent) yields null. */
export function codecForCompressionType(name: string): CompressionCodecId | null {
  switch (name) {
    case 'uncompressed': case 'none': return CompressionCodec.NONE;
    case 'gzip': return CompressionCodec.GZIP;
    case 'snappy': return CompressionCodec.SNAPPY;
    case 'lz4': return CompressionCodec.LZ4;
    case 'zstd': return CompressionCodec.ZSTD;
    default: return null;
  }
}

export interface CompressOptions {
  /** Codec-specific level (gzip 1-9, zstd 1-22); Kafka's `compression.<codec>.level`. */
  level?: number;
}

export function compress(codec: CompressionCodecId, data: Buffer, opts: CompressOptions = {}): Buffer {
  switch (codec) {
    case CompressionCodec.NONE: return data;
    case CompressionCodec.GZIP: return zlib.gzipSync(data, opts.level === undefined ? {} : { level: opts.level });
    case CompressionCodec.SNAPPY: return snappyCompress(data);
    case CompressionCodec.LZ4: return compressFrameSync(data);
    case CompressionCodec.ZSTD: return zstdCompressFrame(data, opts.level);
  }
}

/** Throws on corrupt input or output beyond `maxOutputBytes`; callers turn that into CORRUPT_MESSAGE. */
export function decompress(codec: CompressionCodecId, data: Buffer, maxOutputBytes = DEFAULT_MAX_DECOMPRESSED_BYTES): Buffer {
  switch (codec) {
    case CompressionCodec.NONE: return data;
    // unzip accepts gzip and zlib streams, like kafkajs and the Java GZIPInputStream readers in practice.
    case CompressionCodec.GZIP: return zlib.unzipSync(data, { maxOutputLength: maxOutputBytes });
    case CompressionCodec.SNAPPY: return snappyDecompress(data, maxOutputBytes);
    case CompressionCodec.LZ4: return lz4DecompressFrame(data, maxOutputBytes);
    case CompressionCodec.ZSTD: return zstdDecompressBounded(data, maxOutputBytes);
  }
}
