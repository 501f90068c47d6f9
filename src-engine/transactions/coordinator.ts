/**
 * The transaction coordinator (KIP-98, after Kafka's TransactionCoordinator): transactional id ->
 * producer id/epoch and transaction state, persisted to `__transaction_state`. Single node and one
 * event loop, so EndTxn runs PrepareX -> markers -> CompleteX synchronously: clients never observe
 * the Prepare states (and never get CONCURRENT_TRANSACTIONS for them), but the log records them,
 * and a start-up that finds one finishes the markers. Errors are Kafka's; handlers map
 * PRODUCER_FENCED to INVALID_PRODUCER_EPOCH for request versions that predate it.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { TopicState } from '../cluster/topics.js';
import type { GroupCoordinator } from '../groups/group-coordinator.js';
import { OFFSETS_TOPIC } from '../groups/offsets-topic-records.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { buildRecordBatch } from '../storage/records.js';
import { writeMarkers } from './markers.js';
import { appendTxnOffsets, recoverTxnOffsets } from './txn-offsets-log.js';
import { PendingTxnOffsets, type PendingOffset } from './pending-offsets.js';
import {
  TRANSACTION_STATE_TOPIC, transactionStateConfigs, decodeTxnLogRecord, readTxnLog, transactionPartitionFor, txnLogKey, txnLogValue,
} from './txn-log.js';
import { addPartition, epochExhausted, hasPartition, newTxnMetadata, partitionList, type TxnMetadata } from './txn-metadata.js';

export interface TxnCoordinatorConfig {
  /** transaction.max.timeout.ms */
  maxTimeoutMs: number;
  /** transaction.abort.timed.out.transaction.cleanup.interval.ms */
  abortCheckIntervalMs: number;
  /** transactional.id.expiration.ms */
  idExpirationMs: number;
  /** transaction.state.log.num.partitions (used when the topic is created). */
  partitions: number;
  /** transaction.state.log.segment.bytes (used when the topic is created). */
  segmentBytes: number;
}

export interface InitResult { errorCode: number; producerId: number; producerEpoch: number }
export interface PartitionError { topic: string; partition: number; errorCode: number }

/** The coordinator epoch stamped on markers: one broker that never loses leadership of its log. */
const COORDINATOR_EPOCH = 0;

