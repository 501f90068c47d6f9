// A worker for pool.test.ts: answers { echo }, fails on { fail }, exits on { exit }, and reports its thread id.
import { threadId } from 'node:worker_threads';
import { serveJobs } from '../../../src-engine/workers/worker-side.js';

type Job = { echo?: string; fail?: string; exit?: number; spinMs?: number };

serveJobs<Job, { echo: string | undefined; threadId: number }>((job) => {
  if (job.exit !== undefined) process.exit(job.exit);
  if (job.fail !== undefined) throw new Error(job.fail);
  if (job.spinMs !== undefined) {
    const until = Date.now() + job.spinMs;
    while (Date.now() < until) { /* busy, like a scan */ }
  }
  return { result: { echo: job.echo, threadId } };
});
