/** messages.import: produce the records of a file written by messages.export (JSON or JSONL), as a task. */

import { createReadStream, rmSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { createInterface } from 'node:readline';
import type { Message } from 'kafkajs';
import type { ImportParams } from '../../src-common/contract/messages.js';
import type { Handlers } from '../context.js';
import { badRequest, isKafkaError } from '../errors.js';
import type { TaskOutcome } from '../tasks.js';
import { requireString } from '../validate.js';
import { partitionCounts } from './group-reader.js';

const MAX_SEND_BYTES = 512 * 1024;
const MAX_SEND_RECORDS = 1000;

/** One exported record as ExportWriter writes it. */
interface ExportedRecord {
  partition: number;
  timestamp: number;
  key: string | { base64: string } | null;
  value: string | { base64: string } | null;
  headers: { key: string; value: string | { base64: string } | null }[];
}

function bytesOf(v: ExportedRecord['key'], encoding: ImportParams['payloadEncoding'], line: number): Buffer | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && typeof v.base64 === 'string') return Buffer.from(v.base64, 'base64');
  if (typeof v === 'string') return encoding === 'base64' ? Buffer.from(v, 'base64') : Buffer.from(v, 'utf8');
  return badRequest('path', `line ${line}: unexpected payload ${JSON.stringify(v).slice(0, 60)}`);
}

/** JSONL lines are records; the JSON array form has one record per line between "[" and "]" (ExportWriter's layout). */
function parseLine(raw: string, line: number): ExportedRecord | null {
  const text = raw.trim().replace(/^,/, '').replace(/,$/, '').trim();
  if (text === '' || text === '[' || text === ']') return null;
  try {
    return JSON.parse(text) as ExportedRecord;
  } catch {
    return badRequest('path', `line ${line} is not an exported record (only json/jsonl exports can be imported)`);
  }
}

export const importHandlers: Handlers<'messages.import'> = {
  'messages.import': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    // Only a file the open dialog returned (Electron) or one the browser uploaded is read: never a typed path.
    let path: string;
    let uploaded = false;
    if (p.uploadId !== undefined) {
      path = ctx.files.takeUpload(requireString(p.uploadId, 'uploadId')) ?? badRequest('uploadId', 'unknown or already used upload');
      uploaded = true;
    } else {
      path = requireString(p.path, 'path');
      if (!isAbsolute(path)) badRequest('path', 'must be absolute');
      if (!ctx.files.take(path, 'open')) badRequest('path', 'choose the file with the open dialog (host.pickOpenPath) or upload it; a path given directly is not read');
    }
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) badRequest('path', 'not a file');
      size = st.size;
    } catch {
      return badRequest('path', `cannot read ${path}`);
    }
    if (p.partitioning !== 'same' && p.partitioning !== 'by-key') badRequest('partitioning', "'same' or 'by-key'");
    const encoding = p.payloadEncoding === 'base64' ? 'base64' : 'text';
    const available = (await ctx.registry.use(p.clusterId, (c) => partitionCounts(c, [topic]))).get(topic)
      ?? badRequest('topic', `${topic} does not exist`);
    const connection = ctx.registry.connection(p.clusterId);
    const send = async (messages: Message[]): Promise<void> => {
      try {
        await (await connection.producer()).send({ topic, acks: -1, messages });
      } catch (error) {
        if (!isKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION')) throw error;
        connection.reset(); // stale kafkajs metadata after a topic deletion elsewhere
        await (await connection.producer()).send({ topic, acks: -1, messages });
      }
    };

    const task = ctx.tasks.start('import', p.clusterId, topic, async (t): Promise<TaskOutcome> => {
      const result = { targetClusterId: p.clusterId, targetTopic: topic, records: 0, bytes: 0 };
      t.info.copyResult = result;
      const stream = createReadStream(path, { encoding: 'utf8' });
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      let batch: Message[] = [];
      let batchBytes = 0;
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        await send(batch);
        result.records += batch.length;
        result.bytes += batchBytes;
        t.info.stats.matched = result.records;
        batch = [];
        batchBytes = 0;
      };
      let lineNo = 0;
      try {
        for await (const raw of lines) {
          lineNo++;
          if (t.signal.aborted) break;
          const r = parseLine(raw, lineNo);
          if (!r) continue;
          if (p.partitioning === 'same' && !available.includes(r.partition)) {
            badRequest('partitioning', `line ${lineNo}: ${topic} has no partition ${r.partition}; use 'by-key'`);
          }
          const key = bytesOf(r.key, encoding, lineNo);
          const value = bytesOf(r.value, encoding, lineNo);
          const headers: Record<string, Buffer[]> = {};
          for (const h of r.headers ?? []) (headers[h.key] ??= []).push(bytesOf(h.value, encoding, lineNo) ?? Buffer.alloc(0));
          const bytes = (key?.length ?? 0) + (value?.length ?? 0);
          if (batch.length > 0 && (batchBytes + bytes > MAX_SEND_BYTES || batch.length >= MAX_SEND_RECORDS)) await flush();
          batch.push({
            key, value, headers,
            ...(p.partitioning === 'same' ? { partition: r.partition } : {}),
            ...(p.preserveTimestamps === false || typeof r.timestamp !== 'number' ? {} : { timestamp: String(r.timestamp) }),
          });
          batchBytes += bytes;
          t.info.stats.scanned++;
          t.info.stats.scannedBytes = stream.bytesRead;
          t.info.progress = size === 0 ? 1 : Math.min(1, stream.bytesRead / size);
          t.progress();
        }
        if (!t.signal.aborted) await flush();
      } finally {
        lines.close();
        stream.destroy();
        // An upload is the backend's own temporary copy: gone once imported (or failed).
        if (uploaded) rmSync(path, { force: true });
      }
      return { stopReason: t.signal.aborted ? 'cancelled' : 'range-end' };
    });
    return { taskId: task.taskId };
  },
};
