/**
 * The index sanity checks of `kafka-dump-log --index-sanity-check`, read-only, against a scanned segment:
 * - `.index`: every entry's position starts a batch whose last offset is the entry's offset; offsets increase;
 * - `.timeindex`: every entry names a batch's last offset and that batch's max timestamp; timestamps increase;
 * - `.txnindex`: every aborted range ends at an ABORT marker of that producer; every ABORT marker is indexed.
 * Zero entries are the preallocated tail of an active segment's index (Kafka stops at them too); a zero first
 * entry is real only in an offset index whose first batch ends at the base offset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OFFSET_INDEX_ENTRY_SIZE } from '../storage/offset-index.js';
import { TIME_INDEX_ENTRY_SIZE } from '../storage/time-index.js';
import { TXN_ENTRY_SIZE } from '../storage/transaction-index.js';
import { readInt64 } from '../storage/record-batch.js';
import type { SegmentScan } from './segment-scan.js';
import type {
  ExplorerIndexCheck, ExplorerOffsetIndexEntry, ExplorerProblem, ExplorerTimeIndexEntry, ExplorerTxnIndexEntry,
} from '../../src-common/contract/explorer.js';

export interface SegmentFilesPaths {
  index: string;
  timeIndex: string;
  txnIndex: string;
}

export interface IndexCheckResult {
  check: ExplorerIndexCheck;
  offsetIndex: ExplorerOffsetIndexEntry[];
  timeIndex: ExplorerTimeIndexEntry[];
  txnIndex: ExplorerTxnIndexEntry[];
  problems: ExplorerProblem[];
  truncated: boolean;
}

/** `keep`: how many entries of each index to return (0 for a summary). Problems list the first few mismatches. */
export function checkIndexes(files: SegmentFilesPaths, baseOffset: number, scan: SegmentScan, keep: number): IndexCheckResult {
  const out: IndexCheckResult = {
    check: {
      offsetEntries: 0, offsetMismatches: 0, timeEntries: 0, timeMismatches: 0, preallocatedOffsetEntries: 0,
      preallocatedTimeEntries: 0, txnEntries: 0, txnMismatches: 0,
    },
    offsetIndex: [], timeIndex: [], txnIndex: [], problems: [], truncated: false,
  };
  const flag = (file: string, position: number | null, message: string): void => {
    if (out.problems.length < 50) out.problems.push({ severity: 'error', file: path.basename(file), position, message });
  };
  checkOffsetIndex(files.index, baseOffset, scan, keep, out, flag);
  checkTimeIndex(files.timeIndex, baseOffset, scan, keep, out, flag);
  checkTxnIndex(files.txnIndex, scan, keep, out, flag);
  return out;
}

type Flag = (file: string, position: number | null, message: string) => void;

function readWhole(file: string, entrySize: number, out: IndexCheckResult): Buffer | null {
  if (!fs.existsSync(file)) return null;
  const buf = fs.readFileSync(file, { flag: 'r' });
  if (buf.length % entrySize !== 0) {
    out.problems.push({
      severity: 'warning', file: path.basename(file), position: buf.length - (buf.length % entrySize),
      message: `${buf.length % entrySize} trailing bytes do not form a whole ${entrySize}-byte entry`,
    });
  }
  return buf;
}

function checkOffsetIndex(file: string, baseOffset: number, scan: SegmentScan, keep: number, out: IndexCheckResult, flag: Flag): void {
  const buf = readWhole(file, OFFSET_INDEX_ENTRY_SIZE, out);
  if (!buf) return;
  const total = Math.floor(buf.length / OFFSET_INDEX_ENTRY_SIZE);
  let prevRel = -1;
  let prevPos = -1;
  for (let i = 0; i < total; i++) {
    const p = i * OFFSET_INDEX_ENTRY_SIZE;
    const rel = buf.readInt32BE(p);
    const position = buf.readInt32BE(p + 4);
    // A zero entry is padding after the first entry, and also as the first one unless a batch really ends there.
    if (rel === 0 && position === 0 && (i > 0 || scan.batches.lastOffsets[0] !== baseOffset || scan.batches.count === 0)) {
      out.check.preallocatedOffsetEntries = total - i;
      break;
    }
    out.check.offsetEntries++;
    const offset = baseOffset + rel;
    let message: string | null = null;
    if (rel <= prevRel && i > 0) message = `offset ${offset} is not above the previous entry's ${baseOffset + prevRel}`;
    else if (position <= prevPos && i > 0) message = `position ${position} is not above the previous entry's ${prevPos}`;
    else if (position >= scan.validBytes) message = `position ${position} is beyond the log's ${scan.validBytes} well-framed bytes`;
    else {
      const b = scan.batches.atPosition(position);
      if (b < 0) message = `position ${position} is not the start of a batch`;
      else if (scan.batches.lastOffsets[b] !== offset) message = `the batch at position ${position} ends at offset ${scan.batches.lastOffsets[b]}, the entry says ${offset}`;
    }
    prevRel = rel;
    prevPos = position;
    if (message) {
      out.check.offsetMismatches++;
      flag(file, p, `entry ${i}: ${message}`);
    }
    if (out.offsetIndex.length < keep) out.offsetIndex.push({ relativeOffset: rel, offset, position, ok: message === null, message });
    else if (keep > 0) out.truncated = true;
  }
}

