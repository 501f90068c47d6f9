/**
 * Lag history: samples every group of the sampled clusters on a timer, keeps the samples in the LagStore, runs
 * Burrow's rules over each partition's commit window and records rebalances and offset resets. One per backend
 * (BackendContext.lagHistory); it owns its store, its windows and its timers.
 */

import { EMBEDDED_CLUSTER_ID } from '../../src-common/contract/clusters.js';
import type { GroupVerdict, LagHistoryRange, LagSamplingSettings, PartitionVerdict } from '../../src-common/contract/lag-history.js';
import type { ClusterRegistry } from '../cluster-registry.js';
import type { EngineLink } from '../engine-link.js';
import { fail } from '../errors.js';
import {
  DEFAULT_EVALUATOR, burrowGroupStatus, consumeRate, evaluatePartition, observeCommit, severity, worstOf, type CommitEntry, type EvaluatorOptions,
} from './burrow.js';
import { LagStore, DEFAULT_STORE_OPTIONS, type LagStoreOptions } from './lag-store.js';
import type { LagSamplePoint } from './point-codec.js';
import { bucketRange } from './range.js';
import { addTimeLag, sampleEmbedded, sampleRemote, type GroupSample } from './sampler.js';

export interface LagHistoryOptions {
  /** The SQLite file. */
  path: string;
  store?: LagStoreOptions;
  evaluator?: EvaluatorOptions;
  /** Sampling interval of the embedded broker (default 1 s). */
  embeddedIntervalMs?: number;
  /** Time lag costs two fetches per lagging partition: measured at most this often per cluster (default 5 s). */
  timeLagEveryMs?: number;
  /** Whether the embedded broker is sampled when no setting says otherwise (default true). */
  sampleEmbeddedByDefault?: boolean;
}

export const MIN_INTERVAL_MS = 1000;
export const MAX_INTERVAL_MS = 60_000;
const DEFAULT_REMOTE_INTERVAL_MS = 10_000;
/** Open blocks are rewritten this often (finished ones at once): a crash loses at most this much raw history. */
const FLUSH_EVERY_MS = 30_000;
const MAINTAIN_EVERY_MS = 60_000;
/** How far back a window is rebuilt from stored samples when a series is first seen after a restart. */
const REPLAY_MS = 3_600_000;

interface SeriesState {
  cluster: string;
  group: string;
  topic: string;
  partition: number;
  window: CommitEntry[];
  last: LagSamplePoint | null;
}

interface GroupState { state: string; generation: string; at: number; series: number[] }

export class LagHistory {
  private store: LagStore | null = null;
  private readonly openError: string | null;
  private readonly series = new Map<number, SeriesState>();
  private readonly groups = new Map<string, Map<string, GroupState>>();
  private readonly timers = new Map<string, ReturnType<typeof setInterval>>();
  private readonly busy = new Set<string>();
  private readonly lastTimeLag = new Map<string, number>();
  private readonly evaluator: EvaluatorOptions;
  private lastFlush = 0;
  private lastMaintain = 0;

  constructor(
    private readonly options: LagHistoryOptions,
    private readonly registry: ClusterRegistry | null,
    private readonly engine: () => EngineLink | null,
  ) {
    this.evaluator = options.evaluator ?? DEFAULT_EVALUATOR;
    let error: string | null = null;
    try {
      this.store = new LagStore(options.path, options.store ?? DEFAULT_STORE_OPTIONS);
      this.store.sealStale(Date.now());
    } catch (e) {
      error = `lag history store unavailable: ${(e as Error).message}`;
    }
    this.openError = error;
  }

  /** Starts the timers of every cluster whose sampling is on. */
  start(): void {
    if (!this.store) return;
    const embedded = this.settings(EMBEDDED_CLUSTER_ID);
    if (embedded.enabled) this.schedule(EMBEDDED_CLUSTER_ID, embedded.intervalMs);
    for (const s of this.store.settings()) if (s.cluster !== EMBEDDED_CLUSTER_ID && s.enabled) this.schedule(s.cluster, s.intervalMs);
  }

  private requireStore(): LagStore {
    return this.store ?? fail('unsupported', this.openError ?? 'lag history is closed');
  }

