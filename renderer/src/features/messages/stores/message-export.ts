// Export of the current range (and filter) as JSON / JSONL / CSV, as a backend task with progress.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createTaskFollower, type TaskFollower } from '../../../backend/follow-task.js';
import type { ExportParams } from '../../../../../src-common/contract/messages.js';
import type { TaskInfo } from '../../../../../src-common/contract/tasks.js';

export const useMessageExportStore = defineStore('message-export', () => {
  const task = shallowRef<TaskInfo | null>(null);
  const error = shallowRef<unknown>(null);
  const starting = ref(false);
  let follower: TaskFollower | null = null;

  /** In Electron a native save dialog picks the path; in browser mode the backend writes a temp file to download. */
  async function start(params: Omit<ExportParams, 'path'>, defaultName: string): Promise<void> {
    follower?.stop();
    task.value = null;
    error.value = null;
    starting.value = true;
    try {
      let path: string | null = null;
      const host = await backend().call('host.info', {});
      if (host.mode === 'electron') {
        path = (await backend().call('host.pickSavePath', { defaultName })).path;
        if (path === null) return; // user cancelled the dialog
      }
      follower = createTaskFollower(backend(), (info) => {
        task.value = info;
        if (info.error) error.value = info.error;
      });
      const { taskId } = await backend().call('messages.export', { ...params, path });
      follower.follow(taskId);
    } catch (caught) {
      error.value = caught;
      follower?.stop();
    } finally {
      starting.value = false;
    }
  }

  async function cancel(): Promise<void> {
    if (!task.value || task.value.state !== 'running') return;
    try {
      task.value = await backend().call('tasks.cancel', { taskId: task.value.taskId });
    } catch (caught) {
      error.value = caught;
    }
  }

  function reset(): void {
    follower?.stop();
    follower = null;
    task.value = null;
    error.value = null;
  }

  return { task, error, starting, start, cancel, reset };
});
