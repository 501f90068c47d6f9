/** The worker half of WorkerPool (pool.ts): answers each `{ id, job }` with the handler's result or error. */
import { parentPort, type Transferable } from 'node:worker_threads';

export function serveJobs<J, R>(handle: (job: J) => Promise<{ result: R; transfer?: Transferable[] }> | { result: R; transfer?: Transferable[] }): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs() runs only inside a worker thread');
  port.on('message', async ({ id, job }: { id: number; job: J }) => {
    try {
      const { result, transfer = [] } = await handle(job);
      port.postMessage({ id, ok: true, result }, transfer);
    } catch (error) {
      port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
