/**
 * The log cleaner (Kafka's LogCleaner, one thread): every log.cleaner.backoff.ms it picks the filthiest
 * eligible compacted partition, builds the key -> latest offset map over its dirty section, rewrites each
 * closed segment up to the first uncleanable offset keeping only retained records, swaps the results in
 * (.cleaned -> .swap -> .log) and records the new first dirty offset in cleaner-offset-checkpoint.
 * A partition is cleaned synchronously on the event loop, so appends and fetches never see a half-swapped log.
 */
import fs from 'node:fs';
import type { Cluster } from '../../cluster/cluster.js';
import type { PartitionState } from '../../cluster/topics.js';
import { parseBatches } from '../../storage/record-batch.js';
import type { LogSegment } from '../../storage/segment.js';
import { swapInCleanedSegments, type SwapPoint } from '../../storage/log-maintenance.js';
import { topicConfigOf } from '../../config/cluster-configs.js';
import type { TopicConfig } from '../../config/topic-config.js';
import type { FileDeleter } from '../file-deleter.js';
import { CleanerCheckpoint } from './checkpoint.js';
import { OffsetMap, fillOffsetMap, offsetMapCapacity, type StoredBatch } from './offset-map.js';
import { buildTxnView } from './transactions.js';
import { cleanBatch, emptyStats } from './clean-batches.js';
import { cleanableRange, type CleanReason, type CleanableInfo } from './cleanable.js';
import { groupCleaned, needsSwap, type CleanedSegment } from './grouping.js';

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

function readBatches(seg: LogSegment): StoredBatch[] {
  if (seg.size === 0) return [];
  const fd = fs.openSync(seg.files.log, 'r');
  const buf = Buffer.allocUnsafe(seg.size);
  try {
    let read = 0;
    while (read < seg.size) read += fs.readSync(fd, buf, read, seg.size - read, read);
  } finally {
    fs.closeSync(fd);
  }
  const parsed = parseBatches(buf, { verifyCrc: false });
  if (!parsed.ok) throw new Error(`cannot clean ${seg.files.log}: ${parsed.message}`);
  return parsed.batches.map((h) => ({ bytes: buf.subarray(h.position, h.position + h.sizeInBytes), header: { ...h, position: 0 } }));
}

export class LogCleaner {
  readonly checkpoint: CleanerCheckpoint;
  private readonly state = new Map<string, PartitionCleanerState>();
  /** The latest runs across partitions, newest last (for the GUI's cleaner activity view). */
  private readonly history: CleanerRun[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly cluster: Cluster, private readonly deleter: FileDeleter, private readonly backoffMs: () => number,
    private readonly dedupeBufferBytes: () => number = () => 128 * 1024 * 1024) {
    this.checkpoint = new CleanerCheckpoint(cluster.options.dataDir);
  }

  start(): void {
    this.schedule(this.backoffMs());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      let cleaned = false;
      try {
        cleaned = this.cleanFilthiest(Date.now());
      } catch (err) {
        this.cluster.log.warn(`log cleaner: ${err instanceof Error ? err.message : String(err)}`);
      }
      // Like Kafka: keep going while there is work, back off when every log is clean enough.
      this.schedule(cleaned ? 0 : this.backoffMs());
    }, delay);
    this.timer.unref();
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
  cleanFilthiest(now: number): boolean {
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
    if (best === null) return false;
    this.clean(best.p, now, best.info, best.info.reason ?? 'dirty-ratio');
    return true;
  }

  /** Cleans one partition now regardless of its dirty ratio (GUI "compact now", tests). */
  cleanNow(topic: string, partition: number, now = Date.now()): CleanerRun | null {
    const p = this.cluster.partition(topic, partition);
    if (!p) return null;
    return this.clean(p, now, this.cleanable(p, now), 'forced');
  }

  private clean(p: PartitionState, now: number, info: CleanableInfo, reason: CleanReason | 'forced'): CleanerRun {
    const started = Date.now();
    const config = this.configOf(p);
    const access = p.log.maintenanceAccess();
    const segments = [...access.segments];
    const batchesOf = segments.map(readBatches);
    const txns = buildTxnView(batchesOf.flat());
    const map = new OffsetMap();
    // A bounded map (log.cleaner.dedupe.buffer.size) may stop this pass early; the next pass continues.
    const capacity = offsetMapCapacity(this.dedupeBufferBytes());
    const endOffset = fillOffsetMap(map, segments.map((seg, i) => ({ baseOffset: seg.baseOffset, batches: batchesOf[i] ?? [] })),
      info.firstDirtyOffset, info.firstUncleanableOffset, capacity, txns.isAborted);
    const stats = emptyStats();
    const cleanedSegments: CleanedSegment<LogSegment>[] = [];
    segments.forEach((seg, i) => {
      if (i === segments.length - 1 || seg.nextOffset > endOffset) return;
      const input = batchesOf[i] ?? [];
      const output = input.map((b) => cleanBatch(b, { map, txns, now, deleteRetentionMs: config.deleteRetentionMs }, stats));
      cleanedSegments.push({
        seg, baseOffset: seg.baseOffset, nextOffset: seg.nextOffset,
        output: output.filter((o): o is Buffer => o !== null),
        changed: !output.every((o, j) => o === input[j]?.bytes),
      });
    });
    const crash = (point: SwapPoint): void => {
      if (point === CRASH_POINT) process.kill(process.pid, 'SIGKILL');
    };
    let rewritten = 0;
    for (const group of groupCleaned(cleanedSegments, config.segmentBytes)) {
      if (!needsSwap(group)) continue;
      const olds = group.map((c) => c.seg);
      if (swapInCleanedSegments(p.log, olds, group.flatMap((c) => c.output), config.fileDeleteDelayMs, this.deleter.deleteLater, crash)) {
        rewritten += olds.length;
      }
    }
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
      keys: map.size,
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
