/**
 * Lag history: Burrow's verdicts on scripted scenarios with real kafkajs consumers against the embedded broker (a
 * stalled consumer, a stopped group, a rewinding reset, a slow consumer, a caught-up one), the history across a
 * restart of the backend, and bad input.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { BackendCallError } from '../../src-common/contract/errors.js';
import { LAG_VERDICTS } from '../../src-common/contract/lag-history.js';
import type { BackendClient } from '../../src-common/contract/api.js';
import { createBackendService, type BackendService } from '../../src-backend/service.js';
import { KeyFileSecretStore } from '../../src-backend/secret-store.js';
import { localClient, startTestBackend, text, waitUntil, type TestBackend } from './harness.js';
import { join } from 'node:path';

const STOP_GRACE_MS = 1500;
const LAG_OPTIONS = { sampleEmbeddedByDefault: false, timeLagEveryMs: 0, evaluator: { windowSize: 10, stopGraceMs: STOP_GRACE_MS } };

let b: TestBackend;
let client: BackendClient;
let restarted: BackendService | null = null;
let kafka: Kafka;
const consumers: Consumer[] = [];
/** When the slow consumer's samples were taken. */
let slowFrom = 0;
let slowTo = 0;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function topicWith(name: string, records: number): Promise<void> {
  await client.call('topics.create', { clusterId: C, name, partitions: 1, replicationFactor: 1 });
  const base = Date.now() - records * 1000;
  for (let i = 0; i < records; i++) {
    await client.call('messages.produce', { clusterId: C, topic: name, partition: 0, key: null, value: text(`r${i}`), timestamp: base + i * 1000 });
  }
}

/** A member of `groupId` that reads `topic` but commits only what the test tells it to. */
async function member(groupId: string, topic: string): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, retry: { retries: 2 } });
  consumers.push(consumer);
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
  await joined;
  return consumer;
}

const commit = (consumer: Consumer, topic: string, offset: number): Promise<void> =>
  consumer.commitOffsets([{ topic, partition: 0, offset: String(offset) }]);

const sample = async (): Promise<void> => {
  await client.call('lagHistory.sampleNow', { clusterId: C });
};

async function verdictOf(groupId: string): Promise<string> {
  return (await client.call('lagHistory.group', { clusterId: C, groupId })).group.verdict;
}

before(async () => {
  b = await startTestBackend({ lagHistory: LAG_OPTIONS });
  client = b.client;
  kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'lag-history-test', logLevel: logLevel.NOTHING });
});

after(async () => {
  for (const c of consumers) await c.disconnect().catch(() => undefined);
  if (restarted) {
    await restarted.dispose();
    await b.engine.stop();
    rmSync(b.dir, { recursive: true, force: true });
  } else {
    await b?.close();
  }
});

describe('Burrow verdicts on real consumers', () => {
  test('STALL: a live consumer keeps committing the same offset while lag stays', async () => {
    await topicWith('stall', 20);
    const c = await member('stalled', 'stall');
    for (let i = 0; i < 4; i++) {
      await commit(c, 'stall', 5);
      await sleep(30);
      await sample();
    }
    const { group, partitions } = await client.call('lagHistory.group', { clusterId: C, groupId: 'stalled' });
    assert.equal(group.verdict, 'STALL');
    assert.equal(group.burrowStatus, 'ERR');
    assert.equal(partitions[0]?.lag, 15);
    assert.ok((partitions[0]?.windowCommits ?? 0) >= 2, 'each re-commit (new broker commit timestamp) enters the window');
    // The first unconsumed record (offset 5) is 14 s older than the newest (offset 19).
    assert.equal(partitions[0]?.timeLagMs, 14_000);
  });

  test('WARN: commits advance but lag never shrinks (producer outruns the consumer)', async () => {
    await topicWith('slow', 10);
    const c = await member('slowpoke', 'slow');
    slowFrom = Date.now();
    for (let i = 1; i <= 4; i++) {
      await commit(c, 'slow', i * 2);
      await client.call('messages.produce', { clusterId: C, topic: 'slow', partition: 0, key: null, value: text('more'), copies: 5 });
      await sample();
      if (i < 4) await sleep(1000); // raw points are one a second
    }
    slowTo = Date.now();
    const { partitions } = await client.call('lagHistory.group', { clusterId: C, groupId: 'slowpoke' });
    assert.equal(partitions[0]?.verdict, 'WARN');
    assert.ok((partitions[0]?.consumeRate ?? 0) > 0);
  });

  test('STOP: the group stops committing (its consumer left) with lag left', async () => {
    await topicWith('halt', 20);
    const c = await member('halted', 'halt');
    for (const offset of [2, 4, 6]) {
      await commit(c, 'halt', offset);
      await sample();
    }
    assert.notEqual(await verdictOf('halted'), 'STOP');
    await c.disconnect();
    await sleep(STOP_GRACE_MS + 300);
    await sample();
    assert.equal(await verdictOf('halted'), 'STOP');
    const range = await client.call('lagHistory.range', { clusterId: C, groupId: 'halted', fromMs: Date.now() - 60_000, toMs: Date.now() });
    assert.ok(range.events.some((e) => e.kind === 'rebalance' || e.kind === 'state'), 'the member leaving is marked');
  });

  test('REWIND: an offset reset moves the commit backwards', async () => {
    await topicWith('rewind', 20);
    const c = await member('rewinder', 'rewind');
    for (const offset of [10, 12]) {
      await commit(c, 'rewind', offset);
      await sample();
    }
    await c.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: 'rewinder', topic: 'rewind', partitions: [{ partition: 0, offset: '0' }] });
    await admin.disconnect();
    await sample();
    assert.equal(await verdictOf('rewinder'), 'REWIND');
    const range = await client.call('lagHistory.range', { clusterId: C, groupId: 'rewinder', fromMs: Date.now() - 60_000, toMs: Date.now() });
    const reset = range.events.find((e) => e.kind === 'offset-reset');
    assert.equal(reset?.detail, 'rewind-0: 12 -> 0');
  });

  test('OK: a consumer that catches up', async () => {
    await topicWith('fine', 5);
    const c = await member('caughtup', 'fine');
    await commit(c, 'fine', 3);
    await sample();
    await commit(c, 'fine', 5);
    await sample();
    assert.equal(await verdictOf('caughtup'), 'OK');
  });

  test('the group list is sorted by verdict, worst first', async () => {
    const { groups } = await client.call('lagHistory.groups', { clusterId: C });
    const order = LAG_VERDICTS.map((v) => v);
    const rank = groups.map((g) => order.indexOf(g.verdict));
    assert.deepEqual(rank, [...rank].sort((x, y) => y - x));
    assert.equal(groups[0]?.groupId, 'rewinder');
    assert.equal(groups[groups.length - 1]?.groupId, 'caughtup');
    // Members that neither commit nor leave are STOPped once the grace passes (Burrow's rule 3): the stalled and slow ones.
    assert.equal(groups.length, 5);
  });
});

