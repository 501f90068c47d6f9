/**
 * Scans one segment's `.log` read-only: every batch's CRC is verified, offsets must grow inside the segment's
 * range, markers are decoded. A bad CRC is reported and the scan goes on; a torn tail ends it (located).
 * The result keeps a compact table of the batches (typed arrays) for the index checks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeRecords } from '../storage/records.js';
import type { BatchHeader } from '../storage/record-batch.js';
import { codecName, decodeControlRecord } from './batch-view.js';
import { walkSegment } from './segment-walk.js';
import type { ExplorerProblem, ExplorerSegment } from '../../src-common/contract/explorer.js';

export interface MarkerAt {
  producerId: number;
  type: 'COMMIT' | 'ABORT' | 'UNKNOWN';
}

/** Batches in file order; offsets ascending when the log is sound. */
export class BatchTable {
  count = 0;
  positions = new Float64Array(256);
  lastOffsets = new Float64Array(256);
  maxTimestamps = new Float64Array(256);
  producerIds = new Float64Array(256);

  push(position: number, lastOffset: number, maxTimestamp: number, producerId: number): void {
    if (this.count === this.positions.length) {
      const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
        const next = new Float64Array(a.length * 2);
        next.set(a);
        return next;
      };
      this.positions = grow(this.positions);
      this.lastOffsets = grow(this.lastOffsets);
      this.maxTimestamps = grow(this.maxTimestamps);
      this.producerIds = grow(this.producerIds);
    }
    this.positions[this.count] = position;
    this.lastOffsets[this.count] = lastOffset;
    this.maxTimestamps[this.count] = maxTimestamp;
    this.producerIds[this.count] = producerId;
    this.count++;
  }

  /** Index of the batch starting exactly at `position`, or -1. */
  atPosition(position: number): number {
    return search(this.positions, this.count, position);
  }

  /** Index of the batch whose last offset is exactly `offset`, or -1. */
  withLastOffset(offset: number): number {
    return search(this.lastOffsets, this.count, offset);
  }
}

function search(column: Float64Array, count: number, value: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = column[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The segment summary the contract shows (one definition), plus what the scan keeps for pages and checks. */
export interface SegmentScan extends Pick<ExplorerSegment, 'batchCount' | 'recordCount' | 'firstOffset' | 'lastOffset' | 'firstTimestamp'
  | 'maxTimestamp' | 'codecs' | 'controlBatches' | 'transactionalBatches' | 'crcErrors'> {
  logFile: string;
  logBytes: number;
  validBytes: number;
  /** Every error found (CRC, framing, offsets), also those beyond the listed problems. */
  errorCount: number;
  batches: BatchTable;
  /** Control batches by their offset. */
  markers: Map<number, MarkerAt>;
  problems: ExplorerProblem[];
}

/** Problems listed per segment beyond this many are counted, not listed. */
const MAX_LISTED_PROBLEMS = 50;

export function scanSegment(logPath: string, baseOffset: number, maxLastOffset: number): SegmentScan {
  const logFile = path.basename(logPath);
  const fd = fs.openSync(logPath, 'r');
  try {
    const logBytes = fs.fstatSync(fd).size;
    const scan: SegmentScan = {
      logFile, logBytes, validBytes: 0, batchCount: 0, recordCount: 0, firstOffset: -1, lastOffset: -1, firstTimestamp: -1,
      maxTimestamp: -1, codecs: {}, controlBatches: 0, transactionalBatches: 0, crcErrors: 0, errorCount: 0, batches: new BatchTable(),
      markers: new Map(), problems: [],
    };
    const problem = (position: number, message: string): void => {
      scan.errorCount++;
      if (scan.problems.length < MAX_LISTED_PROBLEMS) scan.problems.push({ severity: 'error', file: logFile, position, message });
    };
    let expectedNext = baseOffset;
    const end = walkSegment(fd, 0, logBytes, ({ header: h, computedCrc, bytes }) => {
      scan.batchCount++;
      scan.recordCount += h.recordCount;
      if (scan.firstOffset < 0) {
        scan.firstOffset = h.baseOffset;
        scan.firstTimestamp = h.baseTimestamp;
      }
      scan.lastOffset = h.lastOffset;
      scan.maxTimestamp = Math.max(scan.maxTimestamp, h.maxTimestamp);
      const codec = codecName(h.compression);
      scan.codecs[codec] = (scan.codecs[codec] ?? 0) + 1;
      if (h.isTransactional) scan.transactionalBatches++;
      if (codec === 'unknown') problem(h.position, `unknown compression codec ${h.compression} (batch at offset ${h.baseOffset})`);
      const crcValid = computedCrc === h.crc;
      if (!crcValid) {
        scan.crcErrors++;
        problem(h.position, `CRC-32C mismatch in the batch at offset ${h.baseOffset}: stored ${h.crc.toString(16)}, computed ${(computedCrc ?? 0).toString(16)}`);
      }
      if (h.baseOffset < expectedNext || h.lastOffsetDelta < 0) {
        problem(h.position, `offset ${h.baseOffset} goes backwards (expected >= ${expectedNext})`);
      } else if (h.lastOffset > maxLastOffset) {
        problem(h.position, `offset ${h.lastOffset} is beyond this segment's range (max ${maxLastOffset})`);
      }
      expectedNext = Math.max(expectedNext, h.lastOffset + 1);
      scan.batches.push(h.position, h.lastOffset, h.maxTimestamp, h.producerId);
      if (h.isControl) {
        scan.controlBatches++;
        scan.markers.set(h.baseOffset, { producerId: h.producerId, type: crcValid && bytes ? controlType(bytes, h) : 'UNKNOWN' });
      }
    });
    scan.validBytes = end.validBytes;
    if (end.problem) {
      // A live broker may have been appending the batch the walk found half-written: the file has grown since.
      if (fs.fstatSync(fd).size > logBytes) {
        scan.problems.push({ severity: 'warning', file: logFile, position: end.problem.position, message: `${end.problem.message} — the log grew while it was read (a broker appending); Refresh to read it whole` });
      } else {
        problem(end.problem.position, end.problem.message);
      }
    }
    return scan;
  } finally {
    fs.closeSync(fd);
  }
}

function controlType(bytes: Buffer, h: BatchHeader): MarkerAt['type'] {
  try {
    const record = decodeRecords(bytes, { ...h, position: 0 })[0];
    return record ? decodeControlRecord(record.key, record.value).type : 'UNKNOWN';
  } catch {
    return 'UNKNOWN';
  }
}
