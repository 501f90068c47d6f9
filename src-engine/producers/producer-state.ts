/**
 * Per-partition idempotent/transactional producer state, after Kafka's ProducerStateManager and
 * ProducerAppendInfo (3.x rules, client-origin appends):
 *  - a retried batch whose (epoch, firstSeq, lastSeq) matches one of the producer's last 5 batches is a duplicate:
 *    it is acknowledged with its original offsets and not appended again;
 *  - an epoch lower than the last seen one is INVALID_PRODUCER_EPOCH (Kafka 2.7+ answers this instead of
 *    PRODUCER_FENCED on Produce so clients can abort and retry);
 *  - a new epoch must start at sequence 0, otherwise OUT_OF_ORDER_SEQUENCE_NUMBER;
 *  - within an epoch the first sequence must be lastSeq + 1 (wrapping from Int32 max to 0);
 *  - an unknown producer id is accepted with any sequence (its state may have been removed by retention or
 *    DeleteRecords), unless `strictUnknownProducer` is set, which answers UNKNOWN_PRODUCER_ID for a non-zero start.
 * It also tracks each producer's ongoing transaction (first offset) for the last stable offset.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { NO_PRODUCER_EPOCH, NO_SEQUENCE, incrementSequence, type BatchHeader } from '../storage/record-batch.js';

/** How many recent batches per producer are remembered for duplicate detection (Kafka: NUM_BATCHES_TO_RETAIN). */
export const BATCHES_TO_RETAIN = 5;

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  timestamp: number;
}

export interface ProducerEntry {
  producerId: number;
  producerEpoch: number;
  /** Most recent last, at most BATCHES_TO_RETAIN. */
  batches: BatchMetadata[];
  coordinatorEpoch: number;
  /** First offset of the ongoing transaction, or null. */
  currentTxnFirstOffset: number | null;
  lastTimestamp: number;
}

export type ProducerCheck =
  | { kind: 'ok' }
  | { kind: 'duplicate'; firstOffset: number; lastOffset: number }
  | { kind: 'error'; errorCode: number; message: string };

/** The fields of an appended batch that producer state needs (offsets as assigned by the log). */
export interface AppendedBatch {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  isTransactional: boolean;
  isControl: boolean;
}

export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
  /** Offset of the ABORT marker. */
  lastOffset: number;
}

const OK: ProducerCheck = { kind: 'ok' };

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === 0x7fffffff);
}

function lastSeqOf(baseSequence: number, lastOffsetDelta: number): number {
  return baseSequence === NO_SEQUENCE ? NO_SEQUENCE : incrementSequence(baseSequence, lastOffsetDelta);
}

export interface ProducerStateOptions {
  /** Answer UNKNOWN_PRODUCER_ID when an unknown producer starts at a non-zero sequence (Kafka accepts it). */
  strictUnknownProducer?: boolean;
}

export class ProducerStateManager {
  readonly producers = new Map<number, ProducerEntry>();

  constructor(private readonly opts: ProducerStateOptions = {}) {}

  /** Validates a client batch against the producer's state; call before appending. */
  check(batch: BatchHeader, _now?: number): ProducerCheck {
    if (batch.producerId < 0) return OK;
    const entry = this.producers.get(batch.producerId);
    const firstSeq = batch.baseSequence;
    const lastSeq = lastSeqOf(firstSeq, batch.lastOffsetDelta);
    if (entry && entry.producerEpoch === batch.producerEpoch) {
      const dup = entry.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
      if (dup) return { kind: 'duplicate', firstOffset: dup.firstOffset, lastOffset: dup.lastOffset };
    }
    if (!entry || entry.producerEpoch === NO_PRODUCER_EPOCH) {
      if (this.opts.strictUnknownProducer && firstSeq !== 0) {
        return error(ErrorCode.UNKNOWN_PRODUCER_ID, `unknown producer ${batch.producerId} started at sequence ${firstSeq}`);
      }
      return OK;
    }
    if (batch.producerEpoch < entry.producerEpoch) {
      return error(ErrorCode.INVALID_PRODUCER_EPOCH,
        `epoch ${batch.producerEpoch} of producer ${batch.producerId} is older than the last seen epoch ${entry.producerEpoch}`);
    }
    if (batch.producerEpoch !== entry.producerEpoch) {
      if (firstSeq !== 0) {
        return error(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          `new epoch ${batch.producerEpoch} of producer ${batch.producerId} must start at sequence 0, got ${firstSeq}`);
      }
    } else {
      const last = entry.batches[entry.batches.length - 1];
      const currentLastSeq = last ? last.lastSeq : NO_SEQUENCE;
      if (!inSequence(currentLastSeq, firstSeq)) {
        return error(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          `out of order sequence for producer ${batch.producerId}: ${firstSeq} (incoming), ${currentLastSeq} (last)`);
      }
    }
    if (entry.currentTxnFirstOffset !== null && !batch.isTransactional && batch.producerEpoch === entry.producerEpoch) {
      return error(ErrorCode.INVALID_TXN_STATE, `non-transactional write from producer ${batch.producerId} during its transaction`);
    }
    return OK;
  }

