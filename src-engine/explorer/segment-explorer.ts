/**
 * The segment explorer's owner: a one-thread WorkerPool running explorer-worker.ts, so reading a large data
 * directory never blocks the loop that owns it (the backend's). Typed per job kind.
 */
import { WorkerPool } from '../workers/pool.js';
import { workerFile } from '../workers/worker-file.js';
import type { ExplorerAnswer, ExplorerJob } from '../../src-common/engine-channel/explorer-protocol.js';

type JobOf<K extends ExplorerJob['kind']> = Extract<ExplorerJob, { kind: K }>;

export class SegmentExplorer {
  private readonly pool = new WorkerPool<ExplorerJob, ExplorerAnswer>(workerFile(import.meta.url, 'explorer-worker'), { size: 1, name: 'kafkadesk-explorer' });

  run<K extends ExplorerJob['kind']>(job: JobOf<K>): Promise<ExplorerAnswer<K>> {
    return this.pool.run(job) as Promise<ExplorerAnswer<K>>;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
