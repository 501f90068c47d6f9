/**
 * Searches and exports decode and filter on scan worker threads. Through the real backend and broker: the results
 * equal those of the same scan on the backend's loop (scanWorkers: 0) and of a plain JSON.parse oracle, a search
 * is cancelled when the query changes and the next one is right, and small requests are answered while a big
 * filter runs.
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { MessageFilter } from '../../src-common/contract/messages.js';
import type { BackendClient } from '../../src-common/contract/api.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { createBackendService, type BackendService } from '../../src-backend/service.js';
import { KeyFileSecretStore } from '../../src-backend/secret-store.js';
import { localClient, startTestBackend, text, waitUntil, type TestBackend, taskFinished } from './harness.js';

const { Kafka, logLevel, CompressionTypes } = kafkajs;

let b: TestBackend;
let inLoop: BackendService;
let inLoopClient: BackendClient;

const TOPIC = 'mixed';
/** Every value produced to TOPIC per partition, in offset order (null: tombstone), and whether it was aborted. */
const produced: { partition: number; value: string | null; aborted: boolean; header: string | null }[] = [];

function valueFor(i: number): string | null {
  if (i % 97 === 0) return null;
  if (i % 89 === 0) return `plain text ${i}`;
  if (i % 83 === 0) return `{"status":"refunded", broken ${i}`; // looks like JSON, is not
  if (i % 79 === 0) return `{"status":"ref\\u0075nded","amount":${i % 1000}}`; // an escape the pre-check must respect
  return JSON.stringify({ id: i, amount: (i * 7919) % 1000, status: i % 10 === 0 ? 'refunded' : 'paid', tags: [`t${i % 3}`] });
}