  /** Records an appended data batch (offsets already assigned). Control batches go through completeTransaction. */
  update(batch: AppendedBatch): void {
    if (batch.producerId < 0 || batch.isControl) return;
    const entry = this.entryFor(batch.producerId, batch.producerEpoch);
    if (batch.baseSequence !== NO_SEQUENCE) {
      entry.batches.push({
        firstSeq: batch.baseSequence,
        lastSeq: lastSeqOf(batch.baseSequence, batch.lastOffsetDelta),
        firstOffset: batch.baseOffset,
        lastOffset: batch.lastOffset,
        timestamp: batch.maxTimestamp,
      });
      if (entry.batches.length > BATCHES_TO_RETAIN) entry.batches.shift();
    }
    entry.lastTimestamp = batch.maxTimestamp;
    if (batch.isTransactional && entry.currentTxnFirstOffset === null) entry.currentTxnFirstOffset = batch.baseOffset;
  }

  /**
   * A COMMIT/ABORT marker at `markerOffset` ends the producer's ongoing transaction. Returns the aborted
   * transaction (for the segment's .txnindex) when an ABORT ends one that wrote data, else null.
   */
  completeTransaction(producerId: number, producerEpoch: number, markerOffset: number, aborted: boolean,
    coordinatorEpoch: number, timestamp: number): AbortedTransaction | null {
    const entry = this.entryFor(producerId, producerEpoch);
    const result = entry.currentTxnFirstOffset !== null && aborted
      ? { producerId, firstOffset: entry.currentTxnFirstOffset, lastOffset: markerOffset }
      : null;
    entry.currentTxnFirstOffset = null;
    entry.coordinatorEpoch = coordinatorEpoch;
    entry.lastTimestamp = timestamp;
    return result;
  }

  private entryFor(producerId: number, producerEpoch: number): ProducerEntry {
    let entry = this.producers.get(producerId);
    if (!entry) {
      entry = { producerId, producerEpoch, batches: [], coordinatorEpoch: -1, currentTxnFirstOffset: null, lastTimestamp: -1 };
      this.producers.set(producerId, entry);
    } else if (entry.producerEpoch !== producerEpoch) {
      // A new epoch forgets the old epoch's batches (Kafka's maybeUpdateProducerEpoch).
      entry.producerEpoch = producerEpoch;
      entry.batches = [];
    }
    return entry;
  }

  /** Smallest first offset of any ongoing transaction (the LSO is min(this, high watermark)), or null. */
  firstUnstableOffset(): number | null {
    let min: number | null = null;
    for (const e of this.producers.values()) {
      if (e.currentTxnFirstOffset !== null && (min === null || e.currentTxnFirstOffset < min)) min = e.currentTxnFirstOffset;
    }
    return min;
  }

  /** Log start moved (DeleteRecords/retention): forget producers whose last write is gone. */
  truncateHead(logStartOffset: number): void {
    for (const [pid, e] of this.producers) {
      const last = e.batches[e.batches.length - 1];
      if (e.currentTxnFirstOffset === null && last !== undefined && last.lastOffset < logStartOffset) this.producers.delete(pid);
    }
  }

  /**
   * producer.id.expiration.ms (Kafka default 1 day): forgets producers without an ongoing transaction whose last
   * write is older than `expirationMs`. Returns how many were removed. The retention task calls it on every pass.
   */
  removeExpiredProducers(now: number, expirationMs: number): number {
    let removed = 0;
    for (const [pid, e] of this.producers) {
      if (e.currentTxnFirstOffset === null && now - e.lastTimestamp >= expirationMs) {
        this.producers.delete(pid);
        removed++;
      }
    }
    return removed;
  }

  clear(): void {
    this.producers.clear();
  }
}

function error(errorCode: number, message: string): ProducerCheck {
  return { kind: 'error', errorCode, message };
}
