// The segment explorer's URL state and its Pinia store against a real backend (the embedded broker's data dir,
// written by a kafkajs producer): open, a page of batches, a batch's records, a failure kept for the banner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { Kafka, logLevel } from 'kafkajs';
import { startTestBackend, type TestBackend } from '../../backend/harness.js';
import { EMBEDDED_CLUSTER_ID } from '../../../src-common/contract/clusters.js';
import { setBackend } from '../../../renderer/src/backend/use-backend.js';
import { useSegmentExplorerStore } from '../../../renderer/src/features/segment-explorer/stores/segment-explorer.js';
import { stateFromQuery, stateToQuery } from '../../../renderer/src/features/segment-explorer/url-state.js';

let backend: TestBackend;
const TOPIC = 'explorer-store';

before(async () => {
  backend = await startTestBackend({ lagHistory: { sampleEmbeddedByDefault: false } });
  setBackend(backend.client);
  await backend.client.call('topics.create', { clusterId: EMBEDDED_CLUSTER_ID, name: TOPIC, partitions: 1, replicationFactor: 1 });
  const producer = new Kafka({ brokers: [backend.bootstrap], clientId: 'explorer-store', logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  for (let i = 0; i < 3; i++) await producer.send({ topic: TOPIC, messages: [{ key: `k${i}`, value: `v${i}` }] });
  await producer.disconnect();
});
after(async () => backend?.close());

test('URL state: round trip, defaults, junk ignored', () => {
  const s = { path: '/data/kafka', partition: 'orders-0', segment: 100, from: 4096, batch: 4200 };
  assert.deepEqual(stateFromQuery(stateToQuery(s)), s);
  assert.deepEqual(Object.keys(stateToQuery(s)), ['path', 'partition', 'segment', 'from', 'batch']);
  assert.deepEqual(stateFromQuery({}), { path: null, partition: null, segment: null, from: 0, batch: null });
  assert.deepEqual(stateFromQuery({ path: '', segment: '-1', from: 'x', batch: '1.5' }), { path: null, partition: null, segment: null, from: 0, batch: null });
  assert.equal(stateToQuery({ ...s, from: 0 }).from, undefined, 'the first page keeps the URL short');
});

test('store: opens the embedded dir, pages batches, loads records, keeps an open failure', async () => {
  setActivePinia(createPinia());
  const store = useSegmentExplorerStore();
  const path = await store.open({ embedded: true });
  assert.ok(path);
  const partition = store.directory?.partitions.find((p) => p.name === `${TOPIC}-0`);
  assert.ok(partition);
  const target = { path, partition: partition.name, segment: 0 };
  await store.loadPage(target, 0);
  assert.deepEqual(store.page?.batches.map((b) => b.baseOffset), [0, 1, 2]);
  await store.loadRecords(target, store.page?.batches[1]?.position ?? -1);
  assert.equal(store.records?.records[0]?.value?.text, 'v1');
  await store.loadIndexes(target);
  assert.equal(store.indexes?.segment, 0);
  assert.equal(await store.open({ path: '/nonexistent/kafka' }), null);
  assert.equal(store.directory, null);
  assert.ok(store.openError);
  await store.loadPage({ ...target, segment: 999 }, 0);
  assert.equal(store.page, null);
  assert.ok(store.pageError);
});
