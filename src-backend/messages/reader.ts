/** Reads records of one partition straight from its leader with Fetch (no consumer group involved). */

import type { ClusterConnection } from '../kafka/connection.js';
import { decodeRecordBatches, type RawRecord } from '../kafka/record-batches.js';
import { FETCH, ISOLATION_READ_COMMITTED, ISOLATION_READ_UNCOMMITTED } from '../kafka/wire-apis.js';
import { KafkaWireError } from '../kafka/wire-connection.js';
import {
  defaultFetchRequest, defaultFetchRequestFetchPartition, defaultFetchRequestFetchTopic, type FetchResponseAbortedTransaction,
} from '../../src-protocol/generated/01-fetch.js';
import { fromRawRecord, type DecodedRecord } from './payload.js';

export interface FetchChunk {
  /** Data records with offset >= the requested offset, in offset order (control records dropped). */
  records: DecodedRecord[];
  highWatermark: number;
  /** Offset to continue from: after the last record *or* control record / gap seen in the response. */
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

/** How to read: the contract's Isolation as a flag (read_uncommitted unless asked). */
export interface ReadOptions {
  readCommitted?: boolean;
}

/**
 * read_committed filtering as Kafka's consumer does it: a producer's records are dropped from the first offset of one
 * of its aborted transactions (listed by the broker) until that producer's ABORT marker.
 */
function abortedFilter(abortedTransactions: FetchResponseAbortedTransaction[] | null): (raw: RawRecord) => boolean {
  const aborted = [...(abortedTransactions ?? [])].sort((a, b) => a.firstOffset - b.firstOffset);
  const active = new Set<number>();
  return (raw) => {
    const offset = raw.offset;
    while (aborted.length > 0 && (aborted[0]?.firstOffset ?? Infinity) <= offset) active.add((aborted.shift() as FetchResponseAbortedTransaction).producerId);
    const pid = raw.batchContext.producerId;
    if (raw.isControlRecord) {
      // Control record key: int16 version, int16 type (0 = ABORT, 1 = COMMIT).
      if (raw.key && raw.key.length >= 4 && raw.key.readInt16BE(2) === 0) active.delete(pid);
      return false;
    }
    return !(raw.batchContext.inTransaction && active.has(pid));
  };
}

/**
 * One Fetch at `offset`. Returns immediately when there is nothing to read (maxWaitTime 0), so callers must not
 * fetch at or past the high watermark expecting to wait.
 */
export async function fetchChunk(
  connection: ClusterConnection,
  topic: string,
  partition: number,
  offset: number,
  maxBytes = DEFAULT_PARTITION_MAX_BYTES,
  maxWaitMs = 0,
  options: ReadOptions = {},
): Promise<FetchChunk> {
  for (let attempt = 0; ; attempt++) {
    try {
      const broker = await connection.leaderFor(topic, partition);
      const response = await broker.send(FETCH, {
        ...defaultFetchRequest(),
        maxWaitMs,
        minBytes: maxWaitMs > 0 ? 1 : 0,
        maxBytes,
        isolationLevel: options.readCommitted ? ISOLATION_READ_COMMITTED : ISOLATION_READ_UNCOMMITTED,
        topics: [{
          ...defaultFetchRequestFetchTopic(),
          topic,
          partitions: [{ ...defaultFetchRequestFetchPartition(), partition, fetchOffset: offset, partitionMaxBytes: maxBytes }],
        }],
      });
      if (response.errorCode !== 0) throw new KafkaWireError(response.errorCode);
      const data = response.responses.find((t) => t.topic === topic)?.partitions.find((p) => p.partitionIndex === partition);
      if (!data) return { records: [], highWatermark: offset, nextOffset: offset, bytes: 0 };
      if (data.errorCode !== 0) throw new KafkaWireError(data.errorCode);
      const highWatermark = data.highWatermark;
      const keep = options.readCommitted ? abortedFilter(data.abortedTransactions) : (raw: RawRecord) => !raw.isControlRecord;
      const records: DecodedRecord[] = [];
      let nextOffset = offset;
      let bytes = 0;
      const fetched = Buffer.isBuffer(data.records) || data.records === null ? data.records : Buffer.concat(data.records);
      for (const raw of await decodeRecordBatches(fetched)) {
        const recordOffset = raw.offset;
        if (recordOffset < offset) continue; // batches start before the requested offset
        nextOffset = Math.max(nextOffset, recordOffset + 1);
        if (!keep(raw)) continue;
        const record = fromRawRecord(partition, raw);
        bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
        records.push(record);
      }
      return { records, highWatermark, nextOffset, bytes };
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
  maxBytes = 4 * DEFAULT_PARTITION_MAX_BYTES,
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
