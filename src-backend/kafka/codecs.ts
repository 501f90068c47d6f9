/** kafkajs ships gzip only; snappy/lz4/zstd come from the engine's codecs (the same ones the broker uses). */

import { LZ4Codec, SnappyCodec, ZstdCodec } from '../../src-engine/compression/kafkajs-codecs.js';
import { CompressionCodecs, CompressionTypes } from './kafkajs.js';

/** Registers them in this thread's kafkajs (the backend's loop and each scan worker). */
export function registerKafkaJsCodecs(): void {
  const registry = CompressionCodecs as unknown as Record<number, () => unknown>;
  registry[CompressionTypes.Snappy] = SnappyCodec;
  registry[CompressionTypes.LZ4] = LZ4Codec;
  registry[CompressionTypes.ZSTD] = ZstdCodec;
}
