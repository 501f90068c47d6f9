/**
 * The console bench's filter part (bench/console.ts): a JSON filter over the whole `topic`, quiet and under load,
 * and page requests while it runs, for each backend service given (scan workers vs the backend's loop).
 */
import type { BackendService } from '../../src-backend/service.js';
import type { BackendApi } from '../../src-common/contract/api.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';

export interface FilterBenchOptions {
  readonly services: Record<string, BackendService>;
  readonly topic: string;
  readonly records: number;
  /** Pages are read from this topic while the filter runs. */
  readonly pageTopic: string;
  /** Produced over and over to a `load` topic, by kcat processes, while the loaded runs go. */
  readonly loadFile: string;
  produce(topic: string, file: string): Promise<void>;
}

async function call<M extends keyof BackendApi>(service: BackendService, method: M, params: BackendApi[M]['params']): Promise<BackendApi[M]['result']> {
  const res = await service.call(method, params);
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
  return res.result as BackendApi[M]['result'];
}

const FILTER = { match: 'all' as const, conditions: [
  { field: 'json' as const, target: 'value' as const, path: '$.status', op: 'equals' as const, value: 'refunded' },
  { field: 'json' as const, target: 'value' as const, path: '$.amount', op: 'gte' as const, value: 990 },
] };

/** Runs the filter to its end; `during` runs meanwhile (until the filter is done). */
async function runFilter(service: BackendService, topic: string, during?: (running: () => boolean) => Promise<void>): Promise<{ ms: number; task: TaskInfo }> {
  const t0 = performance.now();
  const { taskId } = await call(service, 'messages.search', {
    clusterId: 'embedded', topic, partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter: FILTER, maxMatches: 10_000,
  });
  let done = false;
  const side = during?.(() => !done);
  for (;;) {
    const info = await call(service, 'tasks.get', { taskId });
    if (info.state !== 'running') {
      done = true;
      await side;
      return { ms: performance.now() - t0, task: info };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

function percentiles(ms: number[]): { n: number; p50: number; p99: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN);
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: Math.round(s[s.length - 1] ?? NaN) };
}

/** kcat producers, two at a time, until stopped. */
function startLoad(opts: FilterBenchOptions): { stop(): Promise<void> } {
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) await opts.produce('load', opts.loadFile);
  };
  const loops = [loop(), loop()];
  return { async stop() { stopped = true; await Promise.all(loops); } };
}

export async function filterBench(opts: FilterBenchOptions): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const row = (name: string, value: string): void => void process.stdout.write(`${name.padEnd(58)} ${value}\n`);
  for (const [name, service] of Object.entries(opts.services)) {
    await runFilter(service, opts.topic); // warm up (worker start, page cache)
    const quiet = await runFilter(service, opts.topic);
    if (quiet.task.stats.scanned !== opts.records) throw new Error(`filter scanned ${quiet.task.stats.scanned} of ${opts.records}`);
    const pages: number[] = [];
    const withPages = await runFilter(service, opts.topic, async (running) => {
      for (let i = 0; running(); i++) {
        const t = performance.now();
        await call(service, 'messages.page', {
          clusterId: 'embedded', topic: opts.pageTopic, partitions: 'all', start: { kind: 'offset', offset: (i * 37) % 500 }, direction: 'forward', pageSize: 100,
        });
        pages.push(performance.now() - t);
      }
    });
    const load = startLoad(opts);
    let loaded: { ms: number; task: TaskInfo };
    const loadedPages: number[] = [];
    try {
      await new Promise((r) => setTimeout(r, 500)); // let the producers get going
      loaded = await runFilter(service, opts.topic, async (running) => {
        for (let i = 0; running(); i++) {
          const t = performance.now();
          await call(service, 'messages.page', {
            clusterId: 'embedded', topic: opts.pageTopic, partitions: 'all', start: { kind: 'offset', offset: (i * 37) % 500 }, direction: 'forward', pageSize: 100,
          });
          loadedPages.push(performance.now() - t);
        }
      });
    } finally {
      await load.stop();
    }
    out[name] = {
      quietMs: Math.round(quiet.ms), loadedMs: Math.round(loaded.ms), matched: quiet.task.stats.matched,
      pageWhileFiltering: { quiet: percentiles(pages), loaded: percentiles(loadedPages), filterMs: Math.round(withPages.ms) },
    };
    const p = percentiles(pages);
    const lp = percentiles(loadedPages);
    row(`JSON filter over ${opts.records} records (${name}), quiet`, `${quiet.ms.toFixed(0)} ms (matched ${quiet.task.stats.matched})`);
    row(`JSON filter over ${opts.records} records (${name}), under load`, `${loaded.ms.toFixed(0)} ms`);
    row(`page while the filter runs (${name}), quiet`, `p50 ${p.p50} ms, p99 ${p.p99} ms, max ${p.max} ms (${p.n} pages)`);
    row(`page while the filter runs (${name}), under load`, `p50 ${lp.p50} ms, p99 ${lp.p99} ms, max ${lp.max} ms (${lp.n} pages)`);
  }
  return out;
}
