/**
 * The Electron IPC bridge (preload half + main half from electron/bridge.ts) wired through an in-process stand-in
 * for ipcMain/ipcRenderer (Electron itself cannot run here), against the real backend and broker.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IpcBackendClient } from '../../src-common/contract/ipc-client.js';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import type { EventFrame } from '../../src-common/contract/wire.js';
import { createRendererBridge, registerBackendIpc, type RendererIpc } from '../../electron/bridge.js';
import { trustedSenderFor } from '../../electron/trust.js';
import { startTestBackend, text, waitUntil, type TestBackend } from './harness.js';

/** The part of Electron's IpcMainInvokeEvent the trust predicate reads. */
interface FakeSender { senderFrame: { url: string } }

/** The predicate electron/main.ts installs (no dev server). */
const trustedSender = trustedSenderFor(null);

/** Routes invoke() to the handler main registered, with structured cloning like Electron's IPC. */
function fakeIpc(senderUrl: string) {
  const mainHandlers = new Map<string, (event: FakeSender, ...args: unknown[]) => Promise<unknown>>();
  const rendererListeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
  const ipcMain = { handle: (channel: string, fn: (event: FakeSender, ...args: unknown[]) => Promise<unknown>) => void mainHandlers.set(channel, fn) };
  const ipcRenderer: RendererIpc = {
    async invoke(channel, ...args) {
      const handler = mainHandlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler({ senderFrame: { url: senderUrl } }, ...structuredClone(args)));
    },
    on(channel, listener) {
      rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
    },
  };
  const send = (channel: string, frame: EventFrame): void => {
    for (const l of rendererListeners.get(channel) ?? []) l({}, structuredClone(frame));
  };
  return { ipcMain, ipcRenderer, send };
}

let b: TestBackend;
before(async () => {
  b = await startTestBackend();
});
after(async () => b?.close());

describe('Electron IPC bridge', () => {
  test('calls and events round-trip; errors keep their code', async () => {
    const ipc = fakeIpc('kafkadesk://app/index.html');
    const stop = registerBackendIpc(ipc.ipcMain, b.service, trustedSender, ipc.send);
    const client = new IpcBackendClient(createRendererBridge(ipc.ipcRenderer));
    const { clusters } = await client.call('clusters.list', {});
    assert.equal(clusters[0]?.id, C);
    await assert.rejects(client.call('topics.get', { clusterId: C, topic: 'missing' }), { name: 'BackendCallError', code: 'not-found' });

    await client.call('topics.create', { clusterId: C, name: 'ipc', partitions: 1, replicationFactor: 1 });
    const states: string[] = [];
    const off = client.subscribe('task.progress', (t) => states.push(t.state));
    await client.call('messages.produce', { clusterId: C, topic: 'ipc', partition: 0, key: null, value: text('v') });
    await client.call('messages.search', { clusterId: C, topic: 'ipc', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter: { match: 'all', conditions: [] } });
    await waitUntil(async () => states.includes('done'), 5000, 'task.progress over IPC');
    off();
    const count = states.length;
    // A second, still subscribed handler sees the next search finish; by then the first would have had its events.
    const later: string[] = [];
    const offLater = client.subscribe('task.progress', (t) => later.push(t.state));
    await client.call('messages.search', { clusterId: C, topic: 'ipc', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter: { match: 'all', conditions: [] } });
    await waitUntil(async () => later.includes('done'), 5000, 'second search done over IPC');
    offLater();
    assert.equal(states.length, count, 'an unsubscribed handler gets nothing');
    stop();
  });

  test('the trust predicate accepts only the app origin', () => {
    assert.equal(trustedSender({ senderFrame: { url: 'kafkadesk://app/index.html' } }), true);
    for (const url of ['https://evil.example/', 'kafkadesk://apps/x', 'kafkadesk://app.evil/x', 'file:///index.html', '', 'not a url']) {
      assert.equal(trustedSender({ senderFrame: { url } }), false, url);
    }
    assert.equal(trustedSender({ senderFrame: null }), false);
    const dev = trustedSenderFor('http://localhost:5173');
    assert.equal(dev({ senderFrame: { url: 'http://localhost:5173/' } }), true);
    // Origins compare exactly: a longer host or another port that starts with the dev server's URL is another site.
    for (const url of ['http://localhost:5173.evil.test/', 'http://localhost:51730/', 'https://localhost:5173/']) {
      assert.equal(dev({ senderFrame: { url } }), false, url);
    }
  });

  test('calls from other pages are refused', async () => {
    const ipc = fakeIpc('https://evil.example/');
    const stop = registerBackendIpc(ipc.ipcMain, b.service, trustedSender, ipc.send);
    const client = new IpcBackendClient(createRendererBridge(ipc.ipcRenderer));
    await assert.rejects(client.call('clusters.list', {}), { code: 'unauthorized' });
    stop();
  });
});
