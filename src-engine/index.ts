/**
 * The engine's public API: start an embedded Kafka-compatible broker.
 * Plain Node only — no Electron or Vue — so it runs as a CLI, in tests and inside the app.
 */
import { Cluster } from './cluster/cluster.js';
import { resolveOptions, type BrokerOptions } from './cluster/options.js';
import { BrokerServer } from './server/server.js';
import { API_HANDLERS, INTER_BROKER_HANDLERS } from './apis/index.js';
import { consoleLogger } from './logger.js';
import { createInsight, type BrokerInsight } from './insight.js';
import type { EngineEvents } from './cluster/events.js';
import { startSchemaRegistry, type RegistryServer } from './schema-registry/index.js';
import { Replication } from './replication/replication.js';

export type { BrokerOptions } from './cluster/options.js';
export type { Logger, LogLevel } from './logger.js';
export type { BrokerInsight, FetchSessionInsight } from './insight.js';
export type { PartitionLogManagementInsight, SegmentInsight, LogForecast } from './log-management/index.js';
export type { CleanerRun, CleanerPartitionInsight } from './log-management/cleaner/log-cleaner.js';
export type { DescribedConfig } from './config/topic-config.js';
export type { TransactionListing, OpenTransactionInPartition } from './transactions/txn-insight.js';
export type { EngineEvent, ThroughputSample } from '../src-common/engine-events.js';
/** Kafka's config definitions (docs, types, defaults): the backend shows them for any cluster. */
export { BROKER_CONFIGS } from './config/broker-configs.js';
// Worker-thread plumbing the backend's scans share with the log cleaner (no broker state).
export { WorkerPool, type WorkerPoolOptions, type WorkerReply, type WorkerRequest } from './workers/pool.js';
export { workerFile, type WorkerEntry } from './workers/worker-file.js';
export { TOPIC_CONFIGS } from './config/topic-configs.js';

export type StartBrokerOptions = Partial<BrokerOptions> & {
  dataDir: string;
  /** Serve the embedded Schema Registry (Confluent's REST API) on this port of the broker's host; 0 = any free port. Off when absent. */
  schemaRegistryPort?: number;
};

export interface BrokerHandle {
  /** The address clients use (bootstrap server `${host}:${port}`). */
  readonly host: string;
  readonly port: number;
  readonly clusterId: string;
  readonly nodeId: number;
  /** Engine events (group life, topic changes, log maintenance) and throughput samples. */
  readonly events: EngineEvents;
  /** Read-only views the GUI shows: segments, groups, lag, cleaner stats. */
  readonly insight: BrokerInsight;
  /** The embedded Schema Registry's URL (e.g. http://127.0.0.1:8081), or null when it was not asked for. */
  readonly schemaRegistryUrl: string | null;
  /** Milliseconds from startBroker() to the listener accepting connections. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

export async function startBroker(partial: StartBrokerOptions): Promise<BrokerHandle> {
  const started = performance.now();
  const options = resolveOptions(partial, consoleLogger('warn'));
  // Opens the topics and replays the coordinators' logs before the listener opens.
  const cluster = new Cluster(options);
  const handlers = new Map([...API_HANDLERS, ...INTER_BROKER_HANDLERS].map((h) => [h.key, h]));
  cluster.advertisedApis = API_HANDLERS.map((h) => ({ key: h.key, minVersion: h.minVersion, maxVersion: h.maxVersion }));
  const server = new BrokerServer(cluster, handlers);
  let bound: { host: string; port: number };
  try {
    bound = await server.listen(options.host, options.port);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  cluster.advertisedHost = options.advertisedHost ?? (bound.host === '0.0.0.0' || bound.host === '::' ? '127.0.0.1' : bound.host);
  cluster.advertisedPort = bound.port;
  if (options.membership) {
    const replication = new Replication(cluster, options.membership);
    cluster.replication = replication;
    replication.start();
    cluster.onStop(() => replication.stop());
  }
  let registry: RegistryServer | null = null;
  if (partial.schemaRegistryPort !== undefined) {
    try {
      registry = await startSchemaRegistry(cluster, options.host, partial.schemaRegistryPort);
    } catch (err) {
      await server.close();
      await cluster.stop();
      throw new Error(`schema registry: ${(err as Error).message}`, { cause: err });
    }
  }
  const startupMs = performance.now() - started;
  options.logger.info(`KafkaDesk broker ${cluster.nodeId} (cluster ${cluster.clusterId}) listening on ${bound.host}:${bound.port}`);
  let stopping: Promise<void> | null = null;
  return {
    host: cluster.advertisedHost,
    port: bound.port,
    clusterId: cluster.clusterId,
    nodeId: cluster.nodeId,
    events: cluster.events,
    insight: createInsight(cluster),
    schemaRegistryUrl: registry?.url ?? null,
    startupMs,
    stop() {
      stopping ??= (async () => {
        await registry?.close();
        await server.close();
        await cluster.stop();
      })();
      return stopping;
    },
  };
}
