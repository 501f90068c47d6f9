import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from '../../../src-engine/workers/pool.js';
import { workerFile } from '../../../src-engine/workers/worker-file.js';

type Job = { echo?: string; fail?: string; exit?: number; spinMs?: number };
type Answer = { echo: string | undefined; threadId: number };
const entry = workerFile(import.meta.url, 'echo-worker');

test('jobs run on up to `size` threads; results and errors come back to their caller', async () => {
  const pool = new WorkerPool<Job, Answer>(entry, { size: 2 });
  try {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.run({ echo: `j${i}`, spinMs: 20 })));
    assert.deepEqual(answers.map((a) => a.echo), ['j0', 'j1', 'j2', 'j3', 'j4', 'j5']);
    assert.equal(new Set(answers.map((a) => a.threadId)).size, 2);
    await assert.rejects(pool.run({ fail: 'bad job' }), /bad job/);
    assert.equal((await pool.run({ echo: 'after an error' })).echo, 'after an error');
  } finally {
    await pool.close();
  }
});

test('a worker that dies fails its job only; the next job gets a new worker', async () => {
  const pool = new WorkerPool<Job, Answer>(entry, { size: 1 });
  try {
    const first = await pool.run({ echo: 'x' });
    await assert.rejects(pool.run({ exit: 3 }), /exited with code 3/);
    const next = await pool.run({ echo: 'y' });
    assert.equal(next.echo, 'y');
    assert.notEqual(next.threadId, first.threadId);
  } finally {
    await pool.close();
  }
});

test('idle workers exit; close fails what is queued and refuses new jobs', async () => {
  const pool = new WorkerPool<Job, Answer>(entry, { size: 1, idleMs: 50 });
  const first = await pool.run({ echo: 'a' });
  assert.equal(pool.threads, 1);
  for (let i = 0; i < 400 && pool.threads > 0; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(pool.threads, 0, 'the idle worker exited');
  const next = await pool.run({ echo: 'b' });
  assert.notEqual(next.threadId, first.threadId);
  const running = pool.run({ spinMs: 200 });
  const queued = pool.run({ echo: 'never' });
  assert.equal(pool.load, 2);
  const failures = Promise.all([assert.rejects(running, /closed/), assert.rejects(queued, /closed/)]);
  await pool.close();
  await failures;
  await assert.rejects(pool.run({ echo: 'late' }), /closed/);
});