before(async () => {
  b = await startTestBackend();
  inLoop = await createBackendService({
    configDir: join(b.dir, 'config-in-loop'),
    secretStore: new KeyFileSecretStore(join(b.dir, 'config-in-loop', 'secret.key')),
    engine: b.engine,
    host: { mode: 'browser', appVersion: 'test', platform: process.platform, tempDir: join(b.dir, 'exports-in-loop') },
    scanWorkers: 0,
  });
  inLoopClient = localClient(inLoop);
  await b.client.call('topics.create', { clusterId: C, name: TOPIC, partitions: 3, replicationFactor: 1 });
  const kafka = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const tx = kafka.producer({ transactionalId: 'scan-workers-tx', idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await tx.connect();
  let i = 0;
  for (let round = 0; round < 12; round++) {
    for (let partition = 0; partition < 3; partition++) {
      const messages = Array.from({ length: 500 }, () => {
        const value = valueFor(i);
        const header = i % 7 === 0 ? `h${i % 2}` : null;
        produced.push({ partition, value, aborted: false, header });
        i++;
        return { key: `k${i % 50}`, value, ...(header ? { headers: { kind: header } } : {}) };
      });
      await producer.send({ topic: TOPIC, compression: round % 3 === 0 ? CompressionTypes.GZIP : CompressionTypes.None, messages: messages.map((m) => ({ ...m, partition })) });
    }
    // Some aborted transactional data, which read_committed scans must skip.
    const aborted = await tx.transaction();
    const value = JSON.stringify({ id: -round, amount: 999, status: 'refunded' });
    await aborted.send({ topic: TOPIC, messages: [{ key: 'tx', value, partition: round % 3 }] });
    produced.push({ partition: round % 3, value, aborted: true, header: null });
    await aborted.abort();
  }
  await tx.disconnect();
  await producer.disconnect();
});

after(async () => {
  await inLoop?.dispose();
  await b?.close();
});

const waitTask = (client: BackendClient, taskId: string): Promise<TaskInfo> => taskFinished(client, taskId);

async function search(client: BackendClient, filter: MessageFilter, isolation: 'read_committed' | 'read_uncommitted' = 'read_uncommitted') {
  const { taskId } = await client.call('messages.search', {
    clusterId: C, topic: TOPIC, partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter, maxMatches: 10_000, isolation,
  });
  const done = await waitTask(client, taskId);
  const found: string[] = [];
  for (let offset = 0; ; offset += 5000) {
    const results = await client.call('messages.searchResults', { taskId, offset, limit: 5000 });
    found.push(...results.messages.map((m) => `${m.partition}:${m.offset}`));
    if (results.messages.length < 5000) break;
  }
  found.sort();
  const { scanned, matched, unparseable, scannedBytes } = done.stats;
  return { state: done.state, found, stats: { scanned, matched, unparseable, scannedBytes } };
}

const FILTERS: Record<string, MessageFilter> = {
  'json equals string': { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.status', op: 'equals', value: 'refunded' }] },
  'json equals and gte': { match: 'all', conditions: [
    { field: 'json', target: 'value', path: '$.status', op: 'equals', value: 'refunded' },
    { field: 'json', target: 'value', path: '$.amount', op: 'gte', value: 900 }] },
  'json not-exists': { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.tags', op: 'not-exists' }] },
  'json not-equals': { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.status', op: 'not-equals', value: 'paid' }] },
  'json wildcard': { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.tags[*]', op: 'equals', value: 't2' }] },
  'text contains': { match: 'all', conditions: [{ field: 'value', op: 'contains', text: 'REFUNDED' }] },
  'any of key regex, header, tombstone': { match: 'any', conditions: [
    { field: 'key', op: 'regex', text: '^k4[0-2]$' }, { field: 'header', name: 'kind', op: 'equals', text: 'h1' }, { field: 'tombstone', is: true }] },
};

test('scan workers find exactly what the in-loop scan finds, stats included', { timeout: 180_000 }, async () => {
  for (const [name, filter] of Object.entries(FILTERS)) {
    for (const isolation of ['read_uncommitted', 'read_committed'] as const) {
      const [onWorkers, onLoop] = await Promise.all([search(b.client, filter, isolation), search(inLoopClient, filter, isolation)]);
      assert.equal(onWorkers.state, 'done', name);
      assert.deepEqual(onWorkers, onLoop, `${name} (${isolation})`);
      const expectedScanned = produced.filter((r) => isolation === 'read_uncommitted' || !r.aborted).length;
      assert.equal(onWorkers.stats.scanned, expectedScanned, `${name} (${isolation}) scanned`);
    }
  }
});

test('JSON conditions agree with a plain JSON.parse of every record (the cheap pre-check never drops a match)', { timeout: 120_000 }, async () => {
  const oracle = (status: string, minAmount: number | null) => produced.filter((r) => {
    if (r.aborted || r.value === null) return false;
    try {
      const doc = JSON.parse(r.value) as { status?: unknown; amount?: unknown };
      return doc.status === status && (minAmount === null || (typeof doc.amount === 'number' && doc.amount >= minAmount));
    } catch {
      return false;
    }
  }).length;
  const refunded = await search(b.client, FILTERS['json equals string']!, 'read_committed');
  assert.equal(refunded.stats.matched, oracle('refunded', null));
  const big = await search(b.client, FILTERS['json equals and gte']!, 'read_committed');
  assert.equal(big.stats.matched, oracle('refunded', 900));
  // The escaped "ref\u0075nded" values are among the matches.
  assert.ok(produced.some((r) => r.value?.includes('\\u0075') && JSON.parse(r.value).amount >= 900) ? big.stats.matched > 0 : true);
});

test('an export with a filter writes what the in-loop export writes', { timeout: 120_000 }, async () => {
  const run = async (client: BackendClient) => {
    const { taskId } = await client.call('messages.export', {
      clusterId: C, topic: TOPIC, partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, format: 'jsonl', payloadEncoding: 'text', path: null,
      filter: FILTERS['json equals and gte']!,
    });
    const done = await waitTask(client, taskId);
    assert.equal(done.state, 'done');
    return readFileSync(done.exportResult!.filePath, 'utf8');
  };
  const [onWorkers, onLoop] = await Promise.all([run(b.client), run(inLoopClient)]);
  assert.ok(onWorkers.length > 0);
  assert.equal(onWorkers, onLoop);
});

test('changing the query cancels the running search; the next one is complete and right', { timeout: 180_000 }, async () => {
  await b.client.call('topics.create', { clusterId: C, name: 'many', partitions: 2, replicationFactor: 1 });
  for (let i = 0; i < 4; i++) {
    await b.client.call('messages.produce', { clusterId: C, topic: 'many', partition: i % 2, key: null, value: text(JSON.stringify({ n: i, pad: 'x'.repeat(300) })), copies: 50_000 });
  }
  const first = await b.client.call('messages.search', {
    clusterId: C, topic: 'many', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
    filter: { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.n', op: 'equals', value: 42 }] }, maxMatches: 10_000,
  });
  await waitUntil(async () => (await b.client.call('tasks.get', { taskId: first.taskId })).stats.scanned > 0, 60_000, 'the first search to start');
  // What the GUI does when the user edits the query: cancel, then search again.
  await b.client.call('tasks.cancel', { taskId: first.taskId });
  const second = await b.client.call('messages.search', {
    clusterId: C, topic: 'many', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
    filter: { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.n', op: 'equals', value: 3 }] }, maxMatches: 10_000,
  });
  const cancelled = await waitTask(b.client, first.taskId);
  assert.equal(cancelled.state, 'cancelled');
  assert.ok(cancelled.stats.scanned < 200_000, `the cancelled search stopped (${cancelled.stats.scanned} scanned)`);
  const done = await waitTask(b.client, second.taskId);
  assert.equal(done.state, 'done');
  assert.equal(done.stopReason, 'max-matches');
  assert.equal(done.stats.matched, 10_000, 'maxMatches of the 50 000 with n = 3');
  const results = await b.client.call('messages.searchResults', { taskId: second.taskId, offset: 0, limit: 5000 });
  assert.ok(results.messages.every((m) => JSON.parse(Buffer.from(m.value?.base64 ?? '', 'base64').toString('utf8')).n === 3));
});

test('small requests are answered while a big filter runs on the workers', { timeout: 180_000 }, async () => {
  const { taskId } = await b.client.call('messages.search', {
    clusterId: C, topic: 'many', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
    filter: { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.n', op: 'equals', value: 99 }] },
  });
  // The chunks go to the scan workers...
  await waitUntil(async () => b.service.context.scanWorkers.load > 0, 60_000, 'a chunk on a scan worker');
  // ...and meanwhile the loop answers a page request and a topic listing.
  const page = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: [0], start: { kind: 'earliest' }, direction: 'forward', pageSize: 20 });
  const topics = await b.client.call('topics.list', { clusterId: C });
  const during = await b.client.call('tasks.get', { taskId });
  assert.equal(page.messages.length, 20);
  assert.ok(topics.topics.some((t) => t.name === 'many'));
  assert.equal(during.state, 'running', 'the requests were answered before the filter finished');
  assert.ok(during.stats.scanned < 200_000);
  const done = await waitTask(b.client, taskId);
  assert.equal(done.stats.scanned, 200_000);
  assert.equal(done.stats.matched, 0);
});
