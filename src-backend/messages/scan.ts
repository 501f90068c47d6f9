/**
 * Server-side scan of an offset range per partition: every record in [from, to) is read and counted, so a search
 * can say exactly how much it looked at (never a silent "no results").
 */

import type { EndPosition, PartitionSelection, ScanStats, StartPosition } from '../../src-common/contract/messages.js';
import { mapLimit } from '../concurrency.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { listOffsets, EARLIEST_TIMESTAMP } from '../kafka/offsets.js';
import type { RecordPredicate } from './filter.js';
import type { DecodedRecord } from './payload.js';
import { resolveEnd, resolvePartitions, resolveStart } from './positions.js';
import { OffsetOutOfRangeError, readRange } from './reader.js';

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
  predicate: RecordPredicate | null;
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
      let position = p.position;
      while (position < p.to && !stop.signal.aborted) {
        try {
          position = await readRange(connection, topic, p.partition, position, p.to, async (records, reached, bytes) => {
            p.scanned += records.length;
            stats.scanned += records.length;
            stats.scannedBytes += bytes;
            const run = { unparseable: false };
            const matched: DecodedRecord[] = [];
            for (const r of records) {
              run.unparseable = false;
              if (!options.predicate || options.predicate(r, run)) matched.push(r);
              if (run.unparseable) stats.unparseable++;
            }
            p.matched += matched.length;
            stats.matched += matched.length;
            p.position = reached;
            options.onProgress();
            if (matched.length > 0 && !(await options.onMatches(matched))) {
              stopped = true;
              stop.abort();
              return false;
            }
            return !stop.signal.aborted;
          }, stop.signal, undefined, { readCommitted: options.readCommitted ?? false });
          if (position < p.to && !stop.signal.aborted) break; // no progress: the log ends early (see readRange)
        } catch (error) {
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