export class TransactionCoordinator {
  readonly txns = new Map<string, TxnMetadata>();
  private readonly byProducerId = new Map<number, string>();
  readonly pendingOffsets = new PendingTxnOffsets();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly cluster: Cluster, private readonly groups: GroupCoordinator, readonly config: TxnCoordinatorConfig) {}

  /** Replays `__transaction_state` (when it exists), finishes half-written markers, starts the timeout check. */
  start(now = Date.now()): { transactions: number; records: number } {
    let records = 0;
    const topic = this.cluster.topic(TRANSACTION_STATE_TOPIC);
    for (const part of topic?.partitions ?? []) {
      for (const { key, value } of readTxnLog(part.log)) {
        records++;
        const entry = decodeTxnLogRecord(key, value);
        if (!entry) continue;
        if (entry.metadata === null) this.forget(entry.transactionalId);
        else this.track(entry.metadata);
      }
    }
    for (const m of this.txns.values()) {
      // A crash between PrepareX and CompleteX: the markers may be partly written; writing them again only costs offsets.
      if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') {
        recoverTxnOffsets(this.cluster, m, this.pendingOffsets);
        this.complete(m, m.state === 'PrepareCommit', now, null);
      } else if (m.state === 'Ongoing') {
        recoverTxnOffsets(this.cluster, m, this.pendingOffsets);
      }
    }
    this.timer = setInterval(() => this.runExpiry(Date.now()), this.config.abortCheckIntervalMs);
    this.timer.unref();
    return { transactions: this.txns.size, records };
  }

  shutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Creates the topic on first use (Kafka does it on the first FindCoordinator for a transaction). */
  ensureTopic(): TopicState {
    return this.cluster.topic(TRANSACTION_STATE_TOPIC)
      ?? this.cluster.createTopic(TRANSACTION_STATE_TOPIC, this.config.partitions, transactionStateConfigs(this.config.segmentBytes));
  }

  byProducer(producerId: number): TxnMetadata | undefined {
    const id = this.byProducerId.get(producerId);
    return id === undefined ? undefined : this.txns.get(id);
  }

  private track(m: TxnMetadata): void {
    const old = this.txns.get(m.transactionalId);
    if (old && this.byProducerId.get(old.producerId) === old.transactionalId) this.byProducerId.delete(old.producerId);
    this.txns.set(m.transactionalId, m);
    this.byProducerId.set(m.producerId, m.transactionalId);
  }

  private forget(transactionalId: string): void {
    const old = this.txns.get(transactionalId);
    if (!old) return;
    this.txns.delete(transactionalId);
    if (this.byProducerId.get(old.producerId) === transactionalId) this.byProducerId.delete(old.producerId);
  }

  private persist(m: TxnMetadata, tombstone = false): void {
    const topic = this.ensureTopic();
    const part = topic.partitions[transactionPartitionFor(m.transactionalId, topic.partitions.length)];
    if (!part) throw new Error(`${TRANSACTION_STATE_TOPIC} has no partition for ${m.transactionalId}`);
    const now = Date.now();
    const batch = buildRecordBatch({ records: [{ key: txnLogKey(m.transactionalId), value: tombstone ? null : txnLogValue(m), timestamp: now }], now });
    part.log.appendControlOrBuilt(batch, { now, partitionLeaderEpoch: part.leaderEpoch });
    this.cluster.watchers.wakePartition(part.key);
  }

  /** InitProducerId with a transactional id; `expected` is the KIP-360 producer id/epoch (v3+), else null. */
  initProducerId(transactionalId: string, timeoutMs: number, expected: { producerId: number; epoch: number } | null, now = Date.now()): InitResult {
    const fail = (errorCode: number): InitResult => ({ errorCode, producerId: -1, producerEpoch: -1 });
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (timeoutMs <= 0 || timeoutMs > this.config.maxTimeoutMs) return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    let m = this.txns.get(transactionalId);
    if (!m || m.state === 'Dead') {
      m = newTxnMetadata(transactionalId, this.cluster.producerIds.allocate(), timeoutMs, now);
      this.track(m);
    } else if (expected !== null) {
      const current = expected.producerId === m.producerId && expected.epoch === m.producerEpoch;
      // A retried InitProducerId whose first attempt bumped the epoch gets the same answer again.
      const retried = (expected.producerId === m.producerId && expected.epoch === m.lastProducerEpoch)
        || (expected.producerId === m.lastProducerId && m.producerEpoch === 0);
      if (retried && !current && m.state !== 'Ongoing') return { errorCode: ErrorCode.NONE, producerId: m.producerId, producerEpoch: m.producerEpoch };
      if (!current) return fail(ErrorCode.PRODUCER_FENCED);
    }
    // A new instance aborts what the previous one left open; the abort bumps the epoch so the old instance is fenced.
    if (m.state === 'Ongoing') this.fenceAndAbort(m, now, 'transaction-aborted');
    if (epochExhausted(m.producerEpoch)) {
      this.byProducerId.delete(m.producerId);
      m.lastProducerId = m.producerId;
      m.producerId = this.cluster.producerIds.allocate();
      m.producerEpoch = 0;
      m.lastProducerEpoch = -1;
      this.byProducerId.set(m.producerId, transactionalId);
    } else {
      m.lastProducerEpoch = m.producerEpoch;
      m.producerEpoch += 1;
    }
    m.timeoutMs = timeoutMs;
    m.state = 'Empty';
    m.partitions.clear();
    m.groupIds.clear();
    m.startTimestamp = -1;
    m.lastUpdateTimestamp = now;
    this.persist(m);
    return { errorCode: ErrorCode.NONE, producerId: m.producerId, producerEpoch: m.producerEpoch };
  }

  /** The checks every client request about a transaction starts with (Kafka's TransactionCoordinator order). */
  private validate(transactionalId: string, producerId: number, producerEpoch: number): { m: TxnMetadata } | { errorCode: number } {
    const m = this.txns.get(transactionalId);
    if (!m || m.state === 'Dead' || m.producerId !== producerId) return { errorCode: ErrorCode.INVALID_PRODUCER_ID_MAPPING };
    if (m.producerEpoch !== producerEpoch) return { errorCode: ErrorCode.PRODUCER_FENCED };
    if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort' || m.state === 'PrepareEpochFence') return { errorCode: ErrorCode.CONCURRENT_TRANSACTIONS };
    return { m };
  }

  /** AddPartitionsToTxn (and AddOffsetsToTxn's offsets partition): the first call of a transaction begins it. */
  addPartitions(transactionalId: string, producerId: number, producerEpoch: number,
    topics: readonly { topic: string; partitions: readonly number[] }[], now = Date.now()): PartitionError[] {
    const all = topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
    const v = this.validate(transactionalId, producerId, producerEpoch);
    if ('errorCode' in v) return all.map((p) => ({ ...p, errorCode: v.errorCode }));
    const unknown = all.filter((p) => this.cluster.partition(p.topic, p.partition) === undefined);
    if (unknown.length > 0) {
      // Kafka: the unknown ones fail, the rest are not attempted.
      return all.map((p) => ({ ...p, errorCode: unknown.includes(p) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED }));
    }
    const m = v.m;
    const fresh = all.filter((p) => !hasPartition(m, p.topic, p.partition));
    if (m.state !== 'Ongoing') {
      m.state = 'Ongoing';
      m.startTimestamp = now;
      this.cluster.events.publish({ type: 'transaction-begun', transactionalId, producerId, producerEpoch });
    } else if (fresh.length === 0) {
      return all.map((p) => ({ ...p, errorCode: ErrorCode.NONE }));
    }
    for (const p of fresh) addPartition(m, p.topic, p.partition);
    m.lastUpdateTimestamp = now;
    this.persist(m);
    return all.map((p) => ({ ...p, errorCode: ErrorCode.NONE }));
  }

  /** AddOffsetsToTxn: the group's `__consumer_offsets` partition joins the transaction (it gets a marker too). */
  addOffsets(transactionalId: string, producerId: number, producerEpoch: number, groupId: string, now = Date.now()): number {
    const partition = this.groups.partitionFor(groupId);
    const [r] = this.addPartitions(transactionalId, producerId, producerEpoch, [{ topic: OFFSETS_TOPIC, partitions: [partition] }], now);
    const errorCode = r?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
    if (errorCode === ErrorCode.NONE) this.txns.get(transactionalId)?.groupIds.add(groupId);
    return errorCode;
  }

  /**
   * TxnOffsetCommit: validates, writes the offsets to the group's `__consumer_offsets` partition as
   * transactional records and holds them until EndTxn. Returns one error code per offset.
   */
  txnOffsetCommit(transactionalId: string, producerId: number, producerEpoch: number, groupId: string,
    offsets: readonly PendingOffset[], now = Date.now()): number[] {
    const v = this.validate(transactionalId, producerId, producerEpoch);
    let errorCode: number = 'errorCode' in v ? v.errorCode : ErrorCode.NONE;
    const offsetsPartition = this.groups.partitionFor(groupId);
    if ('m' in v && (v.m.state !== 'Ongoing' || !hasPartition(v.m, OFFSETS_TOPIC, offsetsPartition))) {
      errorCode = ErrorCode.INVALID_TXN_STATE; // AddOffsetsToTxn did not come first
    }
    const accepted: PendingOffset[] = [];
    const codes = offsets.map((o) => {
      if (errorCode !== ErrorCode.NONE) return errorCode;
      if (this.cluster.partition(o.topic, o.partition) === undefined) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      if (Buffer.byteLength(o.value.metadata) > this.groups.config.offsetMetadataMaxBytes) return ErrorCode.OFFSET_METADATA_TOO_LARGE;
      accepted.push(o);
      return ErrorCode.NONE;
    });
    appendTxnOffsets(this.cluster, offsetsPartition, producerId, producerEpoch, groupId, accepted, now);
    for (const o of accepted) this.pendingOffsets.add(producerId, groupId, o);
    return codes;
  }

  /** EndTxn. A retried EndTxn of a finished transaction answers NONE (Kafka's idempotent retry). */
  endTxn(transactionalId: string, producerId: number, producerEpoch: number, commit: boolean, now = Date.now()): number {
    const v = this.validate(transactionalId, producerId, producerEpoch);
    if ('errorCode' in v) return v.errorCode;
    const m = v.m;
    switch (m.state) {
      case 'Ongoing':
        this.complete(m, commit, now, commit ? 'transaction-committed' : 'transaction-aborted');
        return ErrorCode.NONE;
      case 'CompleteCommit':
        return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      case 'CompleteAbort':
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
      default:
        return ErrorCode.INVALID_TXN_STATE;
    }
  }

  /**
   * Produce of a transactional batch: the producer must own an ongoing transaction that includes the
   * partition (what KIP-890's verification guarantees), at its current epoch. Null when accepted.
   */
  verifyProduce(producerId: number, producerEpoch: number, topic: string, partition: number): { errorCode: number; message: string } | null {
    const m = this.byProducer(producerId);
    if (!m) return { errorCode: ErrorCode.INVALID_TXN_STATE, message: `producer id ${producerId} has no transaction` };
    if (producerEpoch < m.producerEpoch) {
      return { errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, message: `epoch ${producerEpoch} of producer ${producerId} is fenced by epoch ${m.producerEpoch}` };
    }
    if (producerEpoch !== m.producerEpoch || m.state !== 'Ongoing' || !hasPartition(m, topic, partition)) {
      return { errorCode: ErrorCode.INVALID_TXN_STATE, message: `${topic}-${partition} is not in an ongoing transaction of ${m.transactionalId} (state ${m.state})` };
    }
    return null;
  }

  /** Kafka's prepareAbortOrFenceEpoch: bump the epoch (unless exhausted) and abort with it, fencing the old producer. */
  private fenceAndAbort(m: TxnMetadata, now: number, event: 'transaction-aborted' | 'transaction-timed-out'): void {
    if (!epochExhausted(m.producerEpoch)) {
      m.lastProducerEpoch = m.producerEpoch;
      m.producerEpoch += 1;
    }
    this.complete(m, false, now, event);
  }

  /** PrepareX record, markers, pending offsets, CompleteX record. `event` null when replaying. */
  private complete(m: TxnMetadata, commit: boolean, now: number,
    event: 'transaction-committed' | 'transaction-aborted' | 'transaction-timed-out' | null): void {
    m.state = commit ? 'PrepareCommit' : 'PrepareAbort';
    m.lastUpdateTimestamp = now;
    this.persist(m);
    writeMarkers(this.cluster, m, commit, COORDINATOR_EPOCH, now);
    const pending = this.pendingOffsets.take(m.producerId);
    if (commit) {
      const offsets = this.groups.offsets;
      for (const [groupId, list] of pending) offsets.applyTransactionalOffsets(groupId, list);
    }
    const partitions = partitionList(m).map((p) => ({ topic: p.topic, partitions: p.partitions }));
    m.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    m.partitions.clear();
    m.groupIds.clear();
    this.persist(m);
    if (event) this.cluster.events.publish({ type: event, transactionalId: m.transactionalId, producerId: m.producerId, producerEpoch: m.producerEpoch, partitions });
  }

  /** Aborts transactions past their timeout; forgets ids idle longer than transactional.id.expiration.ms. */
  runExpiry(now: number): void {
    for (const m of [...this.txns.values()]) {
      if (m.state === 'Ongoing' && m.startTimestamp >= 0 && now > m.startTimestamp + m.timeoutMs) {
        this.cluster.log.info(`transaction ${m.transactionalId} (producer ${m.producerId}) timed out after ${m.timeoutMs} ms; aborting`);
        this.fenceAndAbort(m, now, 'transaction-timed-out');
      } else if ((m.state === 'Empty' || m.state === 'CompleteCommit' || m.state === 'CompleteAbort')
        && now > m.lastUpdateTimestamp + this.config.idExpirationMs) {
        this.persist(m, true);
        this.forget(m.transactionalId);
      }
    }
  }
}
