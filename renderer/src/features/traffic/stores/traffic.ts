// The traffic inspector's store: polls engine.traffic once a second while the view is open and not paused, keeping
// the newest MAX_ROWS requests. Reading is what keeps the broker recording (a lease); closing the view stops both.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { TrafficClientRate, TrafficEntry } from '../../../../../src-common/contract/traffic.js';
import { backend } from '../../../backend/use-backend.js';


export const MAX_ROWS = 2000;
const POLL_MS = 1000;

export const useTrafficStore = defineStore('traffic', () => {
  const entries = shallowRef<TrafficEntry[]>([]);
  const clients = shallowRef<TrafficClientRate[]>([]);
  const missed = shallowRef(0);
  const paused = shallowRef(false);
  const error = shallowRef<unknown>(null);
  let lastSeq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;

  async function poll(): Promise<void> {
    if (!running) return;
    try {
      const snap = await backend().call('engine.traffic', { afterSeq: lastSeq });
      error.value = null;
      lastSeq = snap.lastSeq;
      clients.value = snap.clients;
      if (!paused.value && snap.entries.length > 0) {
        missed.value += snap.missed;
        entries.value = [...entries.value, ...snap.entries].slice(-MAX_ROWS);
      }
    } catch (e) {
      error.value = e;
    }
    if (running) timer = setTimeout(() => void poll(), POLL_MS);
  }

  function start(): void {
    if (running) return;
    running = true;
    void poll();
  }

  function stop(): void {
    running = false;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function clear(): void {
    entries.value = [];
    missed.value = 0;
  }

  return { entries, clients, missed, paused, error, start, stop, clear };
});
