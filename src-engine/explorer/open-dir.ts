/**
 * Opening a path for the explorer, read-only: a data dir (one of Kafka's log.dirs: meta.properties, checkpoint
 * files, `<topic>-<partition>` folders) or a single partition folder (`<20 digits>.log` files). Nothing here
 * writes, truncates, renames or rebuilds: files are opened 'r' and the broker's recovery code is never called.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readOffsetCheckpoint, partitionKey } from '../storage/checkpoint-file.js';
import {
  LOG_START_OFFSET_CHECKPOINT, META_PROPERTIES_FILE, RECOVERY_POINT_CHECKPOINT, REPLICATION_OFFSET_CHECKPOINT,
  parsePartitionDirName, parseProperties,
} from '../storage/log-dir.js';
import { CLEANER_CHECKPOINT } from '../log-management/cleaner/checkpoint.js';
import { segmentFiles } from '../storage/segment.js';
import { scanSegment } from './segment-scan.js';
import { checkIndexes } from './index-check.js';
import { batchFinder, isSnapshotFile, readLeaderEpochs, readSnapshots, readTopicId } from './partition-files.js';
import type {
  ExplorerDirectory, ExplorerFile, ExplorerPartition, ExplorerPartitionOffsets, ExplorerSegment,
} from '../../src-common/contract/explorer.js';
import type { ExplorerFailure } from '../../src-common/engine-channel/explorer-protocol.js';

const SEGMENT_FILE = /^(\d{20})\.(log|index|timeindex|txnindex)$/;
const KNOWN_FILES = new Set(['partition.metadata', 'leader-epoch-checkpoint']);

/** A failure the backend passes on as a clear error. */
export class ExplorerError extends Error {
  constructor(readonly failure: ExplorerFailure) {
    super(failure.message);
  }
}

export function explorerError(code: ExplorerFailure['code'], message: string): ExplorerError {
  return new ExplorerError({ code, message });
}

/** Turns fs errors (ENOENT, EACCES, ENOTDIR) into explorer failures naming the path. */
export function fsFailure(error: unknown, what: string): ExplorerError {
  if (error instanceof ExplorerError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return explorerError('not-found', `${what} does not exist`);
  if (code === 'EACCES' || code === 'EPERM') return explorerError('permission', `permission denied reading ${what}`);
  if (code === 'ENOTDIR') return explorerError('not-kafka', `${what} is not a directory`);
  return explorerError('internal', `${what}: ${error instanceof Error ? error.message : String(error)}`);
}

export function isPartitionFolder(dir: string): boolean {
  return fs.readdirSync(dir).some((f) => SEGMENT_FILE.test(f) && f.endsWith('.log'));
}

export function openPath(input: string): ExplorerDirectory {
  if (typeof input !== 'string' || input.trim() === '') throw explorerError('bad-request', 'path: give a data directory or a partition folder');
  const dir = path.resolve(input.trim());
  try {
    if (!fs.statSync(dir).isDirectory()) throw explorerError('not-kafka', `${dir} is a file, not a directory (open its folder)`);
    if (isPartitionFolder(dir)) {
      const partition = explorePartition(dir, emptyOffsets());
      return { path: dir, kind: 'partition', meta: null, partitions: [partition], errorCount: partition.errorCount, openedAt: Date.now() };
    }
    return exploreDataDir(dir);
  } catch (error) {
    throw fsFailure(error, dir);
  }
}

function emptyOffsets(): ExplorerPartitionOffsets {
  return { logStartOffset: null, recoveryPoint: null, highWatermark: null, cleanerOffset: null };
}

function exploreDataDir(dir: string): ExplorerDirectory {
  const folders = fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && parsePartitionDirName(e.name) !== null)
    .map((e) => e.name)
    .sort();
  const metaFile = path.join(dir, META_PROPERTIES_FILE);
  const hasMeta = fs.existsSync(metaFile);
  if (!hasMeta && folders.length === 0) {
    // A broker's base folder often holds log.dirs one level down (e.g. `<dir>/logs`): name it.
    const inside = fs.readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, META_PROPERTIES_FILE)))
      .map((e) => path.join(dir, e.name));
    const hint = inside.length > 0 ? ` (the data directory may be ${inside.slice(0, 3).join(' or ')})` : '';
    throw explorerError('not-kafka', `${dir} is not a Kafka data directory: no meta.properties, no <topic>-<partition> folders and no .log segments${hint}`);
  }
  const props = hasMeta ? parseProperties(fs.readFileSync(metaFile, 'utf8')) : null;
  const num = (v: string | undefined): number | null => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : null);
  const checkpoints = {
    recovery: readOffsetCheckpoint(path.join(dir, RECOVERY_POINT_CHECKPOINT)),
    start: readOffsetCheckpoint(path.join(dir, LOG_START_OFFSET_CHECKPOINT)),
    hw: readOffsetCheckpoint(path.join(dir, REPLICATION_OFFSET_CHECKPOINT)),
    cleaner: readOffsetCheckpoint(path.join(dir, CLEANER_CHECKPOINT)),
  };
  const partitions = folders.map((name) => {
    const parsed = parsePartitionDirName(name) as { topic: string; partition: number };
    const key = partitionKey(parsed.topic, parsed.partition);
    return explorePartition(path.join(dir, name), {
      logStartOffset: checkpoints.start.get(key) ?? null, recoveryPoint: checkpoints.recovery.get(key) ?? null,
      highWatermark: checkpoints.hw.get(key) ?? null, cleanerOffset: checkpoints.cleaner.get(key) ?? null,
    });
  });
  return {
    path: dir, kind: 'data-dir',
    meta: props ? { clusterId: props.get('cluster.id') ?? null, nodeId: num(props.get('node.id')), directoryId: props.get('directory.id') ?? null } : null,
    partitions, errorCount: partitions.reduce((n, p) => n + p.errorCount, 0), openedAt: Date.now(),
  };
}

