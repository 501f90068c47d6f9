/** Shared fixtures for storage tests: temp dirs, batches of N-byte records, small log settings. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRecordBatch, type BuildBatchOptions } from '../../../src-engine/storage/records.js';
import { DEFAULT_LOG_SETTINGS, PartitionLog, type LogSettings } from '../../../src-engine/storage/partition-log.js';
import type { LogDir } from '../../../src-engine/storage/log-dir.js';

export function tempDir(prefix = 'kafkadesk-storage-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeBatch(count: number, opts: Partial<BuildBatchOptions> & { valueSize?: number; ts?: number; tag?: string } = {}): Buffer {
  const valueSize = opts.valueSize ?? 16;
  const ts = opts.ts ?? 1_000;
  const records = Array.from({ length: count }, (_, i) => ({
    key: Buffer.from(`${opts.tag ?? 'k'}${i}`),
    value: Buffer.alloc(valueSize, 97 + (i % 26)),
    timestamp: ts + i,
  }));
  return buildRecordBatch({ ...opts, records });
}

export function settings(overrides: Partial<LogSettings> = {}): LogSettings {
  return { ...DEFAULT_LOG_SETTINGS, ...overrides };
}

export function openLog(dataDir: string, s: LogSettings, opts: { cleanShutdown?: boolean; topic?: string; logDir?: LogDir } = {}): PartitionLog {
  const topic = opts.topic ?? 'orders';
  return PartitionLog.open({
    dir: path.join(dataDir, `${topic}-0`), topic, partition: 0, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', config: () => s,
    ...(opts.cleanShutdown === undefined ? {} : { cleanShutdown: opts.cleanShutdown }),
    ...(opts.logDir === undefined ? {} : { logDir: opts.logDir }),
  });
}

export const NOW = 1_700_000_000_000;
