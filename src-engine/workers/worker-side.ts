/** The worker half of WorkerPool (pool.ts): answers each request with the handler's result or error. */
import { parentPort, type Transferable } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './pool.js';

export interface JobAnswer<R> {
  readonly result: R;
  /** Buffers of the result to move to the pool's thread instead of copying them. */
  readonly transfer?: Transferable[];
}

export function serveJobs<J, R>(handle: (job: J) => Promise<JobAnswer<R>> | JobAnswer<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs() runs only inside a worker thread');
  port.on('message', async ({ id, job }: WorkerRequest<J>) => {
    let reply: WorkerReply<R>;
    let transfer: Transferable[] = [];
    try {
      const answer = await handle(job);
      reply = { id, ok: true, result: answer.result };
      transfer = answer.transfer ?? [];
    } catch (error) {
      reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, transfer);
  });
}