  settings(clusterId: string): LagSamplingSettings {
    const saved = this.store?.setting(clusterId);
    const embedded = clusterId === EMBEDDED_CLUSTER_ID;
    return {
      clusterId,
      enabled: saved?.enabled ?? (embedded ? (this.options.sampleEmbeddedByDefault ?? true) : false),
      intervalMs: embedded ? (this.options.embeddedIntervalMs ?? 1000) : (saved?.intervalMs ?? DEFAULT_REMOTE_INTERVAL_MS),
    };
  }

  configure(settings: LagSamplingSettings): LagSamplingSettings {
    const store = this.requireStore();
    const intervalMs = Math.round(settings.intervalMs);
    store.saveSetting(settings.clusterId, settings.enabled, intervalMs);
    this.unschedule(settings.clusterId);
    const applied = this.settings(settings.clusterId);
    if (applied.enabled) this.schedule(settings.clusterId, applied.intervalMs);
    return applied;
  }

  private schedule(clusterId: string, intervalMs: number): void {
    const timer = setInterval(() => void this.sampleNow(clusterId).catch(() => undefined), intervalMs);
    timer.unref();
    this.timers.set(clusterId, timer);
  }

  private unschedule(clusterId: string): void {
    const timer = this.timers.get(clusterId);
    if (timer) clearInterval(timer);
    this.timers.delete(clusterId);
  }

  /** One sample of the cluster (skipped while the previous one still runs). */
  async sampleNow(clusterId: string): Promise<void> {
    this.requireStore();
    if (this.busy.has(clusterId)) return;
    this.busy.add(clusterId);
    try {
      const now = Date.now();
      let groups: GroupSample[];
      if (clusterId === EMBEDDED_CLUSTER_ID) {
        const engine = this.engine();
        if (!engine || engine.processStatus().state !== 'running') return;
        groups = await sampleEmbedded(engine.insight);
      } else {
        if (!this.registry) return;
        groups = await this.registry.use(clusterId, (c) => sampleRemote(c));
      }
      const timeLagDue = now - (this.lastTimeLag.get(clusterId) ?? 0) >= (this.options.timeLagEveryMs ?? 5000);
      if (timeLagDue && this.registry && groups.some((g) => g.partitions.some((p) => (p.lag ?? 0) > 0))) {
        this.lastTimeLag.set(clusterId, now);
        await this.registry.use(clusterId, (c) => addTimeLag(c, groups)).catch(() => undefined);
      }
      this.record(clusterId, groups, now);
    } finally {
      this.busy.delete(clusterId);
    }
  }

  /** Stores one sample of the cluster's groups taken at `now` (also what the benchmark drives directly). */
  record(clusterId: string, groups: GroupSample[], now: number): void {
    const store = this.requireStore();
    let known = this.groups.get(clusterId);
    if (!known) this.groups.set(clusterId, (known = new Map()));
    for (const g of groups) {
      const before = known.get(g.groupId);
      if (before && before.generation !== g.generation && g.generation !== '') store.addEvent(clusterId, g.groupId, now, 'rebalance', `${g.generation} (${g.state})`);
      else if (before && before.state !== g.state) store.addEvent(clusterId, g.groupId, now, 'state', `${before.state} -> ${g.state}`);
      const ids: number[] = [];
      for (const p of g.partitions) {
        const id = store.seriesId(clusterId, g.groupId, p.topic, p.partition);
        ids.push(id);
        const s = this.seriesState(id, clusterId, g.groupId, p.topic, p.partition, now);
        const prev = s.last;
        if (prev?.committed != null && p.committed !== null && p.committed < prev.committed) {
          store.addEvent(clusterId, g.groupId, now, 'offset-reset', `${p.topic}-${p.partition}: ${prev.committed} -> ${p.committed}`);
        }
        // Time lag is measured every few seconds only: hold the last value while the partition still lags.
        const timeLagMs = p.timeLagMs ?? ((p.lag ?? 0) > 0 ? (prev?.timeLagMs ?? null) : p.lag === 0 ? 0 : null);
        const point: LagSamplePoint = { t: now, committed: p.committed, logEnd: p.logEnd, lag: p.lag, timeLagMs, commitAt: p.commitAt };
        if (p.committed !== null && p.lag !== null) observeCommit(s.window, p.committed, p.commitAt, p.lag, now, this.evaluator.windowSize);
        s.last = point;
        store.append(id, point);
      }
      known.set(g.groupId, { state: g.state, generation: g.generation, at: now, series: ids });
    }
    if (now - this.lastFlush >= FLUSH_EVERY_MS) {
      this.lastFlush = now;
      store.flush();
    }
    if (now - this.lastMaintain >= MAINTAIN_EVERY_MS) {
      this.lastMaintain = now;
      store.maintain(now);
    }
  }

