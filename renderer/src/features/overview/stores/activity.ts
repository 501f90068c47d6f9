// Live feed of what the embedded broker does (topics created, segments rolled/deleted, cleaner runs, group changes):
// recent history from engine.events, then the 'engine.event' stream. Bounded to the newest entries.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import type { EngineEvent } from '../../../../../src-common/engine-events.js';

export const MAX_ACTIVITY = 200;

/** Newest first, no duplicates from overlapping history and stream, at most `max` entries (pure). */
export function mergeActivity(current: EngineEvent[], incoming: EngineEvent[], max = MAX_ACTIVITY): EngineEvent[] {
  const seen = new Set(current.map((e) => `${e.at}|${e.type}|${JSON.stringify(e)}`));
  const fresh = incoming.filter((e) => !seen.has(`${e.at}|${e.type}|${JSON.stringify(e)}`));
  if (fresh.length === 0) return current;
  return fresh.concat(current).sort((a, b) => b.at - a.at).slice(0, max);
}

export const useActivityStore = defineStore('activity', () => {
  const events = shallowRef<EngineEvent[]>([]);
  const error = shallowRef<unknown>(null);
  let stop: (() => void) | null = null;
  let generation = 0;

  async function watch(clusterId: string): Promise<void> {
    unwatch();
    const mine = ++generation;
    events.value = [];
    error.value = null;
    stop = backend().subscribe('engine.event', (payload) => {
      if (payload.clusterId === clusterId) events.value = mergeActivity(events.value, [payload.event]);
    });
    try {
      const { events: history } = await backend().call('engine.events', { limit: MAX_ACTIVITY });
      if (mine === generation) events.value = mergeActivity(events.value, history);
    } catch (caught) {
      if (mine === generation) error.value = caught;
    }
  }

  function unwatch(): void {
    generation++;
    stop?.();
    stop = null;
  }

  return { events, error, watch, unwatch };
});
