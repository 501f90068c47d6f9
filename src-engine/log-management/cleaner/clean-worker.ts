/** The log cleaner's worker thread: runs clean passes (clean-pass.ts) posted by the broker's LogCleaner. */
import { serveJobs } from '../../workers/worker-side.js';
import { runCleanPass, type CleanPassInput, type CleanPassResult } from './clean-pass.js';

serveJobs<CleanPassInput, CleanPassResult>((input) => ({ result: runCleanPass(input) }));
