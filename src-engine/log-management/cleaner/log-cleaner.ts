/**
 * The log cleaner (Kafka's LogCleaner, one thread): every log.cleaner.backoff.ms it picks the filthiest
 * eligible compacted partition, builds the key -> latest offset map over its dirty section, rewrites each
 * closed segment up to the first uncleanable offset keeping only retained records, swaps the results in
 * (.cleaned -> .swap -> .log) and records the new first dirty offset in cleaner-offset-checkpoint.
 * The heavy part of a pass (reading, mapping, recompressing, writing `.cleaned` files: clean-pass.ts) runs on a
 * worker thread; the broker's loop keeps serving meanwhile and only plans the pass and, afterwards, swaps the
 * files in synchronously (so appends and fetches never see a half-swapped log) and updates state. Segments
 * that retention deleted while the worker ran are simply not swapped. One pass runs at a time.
 */
import type { Cluster } from '../../cluster/cluster.js';
import type { PartitionState } from '../../cluster/topics.js';
import type { LogSegment } from '../../storage/segment.js';
import { discardCleanedFile, swapInCleanedFile, type SwapPoint } from '../../storage/log-maintenance.js';
import { topicConfigOf } from '../../config/cluster-configs.js';
import type { TopicConfig } from '../../config/topic-config.js';
import { WorkerPool } from '../../workers/pool.js';
import { workerFile } from '../../workers/worker-file.js';
import type { FileDeleter } from '../file-deleter.js';
import { CleanerCheckpoint } from './checkpoint.js';
import { offsetMapCapacity } from './offset-map.js';
import { cleanableRange, type CleanReason, type CleanableInfo } from './cleanable.js';
import type { CleanPassInput, CleanPassResult } from './clean-pass.js';

export interface CleanerRun {
  readonly topic: string;
  readonly partition: number;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly reason: CleanReason | 'forced';
  readonly firstDirtyOffset: number;
  readonly endOffset: number;
  readonly segmentsRewritten: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly recordsBefore: number;
  readonly recordsAfter: number;
  readonly tombstonesRemoved: number;
  readonly tombstonesRetained: number;
  readonly keys: number;
}

interface PartitionCleanerState {
  lastRun: CleanerRun | null;
  runs: number;
  tombstonesPending: number;
  nextTombstoneExpiry: number | null;
}

export interface CleanerPartitionInsight extends CleanableInfo {
  readonly compacted: boolean;
  readonly lastRun: CleanerRun | null;
  readonly runs: number;
  readonly tombstonesPending: number;
  readonly nextTombstoneExpiry: number | null;
}

const HISTORY_SIZE = 100;

/** Test hook: the crash-recovery test sets this to kill the broker in the middle of a swap. */
const CRASH_POINT = process.env.KAFKADESK_TEST_CLEANER_CRASH_AT as SwapPoint | undefined;

