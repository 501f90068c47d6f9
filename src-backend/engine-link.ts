/**
 * The backend's view of the embedded broker (src-engine). Everything else in the backend talks Kafka through kafkajs;
 * only engine-only insight (segments, exact group/topic/log events) comes through this link. When the broker fails to
 * start (port, data dir), the backend still runs with remote clusters only.
 */

import { ensurePrivateDir } from './private-dir.js';
import { createServer } from 'node:net';
import type { EngineEvent, ThroughputSample } from '../src-common/engine-events.js';
import type { SegmentInfo } from '../src-common/contract/topics.js';
import { startBroker, type BrokerHandle, type BrokerInsight } from '../src-engine/index.js';

export interface EngineLink {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly startedAt: number;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Null when the topic or partition does not exist. */
  listSegments(topic: string, partition: number): SegmentInfo[] | null;
  /** Bytes on disk per partition; null when the topic is unknown or the engine cannot tell. */
  partitionSizes(topic: string): Map<number, number> | null;
  /** Engine-measured throughput (one sample a second while subscribed); null when unsupported. */
  onThroughput(listener: (sample: ThroughputSample) => void): (() => void) | null;
  /** The engine's read-only views and maintenance actions (log management, transactions, groups). */
  readonly insight: BrokerInsight;
  stop(): Promise<void>;
}

export interface EngineStartOptions {
  dataDir: string;
  host?: string;
  /** Preferred port; the next free one is used when it is taken. 0 = any. */
  port?: number;
  /** Extra engine options passed through to startBroker (e.g. groupInitialRebalanceDelayMs in tests). */
  brokerOptions?: Record<string, unknown>;
}

export type EngineStartResult = { ok: true; link: EngineLink } | { ok: false; error: string };

export async function startEmbeddedEngine(options: EngineStartOptions): Promise<EngineStartResult> {
  const host = options.host ?? '127.0.0.1';
  try {
    ensurePrivateDir(options.dataDir);
    const port = options.port === 0 ? 0 : await findFreePort(host, options.port ?? 9092);
    const handle = await startBroker({ ...options.brokerOptions, dataDir: options.dataDir, host, port });
    return { ok: true, link: linkFromHandle(handle, options.dataDir) };
  } catch (error) {
    return { ok: false, error: `embedded broker failed to start: ${(error as Error).message}` };
  }
}

export function linkFromHandle(handle: BrokerHandle, dataDir: string): EngineLink {
  const startedAt = Date.now();
  return {
    host: handle.host,
    port: handle.port,
    dataDir,
    startedAt,
    onEvent(listener) {
      handle.events.on('event', listener);
      return () => handle.events.off('event', listener);
    },
    listSegments(topic, partition) {
      const list = handle.insight.listSegments(topic, partition);
      return list ? list.map(toSegmentInfo) : null;
    },
    partitionSizes(topic) {
      const list = handle.insight.partitions(topic);
      return list ? new Map(list.map((p) => [p.partition, p.sizeBytes])) : null;
    },
    onThroughput(listener) {
      handle.events.on('throughput', listener);
      return () => handle.events.off('throughput', listener);
    },
    insight: handle.insight,
    stop: () => handle.stop(),
  };
}

/** First port >= preferred that accepts a listener on host (tries 50 ports). */
export async function findFreePort(host: string, preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50 && port < 65536; port++) {
    if (await canListen(host, port)) return port;
  }
  throw new Error(`no free port in ${preferred}..${preferred + 49}`);
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Tolerant mapping: the engine's segment record may name fields slightly differently. */
export function toSegmentInfo(raw: unknown): SegmentInfo {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const num = (...keys: string[]): number | null => {
    for (const k of keys) if (typeof r[k] === 'number') return r[k] as number;
    return null;
  };
  const str = (...keys: string[]): string | null => {
    for (const k of keys) if (typeof r[k] === 'string') return r[k] as string;
    return null;
  };
  // The engine writes -1 for "no timestamp" (empty segment).
  const time = (...keys: string[]): number | null => {
    const t = num(...keys);
    return t === null || t < 0 ? null : t;
  };
  const files = (typeof r['files'] === 'object' && r['files'] !== null ? r['files'] : {}) as Record<string, unknown>;
  const logFile = typeof files['log'] === 'string' ? files['log'] : str('fileName', 'file', 'path');
  return {
    baseOffset: num('baseOffset') ?? 0,
    nextOffset: num('nextOffset', 'endOffset') ?? ((): number | null => {
      const last = num('lastOffset');
      return last === null ? null : last + 1;
    })(),
    sizeBytes: num('sizeBytes', 'size', 'bytes') ?? 0,
    recordCount: num('recordCount', 'records'),
    batchCount: num('batchCount', 'batches'),
    firstTimestamp: time('firstTimestamp', 'minTimestamp'),
    lastTimestamp: time('lastTimestamp', 'maxTimestamp', 'largestTimestamp'),
    indexEntries: num('indexEntries', 'offsetIndexEntries'),
    timeIndexEntries: num('timeIndexEntries'),
    active: r['active'] === true || r['isActive'] === true,
    modifiedAt: time('modifiedAt', 'lastModified', 'mtimeMs'),
    fileName: logFile ? (logFile.split(/[\\/]/).pop() ?? logFile) : null,
  };
}
