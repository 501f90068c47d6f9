// Consumer-group store against a real broker: lag, offset reset (refused while active, preview, apply),
// rebalance events for the timeline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createPinia, setActivePinia } from 'pinia';
import { startTestBackend, waitUntil, type TestBackend } from '../../backend/harness.js';
import { setBackend } from '../../../renderer/src/backend/use-backend.js';
import { useGroupsStore } from '../../../renderer/src/features/consumer-groups/stores/groups.js';
import { buildTimeline } from '../../../renderer/src/features/consumer-groups/rebalance-timeline.js';
import { EMBEDDED_CLUSTER_ID } from '../../../src-common/contract/clusters.js';

const cluster = EMBEDDED_CLUSTER_ID;
let backend: TestBackend;
let consumer: Consumer | null = null;

before(async () => {
  backend = await startTestBackend();
  setBackend(backend.client);
  setActivePinia(createPinia());
  await backend.client.call('topics.create', { clusterId: cluster, name: 'lagged', partitions: 2, replicationFactor: 1 });
  await backend.client.call('messages.produce', { clusterId: cluster, topic: 'lagged', partition: null, key: null, value: { encoding: 'text', data: 'x' }, copies: 20 });
});
after(async () => {
  await consumer?.disconnect().catch(() => undefined);
  useGroupsStore().unwatchGroupEvents();
  await backend?.close();
});

test('a live group: lag, events for the timeline, reset refused while active', async () => {
  const store = useGroupsStore();
  const kafka = new Kafka({ brokers: [backend.bootstrap], clientId: 'store-test', logLevel: logLevel.NOTHING });
  consumer = kafka.consumer({ groupId: 'readers', sessionTimeout: 10_000, heartbeatInterval: 500 });
  await store.watchGroupEvents(cluster, 'readers');
  await consumer.connect();
  await consumer.subscribe({ topic: 'lagged', fromBeginning: true });
  let seen = 0;
  await consumer.run({ autoCommitInterval: 100, eachMessage: async () => { seen++; } });
  await waitUntil(async () => seen >= 20, 15_000, 'consumed');

  const detail = await waitUntil(async () => {
    const d = await store.detail.load(cluster, 'readers');
    return d && d.members.length === 1 && d.totalLag === 0 ? d : null;
  }, 15_000, 'group stable with zero lag');
  assert.equal(detail.offsets.length, 2);
  assert.equal(store.lagHistory[`${cluster}/readers`]?.length !== undefined, true);

  await waitUntil(async () => store.events.some((e) => e.type === 'sync-completed'), 10_000, 'sync event');
  const timeline = buildTimeline(store.events, Date.now());
  assert.equal(timeline.lanes.length, 1);
  assert.ok(timeline.rebalances.length >= 1);

  const preview = await store.preview.run({ clusterId: cluster, groupId: 'readers', topic: 'lagged', strategy: { kind: 'earliest' } });
  assert.equal(preview.applied, false);
  assert.equal(preview.partitions.reduce((sum, p) => sum + (p.delta ?? 0), 0), -20);
  await assert.rejects(store.applyReset.run({ clusterId: cluster, groupId: 'readers', topic: 'lagged', strategy: { kind: 'earliest' } }), (error: { code?: string }) => error.code === 'group-not-empty');
  assert.ok(store.applyReset.error);
});

test('after the consumer leaves: reset applies, lag shows up, offsets and group can be deleted', async () => {
  const store = useGroupsStore();
  await consumer?.disconnect();
  consumer = null;
  await waitUntil(async () => (await store.detail.load(cluster, 'readers'))?.members.length === 0, 15_000, 'group empty');
  await waitUntil(async () => store.events.some((e) => e.type === 'member-left'), 10_000, 'member-left event');

  const result = await store.applyReset.run({ clusterId: cluster, groupId: 'readers', topic: 'lagged', strategy: { kind: 'shift', by: -3 } });
  assert.equal(result.applied, true);
  const detail = await store.detail.load(cluster, 'readers');
  assert.equal(detail?.totalLag, 6);

  await store.deleteTopicOffsets.run(cluster, 'readers', 'lagged');
  await store.remove.run(cluster, 'readers');
  await store.list.load(cluster);
  assert.ok(!store.list.data?.some((g) => g.groupId === 'readers'));
});
