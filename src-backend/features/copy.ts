/** messages.copy: replay / redrive / copy a slice of a topic to any cluster's topic, as a cancellable task. */

import type { Message } from 'kafkajs';
import type { CopyParams } from '../../src-common/contract/messages.js';
import type { Handlers } from '../context.js';
import { badRequest, isKafkaError } from '../errors.js';
import { compileFilter } from '../messages/filter.js';
import type { DecodedRecord } from '../messages/payload.js';
import { planScan, runScan } from '../messages/scan.js';
import type { TaskOutcome } from '../tasks.js';
import { optionalInt, requireObject, requireString } from '../validate.js';
import { partitionCounts } from './group-reader.js';

/** Stay well under the broker's default 1 MiB message.max.bytes per produced batch. */
const MAX_SEND_BYTES = 512 * 1024;
const MAX_SEND_RECORDS = 1000;

function toMessage(r: DecodedRecord, p: CopyParams): Message {
  const headers: Record<string, Buffer[]> = {};
  for (const h of r.headers) (headers[h.key] ??= []).push(h.value ?? Buffer.alloc(0));
  return {
    key: r.key,
    value: r.value,
    headers,
    ...(p.target.partitioning === 'same' ? { partition: r.partition } : {}),
    ...(p.target.preserveTimestamps === false ? {} : { timestamp: String(r.timestamp) }),
  };
}

/** Splits records into sends that fit a broker's default batch size. */
function sendGroups(records: DecodedRecord[]): DecodedRecord[][] {
  const groups: DecodedRecord[][] = [];
  let current: DecodedRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = (r.key?.length ?? 0) + (r.value?.length ?? 0) + r.headers.reduce((n, h) => n + h.key.length + (h.value?.length ?? 0), 0) + 64;
    if (current.length > 0 && (bytes + size > MAX_SEND_BYTES || current.length >= MAX_SEND_RECORDS)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export const copyHandlers: Handlers<'messages.copy'> = {
  'messages.copy': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const target = requireObject(p.target, 'target') as unknown as CopyParams['target'];
    const targetTopic = requireString(target.topic, 'target.topic');
    const targetClusterId = requireString(target.clusterId, 'target.clusterId');
    if (target.partitioning !== 'same' && target.partitioning !== 'by-key') badRequest('target.partitioning', "'same' or 'by-key'");
    ctx.registry.assertWritable(targetClusterId);
    const maxRecords = optionalInt(p.maxRecords, 'maxRecords', 1);
    const predicate = compileFilter(p.filter);
    const source = ctx.registry.connection(p.clusterId);
    const plan = await ctx.registry.use(p.clusterId, (c) => planScan(c, topic, p.partitions, p.from, p.to ?? { kind: 'latest' }));
    const targetPartitions = await ctx.registry.use(targetClusterId, (c) => partitionCounts(c, [targetTopic]));
    const available = targetPartitions.get(targetTopic) ?? badRequest('target.topic', `${targetTopic} does not exist on the target cluster`);
    if (target.partitioning === 'same') {
      const missing = plan.partitions.filter((x) => !available.includes(x));
      if (missing.length > 0) badRequest('target.partitioning', `${targetTopic} has no partition ${missing.join(', ')}; use 'by-key'`);
    }
    const targetConnection = ctx.registry.connection(targetClusterId);
    /** A topic deleted since the producer last refreshed metadata breaks it: retry once with fresh clients. */
    const send = async (messages: Message[]): Promise<void> => {
      try {
        await (await targetConnection.producer()).send({ topic: targetTopic, acks: -1, messages });
      } catch (error) {
        if (!isKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION')) throw error;
        targetConnection.reset();
        await (await targetConnection.producer()).send({ topic: targetTopic, acks: -1, messages });
      }
    };
    const task = ctx.tasks.start('copy', p.clusterId, topic, async (t): Promise<TaskOutcome> => {
      const result = { targetClusterId, targetTopic, records: 0, bytes: 0 };
      t.info.copyResult = result;
      const complete = await runScan(source, topic, plan, t.info.stats, {
        filter: p.filter ?? null,
        predicate,
        workers: ctx.scanWorkers,
        signal: t.signal,
        concurrency: 4, // each partition's records are sent in order; partitions run side by side
        readCommitted: p.isolation === 'read_committed',
        onProgress: () => t.progress(),
        onMatches: async (records) => {
          const kept = maxRecords === undefined ? records : records.slice(0, Math.max(0, maxRecords - result.records));
          for (const group of sendGroups(kept)) {
            await send(group.map((r) => toMessage(r, p)));
            result.records += group.length;
            result.bytes += group.reduce((n, r) => n + (r.key?.length ?? 0) + (r.value?.length ?? 0), 0);
          }
          return maxRecords === undefined || result.records < maxRecords;
        },
      });
      if (complete) return { stopReason: 'range-end' };
      return { stopReason: maxRecords !== undefined && result.records >= maxRecords ? 'max-records' : 'range-end' };
    });
    return { taskId: task.taskId };
  },
};
