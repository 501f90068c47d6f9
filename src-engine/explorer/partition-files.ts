/**
 * A partition folder's files besides segments, read-only: producer snapshots (`.snapshot`, decoded by
 * producer-snapshot.ts), `leader-epoch-checkpoint` (text: version 0, count, `<epoch> <startOffset>` lines, like
 * Kafka's LeaderEpochCheckpointFile) and `partition.metadata` (the topic id).
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeSnapshot } from '../producers/producer-snapshot.js';
import { PARTITION_METADATA_FILE, PartitionLog } from '../storage/partition-log.js';
import type { ExplorerProblem, ExplorerSnapshot } from '../../src-common/contract/explorer.js';
import type { BatchTable } from './segment-scan.js';

export const LEADER_EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';
const SNAPSHOT_NAME = /^(\d{20})\.snapshot$/;

export function isSnapshotFile(name: string): boolean {
  return SNAPSHOT_NAME.test(name);
}

export function readLeaderEpochs(dir: string, problems: ExplorerProblem[]): { epoch: number; startOffset: number }[] | null {
  const file = path.join(dir, LEADER_EPOCH_CHECKPOINT);
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const bad = (message: string): [] => {
    problems.push({ severity: 'error', file: LEADER_EPOCH_CHECKPOINT, position: null, message });
    return [];
  };
  if (lines[0] !== '0') return bad(`unknown version ${JSON.stringify(lines[0] ?? '')}`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count !== lines.length - 2) return bad(`says ${lines[1] ?? '?'} entries but holds ${lines.length - 2}`);
  const out: { epoch: number; startOffset: number }[] = [];
  for (const line of lines.slice(2)) {
    const [epoch, offset, extra] = line.split(/\s+/);
    if (extra !== undefined || !/^\d+$/.test(epoch ?? '') || !/^\d+$/.test(offset ?? '')) return bad(`malformed line ${JSON.stringify(line)}`);
    out.push({ epoch: Number(epoch), startOffset: Number(offset) });
  }
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1] as { epoch: number; startOffset: number };
    const cur = out[i] as { epoch: number; startOffset: number };
    if (cur.epoch <= prev.epoch || cur.startOffset < prev.startOffset) {
      problems.push({ severity: 'error', file: LEADER_EPOCH_CHECKPOINT, position: null, message: `epoch ${cur.epoch} at ${cur.startOffset} does not follow epoch ${prev.epoch} at ${prev.startOffset}` });
    }
  }
  return out;
}

export function readTopicId(dir: string): string | null {
  return fs.existsSync(path.join(dir, PARTITION_METADATA_FILE)) ? PartitionLog.readTopicId(dir) : null;
}

/** Where a snapshot's last offsets can be looked up: the scanned segments' batch tables. */
export type FindBatch = (lastOffset: number) => { producerId: number } | null | undefined;

export function readSnapshots(dir: string, files: string[], findBatch: FindBatch, problems: ExplorerProblem[]): ExplorerSnapshot[] {
  const out: ExplorerSnapshot[] = [];
  for (const file of files.filter(isSnapshotFile).sort()) {
    const offset = Number(file.slice(0, 20));
    try {
      const entries = decodeSnapshot(fs.readFileSync(path.join(dir, file), { flag: 'r' })).map((e) => {
        const last = e.batches[e.batches.length - 1];
        const lastOffset = last ? last.lastOffset : -1;
        const found = lastOffset < 0 ? undefined : findBatch(lastOffset);
        return {
          producerId: e.producerId, producerEpoch: e.producerEpoch, lastSequence: last ? last.lastSeq : -1, lastOffset,
          coordinatorEpoch: e.coordinatorEpoch, currentTxnFirstOffset: e.currentTxnFirstOffset,
          matchesLog: found === undefined ? null : found !== null && found.producerId === e.producerId,
        };
      });
      for (const e of entries) {
        if (e.matchesLog === false) {
          problems.push({ severity: 'warning', file, position: null, message: `producer ${e.producerId}: no batch of this producer ends at offset ${e.lastOffset}` });
        }
      }
      out.push({ offset, file, entries, error: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push({ severity: 'error', file, position: null, message });
      out.push({ offset, file, entries: [], error: message });
    }
  }
  return out;
}

/** A finder over several segments' tables: undefined when the offset is outside them all, null when no batch ends there. */
export function batchFinder(tables: { firstOffset: number; lastOffset: number; batches: BatchTable }[]): FindBatch {
  return (lastOffset) => {
    const t = tables.find((s) => s.firstOffset >= 0 && lastOffset >= s.firstOffset && lastOffset <= s.lastOffset);
    if (!t) return undefined;
    const i = t.batches.withLastOffset(lastOffset);
    return i < 0 ? null : { producerId: t.batches.producerIds[i] as number };
  };
}
