/**
 * What the backend asks the segment explorer's worker thread (src-engine/explorer/) and what it answers. The
 * worker only reads the opened directory. Records come back as raw bytes; the backend turns them into Payloads
 * the way the message browser does.
 */

import type {
  ExplorerBatch, ExplorerBatchPage, ExplorerControl, ExplorerDirectory, ExplorerIndexes, ExplorerTarget,
} from '../contract/explorer.js';

export type ExplorerJob =
  | { kind: 'open'; path: string }
  /** `fromOffset`, when set, starts the page at the batch holding that offset instead of at fromPosition. */
  | { kind: 'batches'; target: ExplorerTarget; fromPosition: number; limit: number; fromOffset?: number }
  | { kind: 'records'; target: ExplorerTarget; position: number }
  | { kind: 'indexes'; target: ExplorerTarget; limit: number };

export interface RawExplorerRecord {
  offset: number;
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: { key: string; value: Uint8Array | null }[];
  control: ExplorerControl | null;
}

export interface RawExplorerRecords {
  batch: ExplorerBatch;
  records: RawExplorerRecord[];
  error: string | null;
}

/** Why a job failed: the path is missing, unreadable, not Kafka's, or the request points nowhere. */
export interface ExplorerFailure {
  code: 'not-found' | 'permission' | 'not-kafka' | 'bad-request' | 'internal';
  message: string;
}

export interface ExplorerJobResults {
  open: ExplorerDirectory;
  batches: ExplorerBatchPage;
  records: RawExplorerRecords;
  indexes: ExplorerIndexes;
}

export type ExplorerAnswer<K extends ExplorerJob['kind'] = ExplorerJob['kind']> =
  | { ok: true; value: ExplorerJobResults[K] }
  | { ok: false; failure: ExplorerFailure };
