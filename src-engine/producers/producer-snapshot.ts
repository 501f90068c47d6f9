/**
 * Producer-state snapshots `<20-digit offset>.snapshot`, in Kafka's binary format (ProducerStateManager):
 *   int16 version (1) | uint32 crc (CRC-32C of everything after this field) | int32 count | count x entry
 *   entry = int64 producerId, int16 epoch, int32 lastSequence, int64 lastOffset, int32 offsetDelta,
 *           int64 timestamp, int32 coordinatorEpoch, int64 currentTxnFirstOffset (-1 when none)
 * Like Kafka, only each producer's last batch survives a snapshot; batches after the snapshot offset are replayed
 * from the log when it is opened.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { readInt64, writeInt64 } from '../storage/record-batch.js';
import type { ProducerEntry, ProducerStateManager } from './producer-state.js';

export const SNAPSHOT_SUFFIX = '.snapshot';
const SNAPSHOT_VERSION = 1;
const ENTRY_SIZE = 46;
const HEADER_SIZE = 10;

export function snapshotFileName(offset: number): string {
  return String(offset).padStart(20, '0') + SNAPSHOT_SUFFIX;
}

export function encodeSnapshot(entries: Iterable<ProducerEntry>): Buffer {
  const list = [...entries].filter((e) => e.batches.length > 0 || e.currentTxnFirstOffset !== null);
  const buf = Buffer.alloc(HEADER_SIZE + list.length * ENTRY_SIZE);
  buf.writeInt16BE(SNAPSHOT_VERSION, 0);
  buf.writeInt32BE(list.length, 6);
  let p = HEADER_SIZE;
  for (const e of list) {
    const last = e.batches[e.batches.length - 1];
    writeInt64(buf, p, e.producerId);
    buf.writeInt16BE(e.producerEpoch, p + 8);
    buf.writeInt32BE(last ? last.lastSeq : -1, p + 10);
    writeInt64(buf, p + 14, last ? last.lastOffset : -1);
    buf.writeInt32BE(last ? last.lastOffset - last.firstOffset : 0, p + 22);
    writeInt64(buf, p + 26, e.lastTimestamp);
    buf.writeInt32BE(e.coordinatorEpoch, p + 34);
    writeInt64(buf, p + 38, e.currentTxnFirstOffset ?? -1);
    p += ENTRY_SIZE;
  }
  buf.writeUInt32BE(crc32c(buf.subarray(6)) >>> 0, 2);
  return buf;
}

/** Parses a snapshot; throws when the version, size or CRC is wrong. */
export function decodeSnapshot(buf: Buffer): ProducerEntry[] {
  if (buf.length < HEADER_SIZE) throw new Error('snapshot too short');
  if (buf.readInt16BE(0) !== SNAPSHOT_VERSION) throw new Error(`unsupported snapshot version ${buf.readInt16BE(0)}`);
  if ((crc32c(buf.subarray(6)) >>> 0) !== buf.readUInt32BE(2)) throw new Error('snapshot CRC mismatch');
  const count = buf.readInt32BE(6);
  if (count < 0 || buf.length !== HEADER_SIZE + count * ENTRY_SIZE) throw new Error('snapshot size mismatch');
  const out: ProducerEntry[] = [];
  for (let i = 0, p = HEADER_SIZE; i < count; i++, p += ENTRY_SIZE) {
    const lastSeq = buf.readInt32BE(p + 10);
    const lastOffset = readInt64(buf, p + 14);
    const offsetDelta = buf.readInt32BE(p + 22);
    const timestamp = readInt64(buf, p + 26);
    const txnFirst = readInt64(buf, p + 38);
    out.push({
      producerId: readInt64(buf, p),
      producerEpoch: buf.readInt16BE(p + 8),
      batches: lastOffset < 0 ? [] : [{
        firstSeq: lastSeq < 0 ? -1 : lastSeq - offsetDelta < 0 ? lastSeq - offsetDelta + 0x7fffffff + 1 : lastSeq - offsetDelta,
        lastSeq, firstOffset: lastOffset - offsetDelta, lastOffset, timestamp,
      }],
      coordinatorEpoch: buf.readInt32BE(p + 34),
      currentTxnFirstOffset: txnFirst < 0 ? null : txnFirst,
      lastTimestamp: timestamp,
    });
  }
  return out;
}

/** Snapshot offsets present in `dir`, ascending. */
export function listSnapshots(dir: string): number[] {
  return fs.readdirSync(dir)
    .filter((f) => /^\d{20}\.snapshot$/.test(f))
    .map((f) => Number(f.slice(0, 20)))
    .sort((a, b) => a - b);
}

/** Writes `<offset>.snapshot` atomically (temp file + rename) and keeps only the newest `keep` snapshots. */
export function writeSnapshot(dir: string, offset: number, state: ProducerStateManager, keep = 2): void {
  const file = path.join(dir, snapshotFileName(offset));
  const tmp = file + '.tmp';
  fs.writeFileSync(tmp, encodeSnapshot(state.producers.values()));
  fs.renameSync(tmp, file);
  const all = listSnapshots(dir);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(path.join(dir, snapshotFileName(old)), { force: true });
}

/**
 * Loads the newest valid snapshot at or below `maxOffset` into `state` (which is cleared first); snapshots above
 * `maxOffset` (from a log tail that recovery cut off) are deleted. Returns the snapshot's offset or null.
 */
export function loadLatestSnapshot(dir: string, maxOffset: number, state: ProducerStateManager): number | null {
  state.clear();
  const offsets = listSnapshots(dir);
  for (let i = offsets.length - 1; i >= 0; i--) {
    const offset = offsets[i] as number;
    const file = path.join(dir, snapshotFileName(offset));
    if (offset > maxOffset) {
      fs.rmSync(file, { force: true });
      continue;
    }
    try {
      for (const e of decodeSnapshot(fs.readFileSync(file))) state.producers.set(e.producerId, e);
      return offset;
    } catch {
      fs.rmSync(file, { force: true });
      state.clear();
    }
  }
  return null;
}
