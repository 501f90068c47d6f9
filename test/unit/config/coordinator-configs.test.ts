// The group and transaction coordinators read their settings through the config definitions: Kafka's
// names and defaults, start-up values validated (an invalid one stops the broker, as in Kafka), and
// DescribeConfigs shows each with its source; producer.id.expiration.ms forgets idle producers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from '../../../src-engine/cluster/cluster.js';
import { resolveOptions } from '../../../src-engine/cluster/options.js';
import { consoleLogger } from '../../../src-engine/logger.js';
import { describeBrokerConfigs } from '../../../src-engine/config/broker-config.js';
import { clusterBrokerLayers } from '../../../src-engine/config/cluster-configs.js';
import { ConfigSource } from '../../../src-engine/config/config-def.js';
import { DEFAULT_GROUP_CONFIG, groupConfigFrom } from '../../../src-engine/groups/types.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';

test('group coordinator settings: Kafka\'s defaults, overridden by start-up configs', () => {
  assert.deepEqual(DEFAULT_GROUP_CONFIG, {
    initialRebalanceDelayMs: 3000, minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 1_800_000, maxGroupSize: 2_147_483_647,
    offsetsRetentionMs: 10080 * 60_000, offsetsRetentionCheckIntervalMs: 600_000, offsetMetadataMaxBytes: 4096,
    offsetsTopicPartitions: 50, newMemberJoinTimeoutMs: 300_000,
  });
  const c = groupConfigFrom({ static: { 'group.max.size': '3', 'offsets.retention.minutes': '2' } });
  assert.deepEqual([c.maxGroupSize, c.offsetsRetentionMs], [3, 120_000]);
});

test('a cluster started with coordinator configs uses them, lists them with their source, refuses invalid ones', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-coordinator-configs-'));
  try {
    const options = resolveOptions({
      dataDir, port: 0, groupInitialRebalanceDelayMs: 0,
      configs: { 'group.max.size': '5', 'transaction.max.timeout.ms': '60000', 'offsets.topic.num.partitions': '3', 'transaction.state.log.segment.bytes': '1048576' },
    }, consoleLogger('error'));
    const cluster = new Cluster(options);
    try {
      assert.equal(cluster.groups.config.maxGroupSize, 5);
      assert.equal(cluster.groups.config.initialRebalanceDelayMs, 0);
      assert.equal(cluster.transactions.config.maxTimeoutMs, 60_000);
      assert.equal(cluster.transactions.config.partitions, 4, 'the engine starts with 4 state log partitions');
      assert.equal(cluster.topic('__consumer_offsets')?.partitions.length, 3);
      cluster.transactions.ensureTopic();
      assert.equal(cluster.topic('__transaction_state')?.configOverrides.get('segment.bytes'), '1048576');
      const described = new Map(describeBrokerConfigs(clusterBrokerLayers(cluster), true).map((d) => [d.name, d]));
      assert.deepEqual(['group.max.size', 'group.initial.rebalance.delay.ms', 'group.min.session.timeout.ms'].map((n) => [described.get(n)?.value, described.get(n)?.source, described.get(n)?.readOnly]),
        [['5', ConfigSource.STATIC_BROKER_CONFIG, true], ['0', ConfigSource.STATIC_BROKER_CONFIG, true], ['6000', ConfigSource.DEFAULT_CONFIG, true]]);
    } finally {
      await cluster.stop();
    }
    assert.throws(() => new Cluster({ ...options, configs: { 'group.max.size': '0' } }),
      { name: 'ConfigError', message: 'Invalid value 0 for configuration group.max.size: Value must be at least 1' });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('producer.id.expiration.ms: a retention pass forgets producers idle that long, not one with an open transaction', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-producer-expiry-'));
  const cluster = new Cluster(resolveOptions({ dataDir, port: 0, configs: { 'producer.id.expiration.ms': '60000' } }, consoleLogger('error')));
  try {
    cluster.createTopic('idem', 1);
    const log = cluster.partition('idem', 0)!.log;
    const now = Date.now();
    const append = (producerId: number, isTransactional: boolean, timestamp: number): void => {
      const batch = buildRecordBatch({ records: [{ value: Buffer.from('v'), timestamp }], producerId, producerEpoch: 0, baseSequence: 0, isTransactional });
      log.append(batch, { now, partitionLeaderEpoch: 0 });
    };
    append(1, false, now - 120_000);
    append(2, true, now - 120_000);
    append(3, false, now);
    cluster.logManagement.retention.runOnce(now);
    assert.deepEqual([...log.producerState.producers.keys()].sort(), [2, 3]);
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
