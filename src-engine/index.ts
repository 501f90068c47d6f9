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
import { planListeners } from './security/listener-setup.js';
import type { SecurityProtocol } from './security/listeners.js';
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
export { lowerThisWorkerThreadPriority } from './workers/thread-priority.js';
// The offline segment explorer: reads a Kafka data dir on its own worker thread, read-only, without a broker.
export { SegmentExplorer } from './explorer/segment-explorer.js';
export { TOPIC_CONFIGS } from './config/topic-configs.js';
export { listenerPorts, parseOverrides, parseUser } from './cli-args.js';
/** Protobuf schema text (.proto or a base64 FileDescriptorProto), shared with the backend's decoding. */
export { parseProtoSource } from './schema-registry/formats/proto-source.js';

export type StartBrokerOptions = Partial<BrokerOptions> & {
  dataDir: string;
  /** Serve the embedded Schema Registry (Confluent's REST API) on this port of the broker's host; 0 = any free port. Off when absent. */
  schemaRegistryPort?: number;
};

/** A bound listener as clients see it. */
export interface BoundListener {
  readonly name: string;
  readonly protocol: SecurityProtocol;
  /** The advertised address (what Metadata answers on this listener). */
  readonly host: string;
  readonly port: number;
}

export interface BrokerHandle {
  /** Every listener, in `listeners` order; `host`/`port` are the first one's. */
  readonly listeners: readonly BoundListener[];
  /** `--tls auto`: the dev CA's certificate clients trust, or null. */
  readonly devCa: { readonly caCertPath: string; readonly dir: string; readonly fingerprint: string } | null;
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
  const bound: BoundListener[] = [];
  let plan: ReturnType<typeof planListeners>;
  try {
    plan = planListeners(cluster.brokerConfigsInForce, { host: options.host, port: options.port, dataDir: options.dataDir, tlsAuto: options.tlsAuto === true,
      ...(options.advertisedHost !== undefined ? { advertisedHost: options.advertisedHost } : {}) }, options.logger);
    for (const { endpoint, security } of plan.setups) {
      const at = await server.listen(endpoint, security);
      const adv = plan.resolved.advertised.get(endpoint.name);
      const host = adv?.host ?? options.advertisedHost ?? (at.host === '0.0.0.0' || at.host === '::' ? '127.0.0.1' : at.host);
      const port = adv && adv.port !== 0 ? adv.port : at.port;
      cluster.advertisedListeners.set(endpoint.name, { host, port });
      bound.push({ name: endpoint.name, protocol: endpoint.protocol, host, port });
      if (security.tls) options.logger.info(`listener ${endpoint.name}: TLS certificate from ${security.tls.source}, ssl.client.auth=${security.tls.clientAuth}`);
    }
  } catch (err) {
    await server.close();
    await cluster.stop();
    throw err;
  }
  // The inter-broker listener's address stands for the broker where no listener is known (insight, events).
  const main = cluster.advertisedListeners.get(plan.resolved.interBrokerListener) ?? bound[0]!;
  cluster.advertisedHost = main.host;
  cluster.advertisedPort = main.port;
  if (plan.devCa) {
    options.logger.info(`dev CA ${plan.devCa.created ? 'created' : 'reused'}: clients trust ${plan.devCa.caCertPath} (SHA-256 ${plan.devCa.caFingerprint})`);
  }
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
  options.logger.info(`KafkaDesk broker ${cluster.nodeId} (cluster ${cluster.clusterId}) listening on ${bound.map((l) => `${l.name}://${l.host}:${l.port}`).join(', ')}`);
  let stopping: Promise<void> | null = null;
  return {
    listeners: bound,
    devCa: plan.devCa ? { caCertPath: plan.devCa.caCertPath, dir: plan.devCa.dir, fingerprint: plan.devCa.caFingerprint } : null,
    host: bound[0]!.host,
    port: bound[0]!.port,
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
