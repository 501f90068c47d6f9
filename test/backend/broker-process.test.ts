/**
 * The embedded broker runs in its own OS process under the backend's supervisor: a SIGKILLed broker is restarted on
 * the same data dir and port with its data intact, the GUI is told (engine.process), a blocked backend event loop
 * does not stop the broker from serving a separate client, and a broker never outlives its parent.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { EngineProcessStatus } from '../../src-common/contract/engine.js';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { startEmbeddedEngine } from '../../src-backend/engine-link.js';
import { repoRoot, waitFor } from '../helpers/clients.js';
import { createTopic, produceMessages, uniqueTopic } from '../helpers/topics.js';
import { utilityStandInSpawner } from '../helpers/utility-process-stand-in.js';
import { startTestBackend, type TestBackend } from './harness.js';

let b: TestBackend;
before(async () => {
  b = await startTestBackend();
});
after(async () => b?.close());

async function highWatermark(bootstrap: string, topic: string): Promise<number> {
  const admin = new kafkajs.Kafka({ clientId: 'kafkadesk-test', brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return Number((await admin.fetchTopicOffsets(topic))[0]?.high ?? -1);
  } finally {
    await admin.disconnect();
  }
}

/** Alive and not a zombie (an orphan's reaper may be slow). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

/** Collects state transitions (a status also changes with pid, exit details...). */
function stateLog(): { states: string[]; push(s: EngineProcessStatus): void } {
  const states: string[] = [];
  return { states, push: (s) => void (states.at(-1) !== s.state && states.push(s.state)) };
}

async function processStatus(): Promise<EngineProcessStatus> {
  const status = await b.client.call('engine.status', {});
  assert.ok(status.process, 'the backend supervises a broker process');
  return status.process;
}

