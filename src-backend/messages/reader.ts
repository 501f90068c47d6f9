/** Reads records of one partition straight from its leader with Fetch (no consumer group involved). */

import type { ClusterConnection } from '../kafka/connection.js';
import { offsetAfterBatches, visitRecordBatches, type BatchContext } from '../kafka/record-batches.js';
import { FETCH, ISOLATION_READ_COMMITTED, ISOLATION_READ_UNCOMMITTED } from '../kafka/wire-apis.js';
import { KafkaWireError } from '../kafka/wire-connection.js';
import {
  defaultFetchRequest, defaultFetchRequestFetchPartition, defaultFetchRequestFetchTopic, type FetchResponseAbortedTransaction,
} from '../../src-protocol/generated/01-fetch.js';
import { LOG_APPEND_TIME, type DecodedRecord } from './payload.js';

export interface FetchChunk {
  /** Data records with offset >= the requested offset, in offset order (control records dropped). */
  records: DecodedRecord[];
  highWatermark: number;
  /** Offset to continue from: after the last complete batch of the response (records, control records or gaps). */
  nextOffset: number;
  /** Bytes of payload in `records`. */
  bytes: number;
}

export class OffsetOutOfRangeError extends Error {
  constructor(readonly topic: string, readonly partition: number, readonly offset: number) {
    super(`offset ${offset} is out of range for ${topic}-${partition}`);
  }
}

const DEFAULT_PARTITION_MAX_BYTES = 1024 * 1024;
/** What a scan (search, export) fetches per request. */
export const SCAN_CHUNK_BYTES = 4 * DEFAULT_PARTITION_MAX_BYTES;

/** How to read: the contract's Isolation as a flag (read_uncommitted unless asked). */
export interface ReadOptions {
  readCommitted?: boolean;
}

/**
 * read_committed filtering as Kafka's consumer does it: a producer's records are dropped from the first offset of one
 * of its aborted transactions (listed by the broker) until that producer's ABORT marker.
 */
function abortedFilter(abortedTransactions: FetchResponseAbortedTransaction[] | null): (offset: number, key: Buffer | null, batch: BatchContext) => boolean {
  const aborted = [...(abortedTransactions ?? [])].sort((a, b) => a.firstOffset - b.firstOffset);
  const active = new Set<number>();
  return (offset, key, batch) => {
    while (aborted.length > 0 && (aborted[0]?.firstOffset ?? Infinity) <= offset) active.add((aborted.shift() as FetchResponseAbortedTransaction).producerId);
    const pid = batch.producerId;
    if (batch.isControl) {
      // Control record key: int16 version, int16 type (0 = ABORT, 1 = COMMIT).
      if (key && key.length >= 4 && key.readInt16BE(2) === 0) active.delete(pid);
      return false;
    }
    return !(batch.inTransaction && active.has(pid));
  };
}

/** One partition's Fetch answer before decoding: the record batches as the broker sent them. */
export interface RawChunk {
  readonly partition: number;
  /** The offset fetched from (records before it, at the start of the first batch, are skipped). */
  readonly offset: number;
  readonly records: Buffer | null;
  readonly abortedTransactions: FetchResponseAbortedTransaction[] | null;
  readonly highWatermark: number;
  readonly readCommitted: boolean;
}

/**
 * One Fetch at `offset`, not decoded (decoding and filtering can then run on a scan worker). Returns
 * immediately when there is nothing to read (maxWaitTime 0), so callers must not fetch at or past the high
 * watermark expecting to wait.
 */
