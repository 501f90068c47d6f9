/** Long-running scans (search, export): progress events, cancel, and buffered search matches. */

import { randomUUID } from 'node:crypto';
import type { KafkaMessage, ScanStats } from '../src-common/contract/messages.js';
import type { ExportResult } from '../src-common/contract/messages.js';
import type { StopReason, TaskInfo, TaskKind } from '../src-common/contract/tasks.js';
import { fail, toBackendError } from './errors.js';
import type { EventHub } from './event-hub.js';

const PROGRESS_INTERVAL_MS = 250;
const MAX_FINISHED_TASKS = 50;

export interface TaskOutcome {
  stopReason: StopReason;
  exportResult?: ExportResult;
}

export interface RunningTask {
  readonly info: TaskInfo;
  readonly signal: AbortSignal;
  /** Matches kept for messages.searchResults. */
  readonly matches: KafkaMessage[];
  /** Emits task.progress at most every 250 ms. */
  progress(): void;
  addMatches(messages: KafkaMessage[]): void;
}

interface Entry extends RunningTask {
  controller: AbortController;
  lastEmit: number;
}

export function emptyStats(): ScanStats {
  return { scanned: 0, matched: 0, scannedBytes: 0, unparseable: 0, partitions: [], elapsedMs: 0 };
}

export class TaskManager {
  private readonly tasks = new Map<string, Entry>();

  /** onForget runs when a task is disposed or pruned (e.g. to delete its temporary export file). */
  constructor(private readonly events: EventHub, private readonly onForget: (task: TaskInfo) => void = () => undefined) {}

  start(kind: TaskKind, clusterId: string, topic: string, run: (task: RunningTask) => Promise<TaskOutcome>): TaskInfo {
    const taskId = randomUUID();
    const controller = new AbortController();
    const info: TaskInfo = {
      taskId, kind, clusterId, topic, state: 'running', startedAt: Date.now(), finishedAt: null, progress: 0,
      stats: emptyStats(), stopReason: null, error: null, exportResult: null, copyResult: null,
    };
    const entry: Entry = {
      info,
      controller,
      signal: controller.signal,
      matches: [],
      lastEmit: 0,
      progress: () => {
        const now = Date.now();
        info.stats.elapsedMs = now - info.startedAt;
        // Tasks without partition ranges (imports) set progress themselves.
        if (info.stats.partitions.length > 0) info.progress = computeProgress(info.stats);
        if (now - entry.lastEmit < PROGRESS_INTERVAL_MS) return;
        entry.lastEmit = now;
        this.emit(entry);
      },
      addMatches: (messages) => {
        if (messages.length === 0) return;
        entry.matches.push(...messages);
        this.events.emit('search.matches', { taskId, messages });
      },
    };
    this.tasks.set(taskId, entry);
    this.prune();
    this.emit(entry);
    void this.execute(entry, run);
    return snapshot(info);
  }

  get(taskId: string): RunningTask {
    return this.tasks.get(taskId) ?? fail('not-found', `no task ${taskId}`);
  }

  info(taskId: string): TaskInfo {
    return snapshot(this.get(taskId).info);
  }

  list(): TaskInfo[] {
    return [...this.tasks.values()].map((t) => snapshot(t.info));
  }

  cancel(taskId: string): TaskInfo {
    const entry = this.tasks.get(taskId) ?? fail('not-found', `no task ${taskId}`);
    entry.controller.abort();
    return snapshot(entry.info);
  }

  dispose(taskId: string): void {
    const entry = this.tasks.get(taskId) ?? fail('not-found', `no task ${taskId}`);
    entry.controller.abort();
    this.tasks.delete(taskId);
    this.onForget(entry.info);
  }

  cancelAll(): void {
    for (const entry of this.tasks.values()) entry.controller.abort();
  }

  private async execute(entry: Entry, run: (task: RunningTask) => Promise<TaskOutcome>): Promise<void> {
    const { info } = entry;
    try {
      const outcome = await run(entry);
      info.stopReason = entry.signal.aborted ? 'cancelled' : outcome.stopReason;
      info.state = info.stopReason === 'cancelled' ? 'cancelled' : 'done';
      info.exportResult = outcome.exportResult ?? null;
    } catch (error) {
      info.state = entry.signal.aborted ? 'cancelled' : 'failed';
      info.stopReason = entry.signal.aborted ? 'cancelled' : 'error';
      if (!entry.signal.aborted) info.error = toBackendError(error);
    }
    info.finishedAt = Date.now();
    info.stats.elapsedMs = info.finishedAt - info.startedAt;
    if (info.stopReason === 'range-end') info.progress = 1;
    else if (info.stats.partitions.length > 0) info.progress = computeProgress(info.stats);
    this.emit(entry);
  }

  private emit(entry: Entry): void {
    this.events.emit('task.progress', snapshot(entry.info));
  }

  /** Keeps memory bounded: forget the oldest finished tasks. */
  private prune(): void {
    const finished = [...this.tasks.values()].filter((t) => t.info.state !== 'running');
    for (const t of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_TASKS))) {
      this.tasks.delete(t.info.taskId);
      this.onForget(t.info);
    }
  }
}

function computeProgress(stats: ScanStats): number {
  let total = 0;
  let done = 0;
  for (const p of stats.partitions) {
    total += p.to - p.from;
    done += p.position - p.from;
  }
  return total === 0 ? 1 : Math.min(1, done / total);
}

function snapshot(info: TaskInfo): TaskInfo {
  return {
    ...info,
    stats: { ...info.stats, partitions: info.stats.partitions.map((p) => ({ ...p })) },
    copyResult: info.copyResult ? { ...info.copyResult } : null,
  };
}
