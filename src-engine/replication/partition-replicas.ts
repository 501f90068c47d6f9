/**
 * This broker's replicas of the replicated partitions: the role each has (from the cluster image), and for
 * leaders the followers' fetch positions, from which the high watermark (min log end over the ISR) advances and
 * the ISR shrinks (no catch-up for replica.lag.time.max.ms) or expands (caught up to the HW) via AlterPartition.
 * acks=all produces wait here for the HW to pass their last offset.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { PartitionState } from '../cluster/topics.js';
import type { PartitionImage } from './image.js';

interface FollowerPosition {
  logEndOffset: number;
  lastCaughtUpMs: number;
}

interface AckWaiter {
  offset: number;
  done(errorCode: number): void;
  timer: NodeJS.Timeout;
}

export class PartitionReplica {
  readonly followers = new Map<number, FollowerPosition>();
  private waiters: AckWaiter[] = [];
  /** An AlterPartition is in flight: no second one until it is answered (Kafka's pending ISR). */
  alterInFlight = false;

  constructor(readonly partition: PartitionState, private readonly selfId: number, public image: PartitionImage, now: number, private readonly onHighWatermark: () => void) {
    for (const r of image.replicas) if (r !== selfId) this.followers.set(r, { logEndOffset: -1, lastCaughtUpMs: now });
    this.startEpochIfLeader();
  }

  /** A leader's epoch starts at its log end (Kafka's makeLeader); its followers learn it from the batches. */
  private startEpochIfLeader(): void {
    if (this.isLeader) this.partition.log.epochs.assign(this.image.leaderEpoch, this.partition.log.logEndOffset);
  }

  get isLeader(): boolean {
    return this.image.leader === this.selfId;
  }

  /** A new image for this partition; returns true when the role or leader epoch changed. */
  update(image: PartitionImage, now: number): boolean {
    const changed = image.leader !== this.image.leader || image.leaderEpoch !== this.image.leaderEpoch;
    this.image = image;
    this.partition.leaderEpoch = image.leaderEpoch;
    for (const r of image.replicas) if (r !== this.selfId && !this.followers.has(r)) this.followers.set(r, { logEndOffset: -1, lastCaughtUpMs: now });
    if (changed) {
      // Positions learnt under another leader say nothing about this one.
      for (const f of this.followers.values()) f.logEndOffset = -1;
      this.failWaiters(ErrorCode.NOT_LEADER_OR_FOLLOWER);
      this.startEpochIfLeader();
    }
    if (this.isLeader) this.advanceHighWatermark();
    return changed;
  }

  /** A follower fetched at `fetchOffset`: that is its log end; caught up when it reached ours. */
  onFollowerFetch(replicaId: number, fetchOffset: number, now: number): void {
    const f = this.followers.get(replicaId);
    if (!f) return;
    f.logEndOffset = fetchOffset;
    if (fetchOffset >= this.partition.log.logEndOffset) f.lastCaughtUpMs = now;
    this.advanceHighWatermark();
  }

  advanceHighWatermark(): void {
    const log = this.partition.log;
    let hw = log.logEndOffset;
    for (const r of this.image.isr) {
      if (r === this.selfId) continue;
      hw = Math.min(hw, Math.max(0, this.followers.get(r)?.logEndOffset ?? 0));
    }
    if (hw > log.highWatermark) {
      log.setHighWatermark(hw);
      this.releaseWaiters();
      this.onHighWatermark();
    }
  }

  /** ISR the leader wants now: lagging members out, caught-up replicas in (null = no change). */
  wantedIsr(now: number, lagMaxMs: number): number[] | null {
    const hw = this.partition.log.highWatermark;
    const isr = this.image.isr.filter((r) => r === this.selfId || now - (this.followers.get(r)?.lastCaughtUpMs ?? 0) <= lagMaxMs);
    for (const [r, f] of this.followers) {
      if (!isr.includes(r) && f.logEndOffset >= hw && now - f.lastCaughtUpMs <= lagMaxMs) isr.push(r);
    }
    const same = isr.length === this.image.isr.length && isr.every((r) => this.image.isr.includes(r));
    return same ? null : isr.sort((a, b) => a - b);
  }

  /** acks=all: resolves with NONE once the HW passes `lastOffset`, or the error that ended the wait. */
  awaitHighWatermark(lastOffset: number, timeoutMs: number): Promise<number> {
    if (this.partition.log.highWatermark > lastOffset) return Promise.resolve(ErrorCode.NONE);
    return new Promise((resolve) => {
      const waiter: AckWaiter = {
        offset: lastOffset,
        done: (code) => {
          clearTimeout(waiter.timer);
          resolve(code);
        },
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(ErrorCode.REQUEST_TIMED_OUT);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private releaseWaiters(): void {
    const hw = this.partition.log.highWatermark;
    const done = this.waiters.filter((w) => hw > w.offset);
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => hw <= w.offset);
    for (const w of done) w.done(ErrorCode.NONE);
  }

  failWaiters(errorCode: number): void {
    const all = this.waiters;
    this.waiters = [];
    for (const w of all) w.done(errorCode);
  }
}
