/**
 * Which cleaned segments are written together (Kafka's Cleaner.groupSegmentsBySize): consecutive
 * segments are merged while their cleaned size fits segment.bytes and their offsets fit the 32-bit
 * relative offsets of one segment's index. A group never ends with a segment whose output is empty:
 * crash recovery finds the segments a swap file replaces from the swap file's own offset range, so the
 * last replaced segment must contribute a batch.
 */
export interface CleanedSegment<S> {
  readonly seg: S;
  readonly baseOffset: number;
  readonly nextOffset: number;
  readonly output: readonly Buffer[];
  /** False when the output is the segment's stored bytes unchanged. */
  readonly changed: boolean;
}

const MAX_RELATIVE_OFFSET = 0x7fffffff;

function bytesOf(c: CleanedSegment<unknown>): number {
  let n = 0;
  for (const b of c.output) n += b.length;
  return n;
}

export function groupCleaned<S>(items: readonly CleanedSegment<S>[], maxBytes: number): CleanedSegment<S>[][] {
  const groups: CleanedSegment<S>[][] = [];
  let current: CleanedSegment<S>[] = [];
  let size = 0;
  for (const item of items) {
    const first = current[0];
    const fits = first !== undefined && size + bytesOf(item) <= maxBytes && item.nextOffset - 1 - first.baseOffset <= MAX_RELATIVE_OFFSET;
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += bytesOf(item);
  }
  if (current.length > 0) groups.push(current);
  // Split trailing empty outputs off multi-segment groups into groups of their own.
  const out: CleanedSegment<S>[][] = [];
  for (const g of groups) {
    const tail: CleanedSegment<S>[] = [];
    while (g.length > 1 && (g[g.length - 1] as CleanedSegment<S>).output.length === 0) tail.unshift(g.pop() as CleanedSegment<S>);
    out.push(g, ...tail.map((t) => [t]));
  }
  return out;
}

/** A group needs rewriting unless it is a single segment whose bytes did not change. */
export function needsSwap(group: readonly CleanedSegment<unknown>[]): boolean {
  return group.length > 1 || group.some((c) => c.changed);
}
