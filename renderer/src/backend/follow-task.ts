// Follows a long-running backend task (search / export): live 'task.progress' events plus a slow poll of
// tasks.get as a safety net, so a missed event can never leave the progress bar stuck.
import type { BackendClient } from '../../../src-common/contract/api.js';
import type { TaskInfo } from '../../../src-common/contract/tasks.js';

export interface TaskFollower {
  /** Starts following a task id (events that arrived before the id was known are replayed). */
  follow(taskId: string): void;
  stop(): void;
}

export function createTaskFollower(client: BackendClient, onUpdate: (task: TaskInfo) => void, pollMs = 1000): TaskFollower {
  let taskId: string | null = null;
  let finished = false;
  const early: TaskInfo[] = [];
  let timer: ReturnType<typeof setInterval> | null = null;

  const deliver = (task: TaskInfo): void => {
    if (finished) return;
    if (task.state !== 'running') finished = true;
    onUpdate(task);
    if (finished) stop();
  };

  // Subscribe before the task starts: fast tasks can finish before the call that created them returns.
  const unsubscribe = client.subscribe('task.progress', (task) => {
    if (taskId === null) early.push(task);
    else if (task.taskId === taskId) deliver(task);
  });

  function follow(id: string): void {
    taskId = id;
    for (const task of early.splice(0)) if (task.taskId === id) deliver(task);
    if (finished) return;
    timer = setInterval(() => {
      client.call('tasks.get', { taskId: id }).then(deliver, () => undefined);
    }, pollMs);
  }

  function stop(): void {
    unsubscribe();
    if (timer) clearInterval(timer);
    timer = null;
  }

  return { follow, stop };
}