export class LogCleaner {
  readonly checkpoint: CleanerCheckpoint;
  private readonly state = new Map<string, PartitionCleanerState>();
  /** The latest runs across partitions, newest last (for the GUI's cleaner activity view). */
  private readonly history: CleanerRun[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The cleaner thread (Kafka's log.cleaner.threads = 1). */
  private readonly thread = new WorkerPool<CleanPassInput, CleanPassResult>(workerFile(import.meta.url, 'clean-worker'), { size: 1, name: 'kafkadesk-log-cleaner' });
  /** The pass in progress (passes run one at a time, timer-driven or forced). */
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(private readonly cluster: Cluster, private readonly deleter: FileDeleter, private readonly backoffMs: () => number,
    private readonly dedupeBufferBytes: () => number = () => 128 * 1024 * 1024) {
    this.checkpoint = new CleanerCheckpoint(cluster.options.dataDir);
  }

  start(): void {
    this.schedule(this.backoffMs());
  }

  /** Stops scheduling and the cleaner thread; a pass in progress is abandoned (its `.cleaned` files are discarded at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.thread.close();
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.cleanFilthiest(Date.now()).then((cleaned) => cleaned, (err: unknown) => {
        if (!this.stopped) this.cluster.log.warn(`log cleaner: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      }).then((cleaned) => {
        // Like Kafka: keep going while there is work, back off when every log is clean enough.
        this.schedule(cleaned ? 0 : this.backoffMs());
      });
    }, delay);
    this.timer.unref();
  }

  /** Runs `fn` after the pass in progress (if any) has finished. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(fn, fn);
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  private stateOf(p: PartitionState): PartitionCleanerState {
    let s = this.state.get(p.key);
    if (!s) {
      s = { lastRun: null, runs: 0, tombstonesPending: 0, nextTombstoneExpiry: null };
      this.state.set(p.key, s);
    }
    return s;
  }

  private configOf(p: PartitionState): TopicConfig {
    return topicConfigOf(this.cluster, p.topic.configOverrides);
  }

  cleanable(p: PartitionState, now: number, config: TopicConfig = this.configOf(p)): CleanableInfo {
    const log = p.log;
    return cleanableRange({
      segments: log.segments(),
      checkpoint: this.checkpoint.get(p.topic.name, p.index),
      logStartOffset: log.logStartOffset,
      logEndOffset: log.logEndOffset,
      lastStableOffset: log.lastStableOffset,
      now,
      config,
      nextTombstoneExpiry: this.stateOf(p).nextTombstoneExpiry,
    });
  }

  /** Cleans the eligible compacted partition with the highest dirty ratio; false when none is eligible. */
  cleanFilthiest(now: number): Promise<boolean> {
    return this.serialized(async () => {
      const best = this.filthiest(now);
      if (best === null) return false;
      await this.clean(best.p, now, best.info, best.info.reason ?? 'dirty-ratio');
      return true;
    });
  }

  private filthiest(now: number): { p: PartitionState; info: CleanableInfo } | null {
    let best: { p: PartitionState; info: CleanableInfo } | null = null;
    for (const topic of this.cluster.topics.byName.values()) {
      const config = topicConfigOf(this.cluster, topic.configOverrides);
      if (!config.cleanupPolicy.compact) continue;
      for (const p of topic.partitions) {
        const info = this.cleanable(p, now, config);
        if (info.eligible && (best === null || info.dirtyRatio > best.info.dirtyRatio)) best = { p, info };
      }
    }
    this.checkpoint.retainOnly((t, i) => this.cluster.partition(t, i) !== undefined);
    return best;
  }

  /**
   * Cleans one partition now regardless of its dirty ratio (GUI "compact now", tests), after any pass in
   * progress; null if the partition does not exist (or went away during the pass).
   */
  cleanNow(topic: string, partition: number, now?: number): Promise<CleanerRun | null> {
    return this.serialized(async () => {
      const p = this.cluster.partition(topic, partition);
      if (!p) return null;
      const at = now ?? Date.now();
      return this.clean(p, at, this.cleanable(p, at), 'forced');
    });
  }

  private async clean(p: PartitionState, now: number, info: CleanableInfo, reason: CleanReason | 'forced'): Promise<CleanerRun | null> {
    const started = Date.now();
    const config = this.configOf(p);
    const log = p.log;
    const segments: LogSegment[] = [...log.maintenanceAccess().segments];
    const result = await this.thread.run({
      segments: segments.map((seg) => ({ logFile: seg.files.log, baseOffset: seg.baseOffset, nextOffset: seg.nextOffset, size: seg.size })),
      firstDirtyOffset: info.firstDirtyOffset,
      firstUncleanableOffset: info.firstUncleanableOffset,
      mapCapacity: offsetMapCapacity(this.dedupeBufferBytes()),
      now,
      deleteRetentionMs: config.deleteRetentionMs,
      segmentBytes: config.segmentBytes,
    });
    // Back on the loop: the log may have changed meanwhile (retention, DeleteRecords, the topic deleted).
    if (this.stopped || this.cluster.partition(p.topic.name, p.index)?.log !== log) {
      for (const swap of result.swaps) discardCleanedFile(swap.cleanedFile);
      return null;
    }
    const crash = (point: SwapPoint): void => {
      if (point === CRASH_POINT) process.kill(process.pid, 'SIGKILL');
    };
    let rewritten = 0;
    for (const swap of result.swaps) {
      const olds = segments.slice(swap.first, swap.first + swap.count);
      if (swapInCleanedFile(log, olds, swap.cleanedFile, config.fileDeleteDelayMs, this.deleter.deleteLater, crash)) rewritten += olds.length;
    }
    const { endOffset, stats } = result;
    this.checkpoint.set(p.topic.name, p.index, endOffset);
    const run: CleanerRun = {
      topic: p.topic.name,
      partition: p.index,
      startedAt: started,
      durationMs: Date.now() - started,
      reason,
      firstDirtyOffset: info.firstDirtyOffset,
      endOffset,
      segmentsRewritten: rewritten,
      bytesBefore: stats.bytesBefore,
      bytesAfter: stats.bytesAfter,
      recordsBefore: stats.recordsBefore,
      recordsAfter: stats.recordsAfter,
      tombstonesRemoved: stats.tombstonesRemoved,
      tombstonesRetained: stats.tombstonesRetained,
      keys: result.keys,
    };
    this.history.push(run);
    if (this.history.length > HISTORY_SIZE) this.history.shift();
    const state = this.stateOf(p);
    state.lastRun = run;
    state.runs++;
    state.tombstonesPending = stats.tombstonesRetained;
    state.nextTombstoneExpiry = stats.nextTombstoneExpiry;
    this.cluster.events.publish({
      type: 'log-cleaned', topic: p.topic.name, partition: p.index,
      bytesBefore: run.bytesBefore, bytesAfter: run.bytesAfter, recordsBefore: run.recordsBefore, recordsAfter: run.recordsAfter,
    });
    return run;
  }

  recentRuns(): readonly CleanerRun[] {
    return this.history;
  }

  insight(topic: string, partition: number, now = Date.now()): CleanerPartitionInsight | null {
    const p = this.cluster.partition(topic, partition);
    if (!p) return null;
    const config = this.configOf(p);
    const s = this.stateOf(p);
    return {
      ...this.cleanable(p, now, config),
      compacted: config.cleanupPolicy.compact,
      lastRun: s.lastRun,
      runs: s.runs,
      tombstonesPending: s.tombstonesPending,
      nextTombstoneExpiry: s.nextTombstoneExpiry,
    };
  }
}
