/**
 * Server-side scan of an offset range per partition: every record in [from, to) is read and counted, so a search
 * can say exactly how much it looked at (never a silent "no results").
 */

import type { EndPosition, MessageFilter, PartitionSelection, ScanStats, StartPosition } from '../../src-common/contract/messages.js';
import { mapLimit } from '../concurrency.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { listOffsets, EARLIEST_TIMESTAMP } from '../kafka/offsets.js';
import type { RecordPredicate } from './filter.js';
import type { DecodedRecord } from './payload.js';
import { resolveEnd, resolvePartitions, resolveStart } from './positions.js';
import { offsetAfterBatches } from '../kafka/record-batches.js';
import { fetchRawChunk, OffsetOutOfRangeError, SCAN_CHUNK_BYTES, type RawChunk } from './reader.js';
import type { DecodeSpec, PayloadDecoder } from '../schema-registry/payload-decoder.js';
import type { ScanWorkers } from './scan-workers.js';

export interface ScanPlan {
  partitions: number[];
  from: Map<number, number>;
  to: Map<number, number>;
}

export async function planScan(
  connection: ClusterConnection, topic: string, selection: PartitionSelection, from: StartPosition, to: EndPosition,
): Promise<ScanPlan> {
  const resolved = await resolvePartitions(connection, topic, selection);
  const [start, end] = await Promise.all([
    resolveStart(connection, topic, resolved, from, 'forward'),
    resolveEnd(connection, topic, resolved, to),
  ]);
  return { partitions: resolved.partitions, from: start, to: end };
}

export interface ScanOptions {
  /** The filter as the caller sent it (for the scan workers) and compiled (already validated). */
  filter: MessageFilter | null;
  predicate: RecordPredicate | null;
  workers: ScanWorkers;
  /** The topic's decoding: filters see decoded payloads (on the workers too). */
  decoding?: { spec: DecodeSpec; decoder: PayloadDecoder } | null;
  signal: AbortSignal;
  concurrency: number;
  readCommitted?: boolean;
  /** Matching records of one chunk, in offset order. Return false to stop the whole scan. */
  onMatches(records: DecodedRecord[]): boolean | Promise<boolean>;
  onProgress(): void;
}

/** Fills stats.partitions and keeps stats current. Resolves true if the whole range was read. */
export async function runScan(connection: ClusterConnection, topic: string, plan: ScanPlan, stats: ScanStats, options: ScanOptions): Promise<boolean> {
  stats.partitions = plan.partitions.map((partition) => {
    const from = plan.from.get(partition) ?? 0;
    const to = Math.max(from, plan.to.get(partition) ?? 0);
    return { partition, from, to, position: from, scanned: 0, matched: 0 };
  });
  let stopped = false;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal.addEventListener('abort', onAbort);
  try {
    await mapLimit(stats.partitions, options.concurrency, async (p) => {
      const readCommitted = options.readCommitted ?? false;
      const fetchAt = (offset: number): Promise<RawChunk> => fetchRawChunk(connection, topic, p.partition, offset, SCAN_CHUNK_BYTES, 0, { readCommitted });
      let position = p.position;
      // The next chunk is fetched while this one is scanned (its offset is known from the batch headers).
      let ahead: { offset: number; raw: Promise<RawChunk> } | null = null;
      while (position < p.to && !stop.signal.aborted) {
        try {
          const raw = await (ahead?.offset === position ? ahead.raw : fetchAt(position));
          ahead = null;
          const next = Math.min(offsetAfterBatches(raw.records, position), p.to);
          if (next > position && next < p.to) {
            ahead = { offset: next, raw: fetchAt(next) };
            ahead.raw.catch(() => undefined); // its error, if any, surfaces when it is awaited (or it is dropped)
          }
          // Decoding and filtering happen on a scan worker; the loop only adds up the answer.
          const scan = await options.workers.scan(raw, p.to, options.filter, options.predicate, options.decoding ?? null);
          if (stop.signal.aborted) break;
          // A response that makes no progress means the log has nothing more below `to` (e.g. HW moved back).
          const reached = Math.min(Math.max(scan.nextOffset, position), p.to);
          if (reached === position) break;
          position = reached;
          p.scanned += scan.scanned;
          stats.scanned += scan.scanned;
          stats.scannedBytes += scan.bytes;
          stats.unparseable += scan.unparseable;
          p.matched += scan.matches.length;
          stats.matched += scan.matches.length;
          p.position = reached;
          options.onProgress();
          if (scan.matches.length > 0 && !(await options.onMatches(scan.matches))) {
            stopped = true;
            stop.abort();
          }
        } catch (error) {
          ahead = null;
          if (!(error instanceof OffsetOutOfRangeError)) throw error;
          // Retention deleted the records ahead of us; they are gone, continue at the new log start.
          const start = (await listOffsets(connection, topic, [p.partition], EARLIEST_TIMESTAMP)).get(p.partition) ?? position;
          if (start <= position) break;
          position = start;
        }
      }
      p.position = Math.max(p.position, Math.min(position, p.to));
    });
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
  options.onProgress();
  return !stopped && !options.signal.aborted && stats.partitions.every((p) => p.position >= p.to);
}
