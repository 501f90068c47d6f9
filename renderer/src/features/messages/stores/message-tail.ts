// Live tail: records arrive as 'messages.tail' batches; newest first, capped so memory stays bounded.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import type { KafkaMessage, TailParams } from '../../../../../src-common/contract/messages.js';

export const TAIL_BUFFER_LIMIT = 100_000;

/** Prepends a batch (arriving oldest-first) so the newest record is first; drops the oldest beyond `limit`. */
export function prependNewestFirst(existing: KafkaMessage[], batch: KafkaMessage[], limit = TAIL_BUFFER_LIMIT): KafkaMessage[] {
  const merged = batch.slice().reverse().concat(existing);
  return merged.length > limit ? merged.slice(0, limit) : merged;
}

export const useMessageTailStore = defineStore('message-tail', () => {
  const messages = shallowRef<KafkaMessage[]>([]);
  const running = ref(false);
  const paused = ref(false);
  const droppedByBackend = ref(0);
  const received = ref(0);
  const error = shallowRef<unknown>(null);
  let tailId: string | null = null;
  let unsubscribe: (() => void) | null = null;
  let pending: KafkaMessage[] = [];
  /** Bumped by every start/stop so a slow tailStart answer for an older request is stopped, not adopted. */
  let generation = 0;

  async function start(params: TailParams): Promise<void> {
    await stop();
    const mine = ++generation;
    messages.value = [];
    received.value = 0;
    droppedByBackend.value = 0;
    error.value = null;
    paused.value = false;
    const early: { tailId: string; messages: KafkaMessage[]; dropped: number }[] = [];
    unsubscribe = backend().subscribe('messages.tail', (batch) => {
      if (tailId === null) {
        early.push(batch);
        return;
      }
      if (batch.tailId !== tailId) return;
      accept(batch.messages, batch.dropped);
    });
    try {
      running.value = true;
      const started = (await backend().call('messages.tailStart', params)).tailId;
      if (mine !== generation) {
        await backend().call('messages.tailStop', { tailId: started }).catch(() => undefined);
        return;
      }
      tailId = started;
      for (const batch of early) if (batch.tailId === tailId) accept(batch.messages, batch.dropped);
    } catch (caught) {
      if (mine !== generation) return;
      error.value = caught;
      running.value = false;
      unsubscribe?.();
      unsubscribe = null;
    }
  }

  function accept(batch: KafkaMessage[], dropped: number): void {
    received.value += batch.length;
    droppedByBackend.value += dropped;
    if (paused.value) {
      // While paused the list must hold still; keep the newest records aside (bounded too).
      pending = pending.concat(batch).slice(-TAIL_BUFFER_LIMIT);
      return;
    }
    messages.value = prependNewestFirst(messages.value, batch);
  }

  function setPaused(value: boolean): void {
    paused.value = value;
    if (!value && pending.length) {
      messages.value = prependNewestFirst(messages.value, pending);
      pending = [];
    }
  }

  async function stop(): Promise<void> {
    generation++;
    unsubscribe?.();
    unsubscribe = null;
    const id = tailId;
    tailId = null;
    running.value = false;
    pending = [];
    if (id) {
      try {
        await backend().call('messages.tailStop', { tailId: id });
      } catch (caught) {
        error.value = caught;
      }
    }
  }

  return { messages, running, paused, received, droppedByBackend, error, start, stop, setPaused };
});
