/**
 * A partition's leader epochs and the offset each started at, persisted as Kafka's `leader-epoch-checkpoint`
 * (line 1: version 0 | line 2: entry count | then `<epoch> <startOffset>` per line). It answers OffsetForLeaderEpoch
 * (KIP-101/KIP-320): the end offset of an epoch is the start offset of the next one, or the log end for the latest.
 *
 * Kafka's LeaderEpochFileCache is the reference: entries only grow, a new entry removes any that would break
 * monotonicity, truncating the log's tail or head trims the entries with it. New entries are written before the
 * append returns (they are rare: one per leader change), trims as well (also rare here: truncation, DeleteRecords,
 * retention), so the file never lacks an entry the log has. A missing or unreadable file is rebuilt from the batch
 * headers, as Kafka's recovery re-assigns epochs from the batches it reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from './checkpoint-file.js';
import { scanBatches } from './batch-scanner.js';
import { CURRENT_MAGIC } from './record-batch.js';
import type { LogSegment } from './segment.js';

export const LEADER_EPOCH_CHECKPOINT_FILE = 'leader-epoch-checkpoint';
/** Kafka's OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export interface EpochEntry { epoch: number; startOffset: number }

export class LeaderEpochCache {
  private entries: EpochEntry[] = [];

  private constructor(private readonly file: string) {}

  /** Reads `dir/leader-epoch-checkpoint`; when it is missing or malformed, rebuilds from the segments' batches. */
  static open(dir: string, segments: readonly LogSegment[]): LeaderEpochCache {
    const cache = new LeaderEpochCache(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE));
    const stored = readLeaderEpochCheckpoint(cache.file);
    if (stored) {
      for (const e of stored) cache.put(e);
    } else {
      for (const seg of segments) cache.assignFromSegment(seg);
      cache.write();
    }
    return cache;
  }

  list(): EpochEntry[] { return this.entries.map((e) => ({ ...e })); }
  get latestEpoch(): number { return this.entries[this.entries.length - 1]?.epoch ?? UNDEFINED_EPOCH; }

  /** Records that `epoch` starts at `startOffset` (a no-op for the latest epoch at a later offset). */
  assign(epoch: number, startOffset: number): void {
    if (this.put({ epoch, startOffset })) this.write();
  }

  /**
   * Kafka's endOffsetFor: the largest epoch <= `requested` and the start offset of the first epoch after it (the
   * log end for the latest epoch); UNDEFINED for an undefined or unknown-larger epoch. A requested epoch older than
   * every entry answers itself with the first entry's start offset (the data before it is gone).
   */
  endOffsetFor(requested: number, logEndOffset: number): { epoch: number; endOffset: number } {
    if (requested === UNDEFINED_EPOCH) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (this.entries.length > 0 && this.latestEpoch === requested) return { epoch: requested, endOffset: logEndOffset };
    const higher = this.entries.findIndex((e) => e.epoch > requested);
    if (higher < 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const next = this.entries[higher] as EpochEntry;
    const floor = higher > 0 ? this.entries[higher - 1] as EpochEntry : null;
    return { epoch: floor ? floor.epoch : requested, endOffset: next.startOffset };
  }

  /** The log's tail was truncated to `endOffset`: entries starting at or after it are gone. */
  truncateFromEnd(endOffset: number): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.startOffset < endOffset);
    if (this.entries.length !== before) this.write();
  }

  /** The log now starts at `startOffset`: the epoch that held it starts there, older entries are gone. */
  truncateFromStart(startOffset: number): void {
    let lastCovered = -1;
    for (let i = 0; i < this.entries.length && (this.entries[i] as EpochEntry).startOffset <= startOffset; i++) lastCovered = i;
    if (lastCovered < 0) return;
    const kept = this.entries[lastCovered] as EpochEntry;
    if (lastCovered === 0 && kept.startOffset === startOffset) return;
    this.entries = [{ epoch: kept.epoch, startOffset }, ...this.entries.slice(lastCovered + 1)];
    this.write();
  }

  private assignFromSegment(seg: LogSegment): void {
    if (seg.size === 0) return;
    const fd = fs.openSync(seg.files.log, 'r');
    try {
      scanBatches(fd, 0, seg.size, (h) => {
        if (h.magic === CURRENT_MAGIC && h.partitionLeaderEpoch >= 0) this.put({ epoch: h.partitionLeaderEpoch, startOffset: h.baseOffset });
      }, { chunkBytes: 64 * 1024 });
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Adds an entry unless it is the latest epoch again; entries it would make non-monotonic are dropped first. */
  private put(entry: EpochEntry): boolean {
    if (entry.epoch < 0 || entry.startOffset < 0) return false;
    const latest = this.entries[this.entries.length - 1];
    if (latest && latest.epoch === entry.epoch && entry.startOffset >= latest.startOffset) return false;
    while (this.entries.length > 0) {
      const last = this.entries[this.entries.length - 1] as EpochEntry;
      if (last.epoch < entry.epoch && last.startOffset < entry.startOffset) break;
      this.entries.pop();
    }
    this.entries.push({ ...entry });
    return true;
  }

  private write(): void {
    if (!fs.existsSync(path.dirname(this.file))) return; // the partition is being deleted
    const lines = ['0', String(this.entries.length), ...this.entries.map((e) => `${e.epoch} ${e.startOffset}`)];
    writeFileAtomically(this.file, lines.join('\n') + '\n');
  }
}

/** Parses a leader-epoch-checkpoint; null when it is missing or not in Kafka's version-0 format. */
export function readLeaderEpochCheckpoint(file: string): EpochEntry[] | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines[0] !== '0') return null;
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count !== lines.length - 2) return null;
  const out: EpochEntry[] = [];
  for (const line of lines.slice(2)) {
    const [epoch, startOffset, extra] = line.split(/\s+/).map(Number);
    if (extra !== undefined || !Number.isInteger(epoch) || !Number.isInteger(startOffset)) return null;
    out.push({ epoch: epoch as number, startOffset: startOffset as number });
  }
  return out;
}
