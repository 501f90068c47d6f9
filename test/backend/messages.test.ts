/** Browsing, searching, exporting, tailing and producing against the real embedded broker. */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaMessage, MessagesPage } from '../../src-common/contract/messages.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { startTestBackend, text, waitUntil, type TestBackend, taskFinished } from './harness.js';

let b: TestBackend;
const TOPIC = 'browse';
/** partition -> number of records produced */
const COUNTS = [137, 61, 0, 9];
const TOTAL = COUNTS.reduce((a, n) => a + n, 0);
const key = (m: KafkaMessage): string => `${m.partition}:${m.offset}`;
const decode = (m: KafkaMessage): string => Buffer.from(m.value?.base64 ?? '', 'base64').toString('utf8');

async function allPages(first: MessagesPage, pageSize: number): Promise<KafkaMessage[][]> {
  const pages = [first.messages];
  let page = first;
  while (!page.reachedEnd && page.nextCursor) {
    page = await b.client.call('messages.page', {
      clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize, cursor: page.nextCursor,
    });
    pages.push(page.messages);
    assert.ok(pages.length < 1000, 'paging must terminate');
  }
  return pages;
}

const waitTask = (taskId: string): Promise<TaskInfo> => taskFinished(b.client, taskId);

before(async () => {
  b = await startTestBackend();
  await b.client.call('topics.create', { clusterId: C, name: TOPIC, partitions: COUNTS.length, replicationFactor: 1 });
  const ts = 1_700_000_000_000;
  for (const [partition, count] of COUNTS.entries()) {
    for (let i = 0; i < count; i += 10) {
      // Explicit, interleaved timestamps so merge order across partitions is checkable.
      for (let j = i; j < Math.min(count, i + 10); j++) {
        await b.client.call('messages.produce', {
          clusterId: C, topic: TOPIC, partition, key: text(`k${j % 7}`),
          value: text(JSON.stringify({ n: j, partition, user: { id: j % 5 } })),
          headers: j % 3 === 0 ? [{ key: 'kind', value: text('third') }] : [],
          timestamp: ts + j * 1000 + partition,
        });
      }
    }
  }
});

after(async () => b?.close());