describe('history', () => {
  test('lag, rate and total over a range', async () => {
    const range = await client.call('lagHistory.range', { clusterId: C, groupId: 'slowpoke', fromMs: slowFrom, toMs: slowTo });
    assert.equal(range.resolution, 'raw');
    const points = range.partitions[0]?.points ?? [];
    assert.equal(points.length, 4);
    assert.deepEqual(points.map((p) => p.lag), [13, 16, 19, 22]);
    assert.ok(points.slice(1).every((p) => p.rate !== null && p.rate > 0));
    assert.deepEqual(range.total.map((p) => p.lag), [13, 16, 19, 22]);
  });

  test('survives a restart of the backend: samples, events and verdicts come back from disk', async () => {
    const before = await client.call('lagHistory.range', { clusterId: C, groupId: 'rewinder', fromMs: 0, toMs: Date.now() + 1000 });
    await b.service.dispose();
    restarted = await createBackendService({
      configDir: b.configDir,
      secretStore: new KeyFileSecretStore(join(b.configDir, 'secret.key')),
      engine: b.engine,
      host: { mode: 'browser', appVersion: 'test', platform: process.platform, tempDir: join(b.dir, 'exports') },
      lagHistory: LAG_OPTIONS,
    });
    client = localClient(restarted);
    const after = await client.call('lagHistory.range', { clusterId: C, groupId: 'rewinder', fromMs: 0, toMs: Date.now() + 1000 });
    assert.deepEqual(after.partitions, before.partitions);
    assert.deepEqual(after.events, before.events);
    assert.equal(await verdictOf('rewinder'), 'REWIND', 'the window is rebuilt from the stored samples');
    const stats = await client.call('lagHistory.stats', {});
    assert.ok(stats.rawBlocks > 0 && stats.bytes > 0);
  });

  test('sampling settings persist; remote intervals are bounded', async () => {
    await assert.rejects(client.call('lagHistory.configure', { clusterId: C, enabled: true, intervalMs: 500 }), (e: unknown) =>
      e instanceof BackendCallError && e.code === 'bad-request');
    await assert.rejects(client.call('lagHistory.configure', { clusterId: 'nope', enabled: true, intervalMs: 5000 }), (e: unknown) =>
      e instanceof BackendCallError && e.code === 'not-found');
    const set = await client.call('lagHistory.configure', { clusterId: C, enabled: true, intervalMs: 1000 });
    assert.equal(set.enabled, true);
    const configuredAt = Date.now();
    // The timer samples by itself now.
    await waitUntil(async () => {
      const g = (await client.call('lagHistory.groups', { clusterId: C })).groups.find((x) => x.groupId === 'caughtup');
      return (g?.lastSampleAt ?? 0) > configuredAt;
    }, 5000, 'a timed sample');
    await client.call('lagHistory.configure', { clusterId: C, enabled: false, intervalMs: 1000 });
    assert.equal((await client.call('lagHistory.settings', { clusterId: C })).enabled, false);
  });

  test('bad ranges are refused', async () => {
    await assert.rejects(client.call('lagHistory.range', { clusterId: C, groupId: 'x', fromMs: 10, toMs: 5 }), (e: unknown) =>
      e instanceof BackendCallError && e.code === 'bad-request');
    await assert.rejects(client.call('lagHistory.group', { clusterId: C, groupId: 'never-seen' }), (e: unknown) =>
      e instanceof BackendCallError && e.code === 'not-found');
  });
});
