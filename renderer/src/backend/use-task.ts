// Runner for one backend task (copy, import, export): start, live progress, cancel, and cleanup of the
// event subscription when the component goes away. The task itself keeps running on the backend.
import { getCurrentInstance, onBeforeUnmount, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { backend } from './use-backend.js';
import { createTaskFollower, type TaskFollower } from './follow-task.js';
import type { TaskInfo } from '../../../src-common/contract/tasks.js';

export interface TaskRunner {
  task: ShallowRef<TaskInfo | null>;
  error: ShallowRef<unknown>;
  starting: Ref<boolean>;
  start: (begin: () => Promise<{ taskId: string }>) => Promise<void>;
  cancel: () => Promise<void>;
  /** Stops following and forgets the task (it keeps running on the backend). */
  reset: () => void;
}

export function useTask(): TaskRunner {
  const task = shallowRef<TaskInfo | null>(null);
  const error = shallowRef<unknown>(null);
  const starting = ref(false);
  let follower: TaskFollower | null = null;

  async function start(begin: () => Promise<{ taskId: string }>): Promise<void> {
    follower?.stop();
    task.value = null;
    error.value = null;
    starting.value = true;
    follower = createTaskFollower(backend(), (info) => {
      task.value = info;
      if (info.error) error.value = info.error;
    });
    try {
      follower.follow((await begin()).taskId);
    } catch (caught) {
      error.value = caught;
      follower.stop();
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

  if (getCurrentInstance()) onBeforeUnmount(() => follower?.stop());
  return { task, error, starting, start, cancel, reset };
}
