/**
 * The backend service: the contract's dispatcher plus everything it needs. Transport-agnostic: serve.ts puts it
 * behind HTTP/WebSocket, electron/main.ts behind IPC.
 */

import { ensurePrivateDir } from './private-dir.js';
import { FileGrants } from './file-grants.js';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { registerKafkaJsCodecs } from './kafka/codecs.js';
import { BACKEND_METHODS, type BackendMethod } from '../src-common/contract/api.js';
import { EMBEDDED_CLUSTER_ID } from '../src-common/contract/clusters.js';
import type { HostInfo } from '../src-common/contract/engine.js';
import type { TaskInfo } from '../src-common/contract/tasks.js';
import type { CallEnvelope } from '../src-common/contract/wire.js';
import { ClusterRegistry } from './cluster-registry.js';
import { ClusterStore } from './cluster-store.js';
import type { BackendContext, Handler, Handlers, HostAdapter } from './context.js';
import type { EngineLink } from './engine-link.js';
import { EngineEventLog } from './engine-event-log.js';
import { toBackendError } from './errors.js';
import { EventHub, type EventListener } from './event-hub.js';
import { clusterHandlers } from './features/clusters.js';
import { configHandlers } from './features/configs.js';
import { copyHandlers } from './features/copy.js';
import { engineInsightHandlers } from './features/engine-insight.js';
import { importHandlers } from './features/import.js';
import { lagHistoryHandlers } from './features/lag-history.js';
import { keySkewHandlers } from './features/key-skew.js';
import { LagHistory, type LagHistoryOptions } from './lag-history/lag-history.js';
import { groupHandlers } from './features/groups.js';
import { hostHandlers } from './features/host.js';
import { messageHandlers } from './features/messages.js';
import { overviewHandlers } from './features/overview.js';
import { produceHandlers } from './features/produce.js';
import { schemaRegistryHandlers } from './features/schema-registry.js';
import { SchemaRegistryService } from './schema-registry/index.js';
import { taskHandlers } from './features/tasks.js';
import { topicHandlers } from './features/topics.js';
import { topicUsageHandlers } from './features/topic-usage.js';
import { uiStateHandlers } from './features/ui-state.js';
import { trafficHandlers } from './features/traffic.js';
import { exactCountHandlers } from './features/exact-count.js';
import { securityHandlers } from './features/security/index.js';
import { segmentExplorerHandlers } from './features/segment-explorer.js';
import { SegmentExplorer } from '../src-engine/index.js';
import { UiStateStore } from './ui-state-store.js';
import { ScanWorkers } from './messages/scan-workers.js';
import { TailManager } from './messages/tail.js';
import type { SecretStore } from './secret-store.js';
import { TaskManager } from './tasks.js';
import { ThroughputMonitor } from './throughput-monitor.js';

export interface BackendServiceOptions {
  configDir: string;
  secretStore: SecretStore;
  /** The embedded broker, when it runs; engineError says why not otherwise. */
  engine: EngineLink | null;
  engineError?: string | null;
  host: Omit<HostInfo, 'configDir' | 'secretStorage'> & Partial<Pick<HostAdapter, 'pickSavePath' | 'pickOpenPath' | 'downloadUrl' | 'tempDir'>>;
  /** Scan worker threads (default: defaultScanWorkers()); 0 scans on the backend's loop. */
  scanWorkers?: number;
  /** Lag history tuning (tests, benchmarks); the store lives in configDir/lag-history.sqlite unless `path` says otherwise. */
  lagHistory?: Partial<LagHistoryOptions>;
}

export interface BackendService {
  /** Never rejects: failures come back as { ok: false, error }. */
  call(method: string, params: unknown): Promise<CallEnvelope>;
  onEvent(listener: EventListener): () => void;
  readonly context: BackendContext;
  dispose(): Promise<void>;
}

const HANDLERS: Handlers<BackendMethod> = {
  ...hostHandlers,
  ...clusterHandlers,
  ...overviewHandlers,
  ...topicHandlers,
  ...topicUsageHandlers,
  ...uiStateHandlers,
  ...configHandlers,
  ...messageHandlers,
  ...produceHandlers,
  ...copyHandlers,
  ...importHandlers,
  ...groupHandlers,
  ...schemaRegistryHandlers,
  ...taskHandlers,
  ...engineInsightHandlers,
  ...trafficHandlers,
  ...exactCountHandlers,
  ...lagHistoryHandlers,
  ...keySkewHandlers,
  ...securityHandlers,
  ...segmentExplorerHandlers,
};

