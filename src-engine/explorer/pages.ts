/**
 * What the explorer shows on demand, read-only: a page of one segment's batches (by file position, so a 1 GB
 * segment is never read whole), the records of one batch, and one segment's index entries with their checks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { segmentFiles } from '../storage/segment.js';
import { decodeRecords } from '../storage/records.js';
import { parsePartitionDirName } from '../storage/log-dir.js';
import { decodeControlRecord, toExplorerBatch } from './batch-view.js';
import { readBatchAt, walkSegment } from './segment-walk.js';
import { scanSegment } from './segment-scan.js';
import { checkIndexes } from './index-check.js';
import { OFFSET_INDEX_ENTRY_SIZE } from '../storage/offset-index.js';
import { explorerError, fsFailure, isPartitionFolder, segmentBases } from './open-dir.js';
import type { ExplorerBatch, ExplorerBatchPage, ExplorerIndexes, ExplorerTarget } from '../../src-common/contract/explorer.js';
import type { RawExplorerRecords } from '../../src-common/engine-channel/explorer-protocol.js';

export const MAX_PAGE_BATCHES = 500;
export const MAX_INDEX_ENTRIES = 5000;

interface Located {
  dir: string;
  log: string;
  bases: number[];
}

/** The segment a target names; a clear failure when the folder or segment is not there. */
function locate(target: ExplorerTarget): Located {
  const root = path.resolve(String(target.path ?? ''));
  try {
    let dir = root;
    if (target.partition !== '') {
      if (parsePartitionDirName(target.partition) === null || target.partition.includes('/') || target.partition.includes('\\')) {
        throw explorerError('bad-request', `partition: ${JSON.stringify(target.partition)} is not a <topic>-<partition> folder name`);
      }
      dir = path.join(root, target.partition);
    }
    if (!isPartitionFolder(dir)) throw explorerError('not-kafka', `${dir} holds no .log segments`);
    const bases = segmentBases(fs.readdirSync(dir));
    if (!Number.isInteger(target.segment) || !bases.includes(target.segment)) {
      throw explorerError('not-found', `segment ${target.segment} is not in ${dir}`);
    }
    return { dir, log: segmentFiles(dir, target.segment).log, bases };
  } catch (error) {
    throw fsFailure(error, root);
  }
}

