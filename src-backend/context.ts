/** What every feature handler gets, and the handler types that tie handlers to the contract. */

import type { BackendMethod, BackendParams, BackendResult } from '../src-common/contract/api.js';
import type { HostInfo } from '../src-common/contract/engine.js';
import type { ClusterRegistry } from './cluster-registry.js';
import type { EngineLink } from './engine-link.js';
import type { EngineEventLog } from './engine-event-log.js';
import type { EventHub } from './event-hub.js';
import type { FileGrants } from './file-grants.js';
import type { LagHistory } from './lag-history/lag-history.js';
import type { ThroughputMonitor } from './throughput-monitor.js';
import type { SchemaRegistryService } from './schema-registry/index.js';
import type { UiStateStore } from './ui-state-store.js';
import type { ScanWorkers } from './messages/scan-workers.js';
import type { SegmentExplorer } from '../src-engine/index.js';
import type { TailManager } from './messages/tail.js';
import type { TaskManager } from './tasks.js';

/** Capabilities that depend on where the backend runs (Electron or `npm run serve`). */
export interface HostAdapter {
  info: HostInfo;
  /** Electron: native save dialog. Browser mode: undefined. */
  pickSavePath?: (defaultName: string) => Promise<string | null>;
  /** Electron: native open dialog. Browser mode: undefined. */
  pickOpenPath?: (extensions: string[], directory?: boolean) => Promise<string | null>;
  /** Where exports without a path go. */
  tempDir: string;
  /** HTTP transport: relative URL serving a finished temp export by its one-time ticket; undefined in Electron. */
  downloadUrl?: (ticket: string) => string;
}

export interface BackendContext {
  registry: ClusterRegistry;
  events: EventHub;
  tasks: TaskManager;
  tails: TailManager;
  /** Threads that decode and filter the records of searches, exports and copies. */
  scanWorkers: ScanWorkers;
  /** The offline segment explorer's worker thread (reads Kafka data dirs read-only). */
  explorer: SegmentExplorer;
  engineLog: EngineEventLog;
  throughput: ThroughputMonitor;
  /** Persisted per-partition lag samples and Burrow verdicts. */
  lagHistory: LagHistory;
  engine(): EngineLink | null;
  engineError(): string | null;
  host: HostAdapter;
  /** Schema registries (embedded or per cluster), the schema cache and per-topic decodings. */
  schemas: SchemaRegistryService;
  /** The only files the backend writes or reads for a caller: dialog-picked paths, its temp exports and uploads. */
  files: FileGrants;
  /** The GUI's last opened view (ui-state.json in the config folder). */
  uiState: UiStateStore;
}

export type Handler<M extends BackendMethod> = (params: BackendParams<M>, ctx: BackendContext) => Promise<BackendResult<M>>;
export type Handlers<K extends BackendMethod> = { [M in K]: Handler<M> };
