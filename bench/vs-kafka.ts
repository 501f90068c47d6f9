/**
 * `npm run bench -- --vs-kafka`: the same workloads against real Apache Kafka (the reference from
 * scripts/reference-kafka/) and the engine in one run. Prints throughput with engine/Kafka ratios and
 * the broker's CPU-seconds per GB moved (utime+stime from /proc/<pid>/stat around each phase).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startBrokerProcess } from './lib/broker-process.js';
import { recordFile, kcatProduce, kcatConsume } from './lib/native-client.js';
import { kafkajsProduce, kafkajsConsume } from './lib/kafkajs-client.js';
import { javaConsume, javaProduce } from './lib/java-perf.js';
import { freePort, referenceKafkaMissing, startReferenceKafka } from '../test/helpers/reference-kafka.js';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

interface Target {
  name: 'engine' | 'kafka';
  bootstrap: string;
  pid: number;
}

interface Phase {
  mbPerSec: number;
  cpuSecPerGb: number;
}

interface Workload {
  name: string;
  count: number;
  size: number;
  /** Runs produce then consume of `count` records on `topic`; each returns records/s (measured by the caller when null). */
  produce(bootstrap: string, topic: string): Promise<{ ms?: number; recordsPerSec?: number }>;
  consume(bootstrap: string, topic: string): Promise<{ ms?: number; recordsPerSec?: number }>;
  /** Unmeasured, between produce and consume: what the consume phase reads (default: what produce wrote). */
  prepareConsume?(bootstrap: string, topic: string): Promise<void>;
}

async function measure(t: Target, w: Workload, phase: 'produce' | 'consume', topic: string): Promise<Phase> {
  const cpu0 = cpuSeconds(t.pid);
  const t0 = performance.now();
  const r = await w[phase](t.bootstrap, topic);
  const wallMs = performance.now() - t0;
  const cpu = cpuSeconds(t.pid) - cpu0;
  const recordsPerSec = r.recordsPerSec ?? w.count / ((r.ms ?? wallMs) / 1000);
  const bytes = w.count * w.size;
  return { mbPerSec: Number(((recordsPerSec * w.size) / 1e6).toFixed(1)), cpuSecPerGb: Number((cpu / (bytes / 1e9)).toFixed(1)) };
}

function workloads(scale: number, only: (name: string) => boolean): Workload[] {
  const out: Workload[] = [];
  for (const [count, size] of [[Math.round(1_000_000 * scale), 100], [Math.round(200_000 * scale), 1024]] as const) {
    if (only('native')) {
      out.push({
        name: `kcat ${size} B`, count, size,
        produce: async (b, topic) => ({ ms: await kcatProduce(b, topic, await recordFile(count, size)) }),
        // With linger.ms=5 the broker's speed shapes the batches (a faster broker's log had 129 batches for
        // Kafka's 110 at 100 B, so more fetches to read it): consume a copy written with full batches on both.
        prepareConsume: async (b, topic) => void (await kcatProduce(b, `${topic}-full-batches`, await recordFile(count, size), 100)),
        consume: async (b, topic) => ({ ms: await kcatConsume(b, `${topic}-full-batches`) }),
      });
    }
    if (only('kafkajs')) {
      out.push({
        name: `kafkajs ${size} B`, count, size,
        produce: async (b, topic) => ({ ms: await kafkajsProduce(b, topic, count, size) }),
        consume: async (b, topic) => ({ ms: await kafkajsConsume(b, topic, count) }),
      });
    }
    if (only('java')) {
      out.push({
        name: `java perf-test ${size} B`, count, size,
        produce: async (b, topic) => ({ recordsPerSec: await javaProduce(b, topic, count, size) }),
        consume: async (b, topic) => ({ recordsPerSec: await javaConsume(b, topic, count) }),
      });
    }
  }
  return out;
}

const ratio = (engine: number, kafka: number): string => (kafka > 0 ? (engine / kafka).toFixed(2) : 'n/a');

/** The run with the median throughput (its CPU figure goes with it). */
function median(runs: Phase[]): Phase {
  const sorted = [...runs].sort((a, b) => a.mbPerSec - b.mbPerSec);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export async function vsKafkaBench(opts: { scale: number; only: (name: string) => boolean; repeat?: number }): Promise<Record<string, unknown>> {
  const repeat = Math.max(1, opts.repeat ?? 1);
  const missing = referenceKafkaMissing();
  if (missing !== null) throw new Error(`--vs-kafka needs the reference Kafka: ${missing}`);
  const engineDir = mkdtempSync(join(tmpdir(), 'kafkadesk-bench-vs-'));
  const engine = await startBrokerProcess(engineDir, await freePort());
  const kafka = await startReferenceKafka();
  const targets: Target[] = [
    { name: 'engine', bootstrap: engine.bootstrap, pid: engine.child.pid ?? 0 },
    { name: 'kafka', bootstrap: kafka.bootstrap, pid: kafka.pid },
  ];
  const results: Record<string, unknown> = {};
  const lines: string[] = [];
  try {
    // A fresh JVM spends its first seconds compiling (and that CPU is the broker's): warm both
    // brokers up with an unmeasured kcat round trip so the table compares steady states.
    const warmup = await recordFile(200_000, 100);
    for (const t of targets) {
      await kcatProduce(t.bootstrap, 'vs-warmup', warmup);
      await kcatConsume(t.bootstrap, 'vs-warmup');
    }
    for (const w of workloads(opts.scale, opts.only)) {
      const topic = `vs-${w.name.replace(/\W+/g, '-')}`;
      const per: Record<string, { produce: Phase; consume: Phase; consumeRuns: Phase[] }> = {};
      for (const t of targets) {
        const produce = await measure(t, w, 'produce', topic);
        await w.prepareConsume?.(t.bootstrap, topic);
        per[t.name] = { produce, consume: await measure(t, w, 'consume', topic), consumeRuns: [] };
        per[t.name]!.consumeRuns.push(per[t.name]!.consume);
      }
      // Consuming leaves the data as it was: repeat it alternating the brokers, so that load from other
      // processes on the machine falls on both alike, and report the median run.
      for (let r = 1; r < repeat; r++) for (const t of targets) per[t.name]!.consumeRuns.push(await measure(t, w, 'consume', topic));
      for (const t of targets) {
        const p = per[t.name]!;
        p.consume = median(p.consumeRuns);
        const runs = p.consumeRuns.length > 1 ? ` (median of ${p.consumeRuns.map((c) => c.mbPerSec).join(', ')})` : '';
        process.stdout.write(`  ${w.name} on ${t.name}: produce ${p.produce.mbPerSec} MB/s, consume ${p.consume.mbPerSec} MB/s${runs}\n`);
      }
      results[w.name] = { count: w.count, size: w.size, ...per };
      const e = per.engine!;
      const k = per.kafka!;
      for (const phase of ['produce', 'consume'] as const) {
        lines.push(`| ${w.name} ${phase} (${w.count} rec) | ${e[phase].mbPerSec} | ${k[phase].mbPerSec} | ${ratio(e[phase].mbPerSec, k[phase].mbPerSec)} | ${e[phase].cpuSecPerGb} | ${k[phase].cpuSecPerGb} |`);
      }
    }
  } finally {
    await engine.stop();
    await kafka.stop();
    rmSync(engineDir, { recursive: true, force: true });
  }
  process.stdout.write('\n| workload | engine MB/s | Kafka MB/s | engine/Kafka | engine CPU s/GB | Kafka CPU s/GB |\n| --- | --- | --- | --- | --- | --- |\n');
  process.stdout.write(`${lines.join('\n')}\n`);
  return results;
}
