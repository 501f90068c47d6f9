// Retention & compaction insight of the embedded broker: every partition's line (the strip), the selected
// partition's engine.logManagement and cleaner runs, "compact now" / "roll segment" / "enforce retention now", and
// live refresh on the engine's log events.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createAction, createResource } from '../../../lib/async-state.js';
import type { CleanerRunInfo } from '../../../../../src-common/contract/engine.js';
import type { EngineEvent } from '../../../../../src-common/engine-events.js';
import { partitionRuns, partitionStripRow } from '../log-insight.js';

const LIVE_TYPES: ReadonlySet<EngineEvent['type']> = new Set(['segments-deleted', 'log-cleaned', 'config-changed', 'segment-rolled']);
/** Events come in bursts (one per partition per pass): refresh once per burst. */
const REFRESH_DEBOUNCE_MS = 250;

interface Target { clusterId: string; topic: string; partition: number; partitions: readonly number[] }

export const useLogManagementStore = defineStore('log-management', () => {
  const target = shallowRef<Target | null>(null);
  const insight = createResource((topic: string, partition: number) => backend().call('engine.logManagement', { topic, partition }));
  /** Every partition of the topic at a glance (one engine.logManagement call each, in parallel). */
  const strip = createResource(async (topic: string, partitions: readonly number[]) =>
    (await Promise.all(partitions.map((partition) => backend().call('engine.logManagement', { topic, partition })))).map(partitionStripRow));
  const runs = createResource(async (topic: string, partition: number) => partitionRuns((await backend().call('engine.cleanerRuns', {})).runs, topic, partition));
  /** log.retention.check.interval.ms of the broker, when it could be read. */
  const checkIntervalMs = ref<number | null>(null);
  /** The last live event that refreshed the view, for a small "updated because…" line. */
  const lastEvent = shallowRef<EngineEvent | null>(null);
  const lastCompaction = shallowRef<{ run: CleanerRunInfo | null } | null>(null);
  const lastRetention = shallowRef<{ segmentsDeleted: number } | null>(null);
  const lastRoll = shallowRef<{ rolled: boolean; activeBaseOffset: number } | null>(null);

  let stopEvents: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function refresh(): void {
    const t = target.value;
    if (!t) return;
    void insight.load(t.topic, t.partition);
    void runs.load(t.topic, t.partition);
    void strip.load(t.topic, t.partitions);
  }
  function scheduleRefresh(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timer = null; refresh(); }, REFRESH_DEBOUNCE_MS);
  }

  function concerns(event: EngineEvent, t: Target): boolean {
    if (!LIVE_TYPES.has(event.type)) return false;
    if (event.type === 'config-changed') return event.topic === null || event.topic === t.topic;
    return 'partition' in event && event.topic === t.topic; // any partition: the strip shows them all
  }

  async function loadCheckInterval(clusterId: string, brokerId: number | null): Promise<void> {
    if (brokerId === null) return;
    try {
      const { entries } = await backend().call('configs.describe', { clusterId, resource: { type: 'broker', name: String(brokerId) } });
      const value = Number(entries.find((e) => e.name === 'log.retention.check.interval.ms')?.value);
      checkIntervalMs.value = Number.isFinite(value) ? value : null;
    } catch {
      checkIntervalMs.value = null; // optional detail; the rest of the view does not depend on it
    }
  }

  function watchPartition(clusterId: string, topic: string, partition: number, partitions: readonly number[], brokerId: number | null): void {
    const previous = target.value;
    target.value = { clusterId, topic, partition, partitions };
    if (previous?.topic !== topic || previous.clusterId !== clusterId) strip.reset();
    if (previous?.topic !== topic || previous.partition !== partition || previous.clusterId !== clusterId) {
      insight.reset();
      runs.reset();
      lastEvent.value = null;
      lastCompaction.value = null;
      lastRetention.value = null;
      lastRoll.value = null;
    }
    if (!stopEvents) {
      stopEvents = backend().subscribe('engine.event', ({ clusterId: source, event }) => {
        const t = target.value;
        if (!t || source !== t.clusterId || !concerns(event, t)) return;
        lastEvent.value = event;
        scheduleRefresh();
      });
    }
    refresh();
    if (previous?.clusterId !== clusterId) void loadCheckInterval(clusterId, brokerId);
  }

  function unwatch(): void {
    stopEvents?.();
    stopEvents = null;
    if (timer) clearTimeout(timer);
    timer = null;
    target.value = null;
  }

  const compactNow = createAction(async () => {
    const t = target.value;
    if (!t) return;
    lastCompaction.value = await backend().call('engine.compactNow', { topic: t.topic, partition: t.partition });
    refresh();
  });
  const rollSegment = createAction(async () => {
    const t = target.value;
    if (!t) return;
    lastRoll.value = await backend().call('engine.rollSegment', { topic: t.topic, partition: t.partition });
    lastCompaction.value = null; // its advice ("roll it first") is answered
    refresh();
  });
  const enforceRetention = createAction(async () => {
    lastRetention.value = await backend().call('engine.enforceRetention', {});
    refresh();
  });

  return {
    target, insight, strip, runs, checkIntervalMs, lastEvent, lastCompaction, lastRetention, lastRoll,
    watchPartition, unwatch, refresh, compactNow, rollSegment, enforceRetention,
  };
});
