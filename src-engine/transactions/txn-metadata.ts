/**
 * One transactional id's coordinator state, after Kafka's TransactionMetadata: the producer id and
 * epoch it owns, the state machine position, and what the ongoing transaction touched. The status
 * numbers are the ones `__transaction_state` stores (TransactionState.id in Kafka).
 */

export type TxnState =
  | 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort' | 'Dead' | 'PrepareEpochFence';

export const TXN_STATUS: Readonly<Record<TxnState, number>> = {
  Empty: 0, Ongoing: 1, PrepareCommit: 2, PrepareAbort: 3, CompleteCommit: 4, CompleteAbort: 5, Dead: 6, PrepareEpochFence: 7,
};

const BY_STATUS = new Map<number, TxnState>(Object.entries(TXN_STATUS).map(([k, v]) => [v, k as TxnState]));

export function txnStateOf(status: number): TxnState | undefined {
  return BY_STATUS.get(status);
}

/** Kafka's isProducerEpochExhausted: the epoch must stay below Short.MAX_VALUE, and a bump needs room. */
export const MAX_PRODUCER_EPOCH = 32767;

export function epochExhausted(epoch: number): boolean {
  return epoch >= MAX_PRODUCER_EPOCH - 1;
}

export interface TxnMetadata {
  transactionalId: string;
  producerId: number;
  /** The producer id before the last rotation (epoch exhausted), -1 when none; lets a retried InitProducerId through. */
  lastProducerId: number;
  producerEpoch: number;
  /** The epoch before the last bump (-1 when none): a retried InitProducerId that carries it is not fenced. */
  lastProducerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** topic -> partitions in the ongoing transaction (markers go to each). */
  partitions: Map<string, Set<number>>;
  /** Groups added with AddOffsetsToTxn (kept in memory for the GUI; the offsets partition is in `partitions`). */
  groupIds: Set<string>;
  /** When the ongoing transaction began (first AddPartitionsToTxn), -1 when none. */
  startTimestamp: number;
  lastUpdateTimestamp: number;
}

export function newTxnMetadata(transactionalId: string, producerId: number, timeoutMs: number, now: number): TxnMetadata {
  return {
    transactionalId, producerId, lastProducerId: -1, producerEpoch: -1, lastProducerEpoch: -1, timeoutMs,
    state: 'Empty', partitions: new Map(), groupIds: new Set(), startTimestamp: -1, lastUpdateTimestamp: now,
  };
}

export function hasPartition(m: TxnMetadata, topic: string, partition: number): boolean {
  return m.partitions.get(topic)?.has(partition) ?? false;
}

export function addPartition(m: TxnMetadata, topic: string, partition: number): void {
  let set = m.partitions.get(topic);
  if (!set) m.partitions.set(topic, (set = new Set()));
  set.add(partition);
}

export function partitionList(m: TxnMetadata): { topic: string; partitions: number[] }[] {
  return [...m.partitions].map(([topic, set]) => ({ topic, partitions: [...set].sort((a, b) => a - b) }));
}

export function partitionCount(m: TxnMetadata): number {
  let n = 0;
  for (const s of m.partitions.values()) n += s.size;
  return n;
}

/**
 * KIP-588: PRODUCER_FENCED exists from InitProducerId v4, AddPartitionsToTxn/AddOffsetsToTxn/EndTxn v2 and
 * TxnOffsetCommit v3; older versions get INVALID_PRODUCER_EPOCH, which their clients know as fatal.
 */
export function fencedForVersion(errorCode: number, version: number, since: number): number {
  const PRODUCER_FENCED = 90;
  const INVALID_PRODUCER_EPOCH = 47;
  return errorCode === PRODUCER_FENCED && version < since ? INVALID_PRODUCER_EPOCH : errorCode;
}