export async function fetchRawChunk(
  connection: ClusterConnection,
  topic: string,
  partition: number,
  offset: number,
  maxBytes = DEFAULT_PARTITION_MAX_BYTES,
  maxWaitMs = 0,
  options: ReadOptions = {},
): Promise<RawChunk> {
  const readCommitted = options.readCommitted ?? false;
  for (let attempt = 0; ; attempt++) {
    try {
      const broker = await connection.leaderFor(topic, partition, maxWaitMs > 0);
      const response = await broker.send(FETCH, {
        ...defaultFetchRequest(),
        maxWaitMs,
        minBytes: maxWaitMs > 0 ? 1 : 0,
        maxBytes,
        isolationLevel: readCommitted ? ISOLATION_READ_COMMITTED : ISOLATION_READ_UNCOMMITTED,
        topics: [{
          ...defaultFetchRequestFetchTopic(),
          topic,
          partitions: [{ ...defaultFetchRequestFetchPartition(), partition, fetchOffset: offset, partitionMaxBytes: maxBytes }],
        }],
      });
      if (response.errorCode !== 0) throw new KafkaWireError(response.errorCode);
      const data = response.responses.find((t) => t.topic === topic)?.partitions.find((p) => p.partitionIndex === partition);
      if (!data) return { partition, offset, records: null, abortedTransactions: null, highWatermark: offset, readCommitted };
      if (data.errorCode !== 0) throw new KafkaWireError(data.errorCode);
      const records = Buffer.isBuffer(data.records) || data.records === null ? data.records : Buffer.concat(data.records);
      return { partition, offset, records, abortedTransactions: data.abortedTransactions, highWatermark: data.highWatermark, readCommitted };
    } catch (error) {
      const e = error as { name?: string; type?: string };
      if (e.type === 'OFFSET_OUT_OF_RANGE') throw new OffsetOutOfRangeError(topic, partition, offset);
      const retriable = e.type === 'NOT_LEADER_OR_FOLLOWER' || e.type === 'LEADER_NOT_AVAILABLE' || e.type === 'FENCED_LEADER_EPOCH' ||
        e.type === 'UNKNOWN_TOPIC_OR_PARTITION' || e.name === 'WireConnectionError';
      if (!retriable || attempt >= 2) throw error;
      connection.refreshRaw();
    }
  }
}

/** Which records of a chunk are data a reader sees: control records never, aborted ones not under read_committed. */
export function recordKeeper(raw: RawChunk): (offset: number, key: Buffer | null, batch: BatchContext) => boolean {
  return raw.readCommitted ? abortedFilter(raw.abortedTransactions) : (_o, _k, batch) => !batch.isControl;
}

/** Decodes a fetched chunk: records at or after the fetch offset, control records and aborted data (read_committed) dropped. */
export async function decodeChunk(raw: RawChunk): Promise<FetchChunk> {
  const keep = recordKeeper(raw);
  const records: DecodedRecord[] = [];
  let bytes = 0;
  const partition = raw.partition;
  await visitRecordBatches(raw.records, (offset, timestamp, key, value, headers, batch) => {
    if (offset < raw.offset) return; // batches start before the requested offset
    if (!keep(offset, key, batch)) return;
    bytes += (key?.length ?? 0) + (value?.length ?? 0);
    records.push({ partition, offset, timestamp, timestampType: batch.timestampType === LOG_APPEND_TIME ? 'log-append' : 'create', key, value, headers });
  });
  return { records, highWatermark: raw.highWatermark, nextOffset: offsetAfterBatches(raw.records, raw.offset), bytes };
}

/** One Fetch at `offset`, decoded (see fetchRawChunk). */
export async function fetchChunk(
  connection: ClusterConnection,
  topic: string,
  partition: number,
  offset: number,
  maxBytes = DEFAULT_PARTITION_MAX_BYTES,
  maxWaitMs = 0,
  options: ReadOptions = {},
): Promise<FetchChunk> {
  return decodeChunk(await fetchRawChunk(connection, topic, partition, offset, maxBytes, maxWaitMs, options));
}

/**
 * Reads [from, to) of a partition, calling onChunk for each non-empty chunk; stops early when onChunk returns false
 * or the signal aborts. Returns the offset reached (== to when the range was exhausted).
 */
export async function readRange(
  connection: ClusterConnection,
  topic: string,
  partition: number,
  from: number,
  to: number,
  onChunk: (records: DecodedRecord[], reached: number, bytes: number) => boolean | Promise<boolean>,
  signal?: AbortSignal,
  maxBytes = SCAN_CHUNK_BYTES,
  options: ReadOptions = {},
): Promise<number> {
  let position = from;
  while (position < to) {
    if (signal?.aborted) return position;
    const chunk = await fetchChunk(connection, topic, partition, position, maxBytes, 0, options);
    const inRange = chunk.records.filter((r) => r.offset < to);
    // A response that makes no progress means the log has nothing more below `to` (e.g. HW moved back).
    const reached = Math.min(Math.max(chunk.nextOffset, position), to);
    if (reached === position) return position;
    position = reached;
    const keepGoing = await onChunk(inRange, position, chunk.bytes);
    if (!keepGoing) return position;
  }
  return position;
}
