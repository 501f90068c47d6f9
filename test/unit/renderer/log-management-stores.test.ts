// The config editor and log-management stores against a real backend over a real embedded broker: change set →
// broker dry run → one incremental alter, the broker's refusal attributed to its field, compaction runs and live
// refresh on engine events.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { startTestBackend, waitUntil, type TestBackend } from '../../backend/harness.js';
import { setBackend } from '../../../renderer/src/backend/use-backend.js';
import { useTopicConfigsStore } from '../../../renderer/src/features/topic-configs/stores/topic-configs.js';
import { useLogManagementStore } from '../../../renderer/src/features/log-management/stores/log-management.js';
import { CONFIG_PRESETS } from '../../../renderer/src/features/topic-configs/presets.js';
import { EMBEDDED_CLUSTER_ID } from '../../../src-common/contract/clusters.js';

const cluster = EMBEDDED_CLUSTER_ID;
const topic = 'lm-store-topic';
let backend: TestBackend;

before(async () => {
  backend = await startTestBackend();
  setBackend(backend.client);
  setActivePinia(createPinia());
  await backend.client.call('topics.create', { clusterId: cluster, name: topic, partitions: 1, replicationFactor: 1 });
});
after(async () => {
  useTopicConfigsStore().close();
  useLogManagementStore().unwatch();
  await backend?.close();
});

test('config store: preset + edit are validated by the broker, then applied as one alter', async () => {
  const store = useTopicConfigsStore();
  store.open(cluster, topic);
  await waitUntil(async () => store.entries.data, 10_000, 'configs');
  const segmentBytes = store.byName.get('segment.bytes');
  assert.ok(segmentBytes);
  assert.equal(segmentBytes.validValues, '[14,...]', 'metadata for client-side validation');
  store.stage(segmentBytes, { op: 'set', value: '10' });
  assert.match(store.clientErrors['segment.bytes'] ?? '', /at least 14/);
  await store.review(true);
  assert.equal(store.phase, 'idle', 'nothing is sent while a value is invalid');

  store.stage(segmentBytes, { op: 'set', value: '1024' });
  const changelog = CONFIG_PRESETS.find((p) => p.id === 'compacted-changelog');
  assert.ok(changelog);
  store.stagePreset(changelog);
  await store.review(false);
  assert.equal(store.previewState, 'remote', 'remote clusters: the what-if is not available');
  await store.review(true);
  assert.equal(store.phase, 'ready');
  // The what-if is the engine's forecast for the pending values (cleanup.policy=compact from the preset).
  await waitUntil(async () => store.previewState === 'ready', 10_000, 'engine forecast');
  assert.deepEqual(store.preview?.current.cleanupPolicy, { delete: true, compact: false });
  assert.deepEqual(store.preview?.proposed?.cleanupPolicy, { delete: false, compact: true });
  assert.equal((await backend.client.call('configs.describe', { clusterId: cluster, resource: { type: 'topic', name: topic } })).entries.find((e) => e.name === 'cleanup.policy')?.value, 'delete', 'validate-only changed nothing');
  assert.ok(await store.apply());
  assert.equal(store.changes.size, 0);
  assert.equal(store.byName.get('cleanup.policy')?.value, 'compact');
  assert.equal(store.byName.get('segment.bytes')?.source, 'dynamic-topic');
});

test('config store: the broker\'s INVALID_CONFIG lands on the field it names', async () => {
  const store = useTopicConfigsStore();
  const gzip = store.byName.get('compression.gzip.level');
  assert.ok(gzip);
  store.stage(gzip, { op: 'set', value: '12' });
  assert.equal(store.clientErrors['compression.gzip.level'], undefined);
  await store.review(true);
  assert.equal(store.previewState, 'none', 'compression does not change the retention forecast');
  assert.equal(store.phase, 'refused');
  assert.match(store.serverErrors['compression.gzip.level'] ?? '', /Invalid value 12 for configuration compression.gzip.level/);
  store.unstage('compression.gzip.level');
  assert.deepEqual(store.serverErrors, {});
});

test('log-management store: compact now records a run; a config change refreshes it live', async () => {
  for (let i = 0; i < 40; i++) {
    await backend.client.call('messages.produce', { clusterId: cluster, topic, partition: 0, key: { encoding: 'text', data: `k${i % 4}` }, value: { encoding: 'text', data: `value ${i} ${'z'.repeat(60)}` } });
  }
  const store = useLogManagementStore();
  store.watchPartition(cluster, topic, 0, [0], null);
  const lm = await waitUntil(async () => store.insight.data, 10_000, 'insight');
  assert.ok(lm.cleaner, 'compacted topic has cleaner state');
  assert.ok(lm.segments.length > 1);
  const strip = await waitUntil(async () => store.strip.data, 10_000, 'strip');
  assert.deepEqual(strip.map((r) => [r.partition, r.segments]), [[0, lm.segments.length]]);
  await store.compactNow.run();
  const run = store.lastCompaction?.run;
  assert.ok(run);
  assert.ok(run.recordsAfter < run.recordsBefore);
  await waitUntil(async () => (store.runs.data?.length ?? 0) > 0, 10_000, 'runs');

  await backend.client.call('configs.alter', { clusterId: cluster, resource: { type: 'topic', name: topic }, ops: [{ op: 'set', name: 'min.cleanable.dirty.ratio', value: '0.7' }] });
  await waitUntil(async () => store.lastEvent?.type === 'config-changed' && store.insight.data?.cleaner?.threshold === 0.7, 10_000, 'live refresh');
});
