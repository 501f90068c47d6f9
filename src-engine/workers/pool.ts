/**
 * A small pool of worker_threads for CPU-heavy jobs (the log cleaner's passes, the backend's message scans),
 * so the owning event loop only posts a job and takes the answer. Workers start on demand, up to `size`; a
 * worker idle for `idleMs` exits, so an idle process holds no threads. A busy worker keeps the process
 * alive (ref), an idle one does not. A worker that dies fails its job and is replaced by the next job.
 *
 * The worker answers each WorkerRequest with a WorkerReply (serveJobs() in worker-side.ts does it).
 */
import { Worker, type Transferable } from 'node:worker_threads';
import type { WorkerEntry } from './worker-file.js';

interface Pending<J, R> {
  readonly id: number;
  readonly job: J;
  readonly transfer: readonly Transferable[];
  resolve(result: R): void;
  reject(error: Error): void;
}

interface Slot<J, R> {
  readonly worker: Worker;
  current: Pending<J, R> | null;
  idleTimer: NodeJS.Timeout | null;
}

/** What a pool posts to a worker, and what the worker answers. */
export interface WorkerRequest<J> {
  readonly id: number;
  readonly job: J;
}
export type WorkerReply<R> = { readonly id: number; readonly ok: true; readonly result: R } | { readonly id: number; readonly ok: false; readonly message: string };

export interface WorkerPoolOptions {
  readonly size: number;
  /** How long an idle worker lives (default 30 s). */
  readonly idleMs?: number;
  /** A name for the threads (shown in --cpu-prof and inspector). */
  readonly name?: string;
}

export class WorkerPool<J, R> {
  private readonly slots: Slot<J, R>[] = [];
  private readonly queue: Pending<J, R>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly entry: WorkerEntry, private readonly options: WorkerPoolOptions) {}

  /** Runs one job on a free worker (queued while all are busy). `transfer` moves buffers instead of copying. */
  run(job: J, transfer: readonly Transferable[] = []): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Jobs waiting for a worker plus jobs running. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.current !== null).length;
  }

  /** Stops every worker; running and queued jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.splice(0).map(async (slot) => {
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.current?.reject(new Error('worker pool closed'));
      slot.current = null;
      await slot.worker.terminate();
    }));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.current === null);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift() as Pending<J, R>;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.current = pending;
      slot.worker.ref();
      const request: WorkerRequest<J> = { id: pending.id, job: pending.job };
      slot.worker.postMessage(request, [...pending.transfer]);
    }
  }

  private spawn(): Slot<J, R> {
    const worker = new Worker(this.entry.source, { eval: this.entry.eval, name: this.options.name ?? 'kafkadesk-worker' });
    const slot: Slot<J, R> = { worker, current: null, idleTimer: null };
    worker.on('message', (reply: WorkerReply<R>) => {
      const pending = slot.current;
      if (!pending || pending.id !== reply.id) return;
      slot.current = null;
      this.idle(slot);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(reply.message));
      this.dispatch();
    });
    const fail = (error: Error): void => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.current?.reject(error);
      slot.current = null;
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private idle(slot: Slot<J, R>): void {
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      const index = this.slots.indexOf(slot);
      if (slot.current !== null || index < 0) return;
      this.slots.splice(index, 1);
      void slot.worker.terminate();
    }, this.options.idleMs ?? 30_000);
    slot.idleTimer.unref();
  }
}
