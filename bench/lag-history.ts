/**
 * Lag-history benchmark (not a test): 1,000 partitions across 50 groups sampled at 1 Hz for 24 h of simulated time
 * through the real LagHistory + SQLite store (the Kafka reads are left out: this measures what sampling adds on top of
 * them), after 6 simulated days of one group alone so that a week of that group can be charted. Reports the store's
 * size, the cost of one 1,000-partition sample, and the time to chart one week of one group.
 *
 *   node --import tsx bench/lag-history.ts [--groups 50] [--partitions-per-group 20] [--hours 24] [--week-days 6]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LagHistory } from '../src-backend/lag-history/lag-history.js';
import type { GroupSample } from '../src-backend/lag-history/sampler.js';

const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '50' },
    'partitions-per-group': { type: 'string', default: '20' },
    hours: { type: 'string', default: '24' },
    'week-days': { type: 'string', default: '6' },
  },
});
const GROUPS = Number(values.groups);
const PARTS = Number(values['partitions-per-group']);
const HOURS = Number(values.hours);
const WEEK_DAYS = Number(values['week-days']);

const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-lag-bench-'));
const history = new LagHistory({ path: join(dir, 'lag.sqlite'), sampleEmbeddedByDefault: false }, null, () => null);

/** Deterministic traffic: every partition produces ~100 records/s, its group consumes in bursts. */
function groupsAt(second: number, groups: number): GroupSample[] {
  const out: GroupSample[] = [];
  for (let g = 0; g < groups; g++) {
    const partitions = [];
    for (let p = 0; p < PARTS; p++) {
      const logEnd = second * 100 + p;
      const committed = Math.max(0, logEnd - ((second + g * 7 + p * 13) % 300) * 10);
      partitions.push({ topic: `topic-${g}`, partition: p, committed, logEnd, lag: logEnd - committed, commitAt: second * 1000, timeLagMs: ((second + p) % 300) * 100 });
    }
    out.push({ groupId: `group-${g}`, state: 'Stable', generation: `generation ${Math.floor(second / 3600)}`, partitions });
  }
  return out;
}

const start = Date.UTC(2026, 0, 1);
let t = start;
const weekStartedAt = Date.now();
for (let s = 0; s < WEEK_DAYS * 86_400; s++, t += 1000) history.record('bench', groupsAt(s, 1), t);
const weekMs = Date.now() - weekStartedAt;

const tickCosts: number[] = [];
const dayStartedAt = Date.now();
for (let s = 0; s < HOURS * 3600; s++, t += 1000) {
  const samples = groupsAt(WEEK_DAYS * 86_400 + s, GROUPS);
  const t0 = performance.now();
  history.record('bench', samples, t);
  tickCosts.push(performance.now() - t0);
}
const dayMs = Date.now() - dayStartedAt;
const stats = history.stats();

const chart: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const range = history.range('bench', 'group-0', t - 7 * 86_400_000, t, 600, t);
  chart.push(performance.now() - t0);
  if (i === 0) process.stdout.write(`week chart: ${range.resolution} buckets of ${range.bucketMs / 60_000} min, ${range.total.length} points x ${range.partitions.length} partitions\n`);
}
const dayChart = performance.now();
history.range('bench', 'group-0', t - 86_400_000, t, 600, t);
const dayChartMs = performance.now() - dayChart;
history.close();
const fileBytes = statSync(join(dir, 'lag.sqlite')).size;
rmSync(dir, { recursive: true, force: true });

tickCosts.sort((a, b) => a - b);
const pct = (q: number): string => (tickCosts[Math.floor(q * (tickCosts.length - 1))] ?? 0).toFixed(2);
chart.sort((a, b) => a - b);
const row = (name: string, value: string): void => void process.stdout.write(`${name.padEnd(52)} ${value}\n`);
row('load average (1/5/15 min)', loadavg().map((x) => x.toFixed(2)).join(' / '));
row(`one group x ${PARTS} partitions, ${WEEK_DAYS} days at 1 Hz (wall)`, `${(weekMs / 1000).toFixed(1)} s`);
row(`${GROUPS} groups x ${PARTS} partitions, ${HOURS} h at 1 Hz (wall)`, `${(dayMs / 1000).toFixed(1)} s`);
row(`one ${GROUPS * PARTS}-partition sample: median / p99 / max`, `${pct(0.5)} / ${pct(0.99)} / ${tickCosts[tickCosts.length - 1]?.toFixed(2)} ms`);
row('store after the run (file, closed)', `${(fileBytes / 1e6).toFixed(1)} MB`);
row('blocks raw / minute / hour', `${stats.rawBlocks} / ${stats.minuteBlocks} / ${stats.hourBlocks}`);
row('chart: one week of one group (median of 5)', `${(chart[2] ?? 0).toFixed(1)} ms (min ${(chart[0] ?? 0).toFixed(1)})`);
row('chart: last 24 h of one group', `${dayChartMs.toFixed(1)} ms`);
