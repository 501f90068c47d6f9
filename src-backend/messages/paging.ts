/**
 * One page of messages by offsets. Each partition contributes a contiguous run of records next to its cursor
 * position; runs are merged by timestamp and the page takes a prefix of every run, so the new cursor (last taken
 * offset + 1 going forward, lowest taken offset going backward) never repeats or skips a record.
 */

import type { MessagesPage, MessagesPageParams, PartitionRange } from '../../src-common/contract/messages.js';
import { mapLimit } from '../concurrency.js';
import { badRequest } from '../errors.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { listOffsets, EARLIEST_TIMESTAMP, type Watermarks } from '../kafka/offsets.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { clampPayloadBytes, toKafkaMessage, type DecodedRecord } from './payload.js';
import { resolvePartitions, resolveStart } from './positions.js';
import { fetchChunk, OffsetOutOfRangeError, readRange } from './reader.js';

const PARTITION_CONCURRENCY = 8;

interface Run {
  partition: number;
  /** In offset order. */
  records: DecodedRecord[];
  /** forward: offsets in [start, scannedTo) hold nothing but `records`. backward: same for [scannedFrom, start). */
  boundary: number;
  /** backward: false when records were trimmed to the newest pageSize (older data records exist above boundary). */
  complete: boolean;
}

export async function readPage(connection: ClusterConnection, params: MessagesPageParams): Promise<MessagesPage> {
  const pageSize = params.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) badRequest('pageSize', 'must be 1..1000');
  const maxBytes = clampPayloadBytes(params.maxPayloadBytes);
  const cursor = params.cursor ? decodeCursor(params.cursor, params.clusterId, params.topic) : null;
  const direction = cursor?.direction ?? params.direction;
  if (direction !== 'forward' && direction !== 'backward') badRequest('direction', "'forward' or 'backward'");
  const selection = cursor ? [...cursor.positions.keys()] : params.partitions;
  const resolved = await resolvePartitions(connection, params.topic, selection);
  const { marks } = resolved;
  const start = cursor ? clampAll(cursor.positions, marks) : await resolveStart(connection, params.topic, resolved, params.start, direction);

  const runs = await mapLimit(resolved.partitions, PARTITION_CONCURRENCY, (partition) =>
    direction === 'forward'
      ? forwardRun(connection, params.topic, partition, start.get(partition) ?? 0, marks, pageSize)
      : backwardRun(connection, params.topic, partition, start.get(partition) ?? 0, marks, pageSize),
  );
  const taken = direction === 'forward' ? mergeForward(runs, pageSize) : mergeBackward(runs, pageSize);

  const next = new Map<number, number>();
  const ranges: PartitionRange[] = [];
  for (const run of runs) {
    const from = start.get(run.partition) ?? 0;
    const count = taken.perPartition.get(run.partition) ?? 0;
    let position: number;
    if (direction === 'forward') {
      position = count === run.records.length ? run.boundary : (run.records[count - 1]?.offset ?? from - 1) + 1;
    } else {
      const firstTaken = run.records[run.records.length - count];
      position = count === run.records.length && run.complete ? run.boundary : (count > 0 && firstTaken ? firstTaken.offset : from);
    }
    next.set(run.partition, position);
    const m = marks.get(run.partition);
    ranges.push({
      partition: run.partition,
      from: Math.min(from, position),
      to: Math.max(from, position),
      logStartOffset: m?.logStartOffset ?? 0,
      logEndOffset: m?.logEndOffset ?? 0,
    });
  }

  const reachedEnd = direction === 'forward'
    ? runs.every((r) => (next.get(r.partition) ?? 0) >= (marks.get(r.partition)?.logEndOffset ?? 0))
    : runs.every((r) => (next.get(r.partition) ?? 0) <= (marks.get(r.partition)?.logStartOffset ?? 0));
  const hasOtherSide = direction === 'forward'
    ? runs.some((r) => (start.get(r.partition) ?? 0) > (marks.get(r.partition)?.logStartOffset ?? 0))
    : runs.some((r) => (start.get(r.partition) ?? 0) < (marks.get(r.partition)?.logEndOffset ?? 0));
  const base = { clusterId: params.clusterId, topic: params.topic };
  const other = direction === 'forward' ? 'backward' : 'forward';
  return {
    messages: taken.records.map((r) => toKafkaMessage(r, maxBytes)),
    direction,
    nextCursor: direction === 'backward' && reachedEnd ? null : encodeCursor({ ...base, direction, positions: next }),
    previousCursor: hasOtherSide ? encodeCursor({ ...base, direction: other, positions: start }) : null,
    ranges,
    reachedEnd,
  };
}

function clampAll(positions: Map<number, number>, marks: Map<number, Watermarks>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [p, pos] of positions) {
    const m = marks.get(p);
    out.set(p, m ? Math.min(Math.max(pos, m.logStartOffset), m.logEndOffset) : pos);
  }
  return out;
}

