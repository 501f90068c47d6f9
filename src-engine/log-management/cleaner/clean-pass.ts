/**
 * The heavy half of one cleaner pass, free of broker state so it runs on the cleaner's worker thread: read the
 * partition's segment files, build the transaction view and the key -> latest offset map over the dirty
 * section, clean every closed segment below the end of the mapped range (decompressing and recompressing
 * batches), group the results and write each group that changed to `<first>.log.cleaned`. The broker's loop
 * then swaps those files in (log-cleaner.ts) and updates state; it never waits on this work.
 */
import fs from 'node:fs';
import { parseBatches } from '../../storage/record-batch.js';
import { writeCleanedFile } from '../../storage/log-maintenance.js';
import { OffsetMap, fillOffsetMap, type StoredBatch } from './offset-map.js';
import { buildTxnView } from './transactions.js';
import { cleanBatch, emptyStats, type CleanStats } from './clean-batches.js';
import { groupCleaned, needsSwap, type CleanedSegment } from './grouping.js';

/** A segment as the pass sees it: its file and the bytes it held when the pass was planned. */
export interface PassSegment {
  readonly logFile: string;
  readonly baseOffset: number;
  readonly nextOffset: number;
  readonly size: number;
}

export interface CleanPassInput {
  /** Every segment of the log, oldest first; the last one is the active segment (read, never rewritten). */
  readonly segments: readonly PassSegment[];
  readonly firstDirtyOffset: number;
  readonly firstUncleanableOffset: number;
  /** Keys the offset map may hold (log.cleaner.dedupe.buffer.size). */
  readonly mapCapacity: number;
  readonly now: number;
  readonly deleteRetentionMs: number;
  readonly segmentBytes: number;
}

/** Segments [first, first + count) of the input are to be replaced by `cleanedFile`. */
export interface PlannedSwap {
  readonly first: number;
  readonly count: number;
  readonly cleanedFile: string;
}

export interface CleanPassResult {
  /** Where cleaning stopped: the next pass's first dirty offset. */
  readonly endOffset: number;
  readonly keys: number;
  readonly stats: CleanStats;
  readonly swaps: readonly PlannedSwap[];
}

function readBatches(seg: PassSegment): StoredBatch[] {
  if (seg.size === 0) return [];
  const fd = fs.openSync(seg.logFile, 'r');
  const buf = Buffer.allocUnsafe(seg.size);
  try {
    let read = 0;
    while (read < seg.size) {
      const n = fs.readSync(fd, buf, read, seg.size - read, read);
      if (n === 0) throw new Error(`cannot clean ${seg.logFile}: it shrank below ${seg.size} bytes`);
      read += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  const parsed = parseBatches(buf, { verifyCrc: false });
  if (!parsed.ok) throw new Error(`cannot clean ${seg.logFile}: ${parsed.message}`);
  return parsed.batches.map((h) => ({ bytes: buf.subarray(h.position, h.position + h.sizeInBytes), header: { ...h, position: 0 } }));
}

export function runCleanPass(input: CleanPassInput): CleanPassResult {
  const { segments } = input;
  const batchesOf = segments.map(readBatches);
  const txns = buildTxnView(batchesOf.flat());
  const map = new OffsetMap();
  // A bounded map (log.cleaner.dedupe.buffer.size) may stop this pass early; the next pass continues.
  const endOffset = fillOffsetMap(map, segments.map((seg, i) => ({ baseOffset: seg.baseOffset, batches: batchesOf[i] ?? [] })),
    input.firstDirtyOffset, input.firstUncleanableOffset, input.mapCapacity, txns.isAborted);
  const stats = emptyStats();
  const cleaned: CleanedSegment<number>[] = [];
  segments.forEach((seg, i) => {
    if (i === segments.length - 1 || seg.nextOffset > endOffset) return;
    const batches = batchesOf[i] ?? [];
    const output = batches.map((b) => cleanBatch(b, { map, txns, now: input.now, deleteRetentionMs: input.deleteRetentionMs }, stats));
    cleaned.push({
      seg: i, baseOffset: seg.baseOffset, nextOffset: seg.nextOffset,
      output: output.filter((o): o is Buffer => o !== null),
      changed: !output.every((o, j) => o === batches[j]?.bytes),
    });
  });
  const swaps: PlannedSwap[] = [];
  for (const group of groupCleaned(cleaned, input.segmentBytes)) {
    if (!needsSwap(group)) continue;
    const first = (group[0] as CleanedSegment<number>).seg;
    const file = writeCleanedFile((segments[first] as PassSegment).logFile, group.flatMap((c) => c.output));
    swaps.push({ first, count: group.length, cleanedFile: file });
  }
  return { endOffset, keys: map.size, stats, swaps };
}
