// Real Apache Kafka (4.x, fetched from Maven Central by scripts/reference-kafka/) as the
// executable reference: one one-node KRaft broker per test file, on free loopback ports and a
// fresh temp dir. The JVM is this process's child (the script execs it), so it dies with us.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDataDir } from './broker.js';
import { waitUntilServing } from './broker-probe.js';
import { repoRoot, waitFor } from './clients.js';

export const referenceKafkaScript = join(repoRoot, 'scripts/reference-kafka/reference-kafka.sh');

export interface ReferenceKafka {
  host: string;
  port: number;
  bootstrap: string;
  dataDir: string;
  /** The broker's JVM: for /proc/<pid>/stat in the benchmark. */
  pid: number;
  /** The tail of Kafka's server.log, for failure messages. */
  logTail(lines?: number): string;
  /** Stops Kafka (a clean shutdown) and deletes its data dir unless `keepData` (then the caller removes it). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** Why the reference Kafka cannot run here (a skip reason), or null when it can. */
export function referenceKafkaMissing(): string | null {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
    return 'java not found: the reference Kafka needs Java 17+ (apt-get install openjdk-17-jre-headless)';
  }
  const libs = spawnSync('bash', [referenceKafkaScript, 'libs'], { encoding: 'utf8' });
  if (libs.status !== 0) {
    return `reference Kafka jars missing (${libs.stderr.trim()}); run scripts/reference-kafka/reference-kafka.sh fetch`;
  }
  return null;
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `overrides`: broker configs passed as `--override key=value` (e.g. to make a 4.4 behaviour deterministic). */
export async function startReferenceKafka(opts: { startTimeoutMs?: number; overrides?: Record<string, string> } = {}): Promise<ReferenceKafka> {
  const missing = referenceKafkaMissing();
  if (missing !== null) throw new Error(`cannot start the reference Kafka: ${missing}`);
  const dataDir = tempDataDir('kafkadesk-refkafka-');
  const port = await freePort();
  const controllerPort = await freePort();
  const child: ChildProcess = spawn(
    'bash',
    [referenceKafkaScript, 'start', '--foreground', '--port', String(port), '--controller-port', String(controllerPort), '--data-dir', dataDir,
      ...Object.entries(opts.overrides ?? {}).flatMap(([k, v]) => ['--override', `${k}=${v}`])],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const append = (b: Buffer): void => {
    out = (out + b.toString('utf8')).slice(-64_000);
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
  const logTail = (lines = 40): string => {
    const log = join(dataDir, 'server.log');
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    return `${out}\n${text.split('\n').slice(-lines).join('\n')}`;
  };
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  try {
    await waitFor('the reference Kafka to start logging', () => {
      if (exited) throw new Error('the reference Kafka exited during startup');
      return existsSync(join(dataDir, 'server.log'));
    }, timeoutMs);
    await waitUntilServing('127.0.0.1', port, timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    throw new Error(`${(err as Error).message}\n--- reference Kafka output ---\n${logTail()}`, { cause: err });
  }
  if (child.pid === undefined) throw new Error('reference Kafka has no pid');
  return {
    host: '127.0.0.1',
    port,
    bootstrap: `127.0.0.1:${port}`,
    dataDir,
    pid: child.pid,
    logTail,
    async stop(stopOpts = {}) {
      if (!exited) {
        child.kill('SIGTERM');
        // A clean KRaft shutdown takes a few seconds; it must still not outlive the test.
        const grace = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exitedPromise;
        clearTimeout(grace);
      }
      process.off('exit', killOnExit);
      if (!stopOpts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