/** Methods that change a cluster, with the params that make a call harmless (dry runs). */
const MUTATING: Partial<Record<BackendMethod, (params: Record<string, unknown>) => boolean>> = {
  'topics.create': (p) => !p.validateOnly,
  'topics.delete': () => true,
  'topics.addPartitions': () => true,
  'topics.purge': () => true,
  'configs.alter': (p) => !p.validateOnly,
  'messages.produce': () => true,
  'groups.resetOffsets': (p) => !p.dryRun,
  'groups.delete': () => true,
  'groups.deleteTopicOffsets': () => true,
  'messages.import': () => true,
  'registry.register': () => true,
  'registry.delete': () => true,
  'registry.setCompatibility': () => true,
  'engine.compactNow': () => true,
  'engine.rollSegment': () => true,
  'engine.enforceRetention': () => true,
};

export async function createBackendService(options: BackendServiceOptions): Promise<BackendService> {
  registerKafkaJsCodecs();
  ensurePrivateDir(options.configDir);
  const events = new EventHub();
  const store = new ClusterStore(options.configDir, options.secretStore);
  const engine = (): EngineLink | null => options.engine;
  /** Why the embedded broker cannot answer now: not started, or its process is down (crashed, restarting, stopped). */
  const engineError = (): string | null => {
    if (!options.engine) return options.engineError ?? 'embedded broker not started';
    const status = options.engine.processStatus();
    return status.state === 'running' ? null : (status.error ?? `embedded broker is ${status.state}`);
  };
  const registry = new ClusterRegistry(store, events, engine, engineError);
  const engineLog = new EngineEventLog();
  const unsubscribeEngine = options.engine?.onEvent((event) => {
    engineLog.push(event);
    events.emit('engine.event', { clusterId: EMBEDDED_CLUSTER_ID, event });
  });
  const unsubscribeProcess = options.engine?.onProcessStatus((status) => {
    events.emit('engine.process', status);
    registry.embeddedChanged();
  });
  const throughput = new ThroughputMonitor(registry, events, (clusterId, listener) =>
    clusterId === EMBEDDED_CLUSTER_ID ? (options.engine?.onThroughput(listener) ?? null) : null);
  const lagHistory = new LagHistory({ path: join(options.configDir, 'lag-history.sqlite'), ...options.lagHistory }, registry, engine);
  // A short server-side history (KEEP_SAMPLES) for the embedded broker: the overview chart has data when it opens.
  if (options.engine) throughput.keep(EMBEDDED_CLUSTER_ID);
  const { pickSavePath, pickOpenPath, downloadUrl, tempDir, ...info } = options.host;
  const exportsDir = tempDir ?? join(tmpdir(), 'kafkadesk-exports');
  /** Temporary exports (served for download in browser mode) go away with their task. */
  const forgetTask = (task: TaskInfo): void => {
    const file = task.exportResult?.filePath;
    if (file && dirname(file) === exportsDir) rmSync(file, { force: true });
  };
  const context: BackendContext = {
    files: new FileGrants(),
    uiState: new UiStateStore(options.configDir),
    registry,
    events,
    tasks: new TaskManager(events, forgetTask),
    tails: new TailManager(events),
    scanWorkers: new ScanWorkers(options.scanWorkers),
    explorer: new SegmentExplorer(),
    engineLog,
    schemas: new SchemaRegistryService(options.configDir, registry, engine),
    throughput,
    lagHistory,
    engine,
    engineError,
    host: {
      info: { ...info, configDir: options.configDir, secretStorage: options.secretStore.kind },
      tempDir: exportsDir,
      ...(pickSavePath ? { pickSavePath } : {}),
      ...(pickOpenPath ? { pickOpenPath } : {}),
      ...(downloadUrl ? { downloadUrl } : {}),
    },
  };
  const known = new Set<string>(BACKEND_METHODS);
  lagHistory.start();

  return {
    context,
    onEvent: (listener) => events.listen(listener),
    async call(method, params) {
      if (!known.has(method)) return { ok: false, error: { code: 'unknown-method', message: `unknown method ${method}` } };
      const handler = HANDLERS[method as BackendMethod] as Handler<BackendMethod>;
      try {
        const p = (params ?? {}) as Record<string, unknown>;
        if (typeof p.clusterId === 'string' && MUTATING[method as BackendMethod]?.(p)) registry.assertWritable(p.clusterId);
        const result = await handler((params ?? {}) as never, context);
        return { ok: true, result };
      } catch (error) {
        return { ok: false, error: toBackendError(error) };
      }
    },
    async dispose() {
      unsubscribeEngine?.();
      unsubscribeProcess?.();
      context.tails.stopAll();
      context.tasks.cancelAll();
      for (const task of context.tasks.list()) forgetTask(task);
      throughput.stop();
      lagHistory.close();
      await context.scanWorkers.close();
      await context.explorer.close();
      await registry.closeAll();
    },
  };
}