/** Segment base offsets of a partition folder (those with a .log), ascending. */
export function segmentBases(names: readonly string[]): number[] {
  return names.filter((n) => n.endsWith('.log') && SEGMENT_FILE.test(n)).map((n) => Number(n.slice(0, 20))).sort((a, b) => a - b);
}

export function explorePartition(dir: string, offsets: ExplorerPartitionOffsets): ExplorerPartition {
  const name = path.basename(dir);
  const parsed = parsePartitionDirName(name);
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile());
  const names = entries.map((e) => e.name);
  const sizeOf = (n: string): number => fs.statSync(path.join(dir, n)).size;
  const bases = segmentBases(names);
  const problems: ExplorerPartition['problems'] = [];
  const otherFiles: ExplorerFile[] = [];
  for (const n of names) {
    const m = SEGMENT_FILE.exec(n);
    if (m) {
      if (!bases.includes(Number(m[1]))) problems.push({ severity: 'warning', file: n, position: null, message: 'index file without its .log segment' });
    } else if (!isSnapshotFile(n) && !KNOWN_FILES.has(n)) {
      otherFiles.push({ name: n, sizeBytes: sizeOf(n) });
    }
  }
  const scans = bases.map((base, i) => {
    const files = segmentFiles(dir, base);
    const next = bases[i + 1];
    const scan = scanSegment(files.log, base, next === undefined ? base + 0x7fffffff : next - 1);
    const indexes = checkIndexes(files, base, scan, 0);
    const segment: ExplorerSegment = {
      baseOffset: base,
      files: [files.log, files.index, files.timeIndex, files.txnIndex].filter((f) => names.includes(path.basename(f)))
        .map((f) => ({ name: path.basename(f), sizeBytes: sizeOf(path.basename(f)) })),
      logBytes: scan.logBytes, batchCount: scan.batchCount, recordCount: scan.recordCount, firstOffset: scan.firstOffset,
      lastOffset: scan.lastOffset, firstTimestamp: scan.firstTimestamp, maxTimestamp: scan.maxTimestamp, codecs: scan.codecs,
      controlBatches: scan.controlBatches, transactionalBatches: scan.transactionalBatches, crcErrors: scan.crcErrors,
      validBytes: scan.validBytes, index: indexes.check,
      errorCount: scan.errorCount + indexes.check.offsetMismatches + indexes.check.timeMismatches + indexes.check.txnMismatches, problems: [...scan.problems, ...indexes.problems],
    };
    return { segment, scan };
  });
  const segments = scans.map((s) => s.segment);
  const leaderEpochs = readLeaderEpochs(dir, problems);
  const snapshots = readSnapshots(dir, names, batchFinder(scans.map((s) => s.scan)), problems);
  const errors = (list: { severity: string }[]): number => list.filter((p) => p.severity === 'error').length;
  const segmentErrors = segments.reduce((n, s) => n + s.errorCount, 0);
  return {
    name, topic: parsed?.topic ?? name, partition: parsed?.partition ?? -1, topicId: readTopicId(dir), offsets, leaderEpochs,
    snapshots, segments, otherFiles, sizeBytes: names.reduce((n, f) => n + sizeOf(f), 0), problems,
    errorCount: segmentErrors + errors(problems),
  };
}
