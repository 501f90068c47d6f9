/**
 * Topic-level compression (Kafka's LogValidator): when a topic's compression.type names a codec
 * (or "uncompressed") that differs from the batch's, the broker re-encodes the batch with the topic's
 * codec before appending; "producer" keeps the producer's bytes. A differing level alone does not
 * trigger re-encoding, as in Kafka.
 */
import { codecForCompressionType, type CompressionCodecId } from '../compression/codecs.js';
import { readBatchHeader, type BatchHeader } from '../storage/record-batch.js';
import { recompressBatch } from '../storage/records.js';
import type { TopicConfig } from '../config/topic-config.js';

export interface RecompressResult {
  readonly records: Buffer;
  readonly batches: BatchHeader[];
  readonly recompressed: boolean;
}

/** The codec the topic wants stored, or null for "producer" (keep as sent). */
export function targetCodec(config: Pick<TopicConfig, 'compressionType'>): CompressionCodecId | null {
  return config.compressionType === 'producer' ? null : codecForCompressionType(config.compressionType);
}

function levelFor(codec: CompressionCodecId, config: Pick<TopicConfig, 'compressionLevels'>): number | undefined {
  switch (codec) {
    case 1: return config.compressionLevels.gzip === -1 ? undefined : config.compressionLevels.gzip;
    case 3: return config.compressionLevels.lz4;
    case 4: return config.compressionLevels.zstd;
    default: return undefined;
  }
}

/**
 * Re-encodes each batch whose codec differs from the topic's. Control batches (transaction markers)
 * are never produced by clients, so every batch seen here is a data batch.
 */
export function recompressForTopic(records: Buffer, batches: BatchHeader[],
  config: Pick<TopicConfig, 'compressionType' | 'compressionLevels'>): RecompressResult {
  const codec = targetCodec(config);
  if (codec === null || batches.every((b) => b.compression === codec)) return { records, batches, recompressed: false };
  const level = levelFor(codec, config);
  const parts = batches.map((b) => (b.compression === codec ? records.subarray(b.position, b.position + b.sizeInBytes) : recompressBatch(records, b, codec, level)));
  const out = Buffer.concat(parts);
  const headers: BatchHeader[] = [];
  let pos = 0;
  for (const part of parts) {
    headers.push(readBatchHeader(out, pos));
    pos += part.length;
  }
  return { records: out, batches: headers, recompressed: true };
}
