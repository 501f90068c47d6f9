/** ui.lastView survives a restart (a new store on the same config folder) and refuses paths it could not route. */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UiStateStore } from '../../src-backend/ui-state-store.js';
import { startTestBackend, type TestBackend } from './harness.js';

let b: TestBackend;
before(async () => { b = await startTestBackend(); });
after(async () => b?.close());

test('the last view is written to the config folder and read back by the next run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-ui-state-'));
  try {
    const first = new UiStateStore(dir);
    assert.equal(first.lastView(), null);
    first.setLastView({ clusterId: 'embedded', path: '/c/embedded/topics/orders/messages?start=earliest' });
    assert.equal(statSync(join(dir, 'ui-state.json')).mode & 0o777, 0o600);
    assert.deepEqual(new UiStateStore(dir).lastView(), { clusterId: 'embedded', path: '/c/embedded/topics/orders/messages?start=earliest' });
    writeFileSync(join(dir, 'ui-state.json'), '{ not json');
    assert.equal(new UiStateStore(dir).lastView(), null, 'a damaged file is "nothing remembered"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('over the contract: set, get, clear; bad views are refused and change nothing', async () => {
  await b.client.call('ui.setLastView', { view: { clusterId: 'embedded', path: '/c/embedded/groups' } });
  assert.deepEqual((await b.client.call('ui.lastView', {})).lastView, { clusterId: 'embedded', path: '/c/embedded/groups' });
  for (const view of [{ clusterId: 'embedded', path: 'https://evil.example/' }, { clusterId: 'a', path: '/c/b/overview' }, { clusterId: '', path: '/c//x' }, { clusterId: 'embedded', path: `/c/embedded/${'x'.repeat(3000)}` }]) {
    await assert.rejects(b.client.call('ui.setLastView', { view }), { code: 'bad-request' });
  }
  assert.deepEqual((await b.client.call('ui.lastView', {})).lastView, { clusterId: 'embedded', path: '/c/embedded/groups' });
  await b.client.call('ui.setLastView', { view: null });
  assert.equal((await b.client.call('ui.lastView', {})).lastView, null);
});
