/**
 * The backend writes and reads files only where the user chose them (native dialog) or in its own temp folder:
 * a typed path is refused over HTTP and over IPC; browser mode uploads the file to import. Plus the HTTP transport's
 * limits: 413 for oversized bodies, 400 for bad URL encoding, a CSP naming the server's own port.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { IpcBackendClient } from '../../src-common/contract/ipc-client.js';
import { HttpBackendClient } from '../../src-common/contract/http-client.js';
import { TOKEN_HEADER, UPLOAD_PATH, type EventFrame } from '../../src-common/contract/wire.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';
import { createRendererBridge, registerBackendIpc, type RendererIpc } from '../../electron/bridge.js';
import { startHttpTransport, type HttpTransport } from '../../src-backend/http/server.js';
import { startTestBackend, text, type TestBackend, taskFinished } from './harness.js';

const TOKEN = 'file-access-token';
let b: TestBackend;
let http: HttpTransport;
let base: string;

before(async () => {
  b = await startTestBackend();
  const staticDir = join(b.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  http = await startHttpTransport({ service: b.service, token: TOKEN, port: 0, staticDir });
  base = `http://127.0.0.1:${http.port}`;
  await b.client.call('topics.create', { clusterId: C, name: 'files', partitions: 1, replicationFactor: 1 });
  for (let i = 0; i < 5; i++) await b.client.call('messages.produce', { clusterId: C, topic: 'files', partition: 0, key: null, value: text(`echo pwned ${i}`) });
});
after(async () => {
  await http?.close();
  await b?.close();
});

function ipcClient(): IpcBackendClient {
  const handlers = new Map<string, (event: { url: string }, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = { handle: (channel: string, fn: (event: { url: string }, ...args: unknown[]) => Promise<unknown>) => void handlers.set(channel, fn) };
  const ipcRenderer: RendererIpc = {
    async invoke(channel, ...args) {
      return structuredClone(await (handlers.get(channel) as (e: { url: string }, ...a: unknown[]) => Promise<unknown>)({ url: 'kafkadesk://app/index.html' }, ...structuredClone(args)));
    },
    on() {},
  };
  registerBackendIpc(ipcMain, b.service, () => true, (_c: string, _f: EventFrame) => undefined);
  return new IpcBackendClient(createRendererBridge(ipcRenderer));
}

const exportParams = (path: string | null) => ({
  clusterId: C, topic: 'files', partitions: 'all' as const, from: { kind: 'earliest' as const }, to: { kind: 'latest' as const },
  format: 'jsonl' as const, payloadEncoding: 'text' as const, path,
});

const finished = (taskId: string): Promise<TaskInfo> => taskFinished(b.client, taskId);

describe('typed paths are refused', () => {
  test('export to a path the save dialog did not return: refused over HTTP and IPC, the file untouched', async () => {
    const victim = join(b.dir, 'bashrc');
    writeFileSync(victim, 'original\n');
    const httpClient = new HttpBackendClient({ baseUrl: base, token: TOKEN });
    for (const client of [httpClient, ipcClient()]) {
      await assert.rejects(client.call('messages.export', exportParams(victim)), { code: 'bad-request', field: 'path' });
    }
    assert.equal(readFileSync(victim, 'utf8'), 'original\n');
    // A grant is one-time: choosing the file once allows one export, a replay of the same call is refused again.
    b.dialog.choose(victim);
    await b.client.call('host.pickSavePath', { defaultName: 'bashrc' });
    assert.equal((await finished((await b.client.call('messages.export', exportParams(victim))).taskId)).state, 'done');
    await assert.rejects(b.client.call('messages.export', exportParams(victim)), { code: 'bad-request', field: 'path' });
  });

  test('import from a path the open dialog did not return: refused over HTTP and IPC', async () => {
    const secret = join(b.dir, 'shadow.jsonl');
    writeFileSync(secret, '{"partition":0,"offset":0,"timestamp":1,"key":null,"value":"root:x"}\n');
    const params = { path: secret, clusterId: C, topic: 'files', partitioning: 'by-key' as const, payloadEncoding: 'text' as const };
    for (const client of [new HttpBackendClient({ baseUrl: base, token: TOKEN }), ipcClient()]) {
      await assert.rejects(client.call('messages.import', params), { code: 'bad-request', field: 'path' });
    }
    await assert.rejects(b.client.call('messages.import', { ...params, path: undefined, uploadId: 'made-up' }), { code: 'bad-request', field: 'uploadId' });
  });
});

describe('browser mode: download an export, upload it back', () => {
  test('temp export → one-time download → upload → import', async () => {
    b.service.context.host.downloadUrl = (ticket) => `/api/download/${ticket}`;
    const done = await finished((await b.client.call('messages.export', exportParams(null))).taskId);
    const body = await (await fetch(base + (done.exportResult?.downloadUrl ?? ''))).text();
    assert.equal(body.trim().split('\n').length, 5);

    assert.equal((await fetch(base + UPLOAD_PATH, { method: 'POST', body })).status, 401, 'uploads need the token');
    const uploaded = await fetch(base + UPLOAD_PATH, { method: 'POST', headers: { [TOKEN_HEADER]: TOKEN }, body });
    assert.equal(uploaded.status, 200);
    const { result } = (await uploaded.json()) as { result: { uploadId: string } };
    await b.client.call('topics.create', { clusterId: C, name: 'files-back', partitions: 1, replicationFactor: 1 });
    const imported = await finished((await b.client.call('messages.import', { uploadId: result.uploadId, clusterId: C, topic: 'files-back', partitioning: 'same', payloadEncoding: 'text' })).taskId);
    assert.equal(imported.state, 'done');
    assert.equal(imported.copyResult?.records, 5);
    // The upload was the backend's temporary copy: used once, then gone.
    await assert.rejects(b.client.call('messages.import', { uploadId: result.uploadId, clusterId: C, topic: 'files-back', partitioning: 'same', payloadEncoding: 'text' }), { field: 'uploadId' });
    assert.equal(existsSync(join(b.dir, 'exports', 'uploads', `${result.uploadId}.upload`)), false);
  });
});

describe('HTTP transport limits', () => {
  test('an oversized call body gets 413, the server keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/api/call`, { method: 'POST', headers: { [TOKEN_HEADER]: TOKEN, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 17; i++) req.write(chunk);
      req.end();
    });
    assert.equal(status, 413);
    const ok = await new HttpBackendClient({ baseUrl: base, token: TOKEN }).call('clusters.list', {});
    assert.equal(ok.clusters[0]?.id, C);
  });

  test('bad URL encoding is a 400, not a 500', async () => {
    assert.equal((await fetch(`${base}/%E0%A4%A`)).status, 400);
  });

  test("the page's CSP lets it connect to this server's port only", async () => {
    const csp = (await fetch(`${base}/`)).headers.get('content-security-policy') ?? '';
    const connect = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src')) ?? '';
    assert.equal(connect, `connect-src 'self' ws://127.0.0.1:${http.port} ws://localhost:${http.port}`);
  });
});
