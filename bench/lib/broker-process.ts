/**
 * Runs the built broker CLI as its own process so its memory and start-up time are measured
 * alone: `node dist/src-engine/cli.js broker`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeKafka } from '../../test/helpers/broker-probe.js';
import { repoRoot } from '../../test/helpers/clients.js';

export interface BrokerProcess {
  child: ChildProcess;
  host: string;
  port: number;
  bootstrap: string;
  /** ms from spawn until an ApiVersions request was answered. */
  msToFirstServedRequest: number;
  /** The broker's own measurement: startBroker() until listening. */
  reportedStartupMs: number;
  rssMb(): number;
  peakRssMb(): number;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function startBrokerProcess(dataDir: string, port: number): Promise<BrokerProcess> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, 'dist/kafkadesk-broker.mjs'), 'broker', '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  // Probe until it answers: "listening" is not "serving".
  for (;;) {
    if (child.exitCode !== null) throw new Error(`broker exited: ${out}`);
    if (await probeKafka('127.0.0.1', port, 200)) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const served = performance.now() - t0;
  while (!/started in (\d+) ms/.test(out)) await new Promise((r) => setTimeout(r, 5));
  const reported = Number(/started in (\d+) ms/.exec(out)![1]);
  const pid = child.pid!;
  return {
    child,
    host: '127.0.0.1',
    port,
    bootstrap: `127.0.0.1:${port}`,
    msToFirstServedRequest: served,
    reportedStartupMs: reported,
    rssMb: () => statusField(pid, 'VmRSS'),
    peakRssMb: () => statusField(pid, 'VmHWM'),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function freePortFrom(base: number): number {
  return base + Math.floor(Math.random() * 1000);
}