describe('the supervised broker process', () => {
  test('runs out of the backend process and serves clients', async () => {
    const status = await processStatus();
    assert.equal(status.state, 'running');
    assert.ok(status.pid !== null && status.pid !== process.pid);
    assert.ok(alive(status.pid));
  });

  test('SIGKILL: restarted on the same port, data intact, states pushed crashed -> restarting -> running', { timeout: 120_000 }, async () => {
    const topic = uniqueTopic('crash');
    await createTopic(b.bootstrap, topic);
    await produceMessages(b.bootstrap, topic, Array.from({ length: 20 }, (_, i) => ({ partition: 0, key: `k${i}`, value: `v${i}` })));
    const before = await processStatus();
    const { states, push } = stateLog();
    let whileCrashed: Promise<unknown> | null = null;
    const stop = b.client.subscribe('engine.process', (s) => {
      push(s);
      // Insight calls while the broker is down fail with a typed error instead of hanging.
      if (s.state === 'crashed') whileCrashed ??= b.client.call('engine.cleanerRuns', {}).then(() => 'answered', (e: { code?: string }) => e.code);
    });
    try {
      assert.ok(before.pid !== null);
      process.kill(before.pid, 'SIGKILL');
      await waitFor('the broker to run again', async () => (await processStatus()).state === 'running' && states.includes('running'), 60_000);
    } finally {
      stop();
    }
    assert.deepEqual(states, ['crashed', 'restarting', 'running']);
    assert.equal(await whileCrashed, 'engine-unavailable');
    const now = await processStatus();
    assert.notEqual(now.pid, before.pid);
    assert.equal(now.restarts, before.restarts + 1);
    assert.equal(now.lastExit?.signal, 'SIGKILL');
    const status = await b.client.call('engine.status', {});
    assert.equal(`${status.host}:${status.port}`, b.bootstrap, 'same address after the restart');

    assert.equal(await highWatermark(b.bootstrap, topic), 20, 'acknowledged records survived');
    // The backend's own connections (kafkajs and its wire client) reconnect to the new process.
    const page = await b.client.call('messages.page', { clusterId: C, topic, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 25 });
    assert.deepEqual(page.messages.map((m) => m.offset), Array.from({ length: 20 }, (_, i) => i));
    const { segments } = await b.client.call('topics.segments', { clusterId: C, topic, partition: 0 });
    assert.ok(segments.length >= 1 && segments[0]!.sizeBytes > 0);
    await produceMessages(b.bootstrap, topic, [{ partition: 0, key: 'after', value: 'restart' }]);
    assert.equal(await highWatermark(b.bootstrap, topic), 21, 'offsets continue after the restart');
  });

  test('Restart on request: a new process on the same data, state pushed restarting -> running', { timeout: 120_000 }, async () => {
    const topic = uniqueTopic('restart');
    await createTopic(b.bootstrap, topic);
    await produceMessages(b.bootstrap, topic, [{ partition: 0, key: 'a', value: '1' }]);
    const before = await processStatus();
    const { states, push } = stateLog();
    const stop = b.client.subscribe('engine.process', push);
    const after = await b.client.call('engine.restart', {}).finally(stop);
    assert.deepEqual(states, ['restarting', 'running']);
    assert.equal(after.state, 'running');
    assert.notEqual(after.pid, before.pid);
    assert.equal(after.restarts, before.restarts + 1);
    assert.ok(before.pid !== null && !alive(before.pid), 'the old process is gone');
    assert.equal(await highWatermark(b.bootstrap, topic), 1);
  });

  test('keeps serving a separate client while the backend event loop is blocked', { timeout: 120_000 }, async () => {
    const topic = uniqueTopic('blocked');
    await createTopic(b.bootstrap, topic);
    const before = await processStatus();
    // spawnSync blocks this process (backend and supervisor included) until the client process has finished.
    const client = spawnSync(process.execPath, [join(repoRoot, 'test/backend/fixtures/produce-and-read.mjs'), b.bootstrap, topic, '200'], {
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    assert.equal(client.status, 0, `client failed: ${client.stderr}`);
    assert.deepEqual(JSON.parse(client.stdout), [{ partition: 0, low: 0, high: 200 }]);
    const now = await processStatus();
    assert.equal(now.state, 'running');
    assert.equal(now.pid, before.pid, 'no restart: the broker does not depend on the backend being responsive');
    const detail = await b.client.call('topics.get', { clusterId: C, topic });
    assert.equal(detail.messageCount, 200);
  });
});

for (const how of ['fork', 'utility'] as const) test(`the broker process exits when its parent dies (no orphans; ${how === 'fork' ? 'child_process.fork' : 'Electron utilityProcess stand-in'})`, { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-orphan-'));
  const parent = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/backend/fixtures/engine-parent.ts'), join(dir, 'data'), how], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor('the parent to print the broker pid', () => out.includes('\n'), 60_000);
    const { pid } = JSON.parse(out) as { pid: number };
    assert.ok(alive(pid));
    parent.kill('SIGKILL');
    await waitFor('the orphaned broker to exit', () => !alive(pid), 30_000);
  } finally {
    parent.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a broker that cannot start is reported, and its process is gone', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-nostart-'));
  try {
    // A static config the broker refuses makes startBroker fail inside the broker process.
    const started = await startEmbeddedEngine({ dataDir: join(dir, 'data'), port: 0, brokerOptions: { configs: { 'log.retention.ms': 'soon' } } });
    if (started.ok) await started.link.stop();
    assert.equal(started.ok, false);
    assert.match(started.ok ? '' : started.error, /embedded broker failed to start: .*log\.retention\.ms/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a taken registry port moves to the next free one, like the broker port', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-regport-'));
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const taken = (blocker.address() as AddressInfo).port;
  try {
    const started = await startEmbeddedEngine({ dataDir: join(dir, 'data'), port: 0, schemaRegistryPort: taken });
    assert.ok(started.ok, started.ok ? '' : started.error);
    try {
      const url = started.link.schemaRegistryUrl ?? '';
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+/);
      assert.notEqual(new URL(url).port, String(taken));
    } finally {
      await started.link.stop();
    }
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after too many crashes in a row the supervisor gives up; Restart brings the broker back', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-giveup-'));
  const started = await startEmbeddedEngine({ dataDir: join(dir, 'data'), port: 0, policy: { maxCrashStreak: 1, backoffMs: () => 10 } });
  assert.ok(started.ok, started.ok ? '' : started.error);
  const link = started.link;
  try {
    const { states, push } = stateLog();
    link.onProcessStatus(push);
    const first = link.processStatus().pid;
    assert.ok(first !== null);
    process.kill(first, 'SIGKILL');
    await waitFor('the first restart', () => link.processStatus().state === 'running' && link.processStatus().pid !== first, 60_000);
    const second = link.processStatus().pid;
    assert.ok(second !== null);
    process.kill(second, 'SIGKILL');
    await waitFor('the supervisor to give up', () => link.processStatus().state === 'stopped', 60_000);
    assert.deepEqual(states, ['crashed', 'restarting', 'running', 'stopped']);
    assert.match(link.processStatus().error ?? '', /gave up after 1 restarts in a row/);
    await assert.rejects(link.insight.cleanerRuns(), { code: 'engine-unavailable' });

    await link.restart();
    assert.equal(link.processStatus().state, 'running');
    assert.deepEqual(await link.insight.cleanerRuns(), []);
  } finally {
    await link.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(link.processStatus().state, 'stopped');
});

test('Electron path: the broker behind process.parentPort (utilityProcess stand-in) serves, answers insight, is restarted after SIGKILL', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-utility-'));
  const started = await startEmbeddedEngine({ dataDir: join(dir, 'data'), port: 0, spawn: utilityStandInSpawner, brokerOptions: { autoCreateTopics: false } });
  assert.ok(started.ok, started.ok ? '' : started.error);
  const link = started.link;
  try {
    const bootstrap = `${link.host}:${link.port}`;
    const topic = uniqueTopic('utility');
    await createTopic(bootstrap, topic);
    await produceMessages(bootstrap, topic, [{ partition: 0, key: 'k', value: 'v' }]);
    assert.deepEqual((await link.insight.partitions(topic))?.map((p) => p.logEndOffset), [1]);
    const pid = link.processStatus().pid;
    assert.ok(pid !== null);
    process.kill(pid, 'SIGKILL');
    await waitFor('the restart', () => link.processStatus().state === 'running' && link.processStatus().pid !== pid, 60_000);
    assert.equal(link.processStatus().lastExit?.signal, null, 'Electron reports exit codes only');
    assert.equal(await highWatermark(bootstrap, topic), 1);
  } finally {
    await link.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
