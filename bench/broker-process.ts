/**
 * The supervised broker process: time from startEmbeddedEngine() to a serving broker (fork + load + start), and from
 * a SIGKILL to running again (backoff 250 ms + a new process + log recovery), next to startBroker() in-process (what
 * the process split costs). Medians of N runs; not a test.
 *   node --import tsx bench/broker-process.ts [runs]   (uses dist/kafkadesk-broker-process.mjs when built)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedEngine } from '../src-backend/engine-link.js';
import { startBroker } from '../src-engine/index.js';
import { defaultBrokerEntry, forkBrokerSpawner, type BrokerEntry } from '../src-backend/engine-process.js';

const bundle = join(import.meta.dirname, '..', 'dist', 'kafkadesk-broker-process.mjs');
const entry: BrokerEntry = existsSync(bundle) ? { path: bundle, execArgv: [] } : defaultBrokerEntry();

const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const start: number[] = [];
const recover: number[] = [];
const inProcess: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-bench-process-'));
  const t0 = performance.now();
  const started = await startEmbeddedEngine({ dataDir: join(dir, 'data'), port: 0, spawn: forkBrokerSpawner(entry) });
  if (!started.ok) throw new Error(started.error);
  const t1 = performance.now();
  const link = started.link;
  const pid = link.processStatus().pid ?? 0;
  process.kill(pid, 'SIGKILL');
  while (!(link.processStatus().state === 'running' && link.processStatus().pid !== pid)) await new Promise((r) => setTimeout(r, 2));
  recover.push(performance.now() - t1);
  start.push(t1 - t0);
  await link.stop();
  const t2 = performance.now();
  const handle = await startBroker({ dataDir: join(dir, 'in-process'), port: 0 });
  inProcess.push(performance.now() - t2);
  await handle.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`entry ${entry.path}`);
console.log(`start to serving: median ${median(start).toFixed(0)} ms (in-process startBroker: ${median(inProcess).toFixed(0)} ms); SIGKILL to running: median ${median(recover).toFixed(0)} ms (${runs} runs)`);
