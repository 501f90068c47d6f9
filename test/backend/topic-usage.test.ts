/** topics.usage: groups per topic and their lag, over the Kafka protocol only (so remote clusters get it too). */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { startTestBackend, text, type TestBackend } from './harness.js';

let b: TestBackend;
before(async () => { b = await startTestBackend(); });
after(async () => b?.close());

test('groups and lag per topic, offset sums for rates, for the embedded broker and the same broker added as a remote cluster', async () => {
  await b.client.call('topics.create', { clusterId: C, name: 'usage-read', partitions: 2, replicationFactor: 1 });
  await b.client.call('topics.create', { clusterId: C, name: 'usage-idle', partitions: 1, replicationFactor: 1 });
  await b.client.call('messages.produce', { clusterId: C, topic: 'usage-read', partition: 0, key: null, value: text('a'), copies: 10 });
  await b.client.call('messages.produce', { clusterId: C, topic: 'usage-read', partition: 1, key: null, value: text('b'), copies: 4 });
  // Committed: partition 0 at 3 (lag 7), partition 1 at 4 (lag 0).
  await b.client.call('groups.resetOffsets', {
    clusterId: C, groupId: 'usage-g', topic: 'usage-read', dryRun: false,
    strategy: { kind: 'offsets', offsets: [{ partition: 0, offset: 3 }, { partition: 1, offset: 4 }] },
  });
  const remote = await b.client.call('clusters.add', { settings: { name: 'same-broker', bootstrap: [b.bootstrap], sasl: null, tls: null } });
  for (const clusterId of [C, remote.id]) {
    const { topics, at } = await b.client.call('topics.usage', { clusterId });
    assert.ok(at > 0);
    const read = topics.find((t) => t.topic === 'usage-read');
    assert.deepEqual(read, { topic: 'usage-read', groups: ['usage-g'], lag: 7, endOffsetSum: 14, committedSum: 7 }, clusterId);
    assert.deepEqual(topics.find((t) => t.topic === 'usage-idle'), { topic: 'usage-idle', groups: [], lag: 0, endOffsetSum: 0, committedSum: 0 });
    assert.equal(topics.some((t) => t.topic.startsWith('__')), false, 'internal topics are left out');
  }
  await assert.rejects(b.client.call('topics.usage', { clusterId: 'no-such-cluster' }), { code: 'not-found' });
});
