/** What the GUI and the retention planner see of a segment. */
import path from 'node:path';
import type { LogSegment } from './segment.js';

export interface SegmentInfo {
  baseOffset: number;
  /** One past the last offset stored in the segment. */
  nextOffset: number;
  lastOffset: number;
  sizeBytes: number;
  /** Offset span (exact for logs without gaps; compaction makes it an upper bound). */
  recordCount: number;
  /** First batch's base timestamp, -1 when empty. */
  firstTimestamp: number;
  /** Largest timestamp in the segment, -1 when empty. */
  lastTimestamp: number;
  isActive: boolean;
  files: { log: string; index: string; timeIndex: string };
  indexEntries: number;
  timeIndexEntries: number;
}

export function describeSegment(s: LogSegment, isActive: boolean): SegmentInfo {
  const first = s.firstBatchHeader();
  return {
    baseOffset: s.baseOffset,
    nextOffset: s.nextOffset,
    lastOffset: s.nextOffset - 1,
    sizeBytes: s.size,
    recordCount: s.nextOffset - s.baseOffset,
    firstTimestamp: first ? first.baseTimestamp : -1,
    lastTimestamp: s.maxTimestampSoFar,
    isActive,
    files: { log: path.basename(s.files.log), index: path.basename(s.files.index), timeIndex: path.basename(s.files.timeIndex) },
    indexEntries: s.offsetIndex.entries,
    timeIndexEntries: s.timeIndex.entries,
  };
}
