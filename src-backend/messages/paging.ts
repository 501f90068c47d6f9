/**
 * One page of messages by offsets. Each partition contributes a contiguous run of records next to its cursor
 * position; runs are merged by timestamp and the page takes a prefix of every run, so the new cursor (last taken
 * offset + 1 going forward, lowest taken offset going backward) never repeats or skips a record.
 *
 * Runs grow on demand: only partitions whose whole run was taken by the merge (and that have more records) are read
 * further, so a page over many partitions decodes about pageSize records plus one batch per partition.
 */

import type { MessagesPage, MessagesPageParams, PartitionRange } from '../../src-common/contract/messages.js';
import { mapLimit } from '../concurrency.js';
import { badRequest } from '../errors.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { listOffsets, EARLIEST_TIMESTAMP, type Watermarks } from '../kafka/offsets.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { clampPayloadBytes, toKafkaMessage, type DecodedRecord, type RecordDecoding } from './payload.js';
import { resolvePartitions, resolveStart } from './positions.js';
import { fetchChunk, OffsetOutOfRangeError, readRange, type ReadOptions } from './reader.js';

const PARTITION_CONCURRENCY = 8;

const MAX_ROUNDS = 40;

interface Run {
  partition: number;
  /** In offset order; contiguous: nothing but these data records lies between them and the cursor position. */
  records: DecodedRecord[];
  /** forward: offsets [start, boundary) were read. backward: offsets [boundary, start) were read. */
  boundary: number;
  /** No more records in this direction (log end / log start reached). */
  done: boolean;
  /** Next fetch size (forward) or window in offsets (backward). */
  next: number;
}

/** `decoder` (with prefetch) adds each key's and value's decoded form. */
export async function readPage(
  connection: ClusterConnection, params: MessagesPageParams,
  decoder?: RecordDecoding & { prefetchRecords(records: readonly DecodedRecord[]): Promise<void> },
): Promise<MessagesPage> {
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

  const runs: Run[] = resolved.partitions.map((partition) => {
    const from = start.get(partition) ?? 0;
    const m = marks.get(partition);
    const done = direction === 'forward' ? from >= (m?.logEndOffset ?? 0) : from <= (m?.logStartOffset ?? 0);
    return { partition, records: [], boundary: from, done, next: direction === 'forward' ? 4096 : Math.min(pageSize, 64) };
  });
  const merge = direction === 'forward' ? mergeForward : mergeBackward;
  const read: ReadOptions = { readCommitted: params.isolation === 'read_committed' };
  let taken = merge(runs, pageSize);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // A run the merge used up may hide records that belong on this page: read further there, and only there.
    const starving = runs.filter((r) => !r.done && (taken.perPartition.get(r.partition) ?? 0) === r.records.length);
    if (starving.length === 0) break;
    const wanted = Math.max(1, pageSize - taken.records.length);
    await mapLimit(starving, PARTITION_CONCURRENCY, (run) =>
      direction === 'forward'
        ? extendForward(connection, params.topic, run, marks, wanted, read)
        : extendBackward(connection, params.topic, run, marks, read));
    taken = merge(runs, pageSize);
  }

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
      position = count === run.records.length ? run.boundary : (count > 0 && firstTaken ? firstTaken.offset : from);
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
  if (decoder) await decoder.prefetchRecords(taken.records);
  const base = { clusterId: params.clusterId, topic: params.topic };
  const other = direction === 'forward' ? 'backward' : 'forward';
  return {
    messages: taken.records.map((r) => toKafkaMessage(r, maxBytes, decoder)),
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

/** Reads the next chunk after the run, sized from the record sizes seen so far. */
async function extendForward(
  connection: ClusterConnection, topic: string, run: Run, marks: Map<number, Watermarks>, wanted: number, read: ReadOptions,
): Promise<void> {
  const end = marks.get(run.partition)?.logEndOffset ?? 0;
  let chunk;
  try {
    chunk = await fetchChunk(connection, topic, run.partition, run.boundary, run.next, 0, read);
  } catch (error) {
    if (!(error instanceof OffsetOutOfRangeError)) throw error;
    // Retention moved the log start past us while paging: continue from the new start (nothing in between exists).
    const newStart = (await listOffsets(connection, topic, [run.partition], EARLIEST_TIMESTAMP)).get(run.partition) ?? run.boundary;
    if (newStart <= run.boundary) run.done = true;
    else run.boundary = newStart;
    return;
  }
  if (chunk.nextOffset <= run.boundary) {
    run.done = true; // nothing readable below the high watermark
    return;
  }
  for (const r of chunk.records) if (r.offset < end) run.records.push(r);
  run.boundary = Math.min(chunk.nextOffset, end);
  run.done = run.boundary >= end;
  // Every record of every returned batch gets decoded: ask for about what the page still needs.
  const perRecord = chunk.records.length > 0 ? chunk.bytes / chunk.records.length + 64 : 1024;
  run.next = Math.min(Math.max(Math.ceil(wanted * perRecord * 1.25), 4096, run.next * 2), 8 * 1024 * 1024);
}

/** Reads the window of offsets below the run, widening it each time (compaction leaves gaps). */
async function extendBackward(connection: ClusterConnection, topic: string, run: Run, marks: Map<number, Watermarks>, read: ReadOptions): Promise<void> {
  const logStart = marks.get(run.partition)?.logStartOffset ?? 0;
  const windowStart = Math.max(logStart, run.boundary - run.next);
  const found: DecodedRecord[] = [];
  try {
    // An early stop (no progress) leaves the rest of the window unread: it holds no readable data.
    await readRange(connection, topic, run.partition, windowStart, run.boundary, (chunk) => {
      found.push(...chunk);
      return true;
    }, undefined, undefined, read);
  } catch (error) {
    if (!(error instanceof OffsetOutOfRangeError)) throw error;
    run.done = true; // the log start moved past the window: nothing older exists
    return;
  }
  run.records = [...found, ...run.records];
  run.boundary = windowStart;
  run.done = windowStart <= logStart;
  run.next *= 4;
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
