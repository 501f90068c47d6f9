// The renderer's Pinia stores against a real backend service over a real embedded broker.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { startTestBackend, waitUntil, type TestBackend } from '../../backend/harness.js';
import { setBackend } from '../../../renderer/src/backend/use-backend.js';
import { useClustersStore } from '../../../renderer/src/features/clusters/stores/clusters.js';
import { useTopicsStore } from '../../../renderer/src/features/topics/stores/topics.js';
import { useTopicDetailStore } from '../../../renderer/src/features/topic-detail/stores/topic-detail.js';
import { useProduceStore } from '../../../renderer/src/features/produce/stores/produce.js';
import { useMessagePageStore } from '../../../renderer/src/features/messages/stores/message-page.js';
import { useMessageSearchStore } from '../../../renderer/src/features/messages/stores/message-search.js';
import { useMessageTailStore } from '../../../renderer/src/features/messages/stores/message-tail.js';
import { useOverviewStore } from '../../../renderer/src/features/overview/stores/overview.js';
import { useGroupsStore } from '../../../renderer/src/features/consumer-groups/stores/groups.js';
import { EMBEDDED_CLUSTER_ID } from '../../../src-common/contract/clusters.js';
import { toProduceParams, emptyProduceForm } from '../../../renderer/src/features/produce/produce-form.js';

const cluster = EMBEDDED_CLUSTER_ID;
let backend: TestBackend;

before(async () => {
  backend = await startTestBackend();
  setBackend(backend.client);
  setActivePinia(createPinia());
});
after(async () => {
  await useMessageTailStore().stop();
  await backend?.close();
});

test('clusters store lists the embedded broker first', async () => {
  const store = useClustersStore();
  await store.init();
  assert.equal(store.list.error, null);
  assert.equal(store.clusters[0]?.id, cluster);
  assert.equal(store.byId(cluster)?.kind, 'embedded');
  assert.ok(store.host);
});

test('topics store: create, list, add partitions, purge, delete', async () => {
  const topics = useTopicsStore();
  await topics.create.run({ clusterId: cluster, name: 'store-topic', partitions: 2, replicationFactor: 1, configs: { 'retention.ms': '3600000' } });
  await topics.list.load(cluster, false);
  assert.ok(topics.list.data?.some((t) => t.name === 'store-topic' && t.partitions === 2));
  await topics.addPartitions.run(cluster, 'store-topic', 3);
  const detail = useTopicDetailStore();
  await detail.detail.load(cluster, 'store-topic');
  assert.equal(detail.detail.data?.partitions.length, 3);
  await detail.configs.load(cluster, 'store-topic');
  assert.equal(detail.configs.data?.find((c) => c.name === 'retention.ms')?.value, '3600000');
  await topics.purge.run(cluster, 'store-topic');
  await topics.remove.run(cluster, 'store-topic');
  await topics.list.load(cluster, false);
  assert.ok(!topics.list.data?.some((t) => t.name === 'store-topic'));
  // Errors are kept for the view, not swallowed.
  await assert.rejects(topics.remove.run(cluster, 'store-topic'));
  assert.ok(topics.remove.error);
});

test('produce, then page forward without repeating a record, then segments', async () => {
  const topics = useTopicsStore();
  await topics.create.run({ clusterId: cluster, name: 'paging', partitions: 2, replicationFactor: 1 });
  const produce = useProduceStore();
  for (let i = 0; i < 10; i++) {
    const form = { ...emptyProduceForm(), key: { isNull: false, encoding: 'text' as const, data: `k${i % 3}` }, value: { isNull: false, encoding: 'json' as const, data: JSON.stringify({ i, even: i % 2 === 0 }) } };
    await produce.produce.run(toProduceParams(form, cluster, 'paging'));
  }
  assert.equal(produce.lastResult?.count, 1);

  const pages = useMessagePageStore();
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let round = 0; round < 10; round++) {
    const page = await pages.page.load({ clusterId: cluster, topic: 'paging', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 3, ...(cursor ? { cursor } : {}) });
    assert.ok(page, String(pages.page.error));
    for (const m of page.messages) {
      const id = `${m.partition}:${m.offset}`;
      assert.ok(!seen.has(id), `record ${id} repeated`);
      seen.add(id);
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  assert.equal(seen.size, 10);

  const detail = useTopicDetailStore();
  const segments = await detail.segments.load(cluster, 'paging', 0);
  assert.ok(segments && segments.length >= 1 && segments.some((s) => s.active));
});

test('search store follows the task to completion and loads every match', async () => {
  const search = useMessageSearchStore();
  await search.start({ clusterId: cluster, topic: 'paging', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter: { match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.even', op: 'equals', value: true }] } });
  await waitUntil(async () => search.task?.state === 'done' && search.results.length === search.task.stats.matched, 10_000, 'search done');
  assert.equal(search.results.length, 5);
  assert.equal(search.task?.stopReason, 'range-end');
  assert.equal(search.task?.stats.scanned, 10);
  await search.clear();
  assert.equal(search.task, null);
});

test('tail store receives records produced after it started, newest first', async () => {
  const tail = useMessageTailStore();
  // start() returns once the tail's start positions are fixed, so records produced next are after them.
  await tail.start({ clusterId: cluster, topic: 'paging', partitions: 'all', start: { kind: 'latest' } });
  const produce = useProduceStore();
  await produce.produce.run({ clusterId: cluster, topic: 'paging', partition: 0, key: null, value: { encoding: 'text', data: 'live-1' } });
  await produce.produce.run({ clusterId: cluster, topic: 'paging', partition: 0, key: null, value: { encoding: 'text', data: 'live-2' } });
  await waitUntil(async () => tail.messages.length >= 2, 10_000, 'tail records');
  assert.deepEqual(tail.messages.slice(0, 2).map((m) => m.value?.text), ['live-2', 'live-1']);
  await tail.stop();
  assert.equal(tail.running, false);
});

test('overview and groups stores load', async () => {
  const overview = useOverviewStore();
  const data = await overview.overview.load(cluster);
  assert.ok(data && data.topicCount >= 1 && data.brokers.length === 1);
  await overview.watchThroughput(cluster);
  assert.equal(overview.samplesError, null);
  overview.stopThroughput();
  const groups = useGroupsStore();
  await groups.list.load(cluster);
  assert.equal(groups.list.error, null);
  assert.ok(Array.isArray(groups.list.data));
});
