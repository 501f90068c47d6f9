/**
 * Scanning one fetched chunk: decode its batches, keep the records in [fetch offset, to), count them and apply the
 * filter. The same code runs on a scan worker (scan-worker.ts) and, without workers, on the backend's loop, so a
 * search finds the same records either way. Matches cross the thread boundary packed into one buffer.
 */

import type { MessageFilter } from '../../src-common/contract/messages.js';
import type { DecodeSpec, PayloadDecoder } from '../schema-registry/payload-decoder.js';
import type { RecordPredicate } from './filter.js';
import type { DecodedRecord } from './payload.js';
import { offsetAfterBatches, visitRecordBatches } from '../kafka/record-batches.js';
import { LOG_APPEND_TIME } from './payload.js';
import { decodeChunk, recordKeeper, type RawChunk } from './reader.js';

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
/**
 * Decodes and filters one chunk (predicate null: every record in range matches). Records are visited straight from
 * the batches, and only the matching ones become objects of their own: a filter that keeps 1 record in 1,000 does
 * not build (and collect) the other 999. With a payload decoder the filter sees schema-decoded keys and values (as
 * JSON); matches keep their raw bytes.
 */
export async function scanChunk(raw: RawChunk, to: number, predicate: RecordPredicate | null, decoder: PayloadDecoder | null = null): Promise<ChunkScan> {
  if (predicate === null) return everyRecord(raw, to);
  if (decoder !== null) return decodedScan(raw, to, predicate, decoder);
  const keep = recordKeeper(raw);
  const run = { unparseable: false };
  const matches: DecodedRecord[] = [];
  let scanned = 0;
  let unparseable = 0;
  let bytes = 0;
  // The record the predicate looks at, refilled for each record (predicates do not keep it).
  const view: DecodedRecord = { partition: raw.partition, offset: 0, timestamp: 0, timestampType: 'create', key: null, value: null, headers: [] };
  await visitRecordBatches(raw.records, (offset, timestamp, key, value, headers, batch) => {
    if (offset < raw.offset || !keep(offset, key, batch)) return;
    bytes += (key?.length ?? 0) + (value?.length ?? 0);
    if (offset >= to) return;
    scanned++;
    view.offset = offset;
    view.timestamp = timestamp;
    view.timestampType = batch.timestampType === LOG_APPEND_TIME ? 'log-append' : 'create';
    view.key = key;
    view.value = value;
    view.headers = headers;
    run.unparseable = false;
    if (predicate(view, run)) matches.push({ ...view, headers: headers.length > 0 ? headers : [] });
    if (run.unparseable) unparseable++;
  });
  return { matches, scanned, unparseable, nextOffset: offsetAfterBatches(raw.records, raw.offset), bytes };
}

/** A filter over schema-decoded payloads: the decoder needs whole records (it prefetches their schemas first). */
async function decodedScan(raw: RawChunk, to: number, predicate: RecordPredicate, decoder: PayloadDecoder): Promise<ChunkScan> {
  const chunk = await decodeChunk(raw);
  await decoder.prefetchRecords(chunk.records);
  const run = { unparseable: false };
  const matches: DecodedRecord[] = [];
  let scanned = 0;
  let unparseable = 0;
  for (const r of chunk.records) {
    if (r.offset >= to) continue;
    scanned++;
    run.unparseable = false;
    if (predicate(decoder.view(r), run)) matches.push(r);
    if (run.unparseable) unparseable++;
  }
  return { matches, scanned, unparseable, nextOffset: chunk.nextOffset, bytes: chunk.bytes };
}

/** Without a filter every record in range is a match: decode them all. */
async function everyRecord(raw: RawChunk, to: number): Promise<ChunkScan> {
  const chunk = await decodeChunk(raw);
  const matches = chunk.records.filter((r) => r.offset < to);
  return { matches, scanned: matches.length, unparseable: 0, nextOffset: chunk.nextOffset, bytes: chunk.bytes };
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