describe('messages.page', () => {
  test('forward paging visits every record exactly once, in timestamp order within a page', async () => {
    const first = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 25 });
    const pages = await allPages(first, 25);
    const seen = new Set<string>();
    for (const page of pages) {
      assert.ok(page.length <= 25);
      for (let i = 1; i < page.length; i++) assert.ok((page[i - 1] as KafkaMessage).timestamp <= (page[i] as KafkaMessage).timestamp, 'ascending timestamps');
      for (const m of page) {
        assert.ok(!seen.has(key(m)), `record ${key(m)} repeated`);
        seen.add(key(m));
      }
    }
    assert.equal(seen.size, TOTAL);
    assert.ok(pages.slice(0, -1).every((p) => p.length === 25), 'only the last page may be short');
  });

  test('backward paging from latest covers everything newest-first and ends with a null cursor', async () => {
    let page = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'latest' }, direction: 'backward', pageSize: 40 });
    const newest = page.messages[0] as KafkaMessage;
    assert.equal(newest.partition, 0);
    assert.equal(newest.offset, (COUNTS[0] as number) - 1);
    const seen = new Set(page.messages.map(key));
    while (page.nextCursor) {
      page = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'latest' }, direction: 'backward', pageSize: 40, cursor: page.nextCursor });
      for (let i = 1; i < page.messages.length; i++) assert.ok((page.messages[i - 1] as KafkaMessage).timestamp >= (page.messages[i] as KafkaMessage).timestamp);
      for (const m of page.messages) {
        assert.ok(!seen.has(key(m)), `record ${key(m)} repeated`);
        seen.add(key(m));
      }
    }
    assert.equal(seen.size, TOTAL);
    assert.equal(page.reachedEnd, true);
  });

  test('previousCursor of a forward page returns the records just before it', async () => {
    const mid = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: [0], start: { kind: 'offset', offset: 50 }, direction: 'forward', pageSize: 10 });
    assert.deepEqual(mid.messages.map((m) => m.offset), [50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    assert.ok(mid.previousCursor);
    const before = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'latest' }, direction: 'forward', pageSize: 5, cursor: mid.previousCursor });
    assert.equal(before.direction, 'backward');
    assert.deepEqual(before.messages.map((m) => m.offset), [49, 48, 47, 46, 45]);
    const next = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 3, cursor: mid.nextCursor ?? '' });
    assert.deepEqual(next.messages.map((m) => m.offset), [60, 61, 62]);
  });

  test('start positions: timestamp, latest-n, offset backward, and ranges reported', async () => {
    const byTime = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: [1], start: { kind: 'timestamp', timestamp: 1_700_000_000_000 + 30_000 }, direction: 'forward', pageSize: 2 });
    assert.deepEqual(byTime.messages.map((m) => m.offset), [30, 31]);
    const lastN = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: [3], start: { kind: 'latest-n', count: 4 }, direction: 'forward', pageSize: 100 });
    assert.deepEqual(lastN.messages.map((m) => m.offset), [5, 6, 7, 8]);
    assert.equal(lastN.reachedEnd, true);
    const back = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: [1], start: { kind: 'offset', offset: 10 }, direction: 'backward', pageSize: 3 });
    assert.deepEqual(back.messages.map((m) => m.offset), [10, 9, 8]);
    assert.deepEqual(back.ranges, [{ partition: 1, from: 8, to: 11, logStartOffset: 0, logEndOffset: 61 }]);
  });

  test('payloads: base64 + text preview + format, truncation, messages.get returns the full record', async () => {
    await b.client.call('topics.create', { clusterId: C, name: 'payloads', partitions: 1, replicationFactor: 1 });
    const big = 'x'.repeat(5000);
    await b.client.call('messages.produce', { clusterId: C, topic: 'payloads', partition: 0, key: { encoding: 'base64', data: Buffer.from([0, 1, 2, 255]).toString('base64') }, value: text(big) });
    await b.client.call('messages.produce', { clusterId: C, topic: 'payloads', partition: 0, key: text('gone'), value: null });
    const page = await b.client.call('messages.page', { clusterId: C, topic: 'payloads', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 10, maxPayloadBytes: 100 });
    const [first, tombstone] = page.messages as [KafkaMessage, KafkaMessage];
    assert.equal(first.key?.format, 'binary');
    assert.equal(first.key?.text, null);
    assert.equal(first.key?.base64, 'AAEC/w==');
    assert.equal(first.value?.truncated, true);
    assert.equal(first.value?.size, 5000);
    assert.equal(first.value?.text?.length, 100);
    assert.equal(tombstone.value, null);
    const full = await b.client.call('messages.get', { clusterId: C, topic: 'payloads', partition: 0, offset: 0 });
    assert.equal(full.message?.value?.text, big);
    assert.equal(full.message?.value?.truncated, false);
  });

  test('paging respects the log start after a purge (forward from earliest, backward to the start)', async () => {
    await b.client.call('topics.create', { clusterId: C, name: 'purged', partitions: 2, replicationFactor: 1 });
    for (const partition of [0, 1]) await b.client.call('messages.produce', { clusterId: C, topic: 'purged', partition, key: null, value: text('r'), copies: 50 });
    await b.client.call('topics.purge', { clusterId: C, topic: 'purged', partitions: [1], beforeOffset: 30 });
    const forward = await b.client.call('messages.page', { clusterId: C, topic: 'purged', partitions: [1], start: { kind: 'earliest' }, direction: 'forward', pageSize: 5 });
    assert.deepEqual(forward.messages.map((m) => m.offset), [30, 31, 32, 33, 34]);
    assert.equal(forward.previousCursor, null, 'nothing exists before the log start');
    let page = await b.client.call('messages.page', { clusterId: C, topic: 'purged', partitions: 'all', start: { kind: 'latest' }, direction: 'backward', pageSize: 16 });
    let total = page.messages.length;
    while (page.nextCursor) {
      page = await b.client.call('messages.page', { clusterId: C, topic: 'purged', partitions: 'all', start: { kind: 'latest' }, direction: 'backward', pageSize: 16, cursor: page.nextCursor });
      total += page.messages.length;
    }
    assert.equal(total, 50 + 20);
  });

  test('produce refuses unknown partitions and topics instead of dropping records', async () => {
    await assert.rejects(b.client.call('messages.produce', { clusterId: C, topic: TOPIC, partition: 99, key: null, value: text('x') }), { code: 'bad-request' });
    await assert.rejects(b.client.call('messages.produce', { clusterId: C, topic: 'no-such-topic', partition: null, key: null, value: text('x') }), { code: 'not-found' });
  });

  test('a cursor for another topic is rejected, an unknown topic is not-found', async () => {
    const page = await b.client.call('messages.page', { clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 1 });
    await assert.rejects(
      b.client.call('messages.page', { clusterId: C, topic: 'payloads', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 1, cursor: page.nextCursor ?? '' }),
      { code: 'bad-request' },
    );
    await assert.rejects(
      b.client.call('messages.page', { clusterId: C, topic: 'nope', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 1 }),
      { code: 'not-found' },
    );
  });
});

