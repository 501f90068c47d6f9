/** Topics, configs, overview, segments and saved clusters against the real broker. */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { startBroker } from '../../src-engine/index.js';
import { startTestBackend, text, type TestBackend } from './harness.js';

let b: TestBackend;

before(async () => {
  b = await startTestBackend();
});
after(async () => b?.close());

describe('topics', () => {
  test('create, list (counts flagged as estimates), detail with offsets, add partitions, purge, delete', async () => {
    await b.client.call('topics.create', { clusterId: C, name: 'inventory', partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact,delete' } }); // purge (DeleteRecords) is refused on compact-only topics
    await assert.rejects(b.client.call('topics.create', { clusterId: C, name: 'inventory', partitions: 1, replicationFactor: 1 }), { code: 'already-exists' });
    await b.client.call('messages.produce', { clusterId: C, topic: 'inventory', partition: 1, key: text('sku'), value: text('1'), copies: 5 });

    const { topics } = await b.client.call('topics.list', { clusterId: C });
    const inv = topics.find((t) => t.name === 'inventory');
    assert.deepEqual(
      { partitions: inv?.partitions, messageCount: inv?.messageCount, countIsEstimate: inv?.countIsEstimate, cleanupPolicy: inv?.cleanupPolicy },
      { partitions: 2, messageCount: 5, countIsEstimate: true, cleanupPolicy: 'compact,delete' },
    );
    assert.ok((inv?.sizeBytes ?? 0) > 0, 'embedded broker reports bytes on disk');
    assert.ok(!topics.some((t) => t.internal));

    const detail = await b.client.call('topics.get', { clusterId: C, topic: 'inventory' });
    assert.deepEqual(detail.partitions.map((p) => [p.partition, p.leader, p.replicas, p.isr, p.logStartOffset, p.logEndOffset]), [
      [0, 1, [1], [1], 0, 0], [1, 1, [1], [1], 0, 5],
    ]);
    assert.equal(detail.partitions[0]?.countIsEstimate, false, 'an empty partition is an exact 0');

    await b.client.call('topics.addPartitions', { clusterId: C, topic: 'inventory', totalPartitions: 4 });
    assert.equal((await b.client.call('topics.get', { clusterId: C, topic: 'inventory' })).partitions.length, 4);

    const purged = await b.client.call('topics.purge', { clusterId: C, topic: 'inventory' });
    assert.deepEqual(purged.partitions, [{ partition: 0, lowWatermark: 0 }, { partition: 1, lowWatermark: 5 }, { partition: 2, lowWatermark: 0 }, { partition: 3, lowWatermark: 0 }]);
    const afterPurge = await b.client.call('messages.page', { clusterId: C, topic: 'inventory', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 10 });
    assert.equal(afterPurge.messages.length, 0);

    const segs = await b.client.call('topics.segments', { clusterId: C, topic: 'inventory', partition: 1 });
    assert.ok(segs.segments.length >= 1);
    assert.equal(typeof segs.segments[0]?.baseOffset, 'number');

    await b.client.call('topics.delete', { clusterId: C, topics: ['inventory'] });
    await assert.rejects(b.client.call('topics.get', { clusterId: C, topic: 'inventory' }), { code: 'not-found' });
  });

  test('deleting a topic does not break later calls that go through the same kafkajs clients', async () => {
    await b.client.call('topics.create', { clusterId: C, name: 'doomed', partitions: 1, replicationFactor: 1 });
    await b.client.call('messages.produce', { clusterId: C, topic: 'doomed', partition: 0, key: null, value: text('x') });
    await b.client.call('groups.resetOffsets', { clusterId: C, groupId: 'g-doomed', topic: 'doomed', strategy: { kind: 'earliest' }, dryRun: false });
    await b.client.call('topics.delete', { clusterId: C, topics: ['doomed'] });
    await b.client.call('topics.create', { clusterId: C, name: 'survivor', partitions: 1, replicationFactor: 1 });
    await b.client.call('messages.produce', { clusterId: C, topic: 'survivor', partition: 0, key: null, value: text('ok') });
    await b.client.call('messages.produce', { clusterId: C, topic: 'survivor', partition: 0, key: null, value: null });
    const page = await b.client.call('messages.page', { clusterId: C, topic: 'survivor', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 10 });
    assert.equal(page.messages.length, 2);
    await b.client.call('groups.list', { clusterId: C });
    await b.client.call('clusters.overview', { clusterId: C });
  });

  test('internal topics cannot be deleted or purged by accident', async () => {
    await assert.rejects(b.client.call('topics.delete', { clusterId: C, topics: ['__consumer_offsets'] }), { code: 'bad-request' });
    await assert.rejects(b.client.call('topics.purge', { clusterId: C, topic: '__consumer_offsets' }), { code: 'bad-request' });
  });

  test('overview summarises the embedded cluster', async () => {
    await b.client.call('topics.create', { clusterId: C, name: 'ov', partitions: 3, replicationFactor: 1 });
    const o = await b.client.call('clusters.overview', { clusterId: C });
    assert.equal(o.kind, 'embedded');
    assert.equal(o.brokers.length, 1);
    assert.equal(o.brokers[0]?.isController, true);
    assert.ok(o.topicCount >= 1);
    assert.ok(o.partitionCount >= 3);
    assert.equal(o.embedded?.port, b.engine.port);
  });
});

describe('configs', () => {
  test('describe carries source, default, documentation; alter is incremental', async () => {
    await b.client.call('topics.create', { clusterId: C, name: 'cfg', partitions: 1, replicationFactor: 1 });
    const resource = { type: 'topic' as const, name: 'cfg' };
    const before = (await b.client.call('configs.describe', { clusterId: C, resource })).entries;
    const retention = before.find((e) => e.name === 'retention.ms');
    assert.equal(retention?.source, 'default');
    assert.equal(retention?.isDefault, true);
    assert.ok(retention?.documentation && retention.documentation.length > 10);

    await b.client.call('configs.alter', { clusterId: C, resource, ops: [{ op: 'set', name: 'retention.ms', value: '3600000' }] });
    const afterSecond = (await b.client.call('configs.alter', { clusterId: C, resource, ops: [{ op: 'set', name: 'segment.bytes', value: '1048576' }] })).entries;
    assert.equal(afterSecond.find((e) => e.name === 'retention.ms')?.value, '3600000', 'an earlier override survives altering another key');
    assert.equal(afterSecond.find((e) => e.name === 'retention.ms')?.source, 'dynamic-topic');
    assert.equal(afterSecond.find((e) => e.name === 'segment.bytes')?.value, '1048576');

    const appended = (await b.client.call('configs.alter', { clusterId: C, resource, ops: [{ op: 'append', name: 'cleanup.policy', value: 'compact' }] })).entries;
    assert.equal(appended.find((e) => e.name === 'cleanup.policy')?.value, 'delete,compact');
    await assert.rejects(
      b.client.call('configs.alter', { clusterId: C, resource, ops: [{ op: 'set', name: 'retention.ms', value: 'soon' }] }),
      (e: Error & { code?: string; kafkaCode?: number }) => e.code === 'kafka' && e.kafkaCode === 40 && (e as { kafkaName?: string }).kafkaName === 'INVALID_CONFIG' && /retention\.ms/.test(e.message),
    );

    const reverted = (await b.client.call('configs.alter', { clusterId: C, resource, ops: [{ op: 'delete', name: 'retention.ms' }] })).entries;
    assert.equal(reverted.find((e) => e.name === 'retention.ms')?.source, 'default');
    assert.equal(reverted.find((e) => e.name === 'segment.bytes')?.source, 'dynamic-topic');
  });
});

describe('saved clusters', () => {
  test('add a remote cluster (here: the same broker by address), test it, secrets stay out of results and plain files', async () => {
    const added = await b.client.call('clusters.add', {
      settings: { name: 'staging', bootstrap: [b.bootstrap], sasl: { mechanism: 'scram-sha-512', username: 'app' }, tls: null },
      secrets: { saslPassword: 'hunter2-secret' },
      persistSecrets: true,
    });
    assert.equal(added.kind, 'remote');
    assert.deepEqual(added.secrets, { saslPassword: true, tlsKey: false, tlsKeyPassphrase: false });
    assert.equal(added.secretsPersisted, true);
    const file = readFileSync(join(b.configDir, 'clusters.json'), 'utf8');
    assert.ok(file.includes('staging'));
    assert.ok(!file.includes('hunter2-secret'), 'password must not be stored in plain text');
    const detail = await b.client.call('clusters.get', { clusterId: added.id });
    assert.ok(!JSON.stringify(detail).includes('hunter2-secret'));

    // Without SASL the same address works as a plain remote cluster: every feature goes through kafkajs.
    await b.client.call('clusters.update', { clusterId: added.id, settings: { name: 'staging', bootstrap: [b.bootstrap], sasl: null, tls: null } });
    const ok = await b.client.call('clusters.test', { clusterId: added.id });
    assert.equal(ok.ok, true);
    assert.equal(ok.brokers.length, 1);
    const remoteTopics = await b.client.call('topics.list', { clusterId: added.id });
    const embeddedTopics = await b.client.call('topics.list', { clusterId: C });
    // Remote clusters get sizes from DescribeLogDirs; here the same broker answers both ways.
    assert.deepEqual(remoteTopics.topics.map((t) => [t.name, t.sizeBytes]), embeddedTopics.topics.map((t) => [t.name, t.sizeBytes]));
    await assert.rejects(b.client.call('topics.segments', { clusterId: added.id, topic: 'cfg', partition: 0 }), { code: 'not-embedded' });

    const bad = await b.client.call('clusters.test', { settings: { name: 'nowhere', bootstrap: ['127.0.0.1:1'], sasl: null, tls: null, connectionTimeoutMs: 500 } });
    assert.equal(bad.ok, false);
    assert.equal(bad.error?.code, 'cluster-unreachable');

    const list = await b.client.call('clusters.list', {});
    assert.deepEqual(list.clusters.map((c) => c.id), [C, added.id]);
    await b.client.call('clusters.remove', { clusterId: added.id });
    assert.deepEqual((await b.client.call('clusters.list', {})).clusters.map((c) => c.id), [C]);
  });

  test('a broker advertising an unreachable address gets an advertised.listeners diagnosis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-adv-'));
    const docker = await startBroker({ dataDir: dir, port: 0, host: '127.0.0.1', advertisedHost: 'kafka.invalid' });
    try {
      const r = await b.client.call('clusters.test', { settings: { name: 'docker', bootstrap: [`127.0.0.1:${docker.port}`], sasl: null, tls: null } });
      assert.equal(r.ok, false);
      assert.equal(r.error?.code, 'cluster-unreachable');
      assert.match(r.error?.message ?? '', /advertises kafka\.invalid.*advertised\.listeners/);
      assert.equal(r.warnings.length, 1);
    } finally {
      await docker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a read-only cluster can be browsed but refuses changes', async () => {
    const prod = await b.client.call('clusters.add', { settings: { name: 'prod', bootstrap: [b.bootstrap], sasl: null, tls: null, readOnly: true } });
    assert.equal(prod.readOnly, true);
    assert.ok((await b.client.call('topics.list', { clusterId: prod.id })).topics.length > 0);
    await assert.rejects(b.client.call('messages.produce', { clusterId: prod.id, topic: 'cfg', partition: 0, key: null, value: text('x') }), { code: 'unsupported' });
    await assert.rejects(b.client.call('topics.delete', { clusterId: prod.id, topics: ['cfg'] }), { code: 'unsupported' });
    await b.client.call('topics.create', { clusterId: prod.id, name: 'dry', partitions: 1, replicationFactor: 1, validateOnly: true });
    await b.client.call('clusters.remove', { clusterId: prod.id });
  });

  test('in browser mode secrets are kept in memory only unless persistence is asked for', async () => {
    const added = await b.client.call('clusters.add', {
      settings: { name: 'mem', bootstrap: ['10.0.0.1:9092'], sasl: { mechanism: 'plain', username: 'u' }, tls: null },
      secrets: { saslPassword: 'p' },
    });
    assert.equal(added.secretsPersisted, false);
    const stored = JSON.parse(readFileSync(join(b.configDir, 'clusters.json'), 'utf8'));
    assert.equal(stored.clusters.find((c: { id: string }) => c.id === added.id).sealedSecrets, undefined);
    await b.client.call('clusters.remove', { clusterId: added.id });
  });
});
