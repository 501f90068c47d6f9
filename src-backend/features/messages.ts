/** messages.page/get/search/searchResults/tailStart/tailStop/export */

import { existsSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, isAbsolute, join } from 'node:path';
import type { Handlers } from '../context.js';
import { badRequest } from '../errors.js';
import { ExportWriter } from '../messages/export-writer.js';
import { compileFilter } from '../messages/filter.js';
import { readPage } from '../messages/paging.js';
import { clampPayloadBytes, toKafkaMessage } from '../messages/payload.js';
import { fetchChunk, OffsetOutOfRangeError } from '../messages/reader.js';
import { planScan, runScan } from '../messages/scan.js';
import type { TaskOutcome } from '../tasks.js';
import { optionalInt, requireInt, requireString } from '../validate.js';

const SEARCH_CONCURRENCY = 4;
const MAX_HELD_MATCH_BYTES = 128 * 1024 * 1024;

export const messageHandlers: Handlers<
  'messages.page' | 'messages.get' | 'messages.search' | 'messages.searchResults' | 'messages.tailStart' | 'messages.tailStop' | 'messages.export'
> = {
  'messages.page': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const decoder = ctx.schemas.decoder(p.clusterId, topic);
    return ctx.registry.use(p.clusterId, (c) => readPage(c, p, decoder));
  },

  'messages.get': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const partition = requireInt(p.partition, 'partition', 0);
    const offset = requireInt(p.offset, 'offset', 0);
    return ctx.registry.use(p.clusterId, async (c) => {
      try {
        const chunk = await fetchChunk(c, topic, partition, offset, 64 * 1024 * 1024);
        const record = chunk.records.find((r) => r.offset === offset);
        if (!record) return { message: null };
        const decoder = ctx.schemas.decoder(p.clusterId, topic);
        await decoder.prefetchRecords([record]);
        return { message: toKafkaMessage(record, Number.MAX_SAFE_INTEGER, decoder) };
      } catch (error) {
        if (error instanceof OffsetOutOfRangeError) return { message: null };
        throw error;
      }
    });
  },

  'messages.search': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const maxMatches = optionalInt(p.maxMatches, 'maxMatches', 1, 10_000) ?? 500;
    const maxBytes = clampPayloadBytes(p.maxPayloadBytes);
    const predicate = compileFilter(p.filter);
    const decoding = { spec: ctx.schemas.spec(p.clusterId, topic), decoder: ctx.schemas.decoder(p.clusterId, topic) };
    // Plan before starting the task, so a bad topic or position fails the call itself.
    const connection = ctx.registry.connection(p.clusterId);
    const plan = await ctx.registry.use(p.clusterId, (c) => planScan(c, topic, p.partitions, p.from, p.to ?? { kind: 'latest' }));
    const task = ctx.tasks.start('search', p.clusterId, topic, async (t): Promise<TaskOutcome> => {
      // Matches are held in memory for searchResults: cap their bytes too, not just their number.
      let heldBytes = 0;
      const memoryFull = (): boolean => heldBytes > MAX_HELD_MATCH_BYTES;
      const complete = await runScan(connection, topic, plan, t.info.stats, {
        filter: p.filter ?? null,
        predicate,
        workers: ctx.scanWorkers,
        decoding,
        signal: t.signal,
        concurrency: SEARCH_CONCURRENCY,
        readCommitted: p.isolation === 'read_committed',
        onProgress: () => t.progress(),
        onMatches: async (records) => {
          const room = memoryFull() ? 0 : maxMatches - t.matches.length;
          const kept = records.slice(0, Math.max(0, room));
          t.info.stats.matched -= records.length - kept.length; // count only what the results hold
          await decoding.decoder.prefetchRecords(kept);
          const messages = kept.map((r) => toKafkaMessage(r, maxBytes, decoding.decoder));
          for (const m of messages) heldBytes += m.size;
          t.addMatches(messages);
          return t.matches.length < maxMatches && !memoryFull();
        },
      });
      if (complete) return { stopReason: 'range-end' };
      return { stopReason: t.matches.length >= maxMatches || memoryFull() ? 'max-matches' : 'range-end' };
    });
    return { taskId: task.taskId };
  },

  'messages.searchResults': async (p, ctx) => {
    const task = ctx.tasks.get(requireString(p.taskId, 'taskId'));
    const offset = requireInt(p.offset, 'offset', 0);
    const limit = requireInt(p.limit, 'limit', 1, 5000);
    return { taskId: p.taskId, messages: task.matches.slice(offset, offset + limit), total: task.matches.length, done: task.info.state !== 'running' };
  },

  'messages.tailStart': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const decoder = ctx.schemas.decoder(p.clusterId, topic);
    return ctx.registry.use(p.clusterId, async (c) => ({ tailId: await ctx.tails.start(c, p, decoder) }));
  },

  'messages.tailStop': async (p, ctx) => {
    ctx.tails.stop(requireString(p.tailId, 'tailId'));
    return {};
  },

  'messages.export': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    if (!['json', 'jsonl', 'csv'].includes(p.format)) badRequest('format', "'json', 'jsonl' or 'csv'");
    const encoding = p.payloadEncoding === 'base64' ? 'base64' : 'text';
    const maxRecords = optionalInt(p.maxRecords, 'maxRecords', 1);
    let path: string;
    if (p.path) {
      if (typeof p.path !== 'string' || !isAbsolute(p.path)) badRequest('path', 'must be absolute');
      if (!ctx.files.take(p.path, 'save')) badRequest('path', 'choose the file with the save dialog (host.pickSavePath); a path given directly is not written');
      if (!existsSync(dirname(p.path))) badRequest('path', `directory ${dirname(p.path)} does not exist`);
      path = p.path;
    } else {
      mkdirSync(ctx.host.tempDir, { recursive: true, mode: 0o700 });
      path = join(ctx.host.tempDir, `${topic.replace(/[^\w.-]/g, '_')}-${randomUUID().slice(0, 8)}.${p.format}`);
    }
    const predicate = compileFilter(p.filter);
    const decoding = { spec: ctx.schemas.spec(p.clusterId, topic), decoder: ctx.schemas.decoder(p.clusterId, topic) };
    const connection = ctx.registry.connection(p.clusterId);
    const plan = await ctx.registry.use(p.clusterId, (c) => planScan(c, topic, p.partitions, p.from, p.to ?? { kind: 'latest' }));
    const temp = !p.path;
    const task = ctx.tasks.start('export', p.clusterId, topic, async (t): Promise<TaskOutcome> => {
      // A temp file is always new ('wx'): nothing existing is ever overwritten without the dialog's say-so.
      const writer = new ExportWriter(path, p.format, encoding, temp ? 'wx' : 'w', p.decoded === false ? null : decoding.decoder);
      await writer.open();
      let written = 0;
      let complete: boolean;
      try {
        // One partition at a time keeps the file ordered by partition, then offset.
        complete = await runScan(connection, topic, plan, t.info.stats, {
          filter: p.filter ?? null,
          predicate,
          workers: ctx.scanWorkers,
          decoding,
          signal: t.signal,
          concurrency: 1,
          readCommitted: p.isolation === 'read_committed',
          onProgress: () => t.progress(),
          onMatches: async (records) => {
            const kept = maxRecords === undefined ? records : records.slice(0, maxRecords - written);
            await writer.append(kept);
            written += kept.length;
            return maxRecords === undefined || written < maxRecords;
          },
        });
      } catch (error) {
        writer.abort();
        throw error;
      }
      const { records, bytes } = await writer.close();
      const exportResult = { filePath: path, records, bytes, downloadUrl: temp && ctx.host.downloadUrl ? ctx.host.downloadUrl(ctx.files.downloadTicket(path)) : null };
      if (complete) return { stopReason: 'range-end', exportResult };
      return { stopReason: maxRecords !== undefined && written >= maxRecords ? 'max-records' : 'range-end', exportResult };
    });
    return { taskId: task.taskId };
  },
};

