/**
 * Opening a partition directory (Kafka's LogLoader): finish or discard interrupted file operations, load the
 * segments, recover the ones written after the recovery point when the last shutdown was not clean (verify every
 * batch, truncate a torn or corrupt tail, drop later segments), rebuild missing or corrupt indexes, and rebuild
 * producer state from the newest snapshot plus the batches after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LogSegment, DELETED_SUFFIX, INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX, segmentFiles } from './segment.js';
import { scanBatches, readAt } from './batch-scanner.js';
import { decodeRecords } from './records.js';
import type { BatchHeader } from './record-batch.js';
import type { AbortedTxn } from './transaction-index.js';
import type { LogSettings } from './log-settings.js';
import type { ProducerStateManager } from '../producers/producer-state.js';
import { loadLatestSnapshot } from '../producers/producer-snapshot.js';

const SWAP_SUFFIX = '.swap';
const CLEANED_SUFFIX = '.cleaned';

export interface LoadOptions {
  cleanShutdown: boolean;
  recoveryPoint: number;
  logStartOffset: number | undefined;
  producerState: ProducerStateManager;
}

export interface LoadedLog {
  segments: LogSegment[];
  logStartOffset: number;
  /** Bytes cut from torn/corrupt tails plus bytes of segments dropped after them. */
  bytesTruncated: number;
  segmentsRecovered: number;
}

function baseOffsetOf(file: string): number | null {
  const m = /^(\d{20})\./.exec(file);
  return m ? Number(m[1]) : null;
}

/** Deletes .deleted/.cleaned/.tmp leftovers and completes .swap files (compaction output swapped in). */
function cleanLeftovers(dir: string): void {
  const files = fs.readdirSync(dir);
  for (const f of files) {
    if (f.endsWith(DELETED_SUFFIX) || f.endsWith(CLEANED_SUFFIX) || f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });
  }
  for (const f of files.filter((x) => x.endsWith(LOG_SUFFIX + SWAP_SUFFIX))) {
    const base = baseOffsetOf(f);
    if (base === null) continue;
    const swapPath = path.join(dir, f);
    // The swap segment replaces every segment whose base offset falls inside its offset range.
    const fd = fs.openSync(swapPath, 'r');
    let next = base;
    scanBatches(fd, 0, fs.fstatSync(fd).size, (h) => { next = h.lastOffset + 1; });
    fs.closeSync(fd);
    for (const other of fs.readdirSync(dir)) {
      const b = baseOffsetOf(other);
      const isSegmentFile = [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX, '.txnindex'].some((suffix) => other.endsWith(suffix));
      if (b !== null && b >= base && b < next && isSegmentFile) fs.rmSync(path.join(dir, other), { force: true });
    }
    fs.renameSync(swapPath, segmentFiles(dir, base).log);
  }
  for (const f of fs.readdirSync(dir)) if (f.endsWith(SWAP_SUFFIX)) fs.rmSync(path.join(dir, f), { force: true });
}

