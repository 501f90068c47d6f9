/**
 * `npm run bench`: the engine benchmark. Starts the built broker as its own process and drives it
 * with a native librdkafka client (kcat) and with kafkajs. Prints a table and writes
 * bench/results/engine-<date>.json. Timings live here, never in tests.
 *
 *   npm run bench                 # everything
 *   npm run bench -- --quick      # 10x fewer records (a smoke run)
 *   npm run bench -- --only startup,native,kafkajs,latency
 *   npm run bench -- --vs-kafka   # the same workloads against real Apache Kafka and the engine (bench/vs-kafka.ts);
 *                                 # --only native,kafkajs,java and --quick apply; --repeat N consumes N times per
 *                                 # broker (alternating) and reports the median
 *   npm run bench -- --loaded-latency  # produce p99 idle / while filtering 1M JSON records / while compacting a
 *                                 # dirty log (bench/loaded-latency.ts); --dirty-mb N (default 1024), --seconds S
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startBrokerProcess, type BrokerProcess } from './lib/broker-process.js';
import { recordFile, kcatProduce, kcatConsume } from './lib/native-client.js';
import { kafkaClient, kafkajsProduce, kafkajsConsume, kafkajsLatency, percentile } from './lib/kafkajs-client.js';
import { repoRoot } from '../test/helpers/clients.js';
import { vsKafkaBench } from './vs-kafka.js';
import { loadedLatencyBench } from './loaded-latency.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? new Set(onlyArg.split(',')) : null;
const wants = (name: string): boolean => only === null || only.has(name);
const scale = quick ? 0.1 : 1;
const results: Record<string, unknown> = { machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, quick };
let port = 19092 + Math.floor(Math.random() * 500);

function row(name: string, value: string): void {
  process.stdout.write(`${name.padEnd(58)} ${value}\n`);
}

function throughput(records: number, size: number, ms: number): { recordsPerSec: number; mbPerSec: number; ms: number } {
  return { recordsPerSec: Math.round(records / (ms / 1000)), mbPerSec: Number(((records * size) / 1e6 / (ms / 1000)).toFixed(1)), ms: Math.round(ms) };
}

async function withBroker<T>(fn: (b: BrokerProcess) => Promise<T>, dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-bench-'))): Promise<T> {
  const broker = await startBrokerProcess(dataDir, port++);
  try {
    return await fn(broker);
  } finally {
    results[`peakRssMb_${Object.keys(results).length}`] = broker.peakRssMb();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startupBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-bench-startup-'));
  let broker = await startBrokerProcess(dataDir, port++);
  await new Promise((r) => setTimeout(r, 1000));
  const idleRss = broker.rssMb();
  const admin = kafkaClient(broker.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: Array.from({ length: 10 }, (_, i) => ({ topic: `startup-${i}`, numPartitions: 10 })) });
  const producer = kafkaClient(broker.bootstrap).producer();
  await producer.connect();
  for (let i = 0; i < 10; i++) {
    await producer.send({ topic: `startup-${i}`, messages: Array.from({ length: 1000 }, (_, j) => ({ key: `k${j}`, value: 'x'.repeat(100) })) });
  }
  await producer.disconnect();
  await admin.disconnect();
  await broker.stop();
  broker = await startBrokerProcess(dataDir, port++);
  const clean = { msToFirstServedRequest: Math.round(broker.msToFirstServedRequest), reportedStartupMs: broker.reportedStartupMs };
  broker.child.kill('SIGKILL');
  await new Promise((r) => broker.child.once('exit', r));
  broker = await startBrokerProcess(dataDir, port++);
  const afterCrash = { msToFirstServedRequest: Math.round(broker.msToFirstServedRequest), reportedStartupMs: broker.reportedStartupMs };
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
  results.startup = { idleRssMb: Number(idleRss.toFixed(1)), partitionsOnDisk: 100, clean, afterCrash };
  row('idle RSS (fresh broker)', `${idleRss.toFixed(1)} MB`);
  row('start -> first served request, 100 partitions (clean)', `${clean.msToFirstServedRequest} ms (engine: ${clean.reportedStartupMs} ms)`);
  row('start -> first served request, 100 partitions (after kill -9)', `${afterCrash.msToFirstServedRequest} ms (engine: ${afterCrash.reportedStartupMs} ms)`);
}

async function nativeBench(): Promise<void> {
  for (const [count, size] of [[Math.round(1_000_000 * scale), 100], [Math.round(200_000 * scale), 1024]] as const) {
    const file = await recordFile(count, size);
    await withBroker(async (broker) => {
      const topic = `native-${size}`;
      const produceMs = await kcatProduce(broker.bootstrap, topic, file);
      const consumeMs = await kcatConsume(broker.bootstrap, topic);
      const p = throughput(count, size, produceMs);
      const c = throughput(count, size, consumeMs);
      results[`native_${size}B`] = { count, produce: p, consume: c, peakRssMb: broker.peakRssMb() };
      row(`kcat produce ${count} x ${size} B`, `${p.recordsPerSec} rec/s, ${p.mbPerSec} MB/s`);
      row(`kcat consume ${count} x ${size} B`, `${c.recordsPerSec} rec/s, ${c.mbPerSec} MB/s`);
      row('broker peak RSS', `${broker.peakRssMb().toFixed(1)} MB`);
    });
  }
}

async function kafkajsBench(): Promise<void> {
  for (const [count, size] of [[Math.round(1_000_000 * scale), 100], [Math.round(200_000 * scale), 1024]] as const) {
    await withBroker(async (broker) => {
      const topic = `kjs-${size}`;
      const produceMs = await kafkajsProduce(broker.bootstrap, topic, count, size);
      const consumeMs = await kafkajsConsume(broker.bootstrap, topic, count);
      const p = throughput(count, size, produceMs);
      const c = throughput(count, size, consumeMs);
      results[`kafkajs_${size}B`] = { count, produce: p, consume: c, peakRssMb: broker.peakRssMb() };
      row(`kafkajs produce ${count} x ${size} B`, `${p.recordsPerSec} rec/s, ${p.mbPerSec} MB/s`);
      row(`kafkajs consume ${count} x ${size} B`, `${c.recordsPerSec} rec/s, ${c.mbPerSec} MB/s`);
    });
  }
}

async function latencyBench(): Promise<void> {
  await withBroker(async (broker) => {
    const rate = 1000;
    const lat = await kafkajsLatency(broker.bootstrap, 'latency', rate, quick ? 2 : 10);
    const r = { ratePerSec: rate, samples: lat.length, p50Ms: Number(percentile(lat, 50).toFixed(2)), p99Ms: Number(percentile(lat, 99).toFixed(2)) };
    results.produceLatency = r;
    row(`kafkajs produce latency at ${rate} rec/s (acks=1)`, `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
  });
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build:node', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  const repeatArg = args.includes('--repeat') ? Number(args[args.indexOf('--repeat') + 1]) : 1;
  const numberArg = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  if (args.includes('--vs-kafka')) results.vsKafka = await vsKafkaBench({ scale, only: wants, repeat: Number.isInteger(repeatArg) && repeatArg > 0 ? repeatArg : 1 });
  else if (args.includes('--loaded-latency')) results.loadedLatency = await loadedLatencyBench({ quick, dirtyMb: numberArg('--dirty-mb', 1024), seconds: numberArg('--seconds', quick ? 5 : 15) });
  else await engineBench();
  mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
  const kind = args.includes('--vs-kafka') ? 'vs-kafka' : args.includes('--loaded-latency') ? 'loaded-latency' : 'engine';
  const out = join(repoRoot, 'bench/results', `${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(results, null, 2));
  process.stdout.write(`\nresults written to ${out}\n`);
}

async function engineBench(): Promise<void> {
  if (wants('startup')) await startupBench();
  if (wants('native')) await nativeBench();
  if (wants('kafkajs')) await kafkajsBench();
  if (wants('latency')) await latencyBench();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
