/**
 * `node --import tsx bench/console.ts [--records N] [--filter-records N]`: the console's own benchmark.
 * Fills a topic with 10 million records through kcat (librdkafka), then measures, through the real backend
 * service (the same one `npm run serve` and Electron use) against the embedded broker:
 *   - a 100-record page at random offsets, the newest page and the oldest page (goal: < 200 ms);
 *   - a JSON-path filter over 1 million JSON records, whole range, with progress (goal: < 3 s, aim < 1 s quiet),
 *     quiet and under load (kcat producers writing to another topic meanwhile), on the scan workers and, for
 *     comparison, on the backend's loop (a second service with scanWorkers: 0);
 *   - page requests while the filter runs (one after another): p50/p99, on workers and in-loop.
 */
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { startEmbeddedEngine } from '../src-backend/engine-link.js';
import { createBackendService, type BackendService } from '../src-backend/service.js';
import { KeyFileSecretStore } from '../src-backend/secret-store.js';
import type { BackendApi } from '../src-common/contract/api.js';
import type { PartitionSelection, StartPosition } from '../src-common/contract/messages.js';
import { repoRoot } from '../test/helpers/clients.js';
import { kafkaClient } from './lib/kafkajs-client.js';
import { filterBench } from './lib/console-filter.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const BIG = arg('--records', 10_000_000);
const FILTERED = arg('--filter-records', 1_000_000);

async function jsonFile(count: number): Promise<string> {
  const file = join(tmpdir(), `kafkadesk-console-${count}.jsonl`);
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    const line = `{"id":${i},"amount":${(i * 7919) % 1000},"customer":"c-${i % 5000}","status":"${i % 10 === 0 ? 'refunded' : 'paid'}"}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

function kcatProduce(bootstrap: string, topic: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-P', '-b', bootstrap, '-t', topic, '-l', file, '-X', 'linger.ms=5', '-X', 'batch.num.messages=10000',
      '-X', 'queue.buffering.max.messages=2000000', '-X', 'queue.buffering.max.kbytes=2097151'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited ${code}`))));
  });
}

async function call<M extends keyof BackendApi>(service: BackendService, method: M, params: BackendApi[M]['params']): Promise<BackendApi[M]['result']> {
  const res = await service.call(method, params);
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
  return res.result as BackendApi[M]['result'];
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return `p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${s[s.length - 1]!.toFixed(0)} ms (${s.length} pages)`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-console-bench-'));
  const started = await startEmbeddedEngine({ dataDir: join(dir, 'data'), port: 0 });
  if (!started.ok) throw new Error(started.error);
  const engine = started.link;
  const bootstrap = `${engine.host}:${engine.port}`;
  const service = await createBackendService({
    configDir: join(dir, 'config'),
    secretStore: new KeyFileSecretStore(join(dir, 'secret.key')),
    engine,
    host: { mode: 'browser', appVersion: 'bench', platform: process.platform },
  });
  const results: Record<string, unknown> = { records: BIG, filterRecords: FILTERED };
  try {
    await call(service, 'topics.create', { clusterId: 'embedded', name: 'big', partitions: 3, replicationFactor: 1 });
    const t0 = performance.now();
    await kcatProduce(bootstrap, 'big', await jsonFile(BIG));
    process.stdout.write(`filled 'big' with ${BIG} records in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const page = (start: StartPosition, direction: 'forward' | 'backward', partitions: PartitionSelection = 'all') =>
      call(service, 'messages.page', { clusterId: 'embedded', topic: 'big', partitions, start, direction, pageSize: 100 });
    await page({ kind: 'latest' }, 'backward'); // warm the connections
    const [newest] = await timed(() => page({ kind: 'latest' }, 'backward'));
    const [oldest] = await timed(() => page({ kind: 'earliest' }, 'forward'));
    const random: number[] = [];
    // librdkafka's sticky partitioner spreads keyless records unevenly: pick offsets inside each partition.
    const admin = kafkaClient(bootstrap).admin();
    await admin.connect();
    const ends = (await admin.fetchTopicOffsets('big')).map((o) => ({ partition: o.partition, high: Number(o.high) })).filter((o) => o.high > 200);
    await admin.disconnect();
    for (let i = 0; i < 30; i++) {
      const { partition, high } = ends[i % ends.length]!;
      const offset = Math.floor(Math.random() * (high - 100));
      const [ms, p] = await timed(() => page({ kind: 'offset', offset }, 'forward', [partition]));
      if (p.messages.length !== 100 || p.messages[0]!.offset !== offset) throw new Error(`page at ${offset} came back wrong: ${p.messages.length} records from ${p.messages[0]?.offset}`);
      random.push(ms);
    }
    results.pages = { newestMs: Math.round(newest), oldestMs: Math.round(oldest), random: stats(random) };
    process.stdout.write(`page, newest (all partitions, backward)   ${newest.toFixed(0)} ms\n`);
    process.stdout.write(`page, oldest (all partitions, forward)    ${oldest.toFixed(0)} ms\n`);
    process.stdout.write(`page at a random offset (one partition)   ${stats(random)}\n`);

    // Reset offsets of an empty group (OffsetCommit with generation -1, never joining it): preview, then apply.
    const group = 'bench-reset';
    const groupAdmin = kafkaClient(bootstrap).admin();
    await groupAdmin.connect();
    await groupAdmin.setOffsets({ groupId: group, topic: 'big', partitions: ends.map((e) => ({ partition: e.partition, offset: String(Math.floor(e.high / 2)) })) });
    await groupAdmin.disconnect();
    const reset = (dryRun: boolean) => call(service, 'groups.resetOffsets', { clusterId: 'embedded', groupId: group, topic: 'big', strategy: { kind: 'earliest' }, dryRun });
    const [previewMs] = await timed(() => reset(true));
    const [applyMs] = await timed(() => reset(false));
    results.resetOffsets = { previewMs: Math.round(previewMs), applyMs: Math.round(applyMs) };
    process.stdout.write(`reset offsets of an empty group           preview ${previewMs.toFixed(0)} ms, apply ${applyMs.toFixed(0)} ms\n`);

    await call(service, 'topics.create', { clusterId: 'embedded', name: 'json', partitions: 3, replicationFactor: 1 });
    await kcatProduce(bootstrap, 'json', await jsonFile(FILTERED));
    const inLoop = await createBackendService({
      configDir: join(dir, 'config-in-loop'),
      secretStore: new KeyFileSecretStore(join(dir, 'secret-in-loop.key')),
      engine,
      host: { mode: 'browser', appVersion: 'bench', platform: process.platform },
      scanWorkers: 0,
    });
    try {
      results.filter = await filterBench({
        services: { workers: service, 'in-loop': inLoop },
        topic: 'json', records: FILTERED, pageTopic: 'big', loadFile: await jsonFile(200_000),
        produce: (topic, file) => kcatProduce(bootstrap, topic, file),
      });
    } finally {
      await inLoop.dispose();
    }
  } finally {
    await service.dispose();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench/results', `console-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(results, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`console bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
