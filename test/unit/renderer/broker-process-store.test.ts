// The overview's broker-process store against a real backend supervising a real broker process: loads the state,
// follows the pushed 'engine.process' stream through a SIGKILL, and restarts on request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { startTestBackend, waitUntil, type TestBackend } from '../../backend/harness.js';
import { setBackend } from '../../../renderer/src/backend/use-backend.js';
import { describeProcessState, useBrokerProcessStore } from '../../../renderer/src/features/overview/stores/broker-process.js';

let backend: TestBackend;
before(async () => {
  backend = await startTestBackend();
  setBackend(backend.client);
  setActivePinia(createPinia());
});
after(async () => {
  useBrokerProcessStore().unwatch();
  await backend?.close();
});

test('each state reads as what the user needs to know', () => {
  assert.deepEqual(describeProcessState('running'), { label: 'running', tone: 'ok' });
  assert.deepEqual(describeProcessState('crashed'), { label: 'crashed — restarting…', tone: 'danger' });
  assert.deepEqual(describeProcessState('restarting'), { label: 'restarting…', tone: 'warn' });
  assert.deepEqual(describeProcessState('stopped'), { label: 'stopped', tone: 'danger' });
});

test('follows a crash and a requested restart', { timeout: 120_000 }, async () => {
  const store = useBrokerProcessStore();
  await store.watch();
  assert.equal(store.status?.state, 'running');
  assert.equal(store.view?.label, 'running');
  const pid = store.status?.pid;
  assert.ok(typeof pid === 'number');
  process.kill(pid, 'SIGKILL');
  await waitUntil(async () => store.status?.state === 'running' && store.status.pid !== pid, 60_000, 'pushed running after the crash');
  assert.equal(store.status?.restarts, 1);

  await store.restart();
  assert.equal(store.error, null);
  assert.equal(store.status?.state, 'running');
  assert.equal(store.status?.restarts, 2);
});
