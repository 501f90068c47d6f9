/**
 * Scanning one fetched chunk: decode its batches, keep the records in [fetch offset, to), count them and apply the
 * filter. The same code runs on a scan worker (scan-worker.ts) and, without workers, on the backend's loop, so a
 * search finds the same records either way. Matches cross the thread boundary packed into one buffer.
 */

import type { MessageFilter } from '../../src-common/contract/messages.js';
import type { DecodeSpec, PayloadDecoder } from '../schema-registry/payload-decoder.js';
import type { RecordPredicate } from './filter.js';
import type { DecodedRecord } from './payload.js';
import { decodeChunk, type RawChunk } from './reader.js';

export interface ChunkScan {
  /** Matching records in offset order. */
  readonly matches: DecodedRecord[];
  /** Records in range looked at. */
  readonly scanned: number;
  readonly unparseable: number;
  /** Where to fetch next (see FetchChunk.nextOffset). */
  readonly nextOffset: number;
  /** Key and value bytes of the chunk's records. */
  readonly bytes: number;
}

/**
 * Decodes and filters one chunk (predicate null: every record in range matches). With a payload decoder the filter
 * sees schema-decoded keys and values (as JSON); matches keep their raw bytes.
 */
export async function scanChunk(raw: RawChunk, to: number, predicate: RecordPredicate | null, decoder: PayloadDecoder | null = null): Promise<ChunkScan> {
  const chunk = await decodeChunk(raw);
  const decode = predicate !== null && decoder !== null;
  if (decode) await decoder.prefetchRecords(chunk.records);
  const run = { unparseable: false };
  const matches: DecodedRecord[] = [];
  let scanned = 0;
  let unparseable = 0;
  for (const r of chunk.records) {
    if (r.offset >= to) continue;
    scanned++;
    run.unparseable = false;
    if (!predicate || predicate(decode ? decoder.view(r) : r, run)) matches.push(r);
    if (run.unparseable) unparseable++;
  }
  return { matches, scanned, unparseable, nextOffset: chunk.nextOffset, bytes: chunk.bytes };
}

/** A scan worker's job: one raw chunk (its bytes transferred, not copied) and the filter as the caller sent it. */
export interface ScanJob {
  readonly raw: Omit<RawChunk, 'records'> & { readonly records: Uint8Array | null };
  readonly to: number;
  readonly filter: MessageFilter | null;
  /** The topic's decoding, when filters should see decoded payloads. */
  readonly decoding: DecodeSpec | null;
}

/** A byte range inside PackedScan.data (-1 start: null). */
type Slice = readonly [start: number, length: number];

interface PackedRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: DecodedRecord['timestampType'];
  readonly key: Slice;
  readonly value: Slice;
  readonly headers: readonly { readonly key: string; readonly value: Slice }[];
}

export interface PackedScan extends Omit<ChunkScan, 'matches'> {
  readonly matches: readonly PackedRecord[];
  /** Every matched key, value and header value, back to back (one buffer crosses the thread boundary). */
  readonly data: Uint8Array;
}

const NULL_SLICE: Slice = [-1, 0];

/** Runs a job on the worker (`predicate` compiled from job.filter): scans the chunk and packs the matches. */
export async function runScanJob(job: ScanJob, predicate: RecordPredicate | null, decoder: PayloadDecoder | null = null): Promise<PackedScan> {
  const { records, ...rest } = job.raw;
  const bytes = records === null ? null : Buffer.from(records.buffer, records.byteOffset, records.byteLength);
  const scan = await scanChunk({ ...rest, records: bytes }, job.to, predicate, decoder);
  let size = 0;
  for (const r of scan.matches) {
    size += (r.key?.length ?? 0) + (r.value?.length ?? 0);
    for (const h of r.headers) size += h.value?.length ?? 0;
  }
  const data = new Uint8Array(size);
  let at = 0;
  const put = (b: Buffer | null): Slice => {
    if (b === null) return NULL_SLICE;
    data.set(b, at);
    at += b.length;
    return [at - b.length, b.length];
  };
  const matches = scan.matches.map((r): PackedRecord => ({
    offset: r.offset, timestamp: r.timestamp, timestampType: r.timestampType,
    key: put(r.key), value: put(r.value), headers: r.headers.map((h) => ({ key: h.key, value: put(h.value) })),
  }));
  return { scanned: scan.scanned, unparseable: scan.unparseable, nextOffset: scan.nextOffset, bytes: scan.bytes, matches, data };
}

/** The worker's answer as records again (their bytes are views into `data`). */
export function unpackScan(packed: PackedScan, partition: number): ChunkScan {
  const data = Buffer.from(packed.data.buffer, packed.data.byteOffset, packed.data.byteLength);
  const take = ([start, length]: Slice): Buffer | null => (start < 0 ? null : data.subarray(start, start + length));
  const matches = packed.matches.map((r): DecodedRecord => ({
    partition, offset: r.offset, timestamp: r.timestamp, timestampType: r.timestampType,
    key: take(r.key), value: take(r.value), headers: r.headers.map((h) => ({ key: h.key, value: take(h.value) })),
  }));
  return { matches, scanned: packed.scanned, unparseable: packed.unparseable, nextOffset: packed.nextOffset, bytes: packed.bytes };
}
