/**
 * The backend's view of the embedded broker, which runs in its own OS process under an EngineSupervisor. Everything
 * else in the backend talks Kafka through kafkajs; only engine-only insight (segments, exact group/topic/log events)
 * comes through this link, over the typed channel of src-common/engine-channel. When the broker fails to start (port,
 * data dir), the backend still runs with remote clusters only.
 */

import { createServer } from 'node:net';
import type { EngineProcessStatus } from '../src-common/contract/engine.js';
import type { SegmentInfo } from '../src-common/contract/topics.js';
import { ENGINE_INSIGHT_METHODS, type BrokerProcessOptions, type EngineInsightClient, type SpawnBroker } from '../src-common/engine-channel/index.js';
import type { EngineEvent, ThroughputSample } from '../src-common/engine-events.js';
import { forkBrokerSpawner } from './engine-process.js';
import { DEFAULT_POLICY, EngineCallError, EngineSupervisor, type SupervisorPolicy } from './engine-supervisor.js';
import { fail } from './errors.js';
import { ensurePrivateDir } from './private-dir.js';

export interface EngineLink {
  /** The broker's address (the same across restarts). */
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** When the current broker process became ready (epoch ms). */
  readonly startedAt: number;
  readonly schemaRegistryUrl: string | null;
  /** The broker's development CA certificate (PEM file), when a TLS listener made one; null otherwise. */
  readonly caCertPath: string | null;
  /** Engine-only views and maintenance actions; reject with 'engine-unavailable' while the broker is down. */
  readonly insight: EngineInsightClient;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Engine-measured throughput (one sample a second while subscribed). */
  onThroughput(listener: (sample: ThroughputSample) => void): () => void;
  /** Null when the topic or partition does not exist. */
  listSegments(topic: string, partition: number): Promise<SegmentInfo[] | null>;
  /** Bytes on disk per partition; null when the topic is unknown. */
  partitionSizes(topic: string): Promise<Map<number, number> | null>;
  processStatus(): EngineProcessStatus;
  onProcessStatus(listener: (status: EngineProcessStatus) => void): () => void;
  /** Stops the broker process and starts a new one (same data dir and port). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface EngineStartOptions {
  dataDir: string;
  host?: string;
  /** Preferred port; the next free one is used when it is taken. 0 = any. */
  port?: number;
  /** Serve the embedded Schema Registry on this port (0 = any); off when absent. */
  schemaRegistryPort?: number;
  /** Extra engine options passed through to startBroker (e.g. groupInitialRebalanceDelayMs in tests); plain data. */
  brokerOptions?: Record<string, unknown>;
  /** How to start a broker process (default: child_process.fork; Electron passes utilityProcess). */
  spawn?: SpawnBroker;
  /** Restart backoff and timeouts (tests shorten them). */
  policy?: Partial<SupervisorPolicy>;
}

export type EngineStartResult = { ok: true; link: EngineLink } | { ok: false; error: string };

export async function startEmbeddedEngine(options: EngineStartOptions): Promise<EngineStartResult> {
  const host = options.host ?? '127.0.0.1';
  try {
    ensurePrivateDir(options.dataDir);
    const port = options.port === 0 ? 0 : await findFreePort(host, options.port ?? 9092);
    // The registry's port, like the broker's, moves to the next free one when taken (another app on 8081).
    const registryPort = options.schemaRegistryPort === undefined || options.schemaRegistryPort === 0 ? options.schemaRegistryPort
      : await findFreePort(host, options.schemaRegistryPort === port ? port + 1 : options.schemaRegistryPort);
    const processOptions: BrokerProcessOptions = {
      dataDir: options.dataDir,
      host,
      port,
      ...(registryPort !== undefined ? { schemaRegistryPort: registryPort } : {}),
      ...(options.brokerOptions ? { brokerOptions: options.brokerOptions } : {}),
    };
    const supervisor = new EngineSupervisor(options.spawn ?? forkBrokerSpawner(), processOptions, { ...DEFAULT_POLICY, ...options.policy });
    await supervisor.start();
    return { ok: true, link: linkFromSupervisor(supervisor) };
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, error: message.startsWith('embedded broker') ? message : `embedded broker failed to start: ${message}` };
  }
}

/** Channel failures become the contract's errors: a broker that is down is 'engine-unavailable'. */
function asBackendError(error: unknown): never {
  if (error instanceof EngineCallError) fail(error.code === 'not-running' ? 'engine-unavailable' : 'internal', error.message);
  throw error;
}

export function linkFromSupervisor(supervisor: EngineSupervisor): EngineLink {
  const insight = Object.fromEntries(ENGINE_INSIGHT_METHODS.map((method) => [
    method,
    (...args: never[]) => (supervisor.call as (m: string, ...a: unknown[]) => Promise<unknown>)(method, ...args).catch(asBackendError),
  ])) as EngineInsightClient;
  const ready = (): NonNullable<EngineSupervisor['ready']> => supervisor.ready ?? fail('engine-unavailable', 'embedded broker has not started');
  return {
    get host() {
      return ready().host;
    },
    get port() {
      return ready().port;
    },
    dataDir: supervisor.dataDir,
    get startedAt() {
      return supervisor.state().startedAt ?? 0;
    },
    get schemaRegistryUrl() {
      return supervisor.ready?.schemaRegistryUrl ?? null;
    },
    get caCertPath() {
      return supervisor.ready?.caCertPath ?? null;
    },
    insight,
    onEvent: (listener) => supervisor.onEvent(listener),
    onThroughput: (listener) => supervisor.onThroughput(listener),
    listSegments: (topic, partition) => insight.listSegments(topic, partition),
    async partitionSizes(topic) {
      const list = await insight.partitions(topic);
      return list ? new Map(list.map((p) => [p.partition, p.sizeBytes])) : null;
    },
    processStatus: () => supervisor.state(),
    onProcessStatus: (listener) => supervisor.onState(listener),
    restart: async () => {
      await supervisor.restart();
    },
    stop: () => supervisor.stop(),
  };
}

/** First port >= preferred that accepts a listener on host (tries 50 ports). */
export async function findFreePort(host: string, preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50 && port < 65536; port++) {
    if (await canListen(host, port)) return port;
  }
  throw new Error(`no free port in ${preferred}..${preferred + 49}`);
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
