/** The browser-mode transport: token on every call and socket, Origin/Host checks, calls and the event stream. */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { HttpBackendClient, type MinimalWebSocket } from '../../src-common/contract/http-client.js';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import type { KafkaMessage } from '../../src-common/contract/messages.js';
import { startHttpTransport, type HttpTransport } from '../../src-backend/http/server.js';
import { startTestBackend, text, waitUntil, type TestBackend } from './harness.js';

let b: TestBackend;
let http: HttpTransport;
const TOKEN = 'test-token-0123456789';
let socketsOpened = 0;
const wsFactory = (url: string): MinimalWebSocket => {
  const ws = new WebSocket(url);
  ws.once('open', () => socketsOpened++);
  return ws as unknown as MinimalWebSocket;
};

async function rawCall(body: unknown, headers: Record<string, string>): Promise<{ status: number; json: { ok: boolean; error?: { code: string } } }> {
  const res = await fetch(`http://127.0.0.1:${http.port}/api/call`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { ok: boolean; error?: { code: string } } };
}

function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

before(async () => {
  b = await startTestBackend();
  http = await startHttpTransport({ service: b.service, token: TOKEN, port: 0, staticDir: null });
});
after(async () => {
  await http?.close();
  await b?.close();
});

describe('HTTP transport security', () => {
  test('the printed URL carries the token', () => {
    assert.equal(http.url, `http://127.0.0.1:${http.port}/?token=${TOKEN}`);
  });

  test('the first tokened page load sets an HttpOnly, SameSite=Strict session cookie that authorises same-origin calls', async () => {
    const noToken = await fetch(`http://127.0.0.1:${http.port}/`);
    assert.equal(noToken.headers.get('set-cookie'), null);
    const wrongToken = await fetch(`http://127.0.0.1:${http.port}/?token=nope`);
    assert.equal(wrongToken.headers.get('set-cookie'), null, 'a wrong token gets no cookie');
    const page = await fetch(`http://127.0.0.1:${http.port}/?token=${TOKEN}`);
    const cookie = page.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^kafkadesk_session_${http.port}=`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const pair = cookie.split(';')[0] ?? '';
    const origin = `http://127.0.0.1:${http.port}`;
    const withCookie = await rawCall({ method: 'clusters.list', params: {} }, { cookie: pair, origin });
    assert.equal(withCookie.status, 200);
    assert.equal(withCookie.json.ok, true);
    // Another site's page never gets through, cookie or not; a forged cookie value is just a wrong token.
    const foreign = await rawCall({ method: 'clusters.list', params: {} }, { cookie: pair, origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    const forged = await rawCall({ method: 'clusters.list', params: {} }, { cookie: `kafkadesk_session_${http.port}=nope`, origin });
    assert.equal(forged.status, 401);
    assert.equal(await wsStatus(`ws://127.0.0.1:${http.port}/api/events`, { cookie: pair, origin }), 'open');
  });

  test('calls without or with a wrong token are rejected', async () => {
    const none = await rawCall({ method: 'clusters.list', params: {} }, {});
    assert.equal(none.status, 401);
    assert.equal(none.json.error?.code, 'unauthorized');
    const wrong = await rawCall({ method: 'clusters.list', params: {} }, { 'x-kafkadesk-token': 'nope' });
    assert.equal(wrong.status, 401);
  });

  test('other Origins are rejected even with the token', async () => {
    const evil = await rawCall({ method: 'clusters.list', params: {} }, { 'x-kafkadesk-token': TOKEN, origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
    const own = await rawCall({ method: 'clusters.list', params: {} }, { 'x-kafkadesk-token': TOKEN, origin: `http://127.0.0.1:${http.port}` });
    assert.equal(own.status, 200);
  });

  test('WebSocket needs the token and an allowed Origin', async () => {
    const base = `ws://127.0.0.1:${http.port}/api/events`;
    assert.equal(await wsStatus(base), 401);
    assert.equal(await wsStatus(`${base}?token=wrong`), 401);
    assert.equal(await wsStatus(`${base}?token=${TOKEN}`, { origin: 'https://evil.example' }), 403);
    assert.equal(await wsStatus(`${base}?token=${TOKEN}`), 'open');
  });

  test('unknown methods and malformed bodies get typed errors', async () => {
    const unknown = await rawCall({ method: 'nope.nope', params: {} }, { 'x-kafkadesk-token': TOKEN });
    assert.equal(unknown.json.error?.code, 'unknown-method');
    const res = await fetch(`http://127.0.0.1:${http.port}/api/call`, { method: 'POST', headers: { 'x-kafkadesk-token': TOKEN }, body: '{' });
    assert.equal(res.status, 400);
  });

  test('the GUI is not served when missing, and a wrong Host header is refused', async () => {
    const page = await fetch(`http://127.0.0.1:${http.port}/`);
    assert.equal(page.status, 404);
    // fetch() will not forge Host; node:http will (as a DNS-rebinding page's browser would send it).
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: http.port, path: '/api/call', method: 'POST', headers: { host: 'attacker.example', 'x-kafkadesk-token': TOKEN } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    assert.equal(status, 421);
  });
});

describe('HttpBackendClient', () => {
  test('calls work and errors arrive as BackendCallError', async () => {
    const client = HttpBackendClient.fromPageUrl(http.url, { webSocket: wsFactory });
    const { clusters } = await client.call('clusters.list', {});
    assert.equal(clusters[0]?.id, C);
    await client.call('topics.create', { clusterId: C, name: 'over-http', partitions: 1, replicationFactor: 1 });
    await assert.rejects(client.call('topics.get', { clusterId: C, topic: 'missing' }), (e: Error & { code?: string }) => e.name === 'BackendCallError' && e.code === 'not-found');
  });

  test('events stream over the WebSocket (tail batches, task progress)', async () => {
    const client = HttpBackendClient.fromPageUrl(http.url, { webSocket: wsFactory });
    const got: KafkaMessage[] = [];
    const progress: string[] = [];
    const offTail = client.subscribe('messages.tail', (batch) => got.push(...batch.messages));
    const progressIds: string[] = [];
    const openedBefore = socketsOpened;
    const offTask = client.subscribe('task.progress', (t) => {
      progress.push(t.state);
      progressIds.push(t.taskId);
    });
    await waitUntil(async () => socketsOpened > openedBefore, 10_000, 'event socket open');
    const { tailId } = await client.call('messages.tailStart', { clusterId: C, topic: 'over-http', partitions: 'all', start: { kind: 'latest' } });
    await client.call('messages.produce', { clusterId: C, topic: 'over-http', partition: 0, key: null, value: text('via-ws') });
    await waitUntil(async () => got.length === 1, 10_000, 'tail over WebSocket');
    assert.equal(Buffer.from(got[0]?.value?.base64 ?? '', 'base64').toString(), 'via-ws');
    await client.call('messages.tailStop', { tailId });

    await client.call('messages.produce', { clusterId: C, topic: 'over-http', partition: 0, key: null, value: text('other') });
    const { taskId } = await client.call('messages.search', {
      clusterId: C, topic: 'over-http', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
      filter: { match: 'all', conditions: [{ field: 'value', op: 'contains', text: 'ws' }] },
    });
    await waitUntil(async () => progress.includes('done'), 10_000, 'task.progress done');
    assert.ok(progressIds.includes(taskId), 'progress events name the search task');
    const results = await client.call('messages.searchResults', { taskId, offset: 0, limit: 10 });
    assert.equal(results.done, true);
    assert.equal(results.total, 1, 'only the record containing "ws" matches');
    assert.deepEqual(results.messages.map((m) => [m.partition, m.offset, Buffer.from(m.value?.base64 ?? '', 'base64').toString()]), [[0, 0, 'via-ws']]);
    offTail();
    offTask();
    client.close();
  });
});
