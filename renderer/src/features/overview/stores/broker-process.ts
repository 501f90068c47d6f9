// The embedded broker's OS process as the backend supervises it (state, pid, uptime, restarts): engine.status once,
// then the 'engine.process' stream; plus the Restart action.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import type { EngineProcessState, EngineProcessStatus } from '../../../../../src-common/contract/engine.js';

/** What the overview says about each state (pure, unit-tested). */
export function describeProcessState(state: EngineProcessState): { label: string; tone: 'ok' | 'warn' | 'danger' } {
  switch (state) {
    case 'running': return { label: 'running', tone: 'ok' };
    case 'starting': return { label: 'starting…', tone: 'warn' };
    case 'restarting': return { label: 'restarting…', tone: 'warn' };
    case 'crashed': return { label: 'crashed — restarting…', tone: 'danger' };
    case 'stopped': return { label: 'stopped', tone: 'danger' };
  }
}

export const useBrokerProcessStore = defineStore('broker-process', () => {
  const status = shallowRef<EngineProcessStatus | null>(null);
  /** Why there is no supervised process (e.g. --no-broker), from engine.status. */
  const unavailable = ref<string | null>(null);
  const error = shallowRef<unknown>(null);
  const restarting = ref(false);
  let stop: (() => void) | null = null;

  async function watch(): Promise<void> {
    if (stop) return;
    stop = backend().subscribe('engine.process', (next) => {
      status.value = next;
    });
    try {
      const engine = await backend().call('engine.status', {});
      // A pushed state may have arrived meanwhile: it is newer.
      status.value ??= engine.process;
      unavailable.value = engine.process ? null : engine.error;
      error.value = null;
    } catch (caught) {
      error.value = caught;
    }
  }

  function unwatch(): void {
    stop?.();
    stop = null;
  }

  async function restart(): Promise<void> {
    restarting.value = true;
    error.value = null;
    try {
      status.value = await backend().call('engine.restart', {});
    } catch (caught) {
      error.value = caught;
    } finally {
      restarting.value = false;
    }
  }

  const view = computed(() => (status.value ? describeProcessState(status.value.state) : null));
  return { status, unavailable, error, restarting, view, watch, unwatch, restart };
});
