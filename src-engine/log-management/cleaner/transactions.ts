/**
 * What the cleaner must know about transactions and producers (from Kafka's Cleaner): records of aborted
 * transactions are dropped whatever their key; the last data batch of every producer id is kept (emptied
 * if need be) so the producer's sequence numbers survive; commit/abort markers are kept.
 */
import { decodeRecords } from '../../storage/records.js';
import type { BatchHeader } from '../../storage/record-batch.js';
import type { StoredBatch } from './offset-map.js';

export const ControlType = { ABORT: 0, COMMIT: 1 } as const;

export interface TxnView {
  isAborted(h: BatchHeader): boolean;
  /** True for the newest data batch of its producer id anywhere in the log. */
  isLastOfProducer(h: BatchHeader): boolean;
}

/** Control record type (0 abort, 1 commit, ...) from the key `int16 version, int16 type`; -1 if unreadable. */
export function controlType(batch: StoredBatch): number {
  try {
    const key = decodeRecords(batch.bytes, { ...batch.header, position: 0 })[0]?.key;
    return key && key.length >= 4 ? key.readInt16BE(2) : -1;
  } catch {
    return -1;
  }
}

/** Builds the view from every batch of the log, oldest first (control batches must carry their bytes). */
export function buildTxnView(batches: Iterable<StoredBatch>): TxnView {
  const open = new Map<number, number[]>();
  const aborted = new Set<number>();
  const lastOfProducer = new Map<number, number>();
  for (const b of batches) {
    const h = b.header;
    if (h.producerId < 0) continue;
    if (h.isControl) {
      const batchesOfTxn = open.get(h.producerId) ?? [];
      if (controlType(b) === ControlType.ABORT) for (const base of batchesOfTxn) aborted.add(base);
      open.delete(h.producerId);
      continue;
    }
    lastOfProducer.set(h.producerId, h.baseOffset);
    if (h.isTransactional) {
      const list = open.get(h.producerId) ?? [];
      list.push(h.baseOffset);
      open.set(h.producerId, list);
    }
  }
  return {
    isAborted: (h) => h.isTransactional && !h.isControl && aborted.has(h.baseOffset),
    isLastOfProducer: (h) => h.producerId >= 0 && lastOfProducer.get(h.producerId) === h.baseOffset,
  };
}
