/** Turning the contract's partition selections and start/end positions into per-partition offsets. */

import type { Direction, EndPosition, PartitionSelection, StartPosition } from '../../src-common/contract/messages.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { offsetsForTimestamp, topicPartitions, watermarks, type Watermarks } from '../kafka/offsets.js';
import { badRequest } from '../errors.js';

export interface ResolvedPartitions {
  partitions: number[];
  marks: Map<number, Watermarks>;
}

export async function resolvePartitions(
  connection: ClusterConnection,
  topic: string,
  selection: PartitionSelection,
): Promise<ResolvedPartitions> {
  const all = (await topicPartitions(connection, topic)).map((p) => p.partitionId);
  let partitions = all;
  if (selection !== 'all') {
    if (!Array.isArray(selection) || selection.length === 0) badRequest('partitions', "'all' or a non-empty list");
    for (const p of selection) if (!all.includes(p)) badRequest('partitions', `partition ${p} does not exist in ${topic}`);
    partitions = [...new Set(selection)].sort((a, b) => a - b);
  }
  return { partitions, marks: await watermarks(connection, topic, partitions) };
}

const clamp = (value: number, m: Watermarks): number => Math.min(Math.max(value, m.logStartOffset), m.logEndOffset);

function mark(marks: Map<number, Watermarks>, partition: number): Watermarks {
  return marks.get(partition) ?? { partition, logStartOffset: 0, logEndOffset: 0 };
}

/**
 * forward: the first offset to read. backward: the exclusive upper bound (records below it are shown newest first;
 * `offset` X includes X itself, `timestamp` T shows records before T).
 */
export async function resolveStart(
  connection: ClusterConnection,
  topic: string,
  { partitions, marks }: ResolvedPartitions,
  start: StartPosition,
  direction: Direction,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (start.kind === 'timestamp') {
    if (!Number.isFinite(start.timestamp)) badRequest('start.timestamp', 'must be a number (ms)');
    const found = await offsetsForTimestamp(connection, topic, partitions, start.timestamp, marks);
    for (const p of partitions) out.set(p, clamp(found.get(p) ?? 0, mark(marks, p)));
    return out;
  }
  for (const p of partitions) {
    const m = mark(marks, p);
    switch (start.kind) {
      case 'earliest':
        out.set(p, m.logStartOffset);
        break;
      case 'latest':
        out.set(p, m.logEndOffset);
        break;
      case 'offset':
        if (!Number.isInteger(start.offset) || start.offset < 0) badRequest('start.offset', 'must be a non-negative integer');
        out.set(p, clamp(direction === 'forward' ? start.offset : start.offset + 1, m));
        break;
      case 'latest-n':
        if (!Number.isInteger(start.count) || start.count < 0) badRequest('start.count', 'must be a non-negative integer');
        out.set(p, direction === 'forward' ? clamp(m.logEndOffset - start.count, m) : m.logEndOffset);
        break;
      default:
        badRequest('start', 'unknown start kind');
    }
  }
  return out;
}

/** Exclusive end offset of a scan per partition. */
export async function resolveEnd(
  connection: ClusterConnection,
  topic: string,
  { partitions, marks }: ResolvedPartitions,
  end: EndPosition,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (end.kind === 'timestamp') {
    const found = await offsetsForTimestamp(connection, topic, partitions, end.timestamp, marks);
    for (const p of partitions) out.set(p, clamp(found.get(p) ?? 0, mark(marks, p)));
    return out;
  }
  for (const p of partitions) {
    const m = mark(marks, p);
    if (end.kind === 'latest') out.set(p, m.logEndOffset);
    else if (end.kind === 'offset') out.set(p, clamp(end.offset, m));
    else badRequest('to', 'unknown end kind');
  }
  return out;
}
