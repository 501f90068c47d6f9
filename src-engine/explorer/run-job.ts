/** One explorer job, on whatever thread runs it; failures become a typed answer instead of a thrown error. */
import { openPath, ExplorerError } from './open-dir.js';
import { batchRecords, batchesPage, segmentIndexes } from './pages.js';
import type { ExplorerAnswer, ExplorerJob } from '../../src-common/engine-channel/explorer-protocol.js';

export function runExplorerJob(job: ExplorerJob): ExplorerAnswer {
  try {
    switch (job.kind) {
      case 'open': return { ok: true, value: openPath(job.path) };
      case 'batches': return { ok: true, value: batchesPage(job.target, job.fromPosition, job.limit, job.fromOffset) };
      case 'records': return { ok: true, value: batchRecords(job.target, job.position) };
      case 'indexes': return { ok: true, value: segmentIndexes(job.target, job.limit) };
      default: return { ok: false, failure: { code: 'bad-request', message: `unknown explorer job ${(job as { kind?: unknown }).kind as string}` } };
    }
  } catch (error) {
    if (error instanceof ExplorerError) return { ok: false, failure: error.failure };
    return { ok: false, failure: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}
