// Cluster overview numbers and the live throughput series (from the 'metrics.throughput' event stream).
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createResource } from '../../../lib/async-state.js';
import type { ThroughputSample } from '../../../../../src-common/engine-events.js';

/** Ten minutes at one sample per second. */
export const MAX_SAMPLES = 600;

/** Appends samples keeping time order and at most `max` entries (pure, unit-tested). */
export function appendSamples(existing: ThroughputSample[], incoming: ThroughputSample[], max = MAX_SAMPLES): ThroughputSample[] {
  const lastAt = existing.length ? (existing[existing.length - 1]?.at ?? -Infinity) : -Infinity;
  const fresh = incoming.filter((sample) => sample.at > lastAt);
  if (fresh.length === 0) return existing;
  const merged = existing.concat(fresh);
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

export const useOverviewStore = defineStore('overview', () => {
  const overview = createResource((clusterId: string) => backend().call('clusters.overview', { clusterId }));
  const samples = shallowRef<ThroughputSample[]>([]);
  const samplesError = ref<unknown>(null);
  let stopStream: (() => void) | null = null;
  let streamCluster: string | null = null;
  let keepAlive: ReturnType<typeof setInterval> | null = null;

  /** The backend samples a cluster only while the GUI asked about it within the last minute: ask again regularly. */
  async function fetchHistory(clusterId: string): Promise<void> {
    try {
      const last = samples.value[samples.value.length - 1];
      const { samples: history } = await backend().call('metrics.throughput', { clusterId, ...(last ? { sinceMs: last.at } : {}) });
      if (streamCluster !== clusterId) return;
      samples.value = appendSamples(samples.value, history);
      samplesError.value = null;
    } catch (error) {
      if (streamCluster === clusterId) samplesError.value = error;
    }
  }

  /** Loads history, then follows the live stream for this cluster only. */
  async function watchThroughput(clusterId: string): Promise<void> {
    stopThroughput();
    streamCluster = clusterId;
    samples.value = [];
    stopStream = backend().subscribe('metrics.throughput', (event) => {
      if (event.clusterId === streamCluster) samples.value = appendSamples(samples.value, [event.sample]);
    });
    try {
      const { samples: history } = await backend().call('metrics.throughput', { clusterId });
      if (streamCluster !== clusterId) return;
      // History first, then whatever already streamed in while we waited.
      samples.value = appendSamples(appendSamples([], history), samples.value);
      samplesError.value = null;
    } catch (error) {
      if (streamCluster !== clusterId) return;
      samplesError.value = error;
    }
    keepAlive = setInterval(() => void fetchHistory(clusterId), 20_000);
  }

  function stopThroughput(): void {
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = null;
    stopStream?.();
    stopStream = null;
    streamCluster = null;
  }

  return { overview, samples, samplesError, watchThroughput, stopThroughput };
});
