/**
 * One partition's log: `<dataDir>/<topic>-<partition>/` holding `partition.metadata`, segments and producer
 * snapshots. Everything is synchronous and runs on the broker's single event loop.
 *
 * API used by the handlers (keep stable):
 *   PartitionLog.open({ dir, topic, partition, topicId, logDir?, config, now? })  runs recovery after an unclean shutdown
 *   PartitionLog.readTopicId(dir)                                         topic id from partition.metadata, or null
 *   log.append(records, { now, partitionLeaderEpoch, batches? }) -> AppendInfo
 *       `records` MUST already be validated (validateProduceRecords: framing, CRC, records) and producer-checked
 *       (log.producerState.check); append only re-reads headers (or takes `batches` from validation), assigns
 *       offsets in place, stamps LogAppendTime if configured, writes once, and updates producer state.
 *   log.appendControlOrBuilt(batch, { now?, partitionLeaderEpoch? }) -> AppendInfo   markers / broker-built batches
 *   log.read(fetchOffset, maxBytes, { minOneBatch, maxOffset?, alloc?, partialLastBatch? }) -> { chunks, bytes }
 *       throws KafkaError OFFSET_OUT_OF_RANGE outside [logStartOffset, logEndOffset]; whole stored batches, the first
 *       one containing fetchOffset; with minOneBatch the first batch comes whole even when larger than maxBytes
 *       (KIP-74); with partialLastBatch the bytes are cut at maxBytes like Kafka's fetch (may end inside a batch).
 *   logStartOffset, logEndOffset, highWatermark (= logEndOffset, single node), lastStableOffset, sizeInBytes,
 *   segments(), offsetForTimestamp(ts), maxTimestampEntry(), deleteRecordsBefore(offset), deleteOldestSegment(reason),
 *   replicas: setHighWatermark(offset), appendAsFollower(records) (offsets kept), truncateTo(offset), see docs/CLUSTER.md.
 *   roll(), flush(), flushIfDue(now), close(), delete(), abortedTransactions(from, to) (from the .txnindex files), producerState,
 *   epochs (leader-epoch-checkpoint, OffsetForLeaderEpoch), settings, maintenanceAccess() (see log-maintenance.ts).
 * Durability: appends go to the page cache; fsync happens on roll, close, flush() and flush.messages/flush.ms.
 * Crash safety comes from recovery (log-loader.ts): every batch after the recovery point is re-verified.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { ProducerStateManager } from '../producers/producer-state.js';
import { writeSnapshot } from '../producers/producer-snapshot.js';
import type { LogDir } from './log-dir.js';
import { applyBatchToProducerState, loadSegments } from './log-loader.js';
import { DEFAULT_LOG_SETTINGS, type LogSettings } from './log-settings.js';
import { LogSegment, segmentIndexFor, type SegmentReadOptions } from './segment.js';
import { describeSegment, type SegmentInfo } from './segment-info.js';
import type { AppendInfo, MaintenanceAccess, PartitionLogOptions, ReadResult } from './partition-log-types.js';
import type { AbortedTxn } from './transaction-index.js';
import { writeFileAtomically } from './checkpoint-file.js';
import { LeaderEpochCache } from './leader-epoch-cache.js';
import { followerBatches, truncateSegments } from './replica-log.js';
import { assignBatchOffset, parseBatches, setLogAppendTime, type BatchHeader } from './record-batch.js';

export { DEFAULT_LOG_SETTINGS, type LogSettings, type SegmentInfo };
export type { AppendInfo, MaintenanceAccess, PartitionLogOptions, ReadResult };

export const PARTITION_METADATA_FILE = 'partition.metadata';

export class PartitionLog {
  readonly producerState = new ProducerStateManager();
  /** Leader epochs and their start offsets; assigned as batches are appended, trimmed with the log. */
  readonly epochs: LeaderEpochCache;
  private segs: LogSegment[] = [];
  private startOffset = 0;
  private recoveryPoint = 0;
  private unflushedRecords = 0;
  private lastFlushMs: number;
  private closed = false;
  private replicatedHw: number | null = null; // set once replicated: the HW then trails the log end
  /** Bytes dropped by recovery at open (for logs and the GUI). */
  readonly recoveredBytesTruncated: number;
  private readonly logDir: LogDir | undefined;

  private constructor(private readonly opts: PartitionLogOptions) {
    const now = opts.now ?? Date.now;
    fs.mkdirSync(opts.dir, { recursive: true });
    this.writePartitionMetadata();
    this.logDir = opts.logDir;
    const markerClean = fs.existsSync(path.join(path.dirname(opts.dir), '.kafka_cleanshutdown'));
    const cleanShutdown = opts.cleanShutdown ?? this.logDir?.hadCleanShutdown ?? markerClean;
    const checkpointedRecoveryPoint = this.logDir?.recoveryPoint(opts.topic, opts.partition) ?? 0;
    const loaded = loadSegments(opts.dir, opts.config(), {
      cleanShutdown,
      recoveryPoint: checkpointedRecoveryPoint,
      logStartOffset: this.logDir?.logStartOffset(opts.topic, opts.partition),
      producerState: this.producerState,
    });
    this.segs = loaded.segments;
    this.startOffset = loaded.logStartOffset;
    // Recovered-but-unflushed data stays above the recovery point until the next flush or roll (like LogLoader).
    this.recoveryPoint = cleanShutdown ? this.logEndOffset : Math.min(checkpointedRecoveryPoint, this.logEndOffset);
    this.recoveredBytesTruncated = loaded.bytesTruncated;
    this.epochs = LeaderEpochCache.open(opts.dir, this.segs);
    this.epochs.truncateFromEnd(this.logEndOffset);
    this.epochs.truncateFromStart(this.startOffset);
    this.lastFlushMs = now();
    this.logDir?.register(opts.topic, opts.partition, () => this.offsetsForCheckpoint());
  }

  static open(opts: PartitionLogOptions): PartitionLog {
    return new PartitionLog(opts);
  }

  /** Topic id stored in `<dir>/partition.metadata`, or null when absent or unreadable. */
  static readTopicId(dir: string): string | null {
    const file = path.join(dir, PARTITION_METADATA_FILE);
    if (!fs.existsSync(file)) return null;
    const m = /^topic_id:\s*(\S+)\s*$/m.exec(fs.readFileSync(file, 'utf8'));
    return m?.[1] ?? null;
  }

  private writePartitionMetadata(): void {
    const file = path.join(this.opts.dir, PARTITION_METADATA_FILE);
    if (PartitionLog.readTopicId(this.opts.dir) === this.opts.topicId) return;
    writeFileAtomically(file, `version: 0\ntopic_id: ${this.opts.topicId}\n`);
  }

  get topic(): string { return this.opts.topic; }
  get partition(): number { return this.opts.partition; }
  get topicId(): string { return this.opts.topicId; }
  get dir(): string { return this.opts.dir; }
  get settings(): LogSettings { return this.opts.config(); }
  get logStartOffset(): number { return this.startOffset; }
  get logEndOffset(): number { return this.active.nextOffset; }
  /** Single node: everything appended is committed; replicated: what the ISR has (never above the log end). */
  get highWatermark(): number { return this.replicatedHw === null ? this.logEndOffset : Math.min(this.replicatedHw, this.logEndOffset); }
  /** Replication moves the HW from here on (initially the replication-offset-checkpoint's value). */
  setHighWatermark(offset: number): void {
    this.replicatedHw = Math.max(this.startOffset, Math.min(offset, this.logEndOffset));
  }
  /** The HW in replication-offset-checkpoint at open (undefined when none). */
  get checkpointedHighWatermark(): number | undefined { return this.logDir?.highWatermark(this.opts.topic, this.opts.partition); }
  /** First offset of the oldest ongoing transaction, else the high watermark. */
  get lastStableOffset(): number {
    const unstable = this.producerState.firstUnstableOffset();
    return unstable === null ? this.highWatermark : Math.min(unstable, this.highWatermark);
  }
  get sizeInBytes(): number {
    let total = 0;
    for (const s of this.segs) total += s.size;
    return total;
  }
  private get active(): LogSegment { return this.segs[this.segs.length - 1] as LogSegment; }

  /**
   * Appends validated client batches. Offsets are assigned in place in `records` (which is then stored as is):
   * keep no other reference to it expecting the original bytes.
   */
  append(records: Buffer, opts: { now: number; partitionLeaderEpoch: number; batches?: BatchHeader[] }): AppendInfo {
    let batches = opts.batches;
    if (!batches) {
      const parsed = parseBatches(records, { verifyCrc: false });
      if (!parsed.ok) throw new KafkaError(parsed.errorCode, parsed.message);
      batches = parsed.batches;
    }
    return this.appendBatches(records, batches, opts.now, opts.partitionLeaderEpoch, true);
  }

  /** A follower's append: the leader's batches as they are (offsets and leader epochs kept); must start at the log end. */
  appendAsFollower(records: Buffer): AppendInfo {
    return this.appendBatches(records, followerBatches(records, this.logEndOffset), Date.now(), -1, false, true);
  }

  /** Appends a broker-built batch (transaction marker, compaction or GUI output); its offset is assigned here. */
  appendControlOrBuilt(batch: Buffer, opts: { now?: number; partitionLeaderEpoch?: number } = {}): AppendInfo {
    const parsed = parseBatches(batch, { verifyCrc: true });
    if (!parsed.ok) throw new KafkaError(parsed.errorCode, parsed.message);
    return this.appendBatches(batch, parsed.batches, opts.now ?? (this.opts.now ?? Date.now)(), opts.partitionLeaderEpoch ?? 0, false);
  }

  private appendBatches(records: Buffer, batches: BatchHeader[], now: number, leaderEpoch: number, fromClient: boolean, asFollower = false): AppendInfo {
    this.ensureOpen();
    if (batches.length === 0) throw new KafkaError(ErrorCode.INVALID_RECORD, 'nothing to append');
    const settings = this.opts.config();
    const logAppendTime = settings.messageTimestampType === 'LogAppendTime' && fromClient;
    const firstOffset = this.logEndOffset;
    let offset = firstOffset;
    let maxTimestamp = -1;
    let offsetOfMaxTimestamp = firstOffset;
    let recordCount = 0;
    for (const b of batches) {
      if (asFollower) offset = b.baseOffset;
      else assignBatchOffset(records, b.position, offset, leaderEpoch);
      if (logAppendTime) setLogAppendTime(records, b.position, b.sizeInBytes, now);
      const last = offset + b.lastOffsetDelta;
      const ts = logAppendTime ? now : b.maxTimestamp;
      if (ts > maxTimestamp) {
        maxTimestamp = ts;
        offsetOfMaxTimestamp = last;
      }
      recordCount += b.recordCount;
      offset = last + 1;
    }
    const lastOffset = offset - 1;
    this.maybeRoll(records.length, lastOffset, maxTimestamp, now, settings);
    this.active.append(records, lastOffset, maxTimestamp, offsetOfMaxTimestamp, settings.indexIntervalBytes);
    let base = firstOffset;
    for (const b of batches) {
      this.epochs.assign(asFollower ? b.partitionLeaderEpoch : leaderEpoch, base);
      if (b.producerId >= 0) {
        const h: BatchHeader = { ...b, baseOffset: base, lastOffset: base + b.lastOffsetDelta, position: 0,
          maxTimestamp: logAppendTime ? now : b.maxTimestamp };
        const aborted = applyBatchToProducerState(this.producerState, h, () => records.subarray(b.position, b.position + b.sizeInBytes));
        if (aborted) this.active.txnIndex.append(aborted);
      }
      base += b.lastOffsetDelta + 1;
    }
    this.unflushedRecords += recordCount;
    if ((settings.flushIntervalMessages !== undefined && this.unflushedRecords >= settings.flushIntervalMessages)
      || (settings.flushIntervalMs !== undefined && now - this.lastFlushMs >= settings.flushIntervalMs)) {
      this.flush(now);
    }
    return {
      firstOffset, lastOffset, logAppendTime: logAppendTime ? now : -1, logStartOffset: this.startOffset,
      maxTimestamp, offsetOfMaxTimestamp, recordCount,
    };
  }

  /**
   * Kafka's LogSegment.shouldRoll: size, age, full index, or an offset that no longer fits 32 bits. Age is the
   * incoming max timestamp minus the segment's first batch timestamp (or wall time since creation without one).
   */
  private maybeRoll(bytes: number, lastOffset: number, maxTimestamp: number, now: number, settings: LogSettings): void {
    const seg = this.active;
    if (seg.size === 0) return;
    const first = seg.rollingBasedTimestamp;
    const age = first !== null && first >= 0 ? maxTimestamp - first : now - seg.createdAtMs;
    if (seg.size + bytes > settings.segmentBytes || age > settings.segmentMs || seg.isIndexFull() || !seg.canHoldOffset(lastOffset)) {
      this.roll(now);
    }
  }

  /** Drops every record at or above `offset` (a follower's divergent tail); the HW and recovery point follow. */
  truncateTo(offset: number): void {
    this.ensureOpen();
    // Even with nothing to drop: an epoch this broker started as leader without appending to it must go (Kafka's).
    if (offset >= this.logEndOffset) return this.epochs.truncateFromEnd(this.logEndOffset);
    truncateSegments(this.opts.dir, this.segs, Math.max(offset, this.startOffset), this.startOffset, this.producerState);
    this.recoveryPoint = Math.min(this.recoveryPoint, this.logEndOffset);
    if (this.replicatedHw !== null) this.replicatedHw = Math.min(this.replicatedHw, this.logEndOffset);
    this.epochs.truncateFromEnd(this.logEndOffset);
  }

  /** Starts a new active segment at the log end (no-op when the active segment is empty). */
  roll(now: number = (this.opts.now ?? Date.now)()): void {
    this.ensureOpen();
    const old = this.active;
    if (old.size === 0) return;
    old.onBecomeInactive();
    const next = LogSegment.create(this.opts.dir, this.logEndOffset, this.opts.config().segmentIndexBytes);
    this.segs.push(next);
    writeSnapshot(this.opts.dir, next.baseOffset, this.producerState);
    this.recoveryPoint = next.baseOffset;
    this.lastFlushMs = now;
    this.logDir?.writeCheckpoints();
    this.opts.onRoll?.(next.baseOffset);
  }

  read(fetchOffset: number, maxBytes: number, opts: SegmentReadOptions): ReadResult {
    this.ensureOpen();
    if (fetchOffset < this.startOffset || fetchOffset > this.logEndOffset) {
      throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE,
        `offset ${fetchOffset} is outside [${this.startOffset}, ${this.logEndOffset}]`);
    }
    const maxOffset = Math.min(opts.maxOffset ?? this.highWatermark, this.logEndOffset);
    let i = segmentIndexFor(this.segs, fetchOffset);
    let from = fetchOffset;
    while (from < maxOffset && i < this.segs.length) {
      const seg = this.segs[i] as LogSegment;
      if (from < seg.nextOffset) {
        // This segment holds the batch containing `from`: answer from it alone, even if nothing fits.
        const r = seg.read(from, maxBytes, { ...opts, maxOffset });
        return r && r.bytes.length > 0 ? { chunks: [r.bytes], bytes: r.bytes.length } : { chunks: [], bytes: 0 };
      }
      i++;
      const nextSeg = this.segs[i];
      if (nextSeg) from = Math.max(from, nextSeg.baseOffset);
    }
    return { chunks: [], bytes: 0 };
  }

  /** ListOffsets by time: first offset whose timestamp >= ts (null when every record is older). */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    for (const seg of this.segs) {
      if (seg.nextOffset <= this.startOffset || seg.maxTimestampSoFar < ts) continue;
      const hit = seg.findOffsetByTimestamp(ts, this.startOffset);
      if (hit) return hit;
    }
    return null;
  }

  /** ListOffsets MAX_TIMESTAMP (-3): the record with the largest timestamp; {-1, -1} for an empty log. */
  maxTimestampEntry(): { offset: number; timestamp: number } {
    let best: LogSegment | null = null;
    for (const seg of this.segs) {
      if (seg.size > 0 && seg.nextOffset > this.startOffset && (best === null || seg.maxTimestampSoFar > best.maxTimestampSoFar)) best = seg;
    }
    return best?.maxTimestampRecord() ?? { offset: -1, timestamp: -1 };
  }

  /** DeleteRecords: moves the log start offset up to `offset` (<= high watermark) and drops whole segments below it. */
  deleteRecordsBefore(offset: number): number {
    this.ensureOpen();
    if (offset > this.highWatermark || offset < 0) {
      throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `cannot delete records before ${offset}: high watermark is ${this.highWatermark}`);
    }
    if (offset <= this.startOffset) return this.startOffset;
    this.startOffset = offset;
    if (this.active.nextOffset <= offset && this.active.size > 0) this.roll();
    while (this.segs.length > 1 && (this.segs[0] as LogSegment).nextOffset <= offset) {
      (this.segs.shift() as LogSegment).closeAndDelete();
    }
    this.producerState.truncateHead(offset);
    this.epochs.truncateFromStart(offset);
    this.logDir?.writeCheckpoints();
    return this.startOffset;
  }

  /**
   * Retention hook: deletes the oldest segment (rolling first if it is the only, non-empty one) and moves the log
   * start offset to the next segment. Returns false when there is nothing to delete.
   */
  deleteOldestSegment(_reason: string): boolean {
    this.ensureOpen();
    if (this.segs.length === 1) {
      if (this.active.size === 0) return false;
      this.roll();
    }
    (this.segs.shift() as LogSegment).closeAndDelete();
    this.startOffset = Math.max(this.startOffset, (this.segs[0] as LogSegment).baseOffset);
    this.producerState.truncateHead(this.startOffset);
    this.epochs.truncateFromStart(this.startOffset);
    this.logDir?.writeCheckpoints();
    return true;
  }

  /**
   * Hook for log maintenance (retention and the cleaner, via storage/log-maintenance.ts): the live segment list,
   * oldest first, which those functions edit in place (always leaving the active segment last), and a way to
   * move the log start offset forward.
   */
  maintenanceAccess(): MaintenanceAccess {
    this.ensureOpen();
    return {
      segments: this.segs,
      advanceLogStartOffset: (offset: number) => {
        if (offset <= this.startOffset) return;
        this.startOffset = offset;
        this.producerState.truncateHead(offset);
        this.epochs.truncateFromStart(offset);
      },
      roll: () => this.roll(),
      writeCheckpoints: () => this.logDir?.writeCheckpoints(),
      settings: () => this.opts.config(),
    };
  }

  /** Per-segment facts for the GUI and retention planning. */
  segments(): SegmentInfo[] {
    return this.segs.map((s, i) => describeSegment(s, i === this.segs.length - 1));
  }

  /** Aborted transactions overlapping [from, to), from the segments' .txnindex files (read_committed fetches). */
  abortedTransactions(from: number, to: number): { producerId: number; firstOffset: number }[] {
    const found: AbortedTxn[] = [];
    for (let i = segmentIndexFor(this.segs, from); i < this.segs.length; i++) (this.segs[i] as LogSegment).txnIndex.collect(from, to, found);
    return found.map((t) => ({ producerId: t.producerId, firstOffset: t.firstOffset }));
  }

  /** fsyncs the active segment and its indexes; the recovery point becomes the log end. */
  flush(now: number = (this.opts.now ?? Date.now)()): void {
    this.ensureOpen();
    this.active.fsync();
    this.recoveryPoint = this.logEndOffset;
    this.unflushedRecords = 0;
    this.lastFlushMs = now;
  }

  /** flush.ms for idle logs: a scheduler calls this periodically; returns true when it flushed. */
  flushIfDue(now: number = (this.opts.now ?? Date.now)()): boolean {
    const interval = this.opts.config().flushIntervalMs;
    if (this.closed || interval === undefined || this.unflushedRecords === 0 || now - this.lastFlushMs < interval) return false;
    this.flush(now);
    return true;
  }

  private offsetsForCheckpoint(): { recoveryPoint: number; logStartOffset: number; highWatermark: number } {
    return { recoveryPoint: this.recoveryPoint, logStartOffset: this.startOffset, highWatermark: this.highWatermark };
  }

  /** Flushes, snapshots producer state and closes files; the data directory then writes its clean-shutdown state. */
  close(): void {
    if (this.closed) return;
    this.flush();
    writeSnapshot(this.opts.dir, this.logEndOffset, this.producerState);
    for (const s of this.segs) s.close();
    this.closed = true;
    this.logDir?.unregister(this.opts.topic, this.opts.partition, this.offsetsForCheckpoint());
  }

  /** Closes and removes the partition directory. */
  delete(): void {
    if (!this.closed) for (const s of this.segs) s.close();
    this.closed = true;
    this.logDir?.unregister(this.opts.topic, this.opts.partition, null);
    fs.rmSync(this.opts.dir, { recursive: true, force: true });
  }

  private ensureOpen(): void {
    if (this.closed) throw new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, `log ${this.opts.topic}-${this.opts.partition} is closed`);
  }
}