/** Up to pageSize records from `from` upward. */
async function forwardRun(
  connection: ClusterConnection, topic: string, partition: number, from: number, marks: Map<number, Watermarks>, pageSize: number,
): Promise<Run> {
  const end = marks.get(partition)?.logEndOffset ?? 0;
  const records: DecodedRecord[] = [];
  let position = from;
  // Every record of every returned batch gets decoded, and a page needs only pageSize of them: probe with a small
  // fetch (at least one whole batch comes back), then size the next fetch from the record sizes seen.
  let maxBytes = 4096;
  while (position < end && records.length < pageSize) {
    let chunk;
    try {
      chunk = await fetchChunk(connection, topic, partition, position, maxBytes);
      const perRecord = chunk.records.length > 0 ? chunk.bytes / chunk.records.length + 64 : 1024;
      const remaining = pageSize - records.length - chunk.records.length;
      maxBytes = Math.min(Math.max(Math.ceil(remaining * perRecord * 1.25), 4096), 8 * 1024 * 1024);
    } catch (error) {
      if (!(error instanceof OffsetOutOfRangeError)) throw error;
      // Retention moved the log start past us while paging: continue from the new start.
      const newStart = (await listOffsets(connection, topic, [partition], EARLIEST_TIMESTAMP)).get(partition) ?? position;
      if (newStart <= position) break;
      position = newStart;
      continue;
    }
    if (chunk.nextOffset <= position) break;
    for (const r of chunk.records) if (r.offset < end) records.push(r);
    position = Math.min(chunk.nextOffset, end);
  }
  if (records.length > pageSize) {
    const trimmed = records.slice(0, pageSize);
    return { partition, records: trimmed, boundary: (trimmed[trimmed.length - 1]?.offset ?? from - 1) + 1, complete: true };
  }
  return { partition, records, boundary: position, complete: true };
}

/** Up to pageSize records below `before`, widening the window backwards when compaction left gaps. */
async function backwardRun(
  connection: ClusterConnection, topic: string, partition: number, before: number, marks: Map<number, Watermarks>, pageSize: number,
): Promise<Run> {
  const logStart = marks.get(partition)?.logStartOffset ?? 0;
  let records: DecodedRecord[] = [];
  let windowEnd = before;
  let window = pageSize;
  while (windowEnd > logStart && records.length < pageSize) {
    const windowStart = Math.max(logStart, windowEnd - window);
    const found: DecodedRecord[] = [];
    try {
      // An early stop (no progress) leaves the rest of the window unread: it holds no readable data.
      await readRange(connection, topic, partition, windowStart, windowEnd, (chunk) => {
        found.push(...chunk);
        return true;
      });
    } catch (error) {
      if (!(error instanceof OffsetOutOfRangeError)) throw error;
      break; // the log start moved past the window: nothing older exists
    }
    records = [...found, ...records];
    windowEnd = windowStart;
    window *= 4;
  }
  const complete = records.length <= pageSize;
  if (!complete) records = records.slice(records.length - pageSize);
  return { partition, records, boundary: windowEnd, complete };
}

interface Taken {
  records: DecodedRecord[];
  perPartition: Map<number, number>;
}

const ascending = (a: DecodedRecord, b: DecodedRecord): number =>
  a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset;

/** k-way merge of run heads, oldest first. */
function mergeForward(runs: Run[], pageSize: number): Taken {
  const heads = runs.map(() => 0);
  const out: DecodedRecord[] = [];
  const perPartition = new Map<number, number>();
  while (out.length < pageSize) {
    let best = -1;
    for (let i = 0; i < runs.length; i++) {
      const candidate = runs[i]?.records[heads[i] ?? 0];
      const current = best >= 0 ? runs[best]?.records[heads[best] ?? 0] : undefined;
      if (candidate && (!current || ascending(candidate, current) < 0)) best = i;
    }
    if (best < 0) break;
    const run = runs[best] as Run;
    out.push(run.records[heads[best] ?? 0] as DecodedRecord);
    heads[best] = (heads[best] ?? 0) + 1;
    perPartition.set(run.partition, heads[best] ?? 0);
  }
  return { records: out, perPartition };
}

/** k-way merge of run tails, newest first. */
function mergeBackward(runs: Run[], pageSize: number): Taken {
  const tails = runs.map((r) => r.records.length - 1);
  const out: DecodedRecord[] = [];
  const perPartition = new Map<number, number>();
  while (out.length < pageSize) {
    let best = -1;
    for (let i = 0; i < runs.length; i++) {
      const candidate = runs[i]?.records[tails[i] ?? -1];
      const current = best >= 0 ? runs[best]?.records[tails[best] ?? -1] : undefined;
      if (candidate && (!current || ascending(candidate, current) > 0)) best = i;
    }
    if (best < 0) break;
    const run = runs[best] as Run;
    out.push(run.records[tails[best] ?? -1] as DecodedRecord);
    tails[best] = (tails[best] ?? 0) - 1;
    perPartition.set(run.partition, run.records.length - 1 - (tails[best] ?? 0));
  }
  return { records: out, perPartition };
}
