/**
 * The segment explorer's worker thread: answers ExplorerJobs (src-common/engine-channel/explorer-protocol.ts) by
 * reading the opened directory, never writing it. Runs at background priority like the other scan workers.
 */
import { serveJobs } from '../workers/worker-side.js';
import { lowerThisWorkerThreadPriority } from '../workers/thread-priority.js';
import { runExplorerJob } from './run-job.js';
import type { ExplorerAnswer, ExplorerJob } from '../../src-common/engine-channel/explorer-protocol.js';

lowerThisWorkerThreadPriority();
serveJobs<ExplorerJob, ExplorerAnswer>((job) => ({ result: runExplorerJob(job) }));
