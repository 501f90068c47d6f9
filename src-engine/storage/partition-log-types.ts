/** The option and result shapes of PartitionLog (re-exported from partition-log.ts). */
import type { LogSettings } from './log-settings.js';
import type { LogSegment } from './segment.js';
import type { LogDir } from './log-dir.js';

export interface PartitionLogOptions {
  dir: string;
  topic: string;
  partition: number;
  topicId: string;
  /** The data directory's checkpoints and clean-shutdown state (absent: a log on its own, as in storage tests). */
  logDir?: LogDir;
  config: () => LogSettings;
  now?: () => number;
  /** Overrides the data directory's clean-shutdown marker (tests). */
  cleanShutdown?: boolean;
  /** Told the base offset of each new active segment (the GUI shows rolls as they happen). */
  onRoll?: (baseOffset: number) => void;
}

export interface AppendInfo {
  firstOffset: number;
  lastOffset: number;
  /** Broker time stamped on the batches for LogAppendTime topics, -1 for CreateTime. */
  logAppendTime: number;
  logStartOffset: number;
  maxTimestamp: number;
  offsetOfMaxTimestamp: number;
  recordCount: number;
}

export interface ReadResult {
  chunks: Buffer[];
  bytes: number;
}

/** See PartitionLog.maintenanceAccess(). */
export interface MaintenanceAccess {
  readonly segments: LogSegment[];
  advanceLogStartOffset(offset: number): void;
  roll(): void;
  writeCheckpoints(): void;
  settings(): LogSettings;
}