describe('messages.search (server-side filter task)', () => {
  test('JSON path + header conditions scan the whole range and report what they scanned', async () => {
    const events: TaskInfo[] = [];
    const off = b.client.subscribe('task.progress', (t) => events.push(t));
    const { taskId } = await b.client.call('messages.search', {
      clusterId: C, topic: TOPIC, partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
      filter: { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.user.id', op: 'equals', value: 2 }, { field: 'header', name: 'kind', op: 'equals', text: 'third' }] },
    });
    const done = await waitTask(taskId);
    off();
    assert.equal(done.state, 'done');
    assert.equal(done.stopReason, 'range-end');
    assert.equal(done.progress, 1);
    assert.equal(done.stats.scanned, TOTAL);
    const expected = COUNTS.reduce((n, count) => n + Array.from({ length: count }, (_, j) => j).filter((j) => j % 5 === 2 && j % 3 === 0).length, 0);
    assert.equal(done.stats.matched, expected);
    assert.deepEqual(done.stats.partitions.map((p) => [p.partition, p.from, p.to, p.position, p.scanned]), COUNTS.map((n, p) => [p, 0, n, n, n]));
    const results = await b.client.call('messages.searchResults', { taskId, offset: 0, limit: 1000 });
    assert.equal(results.total, expected);
    assert.ok(results.messages.every((m) => JSON.parse(decode(m)).user.id === 2));
    assert.ok(events.some((e) => e.taskId === taskId && e.state === 'done'), 'a final task.progress event arrives');
  });

  test('maxMatches stops early and says so; key regex and tombstone conditions work', async () => {
    const { taskId } = await b.client.call('messages.search', {
      clusterId: C, topic: TOPIC, partitions: [0], from: { kind: 'earliest' }, to: { kind: 'latest' }, maxMatches: 3,
      filter: { match: 'any', conditions: [{ field: 'key', op: 'regex', text: '^k[12]$' }] },
    });
    const done = await waitTask(taskId);
    assert.equal(done.stopReason, 'max-matches');
    assert.equal((await b.client.call('messages.searchResults', { taskId, offset: 0, limit: 10 })).total, 3);
    const t2 = await b.client.call('messages.search', {
      clusterId: C, topic: 'payloads', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
      filter: { match: 'all', conditions: [{ field: 'tombstone', is: true }] },
    });
    const r2 = await b.client.call('messages.searchResults', { taskId: t2.taskId, offset: 0, limit: 10 }).then(async (r) => (r.done ? r : (await waitTask(t2.taskId), b.client.call('messages.searchResults', { taskId: t2.taskId, offset: 0, limit: 10 }))));
    assert.deepEqual(r2.messages.map((m) => m.offset), [1]);
  });

  test('a search can be cancelled and reports the partial range it covered', async () => {
    await b.client.call('topics.create', { clusterId: C, name: 'bulk', partitions: 1, replicationFactor: 1 });
    await b.client.call('messages.produce', { clusterId: C, topic: 'bulk', partition: 0, key: null, value: text('y'.repeat(500)), copies: 40_000 });
    const { taskId } = await b.client.call('messages.search', {
      clusterId: C, topic: 'bulk', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
      filter: { match: 'all', conditions: [{ field: 'value', op: 'contains', text: 'never-there' }] },
    });
    await b.client.call('tasks.cancel', { taskId });
    const done = await waitTask(taskId);
    assert.equal(done.state, 'cancelled');
    assert.equal(done.stopReason, 'cancelled');
    assert.ok(done.stats.scanned < 40_000, `scanned ${done.stats.scanned}`);
    assert.equal(done.stats.partitions[0]?.position, done.stats.scanned);
  });
});

describe('messages.export', () => {
  for (const format of ['jsonl', 'json', 'csv'] as const) {
    test(`exports ${format} with a filter`, async () => {
      b.dialog.choose(join(b.dir, `out.${format}`));
      const path = (await b.client.call('host.pickSavePath', { defaultName: `out.${format}` })).path as string;
      const { taskId } = await b.client.call('messages.export', {
        clusterId: C, topic: TOPIC, partitions: [1], from: { kind: 'earliest' }, to: { kind: 'offset', offset: 20 },
        format, payloadEncoding: 'text', path, filter: { match: 'all', conditions: [{ field: 'header', name: 'kind' }] },
      });
      const done = await waitTask(taskId);
      assert.equal(done.state, 'done');
      assert.equal(done.exportResult?.records, 7); // offsets 0,3,...,18
      const content = readFileSync(path, 'utf8');
      if (format === 'jsonl') {
        const rows = content.trim().split('\n').map((l) => JSON.parse(l));
        assert.deepEqual(rows.map((r) => r.offset), [0, 3, 6, 9, 12, 15, 18]);
        assert.equal(JSON.parse(rows[1].value).n, 3);
        assert.deepEqual(rows[0].headers, [{ key: 'kind', value: 'third' }]);
      } else if (format === 'json') {
        assert.equal(JSON.parse(content).length, 7);
      } else {
        const lines = content.trim().split('\r\n');
        assert.equal(lines[0], 'partition,offset,timestamp,timestampType,key,value,headers');
        assert.equal(lines.length, 8);
        assert.match(lines[2] ?? '', /^1,3,\d+,create,k3,"\{""n"":3,/);
      }
    });
  }
});

describe('messages.tail', () => {
  test('streams newly produced records and resumes from its cursor', async () => {
    const got: KafkaMessage[] = [];
    let lastCursor = '';
    const { tailId } = await b.client.call('messages.tailStart', { clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'latest' } });
    const off = b.client.subscribe('messages.tail', (batch) => {
      if (batch.tailId !== tailId) return;
      got.push(...batch.messages);
      lastCursor = batch.cursor;
    });
    // No wait needed: tailStart answers once its start positions are fixed, and in-process events are synchronous.
    await b.client.call('messages.produce', { clusterId: C, topic: TOPIC, partition: 2, key: text('live'), value: text('now'), copies: 3 });
    await waitUntil(async () => got.length >= 3, 10_000, 'tail batch');
    await b.client.call('messages.tailStop', { tailId });
    off();
    assert.deepEqual(got.map((m) => [m.partition, m.offset, decode(m)]), [[2, 0, 'now'], [2, 1, 'now'], [2, 2, 'now']]);
    assert.ok(lastCursor, 'batches carry a resume cursor');

    // Records produced while stopped arrive when the tail resumes from its cursor: nothing lost, nothing repeated.
    await b.client.call('messages.produce', { clusterId: C, topic: TOPIC, partition: 2, key: null, value: text('while-stopped') });
    const resumed: KafkaMessage[] = [];
    const off2 = b.client.subscribe('messages.tail', (batch) => resumed.push(...batch.messages));
    const again = await b.client.call('messages.tailStart', { clusterId: C, topic: TOPIC, partitions: 'all', start: { kind: 'latest' }, cursor: lastCursor });
    await waitUntil(async () => resumed.length >= 1, 10_000, 'resumed tail');
    await b.client.call('messages.tailStop', { tailId: again.tailId });
    off2();
    assert.deepEqual(resumed.map((m) => [m.partition, m.offset, decode(m)]), [[2, 3, 'while-stopped']]);
  });
});
