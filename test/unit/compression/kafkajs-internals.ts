/** Typed access to kafkajs's own record-batch encoder/decoder (CommonJS internals without type declarations). */
import { createRequire } from 'node:module';
import type { KafkaJsCodec } from '../../../src-engine/compression/kafkajs-codecs.js';

const require = createRequire(import.meta.url);

export interface KafkaJsDecodedRecord {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
  timestamp: string;
  headers: Record<string, Buffer | Buffer[] | null>;
}

interface EncoderLike { buffer: Buffer }

const recordBatchModule = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch(opts: {
    compression?: number; firstOffset?: unknown; firstTimestamp?: number; maxTimestamp?: number;
    lastOffsetDelta?: number; producerId?: unknown; producerEpoch?: number; firstSequence?: number;
    records: EncoderLike[];
  }): Promise<EncoderLike>;
};
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (opts: {
  offsetDelta: number; timestampDelta: number; key: Buffer | null; value: Buffer | null; headers?: Record<string, Buffer>;
}) => EncoderLike;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: unknown) =>
  Promise<{ records: KafkaJsDecodedRecord[]; firstOffset: string; lastOffsetDelta: number }>;
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buf: Buffer) => unknown;
const kafkajs = require('kafkajs') as { CompressionCodecs: Record<number, () => KafkaJsCodec> };

export function registerKafkaJsCodecs(codecs: Record<number, () => KafkaJsCodec>): void {
  Object.assign(kafkajs.CompressionCodecs, codecs);
}

export async function kafkajsEncodeBatch(
  records: { key: Buffer | null; value: Buffer | null; headers?: Record<string, Buffer> }[],
  compression: number,
  firstTimestamp: number,
): Promise<Buffer> {
  const encoded = records.map((r, i) => encodeRecord({ offsetDelta: i, timestampDelta: i, key: r.key, value: r.value, headers: r.headers ?? {} }));
  const batch = await recordBatchModule.RecordBatch({
    compression, firstTimestamp, maxTimestamp: firstTimestamp + records.length - 1,
    lastOffsetDelta: records.length - 1, records: encoded,
  });
  return batch.buffer;
}

export async function kafkajsDecodeBatch(buf: Buffer): Promise<KafkaJsDecodedRecord[]> {
  return (await decodeBatch(new Decoder(buf))).records;
}
