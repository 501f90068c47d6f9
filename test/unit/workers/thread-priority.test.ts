/**
 * Background workers run below the loops that answer requests: on Linux the log cleaner's thread and the backend's
 * scan threads are niced (BACKGROUND_NICE) while every other thread of the process keeps its priority. Read from
 * /proc/self/task/<tid>/stat, i.e. what the kernel's scheduler uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { WorkerPool } from '../../../src-engine/workers/pool.js';
import { workerFile } from '../../../src-engine/workers/worker-file.js';
import { BACKGROUND_NICE, lowerThisWorkerThreadPriority } from '../../../src-engine/workers/thread-priority.js';
import { ScanWorkers } from '../../../src-backend/messages/scan-workers.js';
import { compileFilter } from '../../../src-backend/messages/filter.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';
import type { MessageFilter } from '../../../src-common/contract/messages.js';

const linux = process.platform === 'linux';

/** The nice value of every thread of this process. */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Field 19 (nice) is the 17th after the ")" that ends the command name.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

test('on the main thread it changes nothing', () => {
  assert.equal(lowerThisWorkerThreadPriority(), false);
  if (linux) assert.ok(threadNices().every((n) => n === 0), `threads: ${threadNices().join(',')}`);
});

test("the log cleaner's worker thread runs niced, the rest of the process does not", { skip: !linux && 'per-thread nice is Linux only' }, async () => {
  const entry = workerFile(new URL('../../../src-engine/log-management/cleaner/log-cleaner.ts', import.meta.url).href, 'clean-worker');
  const pool = new WorkerPool<unknown, unknown>(entry, { size: 1 });
  try {
    // A job it cannot run still starts the thread (and fails alone).
    await assert.rejects(pool.run({ segments: 'not a list' }));
    const nices = threadNices();
    assert.equal(nices.filter((n) => n === BACKGROUND_NICE).length, 1, `threads: ${nices.join(',')}`);
    assert.equal(nices.filter((n) => n !== BACKGROUND_NICE && n !== 0).length, 0);
  } finally {
    await pool.close();
  }
});

test("the backend's scan workers run niced and still find the records", { skip: !linux && 'per-thread nice is Linux only' }, async () => {
  const workers = new ScanWorkers(2);
  const filter: MessageFilter = { match: 'all', conditions: [{ field: 'value', op: 'contains', text: 'needle' }] };
  const records = Array.from({ length: 100 }, (_, i) => ({ key: null, value: Buffer.from(i % 10 === 0 ? `needle ${i}` : `hay ${i}`) }));
  const raw = { partition: 0, offset: 0, records: buildRecordBatch({ records, baseOffset: 0 }), abortedTransactions: null, highWatermark: 100, readCommitted: false };
  try {
    const scans = await Promise.all([0, 1].map(() => workers.scan(raw, 100, filter, compileFilter(filter))));
    for (const s of scans) assert.deepEqual(s.matches.map((m) => m.offset), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const nices = threadNices();
    assert.ok(nices.filter((n) => n === BACKGROUND_NICE).length >= 1, `threads: ${nices.join(',')}`);
    assert.equal(nices.filter((n) => n !== BACKGROUND_NICE && n !== 0).length, 0);
    assert.ok(nices.filter((n) => n === 0).length >= 1, 'the main thread keeps its priority');
  } finally {
    await workers.close();
  }
});
