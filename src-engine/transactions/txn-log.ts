/**
 * The `__transaction_state` topic's records (Kafka's TransactionLog): key = int16 version 0 +
 * TransactionLogKey v0, value = int16 version 0 + TransactionLogValue v0, a null value when the
 * transactional id expired. The topic is compacted, so the last record per id is its state.
 */
import { Reader } from '../../src-protocol/codec/reader.js';
import { Writer } from '../../src-protocol/codec/writer.js';
import { readTransactionLogKey, writeTransactionLogKey } from '../../src-protocol/generated/internal/transaction-log-key.js';
import { readTransactionLogValue, writeTransactionLogValue } from '../../src-protocol/generated/internal/transaction-log-value.js';
import type { PartitionLog } from '../storage/partition-log.js';
import { parseBatches } from '../storage/record-batch.js';
import { decodeRecords } from '../storage/records.js';
import { TXN_STATUS, newTxnMetadata, partitionList, txnStateOf, type TxnMetadata } from './txn-metadata.js';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';
/** The topic is compacted like Kafka's, its segments transaction.state.log.segment.bytes large. */
export function transactionStateConfigs(segmentBytes: number): ReadonlyMap<string, string> {
  return new Map([['cleanup.policy', 'compact'], ['segment.bytes', String(segmentBytes)]]);
}

const READ_CHUNK_BYTES = 1 << 20;

/** Kafka's partitionFor: Utils.abs(transactionalId.hashCode) % partitions (Java String.hashCode). */
export function transactionPartitionFor(transactionalId: string, partitions: number): number {
  let h = 0;
  for (let i = 0; i < transactionalId.length; i++) h = (Math.imul(h, 31) + transactionalId.charCodeAt(i)) | 0;
  return (h & 0x7fffffff) % partitions;
}

function versioned(write: (w: Writer) => void): Buffer {
  const w = new Writer(128);
  w.int16(0);
  write(w);
  return w.toBuffer();
}

export function txnLogKey(transactionalId: string): Buffer {
  return versioned((w) => writeTransactionLogKey(w, 0, { transactionalId }));
}

export function txnLogValue(m: TxnMetadata): Buffer {
  return versioned((w) => writeTransactionLogValue(w, 0, {
    producerId: m.producerId,
    producerEpoch: m.producerEpoch,
    transactionTimeoutMs: m.timeoutMs,
    transactionStatus: TXN_STATUS[m.state],
    // Kafka writes no partition list for Empty (and the list of the transaction otherwise).
    transactionPartitions: m.state === 'Empty' ? null : partitionList(m).map((p) => ({ topic: p.topic, partitionIds: p.partitions })),
    transactionLastUpdateTimestampMs: m.lastUpdateTimestamp,
    transactionStartTimestampMs: m.startTimestamp,
  }));
}

export type TxnLogEntry = { transactionalId: string; metadata: TxnMetadata | null };

/** Decodes one record; null for records of unknown versions (skipped, as Kafka does with a warning). */
export function decodeTxnLogRecord(key: Buffer, value: Buffer | null): TxnLogEntry | null {
  const kr = new Reader(key);
  if (kr.int16() !== 0) return null;
  const { transactionalId } = readTransactionLogKey(kr, 0);
  if (value === null) return { transactionalId, metadata: null };
  const vr = new Reader(value);
  const version = vr.int16();
  if (version !== 0 && version !== 1) return null;
  const v = readTransactionLogValue(vr, version);
  const state = txnStateOf(v.transactionStatus);
  if (state === undefined) return null;
  const m = newTxnMetadata(transactionalId, v.producerId, v.transactionTimeoutMs, v.transactionLastUpdateTimestampMs);
  m.producerEpoch = v.producerEpoch;
  m.state = state;
  m.startTimestamp = v.transactionStartTimestampMs;
  for (const p of v.transactionPartitions ?? []) m.partitions.set(p.topic, new Set(p.partitionIds));
  return { transactionalId, metadata: m };
}

/** Every keyed record of a partition, oldest first (the coordinator replays them at start-up). */
export function* readTxnLog(log: PartitionLog): Generator<{ key: Buffer; value: Buffer | null }> {
  let offset = log.logStartOffset;
  const end = log.logEndOffset;
  while (offset < end) {
    const r = log.read(offset, READ_CHUNK_BYTES, { minOneBatch: true, maxOffset: end });
    if (r.bytes === 0) break;
    const buf = r.chunks.length === 1 ? (r.chunks[0] as Buffer) : Buffer.concat(r.chunks);
    const parsed = parseBatches(buf, { verifyCrc: false });
    if (!parsed.ok || parsed.batches.length === 0) break;
    for (const h of parsed.batches) {
      if (!h.isControl) {
        for (const rec of decodeRecords(buf, h)) {
          if (rec.offset >= offset && rec.key !== null) yield { key: rec.key, value: rec.value };
        }
      }
      offset = Math.max(offset, h.lastOffset + 1);
    }
  }
}
