/**
 * `node --import tsx bench/scan-chunk.ts [--records N]`: what one scan worker spends per chunk, without network
 * or broker: decode + filter of 4 MiB fetch chunks of JSON records (the console bench's records and filter),
 * on this thread. Prints wall and CPU ms per million records for the JSON filter, a text search and no filter
 * (CPU time is the steadier figure on a shared machine).
 */
import { buildRecordBatch } from '../src-engine/storage/records.js';
import type { MessageFilter } from '../src-common/contract/messages.js';
import { compileFilter } from '../src-backend/messages/filter.js';
import { scanChunk } from '../src-backend/messages/scan-chunk.js';
import type { RawChunk } from '../src-backend/messages/reader.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('--records', 1_000_000);
const PER_BATCH = 1000;
const PER_CHUNK = 40_000;

function chunks(): RawChunk[] {
  const out: RawChunk[] = [];
  for (let base = 0; base < RECORDS; base += PER_CHUNK) {
    const batches: Buffer[] = [];
    for (let b = base; b < Math.min(RECORDS, base + PER_CHUNK); b += PER_BATCH) {
      const records = Array.from({ length: PER_BATCH }, (_, j) => {
        const i = b + j;
        return { key: null, value: Buffer.from(`{"id":${i},"amount":${(i * 7919) % 1000},"customer":"c-${i % 5000}","status":"${i % 10 === 0 ? 'refunded' : 'paid'}"}`) };
      });
      batches.push(buildRecordBatch({ records, baseOffset: b }));
    }
    out.push({ partition: 0, offset: base, records: Buffer.concat(batches), abortedTransactions: null, highWatermark: RECORDS, readCommitted: false });
  }
  return out;
}

const FILTERS: Record<string, MessageFilter | null> = {
  'JSON filter ($.status = refunded, $.amount >= 990)': { match: 'all', conditions: [
    { field: 'json', target: 'value', path: '$.status', op: 'equals', value: 'refunded' },
    { field: 'json', target: 'value', path: '$.amount', op: 'gte', value: 990 }] },
  'text search (value contains "c-4999")': { match: 'all', conditions: [{ field: 'value', op: 'contains', text: 'c-4999' }] },
  'no filter (decode only)': null,
};

const data = chunks();
for (const [name, filter] of Object.entries(FILTERS)) {
  const predicate = compileFilter(filter);
  let best = Infinity;
  let bestCpu = Infinity;
  let matched = 0;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    matched = 0;
    for (const c of data) matched += (await scanChunk(c, RECORDS, predicate)).matches.length;
    best = Math.min(best, performance.now() - t);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  const perMillion = (ms: number): string => ((ms / RECORDS) * 1e6).toFixed(0);
  process.stdout.write(`${name.padEnd(56)} ${perMillion(best)} ms wall, ${perMillion(bestCpu)} ms CPU per million records (${matched} matched)\n`);
}