  /** The in-memory state of a series; after a restart its window is rebuilt from the stored samples. */
  private seriesState(id: number, cluster: string, group: string, topic: string, partition: number, now: number): SeriesState {
    let s = this.series.get(id);
    if (s) return s;
    s = { cluster, group, topic, partition, window: [], last: null };
    for (const p of this.requireStore().read(id, 0, now - REPLAY_MS, now)) {
      if (p.committed !== null && p.lag !== null) observeCommit(s.window, p.committed, p.commitAt, p.lag, p.t, this.evaluator.windowSize);
      s.last = p;
    }
    this.series.set(id, s);
    return s;
  }

  private partitionVerdict(s: SeriesState, now: number): PartitionVerdict {
    const last = s.last;
    const gone = last !== null && last.logEnd === null;
    return {
      topic: s.topic,
      partition: s.partition,
      verdict: gone ? 'ERR' : evaluatePartition(s.window, last?.lag ?? null, now, this.evaluator),
      committedOffset: last?.committed ?? null,
      logEndOffset: last?.logEnd ?? null,
      lag: last?.lag ?? null,
      timeLagMs: last?.timeLagMs ?? null,
      consumeRate: consumeRate(s.window),
      complete: Math.min(1, s.window.length / this.evaluator.windowSize),
      windowCommits: s.window.length,
    };
  }

  private groupVerdict(clusterId: string, groupId: string, now: number): { group: GroupVerdict; partitions: PartitionVerdict[] } {
    const store = this.requireStore();
    const refs = store.seriesOf(clusterId, groupId);
    const current = this.groups.get(clusterId)?.get(groupId);
    const ids = current ? current.series : refs.map((r) => r.id);
    const partitions = ids.map((id) => {
      const ref = refs.find((r) => r.id === id);
      return this.partitionVerdict(this.seriesState(id, clusterId, groupId, ref?.topic ?? '', ref?.partition ?? 0, now), now);
    }).sort((a, b) => severity(b.verdict) - severity(a.verdict) || (b.lag ?? 0) - (a.lag ?? 0));
    const verdict = worstOf(partitions.map((p) => p.verdict));
    let maxTimeLagMs: number | null = null;
    for (const p of partitions) if (p.timeLagMs !== null) maxTimeLagMs = Math.max(maxTimeLagMs ?? 0, p.timeLagMs);
    const lastSampleAt = current?.at ?? Math.max(0, ...ids.map((id) => this.series.get(id)?.last?.t ?? 0));
    return {
      group: {
        groupId, verdict, burrowStatus: burrowGroupStatus(verdict), totalLag: partitions.reduce((n, p) => n + (p.lag ?? 0), 0), maxTimeLagMs,
        partitions: partitions.length, worst: partitions[0] ?? null, lastSampleAt: lastSampleAt || null,
      },
      partitions,
    };
  }

  /** Every group with history on the cluster, worst verdict first. */
  groupVerdicts(clusterId: string, now = Date.now()): GroupVerdict[] {
    const ids = new Set([...this.requireStore().groupsOf(clusterId), ...(this.groups.get(clusterId)?.keys() ?? [])]);
    return [...ids].map((g) => this.groupVerdict(clusterId, g, now).group)
      .sort((a, b) => severity(b.verdict) - severity(a.verdict) || b.totalLag - a.totalLag || a.groupId.localeCompare(b.groupId));
  }

  group(clusterId: string, groupId: string, now = Date.now()): { group: GroupVerdict; partitions: PartitionVerdict[] } | null {
    if (this.requireStore().seriesOf(clusterId, groupId).length === 0) return null;
    return this.groupVerdict(clusterId, groupId, now);
  }

  range(clusterId: string, groupId: string, fromMs: number, toMs: number, maxPoints: number, now = Date.now()): LagHistoryRange {
    const store = this.requireStore();
    return bucketRange(store, store.seriesOf(clusterId, groupId), store.events(clusterId, groupId, fromMs, toMs), fromMs, toMs, maxPoints,
      (this.options.store ?? DEFAULT_STORE_OPTIONS).retentionMs, now);
  }

  stats(): ReturnType<LagStore['stats']> {
    return this.requireStore().stats();
  }

  close(): void {
    for (const id of [...this.timers.keys()]) this.unschedule(id);
    this.store?.close();
    this.store = null;
  }
}