function withLog<T>(log: string, use: (fd: number, size: number) => T): T {
  const fd = fs.openSync(log, 'r');
  try {
    return use(fd, fs.fstatSync(fd).size);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Where the batch holding `offset` starts: from the `.index` entry with the largest offset below it (an entry names
 * a batch's last offset and where that batch starts), then batch headers onward. A damaged index only costs time:
 * when its position does not frame batches, the walk starts at 0.
 */
function positionOfOffset(fd: number, size: number, indexFile: string, baseOffset: number, offset: number): number {
  let hint = { position: 0, lastOffset: -1 };
  if (fs.existsSync(indexFile)) {
    const buf = fs.readFileSync(indexFile, { flag: 'r' });
    for (let p = 0; p + OFFSET_INDEX_ENTRY_SIZE <= buf.length; p += OFFSET_INDEX_ENTRY_SIZE) {
      const rel = buf.readInt32BE(p);
      const position = buf.readInt32BE(p + 4);
      if ((p > 0 && rel === 0 && position === 0) || baseOffset + rel >= offset) break;
      if (position > hint.position && position < size) hint = { position, lastOffset: baseOffset + rel };
    }
  }
  /** The start of the first batch from `from` ending at or after `offset`; null when none, or when `from` is not the batch the index said. */
  const find = (from: number, expectLastOffset: number): number | null => {
    let at: number | null = null;
    let first = true;
    walkSegment(fd, from, size, (b) => {
      if (first && expectLastOffset >= 0 && b.header.lastOffset !== expectLastOffset) return false;
      first = false;
      if (b.header.lastOffset < offset) return true;
      at = b.header.position;
      return false;
    }, { verifyCrc: false, chunkBytes: 64 * 1024 });
    return at;
  };
  return (hint.position > 0 ? find(hint.position, hint.lastOffset) : null) ?? find(0, -1) ?? size;
}

export function batchesPage(target: ExplorerTarget, fromPosition: number, limit: number, fromOffset?: number): ExplorerBatchPage {
  const { log, dir } = locate(target);
  if (!Number.isInteger(fromPosition) || fromPosition < 0) throw explorerError('bad-request', 'fromPosition: a byte position >= 0');
  if (fromOffset !== undefined && (!Number.isSafeInteger(fromOffset) || fromOffset < 0)) throw explorerError('bad-request', 'fromOffset: an offset >= 0');
  const max = Math.min(Math.max(1, Math.floor(limit) || 1), MAX_PAGE_BATCHES);
  return withLog(log, (fd, size) => {
    if (fromPosition > size) throw explorerError('bad-request', `fromPosition ${fromPosition} is past the end of the ${size}-byte log`);
    const start = fromOffset === undefined ? fromPosition : positionOfOffset(fd, size, segmentFiles(dir, target.segment).index, target.segment, fromOffset);
    const batches: ExplorerBatch[] = [];
    const end = walkSegment(fd, start, size, (b) => {
      batches.push(toExplorerBatch(b.header, b.header.position, b.computedCrc as number));
      return batches.length < max;
    });
    const more = end.stopped && end.validBytes < size;
    return {
      segment: target.segment, fromPosition: start, batches, logBytes: size,
      nextPosition: more ? end.validBytes : null,
      problem: end.problem ? { severity: 'error', file: path.basename(log), position: end.problem.position, message: end.problem.message } : null,
    };
  });
}

/**
 * A compact copy: decoded keys and values are views into the batch's buffer, and posting a view to the backend's
 * thread would clone that whole buffer once per record.
 */
function own(bytes: Buffer | null): Uint8Array | null {
  return bytes === null ? null : new Uint8Array(bytes);
}

export function batchRecords(target: ExplorerTarget, position: number): RawExplorerRecords {
  const { log } = locate(target);
  if (!Number.isInteger(position) || position < 0) throw explorerError('bad-request', 'position: a byte position >= 0');
  return withLog(log, (fd, size) => {
    let found: ReturnType<typeof readBatchAt>;
    try {
      found = readBatchAt(fd, position, size);
    } catch (error) {
      throw explorerError('bad-request', (error as Error).message);
    }
    const batch = toExplorerBatch(found.header, position, found.computedCrc);
    try {
      const records = decodeRecords(found.bytes, found.header).map((r) => ({
        offset: r.offset, timestamp: r.timestamp, key: own(r.key), value: own(r.value),
        headers: r.headers.map((h) => ({ key: h.key, value: own(h.value) })),
        control: found.header.isControl ? decodeControlRecord(r.key, r.value) : null,
      }));
      return { batch, records, error: batch.crcValid ? null : 'CRC-32C mismatch: these records may be damaged' };
    } catch (error) {
      return { batch, records: [], error: `records cannot be decoded: ${(error as Error).message}` };
    }
  });
}

export function segmentIndexes(target: ExplorerTarget, limit: number): ExplorerIndexes {
  const { dir, bases } = locate(target);
  const keep = Math.min(Math.max(1, Math.floor(limit) || 1), MAX_INDEX_ENTRIES);
  const files = segmentFiles(dir, target.segment);
  const next = bases[bases.indexOf(target.segment) + 1];
  const scan = scanSegment(files.log, target.segment, next === undefined ? target.segment + 0x7fffffff : next - 1);
  const result = checkIndexes(files, target.segment, scan, keep);
  return { segment: target.segment, offsetIndex: result.offsetIndex, timeIndex: result.timeIndex, txnIndex: result.txnIndex, check: result.check, truncated: result.truncated };
}
