/** Every method, called with missing or nonsensical params, fails with a typed error (never 'internal'). */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND_METHODS } from '../../src-common/contract/api.js';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { startTestBackend, type TestBackend } from './harness.js';

let b: TestBackend;
before(async () => {
  b = await startTestBackend();
});
after(async () => b?.close());

const SHAPES: unknown[] = [
  null,
  {},
  { clusterId: C },
  { clusterId: 'no-such-cluster', topic: 'x' },
  { clusterId: C, topic: 'no-such-topic', partition: 0, groupId: 'g', taskId: 't', tailId: 't' },
  { clusterId: C, topic: 42, partitions: 'some', start: { kind: 'sideways' }, direction: 'up', pageSize: -1 },
];

test('bad params never surface as internal errors', async () => {
  const internal: string[] = [];
  for (const params of SHAPES) {
    for (const method of BACKEND_METHODS) {
      if (method === 'engine.enforceRetention' || method === 'engine.compactNow') continue; // harmless but mutating
      const r = await b.service.call(method, params);
      if (!r.ok && r.error.code === 'internal') internal.push(`${method} ${JSON.stringify(params)}: ${r.error.message}`);
    }
  }
  assert.deepEqual(internal, []);
});

test('unknown methods are rejected by name', async () => {
  const r = await b.service.call('topics.drop', {});
  assert.deepEqual(r, { ok: false, error: { code: 'unknown-method', message: 'unknown method topics.drop' } });
});
