/** messages.produce: key/value/headers, explicit partition or partitioner, tombstones, N copies. */

import type { CompressionTypes as CompressionType, Message } from 'kafkajs';
import { CompressionTypes } from '../kafka/kafkajs.js';
import type { ProduceParams } from '../../src-common/contract/messages.js';
import type { Handlers } from '../context.js';
import { badRequest, fail, isKafkaError } from '../errors.js';
import { fromPayloadInput } from '../messages/payload.js';
import { RegistryHttpError } from '../schema-registry/registry-client.js';
import { encodeWithSchema } from '../schema-registry/schema-encoder.js';
import { optionalInt, requireString } from '../validate.js';

const COMPRESSION: Record<NonNullable<ProduceParams['compression']>, CompressionType> = {
  none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD,
};
const BATCH = 1000;

export const produceHandlers: Handlers<'messages.produce'> = {
  'messages.produce': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const copies = optionalInt(p.copies, 'copies', 1, 100_000) ?? 1;
    const partition = p.partition === null || p.partition === undefined ? undefined : optionalInt(p.partition, 'partition', 0);
    const withSchema = async (field: 'key' | 'value'): Promise<Buffer | null> => {
      const schema = field === 'key' ? p.keySchema : p.valueSchema;
      const input = field === 'key' ? p.key : p.value;
      if (!schema || input === null) return fromPayloadInput(input, field);
      const endpoint = ctx.schemas.endpoint(p.clusterId);
      if (!endpoint) return fail('not-found', 'this cluster has no Schema Registry');
      try {
        return await encodeWithSchema(ctx.schemas.sources.for(endpoint), input, schema, field);
      } catch (error) {
        if (error instanceof RegistryHttpError) fail(error.status === 404 ? 'not-found' : 'registry', `${field} schema: ${error.message}`);
        throw error;
      }
    };
    const key = await withSchema('key');
    const value = await withSchema('value');
    const headers: Record<string, Buffer[]> = {};
    for (const [i, h] of (p.headers ?? []).entries()) {
      const name = requireString(h?.key, `headers[${i}].key`);
      const bytes = fromPayloadInput(h.value, `headers[${i}].value`);
      (headers[name] ??= []).push(bytes ?? Buffer.alloc(0));
    }
    const compression = p.compression ? COMPRESSION[p.compression] : CompressionTypes.None;
    if (compression === undefined) badRequest('compression', 'none, gzip, snappy, lz4 or zstd');
    const acks = p.acks ?? -1;
    const message: Message = { key, value, headers, ...(partition !== undefined ? { partition } : {}), ...(p.timestamp !== undefined ? { timestamp: String(p.timestamp) } : {}) };
    return ctx.registry.use(p.clusterId, async (c) => {
      let producer = await c.producer();
      const admin = await c.admin();
      if (!(await admin.listTopics()).includes(topic)) fail('not-found', `topic ${topic} does not exist`);
      const meta = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0];
      const all = meta ? meta.partitions.map((x) => x.partitionId).sort((a, b) => a - b) : [];
      // kafkajs silently drops records for a partition it does not know: refuse instead.
      if (partition !== undefined && !all.includes(partition)) badRequest('partition', `${topic} has partitions 0..${all.length - 1}`);
      // Keyless copies without a partition are spread round-robin here, so each result's count is known.
      const partitions = partition === undefined && key === null && copies > 1 ? all : null;
      const written: { partition: number; baseOffset: number; count: number }[] = [];
      for (let sent = 0; sent < copies; sent += BATCH) {
        const n = Math.min(BATCH, copies - sent);
        const messages = Array.from({ length: n }, (_, i): Message =>
          partitions && partitions.length > 0 ? { ...message, partition: partitions[(sent + i) % partitions.length] as number } : message);
        const counts = new Map<number, number>();
        for (const m of messages) if (m.partition !== undefined) counts.set(m.partition, (counts.get(m.partition) ?? 0) + 1);
        let results;
        try {
          results = await producer.send({ topic, acks, compression, messages });
        } catch (error) {
          // Before anything was written, registry.use retries the whole call; after, continue without resending.
          if (sent === 0 || !isKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION')) throw error;
          c.reset();
          producer = await c.producer();
          results = await producer.send({ topic, acks, compression, messages });
        }
        for (const r of results) {
          written.push({ partition: r.partition, baseOffset: Number(r.baseOffset ?? r.offset ?? -1), count: counts.get(r.partition) ?? n });
        }
      }
      return { count: copies, written };
    });
  },
};
