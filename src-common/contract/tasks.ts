/** Long-running backend work (searches, exports) with progress and cancel. */

import type { BackendError } from './errors.js';
import type { CopyResult, ExportResult, ScanStats } from './messages.js';

export type TaskKind = 'search' | 'export' | 'copy' | 'import' | 'count';
export type TaskState = 'running' | 'done' | 'cancelled' | 'failed';

/** Why a scan stopped. 'range-end' means the whole requested range was read. */
export type StopReason = 'range-end' | 'max-matches' | 'max-records' | 'cancelled' | 'error';

export interface TaskInfo {
  taskId: string;
  kind: TaskKind;
  clusterId: string;
  topic: string;
  state: TaskState;
  startedAt: number;
  finishedAt: number | null;
  /** 0..1 over the offsets of the requested range. */
  progress: number;
  stats: ScanStats;
  stopReason: StopReason | null;
  error: BackendError | null;
  /** Only for finished exports. */
  exportResult: ExportResult | null;
  /** Copy and import tasks: records written so far (final when finished). */
  copyResult: CopyResult | null;
}
