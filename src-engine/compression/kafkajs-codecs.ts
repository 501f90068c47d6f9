/**
 * kafkajs compression plugins backed by our codecs, in kafkajs's CompressionCodecs shape:
 *   import { CompressionCodecs, CompressionTypes } from 'kafkajs';
 *   CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
 * kafkajs calls the factory, then `compress(encoder)` with its Encoder (we only read `encoder.buffer`)
 * and `decompress(buffer)`.
 */
import { CompressionCodec, compress, decompress, type CompressionCodecId } from './codecs.js';

export interface KafkaJsEncoderLike {
  buffer: Buffer;
}

export interface KafkaJsCodec {
  compress(encoder: KafkaJsEncoderLike): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

function codecFor(id: CompressionCodecId): () => KafkaJsCodec {
  return () => ({
    compress: async (encoder) => compress(id, encoder.buffer),
    decompress: async (buffer) => decompress(id, buffer),
  });
}

export const SnappyCodec = codecFor(CompressionCodec.SNAPPY);
export const LZ4Codec = codecFor(CompressionCodec.LZ4);
export const ZstdCodec = codecFor(CompressionCodec.ZSTD);

/** Codec factories keyed by kafkajs CompressionTypes values (which equal Kafka's codec ids). */
export const KAFKAJS_CODECS: Readonly<Record<2 | 3 | 4, () => KafkaJsCodec>> = {
  2: SnappyCodec,
  3: LZ4Codec,
  4: ZstdCodec,
};