function checkTimeIndex(file: string, baseOffset: number, scan: SegmentScan, keep: number, out: IndexCheckResult, flag: Flag): void {
  const buf = readWhole(file, TIME_INDEX_ENTRY_SIZE, out);
  if (!buf) return;
  const total = Math.floor(buf.length / TIME_INDEX_ENTRY_SIZE);
  let prevTs = -Infinity;
  for (let i = 0; i < total; i++) {
    const p = i * TIME_INDEX_ENTRY_SIZE;
    const timestamp = readInt64(buf, p);
    const rel = buf.readInt32BE(p + 8);
    if (timestamp === 0 && rel === 0) {
      out.check.preallocatedTimeEntries = total - i;
      break;
    }
    out.check.timeEntries++;
    const offset = baseOffset + rel;
    let message: string | null = null;
    if (timestamp <= prevTs) message = `timestamp ${timestamp} is not above the previous entry's ${prevTs}`;
    else {
      const b = scan.batches.withLastOffset(offset);
      if (b < 0) message = `no batch ends at offset ${offset}`;
      else if (scan.batches.maxTimestamps[b] !== timestamp) message = `the batch ending at offset ${offset} has max timestamp ${scan.batches.maxTimestamps[b]}, the entry says ${timestamp}`;
    }
    prevTs = timestamp;
    if (message) {
      out.check.timeMismatches++;
      flag(file, p, `entry ${i}: ${message}`);
    }
    if (out.timeIndex.length < keep) out.timeIndex.push({ timestamp, relativeOffset: rel, offset, ok: message === null, message });
    else if (keep > 0) out.truncated = true;
  }
}

function checkTxnIndex(file: string, scan: SegmentScan, keep: number, out: IndexCheckResult, flag: Flag): void {
  const buf = readWhole(file, TXN_ENTRY_SIZE, out);
  const indexed = new Set<number>();
  const total = buf ? Math.floor(buf.length / TXN_ENTRY_SIZE) : 0;
  for (let i = 0; buf && i < total; i++) {
    const p = i * TXN_ENTRY_SIZE;
    const version = buf.readInt16BE(p);
    const entry = { producerId: readInt64(buf, p + 2), firstOffset: readInt64(buf, p + 10), lastOffset: readInt64(buf, p + 18), lastStableOffset: readInt64(buf, p + 26) };
    out.check.txnEntries++;
    indexed.add(entry.lastOffset);
    const marker = scan.markers.get(entry.lastOffset);
    let message: string | null = null;
    if (version !== 0) message = `unknown entry version ${version}`;
    else if (entry.firstOffset > entry.lastOffset) message = `first offset ${entry.firstOffset} is after the marker at ${entry.lastOffset}`;
    else if (!marker) message = `no control batch at offset ${entry.lastOffset}`;
    else if (marker.producerId !== entry.producerId) message = `the marker at ${entry.lastOffset} belongs to producer ${marker.producerId}`;
    else if (marker.type !== 'ABORT') message = `the marker at ${entry.lastOffset} is ${marker.type}, not ABORT`;
    if (message) {
      out.check.txnMismatches++;
      flag(file, p, `entry ${i}: ${message}`);
    }
    if (out.txnIndex.length < keep) out.txnIndex.push({ ...entry, ok: message === null, message });
    else if (keep > 0) out.truncated = true;
  }
  for (const [offset, marker] of scan.markers) {
    if (marker.type !== 'ABORT' || indexed.has(offset)) continue;
    out.check.txnMismatches++;
    flag(file, null, `the ABORT marker at offset ${offset} (producer ${marker.producerId}) has no .txnindex entry`);
  }
}
