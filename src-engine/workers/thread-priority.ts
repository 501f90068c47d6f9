/**
 * Background worker threads (the log cleaner, the backend's scans) run at a lower CPU priority than the loops
 * that answer requests, so on a busy machine a compaction or a 1M-record filter takes the cores the broker and
 * the GUI leave idle instead of delaying their answers. Linux keeps a nice value per thread (NPTL), so
 * setpriority(0) from inside a worker affects that thread only; elsewhere it would renice the whole process,
 * so this does nothing there.
 */
import { setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** Nice value of background workers (0 is normal, 19 the lowest). */
export const BACKGROUND_NICE = 10;

/** Lowers the calling worker thread's priority (Linux only); true when it did. */
export function lowerThisWorkerThreadPriority(nice = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux' || isMainThread) return false;
  try {
    setPriority(nice);
    return true;
  } catch {
    // Not permitted (some containers forbid it): the worker runs at normal priority.
    return false;
  }
}
