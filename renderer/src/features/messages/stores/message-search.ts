// Search mode: a backend-side filtered scan over the whole range, with progress, cancel, and the matches
// fetched incrementally (messages.searchResults) as the task reports more of them.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createTaskFollower, type TaskFollower } from '../../../backend/follow-task.js';
import type { KafkaMessage, SearchParams } from '../../../../../src-common/contract/messages.js';
import type { TaskInfo } from '../../../../../src-common/contract/tasks.js';

const RESULTS_CHUNK = 1000;

export const useMessageSearchStore = defineStore('message-search', () => {
  const task = shallowRef<TaskInfo | null>(null);
  const results = shallowRef<KafkaMessage[]>([]);
  const error = shallowRef<unknown>(null);
  const starting = ref(false);
  let follower: TaskFollower | null = null;
  let fetching = false;
  let generation = 0;

  async function catchUp(mine: number): Promise<void> {
    if (fetching || !task.value) return;
    fetching = true;
    try {
      while (mine === generation && task.value) {
        const current = task.value;
        if (results.value.length >= current.stats.matched && current.state === 'running') break;
        const page = await backend().call('messages.searchResults', { taskId: current.taskId, offset: results.value.length, limit: RESULTS_CHUNK });
        if (mine !== generation) return;
        if (page.messages.length) results.value = results.value.concat(page.messages);
        if (page.messages.length === 0 || results.value.length >= page.total) break;
      }
    } catch (caught) {
      if (mine === generation) error.value = caught;
    } finally {
      fetching = false;
    }
    // A progress update may have arrived while we were fetching.
    if (mine === generation && task.value && results.value.length < task.value.stats.matched) void catchUp(mine);
  }

  async function start(params: SearchParams): Promise<void> {
    await clear();
    const mine = ++generation;
    starting.value = true;
    follower = createTaskFollower(backend(), (info) => {
      if (mine !== generation) return;
      task.value = info;
      if (info.error) error.value = info.error;
      void catchUp(mine);
    });
    try {
      const { taskId } = await backend().call('messages.search', params);
      if (mine !== generation) {
        // Superseded while starting: don't leave an orphan scan running on the backend.
        await backend().call('tasks.cancel', { taskId }).catch(() => undefined);
        await backend().call('tasks.dispose', { taskId }).catch(() => undefined);
        return;
      }
      follower.follow(taskId);
    } catch (caught) {
      error.value = caught;
      follower.stop();
    } finally {
      starting.value = false;
    }
  }

  async function cancel(): Promise<void> {
    const current = task.value;
    if (!current || current.state !== 'running') return;
    try {
      task.value = await backend().call('tasks.cancel', { taskId: current.taskId });
    } catch (caught) {
      error.value = caught;
    }
  }

  /** Cancels a running scan and frees its buffered matches on the backend. */
  async function clear(): Promise<void> {
    generation++;
    follower?.stop();
    follower = null;
    const previous = task.value;
    task.value = null;
    results.value = [];
    error.value = null;
    if (previous) {
      try {
        if (previous.state === 'running') await backend().call('tasks.cancel', { taskId: previous.taskId });
        await backend().call('tasks.dispose', { taskId: previous.taskId });
      } catch {
        // The task may already be gone; nothing the user needs to act on.
      }
    }
  }

  return { task, results, error, starting, start, cancel, clear };
});