export function loadSegments(dir: string, settings: LogSettings, opts: LoadOptions): LoadedLog {
  cleanLeftovers(dir);
  const files = fs.readdirSync(dir);
  const bases = [...new Set(files.filter((f) => f.endsWith(LOG_SUFFIX)).map(baseOffsetOf).filter((b): b is number => b !== null))]
    .sort((a, b) => a - b);
  for (const f of files) {
    const b = baseOffsetOf(f);
    if (b !== null && (f.endsWith(INDEX_SUFFIX) || f.endsWith(TIME_INDEX_SUFFIX)) && !bases.includes(b)) fs.rmSync(path.join(dir, f));
  }
  let recoverFrom = bases[0] ?? 0;
  for (const b of bases) if (b <= opts.recoveryPoint) recoverFrom = b;

  const segments: LogSegment[] = [];
  let bytesTruncated = 0;
  let segmentsRecovered = 0;
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i] as number;
    const names = segmentFiles(dir, base);
    const indexesMissing = !fs.existsSync(names.index) || !fs.existsSync(names.timeIndex);
    const segment = LogSegment.open(dir, base, settings.segmentIndexBytes);
    const previous = segments[segments.length - 1];
    let needsRecovery = (!opts.cleanShutdown && base >= recoverFrom) || indexesMissing || !segment.indexesLookSane();
    if (!needsRecovery && !segment.loadTail()) needsRecovery = true;
    let truncated = 0;
    if (needsRecovery) {
      truncated = segment.recover(settings.indexIntervalBytes, undefined, bases[i + 1]);
      segmentsRecovered++;
    }
    if (previous && segment.size > 0 && base < previous.nextOffset) {
      // Overlapping segments cannot be trusted beyond this point.
      truncated += segment.size;
      segment.closeAndDelete();
      dropLater(bases.slice(i + 1), dir, settings);
      bytesTruncated += truncated;
      break;
    }
    segments.push(segment);
    bytesTruncated += truncated;
    if (truncated > 0) {
      // A torn or corrupt batch ends the log: everything written after it was never acknowledged as a whole.
      bytesTruncated += dropLater(bases.slice(i + 1), dir, settings);
      break;
    }
  }
  // A directory without segments is a new log: checkpoint entries can only be stale leftovers of a deleted topic
  // with the same name, so they are ignored.
  const isNew = bases.length === 0;
  if (segments.length === 0) segments.push(LogSegment.create(dir, isNew ? 0 : Math.max(opts.logStartOffset ?? 0, 0), settings.segmentIndexBytes));
  for (const seg of segments.slice(0, -1)) seg.releaseIndexFiles();
  // An empty trailing segment at a base below the previous segment's end would be bogus; keep offsets monotonic.
  const first = segments[0] as LogSegment;
  const last = segments[segments.length - 1] as LogSegment;
  const logStartOffset = isNew ? 0 : Math.min(Math.max(opts.logStartOffset ?? first.baseOffset, first.baseOffset), last.nextOffset);
  rebuildProducerState(dir, segments, logStartOffset, opts.producerState);
  return { segments, logStartOffset, bytesTruncated, segmentsRecovered };
}

function dropLater(bases: number[], dir: string, settings: LogSettings): number {
  let bytes = 0;
  for (const b of bases) {
    const seg = LogSegment.open(dir, b, settings.segmentIndexBytes);
    bytes += seg.size;
    seg.closeAndDelete();
  }
  return bytes;
}

/**
 * Applies one stored batch to producer state; control batches need their record to know COMMIT vs ABORT.
 * Returns the aborted transaction an ABORT marker completes (with the LSO right after it), else null.
 */
export function applyBatchToProducerState(state: ProducerStateManager, h: BatchHeader, readBatch: () => Buffer): AbortedTxn | null {
  if (h.producerId < 0) return null;
  if (h.isControl) {
    const batch = readBatch();
    const record = decodeRecords(batch, { ...h, position: 0 })[0];
    if (!record || !record.key || record.key.length < 4) return null;
    const type = record.key.readInt16BE(2);
    if (type !== 0 && type !== 1) return null;
    const coordinatorEpoch = record.value && record.value.length >= 6 ? record.value.readInt32BE(2) : -1;
    const aborted = state.completeTransaction(h.producerId, h.producerEpoch, h.baseOffset, type === 0, coordinatorEpoch, h.maxTimestamp);
    if (!aborted) return null;
    return { ...aborted, lastStableOffset: state.firstUnstableOffset() ?? h.lastOffset + 1 };
  }
  state.update({
    producerId: h.producerId, producerEpoch: h.producerEpoch, baseSequence: h.baseSequence,
    lastOffsetDelta: h.lastOffsetDelta, baseOffset: h.baseOffset, lastOffset: h.lastOffset,
    maxTimestamp: h.maxTimestamp, isTransactional: h.isTransactional, isControl: false,
  });
  return null;
}

/** Newest snapshot at or below the log end, then replay of every batch after it. */
export function rebuildProducerState(dir: string, segments: LogSegment[], logStartOffset: number, state: ProducerStateManager): void {
  const last = segments[segments.length - 1] as LogSegment;
  const snapshotOffset = loadLatestSnapshot(dir, last.nextOffset, state);
  const from = Math.max(snapshotOffset ?? logStartOffset, (segments[0] as LogSegment).baseOffset);
  for (const seg of segments) {
    if (seg.nextOffset <= from || seg.size === 0) continue;
    const fd = fs.openSync(seg.files.log, 'r');
    try {
      scanBatches(fd, seg.offsetIndex.lookup(from).position, seg.size, (h) => {
        if (h.lastOffset < from) return;
        const aborted = applyBatchToProducerState(state, h, () => readAt(fd, h.position, h.sizeInBytes));
        // Re-index aborts replayed after a crash (the index skips markers it already holds).
        if (aborted) seg.txnIndex.append(aborted);
      });
    } finally {
      fs.closeSync(fd);
    }
  }
  state.truncateHead(logStartOffset);
}
