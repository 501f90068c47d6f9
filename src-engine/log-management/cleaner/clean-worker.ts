/** The log cleaner's worker thread: runs clean passes (clean-pass.ts) posted by the broker's LogCleaner. */
import { serveJobs } from '../../workers/worker-side.js';
import { lowerThisWorkerThreadPriority } from '../../workers/thread-priority.js';
import { runCleanPass, type CleanPassInput, type CleanPassResult } from './clean-pass.js';

// Cleaning is background work: request handling on the broker's loop goes first.
lowerThisWorkerThreadPriority();
serveJobs<CleanPassInput, CleanPassResult>((input) => ({ result: runCleanPass(input) }));
