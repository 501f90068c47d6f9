// Starts the real KafkaDesk broker for tests: in-process (fast, the default) or as
// a child process through the CLI (needed to kill -9 it and restart on the same
// data directory). Every broker gets a fresh temp data dir unless one is given.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type BoundListener, type BrokerInsight } from '../../src-engine/index.js';
import { parseAddress, waitUntilServing } from './broker-probe.js';
import { repoRoot, waitFor } from './clients.js';

export { parseAddress, probeKafka, waitUntilServing } from './broker-probe.js';

export interface TestBroker {
  host: string;
  port: number;
  /** "host:port", what every client takes as its bootstrap server. */
  bootstrap: string;
  dataDir: string;
  /** Stops the broker and deletes its data dir (unless keepData). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** The in-process broker also offers the engine's read-only insight (segments, groups, fetch sessions). */
export interface InProcessBroker extends TestBroker {
  insight: BrokerInsight;
  /** Every listener (name, protocol, advertised address). */
  listeners: readonly BoundListener[];
  /** The dev CA certificate (`tlsAuto`), or null. */
  caCertPath: string | null;
}

export interface BrokerOptions {
  dataDir?: string;
  port?: number;
  host?: string;
  autoCreateTopics?: boolean;
  groupInitialRebalanceDelayMs?: number;
  /** Kafka-named static broker configs, as in server.properties. */
  configs?: Readonly<Record<string, string>>;
  /** SASL users created at start (`--user NAME:PASSWORD`). */
  users?: readonly { name: string; password: string }[];
  /** `--tls auto`. */
  tlsAuto?: boolean;
}

export function tempDataDir(prefix = 'kafkadesk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The in-process broker. Tests default to auto-created topics (as Kafka's
 * default broker config does) and no initial rebalance delay (Kafka's 3 s delay
 * would only slow every consumer-group test down).
 */
export async function startTestBroker(opts: BrokerOptions = {}): Promise<InProcessBroker> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const handle = await startBroker({
    dataDir,
    port: opts.port ?? 0,
    host: opts.host ?? '127.0.0.1',
    autoCreateTopics: opts.autoCreateTopics ?? true,
    groupInitialRebalanceDelayMs: opts.groupInitialRebalanceDelayMs ?? 0,
    ...(opts.configs ? { configs: opts.configs } : {}),
    ...(opts.users ? { users: opts.users } : {}),
    ...(opts.tlsAuto ? { tlsAuto: true } : {}),
  });
  let stopped = false;
  return {
    host: handle.host,
    port: handle.port,
    bootstrap: `${handle.host}:${handle.port}`,
    dataDir,
    insight: handle.insight,
    listeners: handle.listeners,
    caCertPath: handle.devCa?.caCertPath ?? null,
    async stop(stopOpts = {}) {
      if (stopped) return;
      stopped = true;
      await handle.stop();
      if (!stopOpts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- child-process broker

export interface ChildBroker extends TestBroker {
  child: ChildProcess;
  /** Everything the broker printed so far (stdout + stderr), for failure messages. */
  output(): string;
  /** SIGKILL, like a power cut: no shutdown hooks run. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** Starts a new broker process on the same data dir and port. */
  restart(): Promise<ChildBroker>;
}

/**
 * Runs `node --import tsx src-engine/cli.ts broker --data-dir DIR --port N` and
 * waits until it prints its address and answers ApiVersions.
 */
export async function startChildBroker(
  opts: { dataDir?: string; port?: number; extraArgs?: string[]; startTimeoutMs?: number } = {},
): Promise<ChildBroker> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const args = [
    '--import',
    'tsx',
    'src-engine/cli.ts',
    'broker',
    '--data-dir',
    dataDir,
    '--port',
    String(opts.port ?? 0),
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // Keep the tail only: a chatty broker in a long test must not grow this without bound.
  const append = (b: Buffer): void => {
    out += b.toString('utf8');
    if (out.length > 512_000) out = out.slice(-256_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exited = false;
  const exitedPromise = new Promise<void>((r) =>
    child.on('exit', () => {
      exited = true;
      r();
    }),
  );
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  // A box, because TypeScript doesn't see the assignment inside the poll callback.
  const found: { address: { host: string; port: number } | null } = { address: null };
  try {
    await waitFor(
      'the broker CLI to print its address',
      () => {
        if (exited) throw new Error(`broker CLI exited during startup:\n${out}`);
        found.address = parseAddress(out);
        return found.address !== null;
      },
      startTimeoutMs,
    );
    if (found.address === null) throw new Error('no address');
    await waitUntilServing(found.address.host, found.address.port, startTimeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    throw new Error(`${(err as Error).message}\n--- broker output ---\n${out.slice(-4000)}`, { cause: err });
  }
  if (found.address === null) throw new Error('unreachable: address checked above');
  const { host, port } = found.address;

  const kill9 = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGKILL');
      await exitedPromise;
    }
    process.off('exit', killOnExit);
  };
  return {
    host,
    port,
    bootstrap: `${host}:${port}`,
    dataDir,
    child,
    output: () => out,
    kill9,
    async stop(stopOpts = {}) {
      if (!exited) {
        child.kill('SIGTERM');
        // A broker that ignores SIGTERM still must not outlive the test.
        const grace = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exitedPromise;
        clearTimeout(grace);
      }
      process.off('exit', killOnExit);
      if (!stopOpts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await kill9();
      return startChildBroker({ ...opts, dataDir, port });
    },
  };
}
