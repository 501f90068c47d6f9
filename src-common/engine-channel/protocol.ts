/**
 * The one typed channel between the backend and a broker process (Node IPC for `child_process.fork`, Electron's
 * `utilityProcess` port in the app). Messages are structured-cloneable plain data. The backend sends `start` once,
 * then insight `call`s (answered by `result` with the same id), throughput subscriptions and finally `stop`; the
 * broker answers `ready` (or `start-failed`) and pushes engine events and throughput samples.
 */

import type { EngineEvent, ThroughputSample } from '../engine-events.js';
import type { EngineInsightMethod, InsightArgs } from './insight-api.js';

/** Everything the broker process needs to start (what `startBroker()` takes, minus functions). */
export interface BrokerProcessOptions {
  dataDir: string;
  host: string;
  /** 0 = any free port (the supervisor pins the port it got for restarts). */
  port: number;
  /** Serve the embedded Schema Registry on this port (0 = any); off when absent. */
  schemaRegistryPort?: number;
  /** Extra engine options (e.g. groupInitialRebalanceDelayMs, autoCreateTopics, configs); plain data only. */
  brokerOptions?: Record<string, unknown>;
  /** The broker's console log level (default 'warn'). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/** What a started broker process reports. */
export interface BrokerReadyInfo {
  pid: number;
  host: string;
  port: number;
  clusterId: string;
  nodeId: number;
  schemaRegistryUrl: string | null;
  /** Milliseconds from start to the listener accepting connections. */
  startupMs: number;
  /** The development CA clients trust (`--tls auto` made or reused one for a TLS listener); null without one. */
  caCertPath: string | null;
}

/** Why an insight call failed. */
export interface ChannelError {
  /** 'not-running': no broker (not started yet, crashed, stopped); 'internal': the engine threw. */
  code: 'not-running' | 'unknown-method' | 'internal';
  message: string;
}

export type CallMessage = { [M in EngineInsightMethod]: { kind: 'call'; id: number; method: M; args: InsightArgs<M> } }[EngineInsightMethod];

export type ToBroker =
  | { kind: 'start'; options: BrokerProcessOptions }
  | CallMessage
  /** Samples are measured and sent only while the backend wants them. */
  | { kind: 'throughput'; subscribed: boolean }
  | { kind: 'stop' };

export type FromBroker =
  | { kind: 'ready'; info: BrokerReadyInfo }
  | { kind: 'start-failed'; error: string }
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: ChannelError }
  | { kind: 'event'; event: EngineEvent }
  | { kind: 'throughput'; sample: ThroughputSample }
  /** Sent when the broker begins a clean shutdown (stop message, parent gone, signal). */
  | { kind: 'stopping' };

const TO_BROKER_KINDS = new Set(['start', 'call', 'throughput', 'stop']);
const FROM_BROKER_KINDS = new Set(['ready', 'start-failed', 'result', 'event', 'throughput', 'stopping']);

function kindOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : null;
}

/** A cheap shape check at the boundary: both ends are ours, so a wrong kind means a bug, not an attack. */
export function isToBroker(value: unknown): value is ToBroker {
  const kind = kindOf(value);
  return kind !== null && TO_BROKER_KINDS.has(kind);
}

export function isFromBroker(value: unknown): value is FromBroker {
  const kind = kindOf(value);
  return kind !== null && FROM_BROKER_KINDS.has(kind);
}

/**
 * The backend's end of one broker process, whatever started it (child_process.fork under `npm run serve` and in
 * tests, Electron's utilityProcess in the app).
 */
export interface BrokerChild {
  /** The OS process id (known once spawned). */
  readonly pid: number | null;
  send(message: ToBroker): void;
  onMessage(listener: (message: FromBroker) => void): void;
  /** Called once when the process is gone; code/signal as far as the platform tells. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** SIGKILL-equivalent: for a broker that does not stop in time. */
  kill(): void;
}

/** Starts one broker process (the supervisor calls it again for every restart). */
export type SpawnBroker = () => BrokerChild;
