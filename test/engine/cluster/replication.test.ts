/**
 * A 3-broker cluster of real processes with kafkajs: every broker in Metadata, RF=3 topics with manual
 * assignment, acks=all waiting for the ISR, consumers reading only below the HW, the leader SIGKILLed during an
 * idempotent acks=all produce (a new leader, nothing acknowledged lost or duplicated), NOT_ENOUGH_REPLICAS with
 * two brokers down, and a killed broker restarted alone rejoining the ISR.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs, { type Admin, type Kafka as KafkaClient } from 'kafkajs';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { assertOk, kcat, kcatMissing, waitFor } from '../../helpers/clients.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import type { MetadataRequest, MetadataResponse } from '../../../src-protocol/generated/03-metadata.js';

const { Kafka, logLevel } = kafkajs;

let cluster: TestCluster;
let kafka: KafkaClient;
let admin: Admin;

interface PartitionInfo {
  leader: number;
  replicas: number[];
  isr: number[];
}

async function partitionOf(topic: string, partition = 0): Promise<PartitionInfo> {
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  const p = md.topics[0]!.partitions.find((x) => x.partitionId === partition)!;
  return { leader: p.leader, replicas: [...p.replicas].sort(), isr: [...p.isr].sort() };
}

const METADATA = rawApi<MetadataRequest, MetadataResponse>(3);

/** Brokers replay new metadata within a heartbeat (like KRaft brokers): wait until every live broker's Metadata passes. */
async function waitForEveryBroker(what: string, topics: string[] | null, ok: (md: MetadataResponse) => boolean): Promise<void> {
  await waitFor(what, async () => {
    for (const [, b] of cluster.brokers) {
      if (b.child.exitCode !== null || b.child.signalCode !== null) continue;
      const client = await RawClient.connect(b.host, b.port);
      try {
        const md = await client.send(METADATA, 12, { topics: topics && topics.map((name) => ({ name, topicId: 'AAAAAAAAAAAAAAAAAAAAAA' })),
          allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
        if (!ok(md)) return false;
      } finally {
        client.close();
      }
    }
    return true;
  }, 30_000, 100);
}

async function waitForTopic(topic: string): Promise<void> {
  await waitForEveryBroker(`${topic} in every broker's metadata`, [topic], (md) => {
    const t = md.topics[0];
    return t !== undefined && t.errorCode === 0 && t.partitions.every((p) => p.leaderId >= 0);
  });
}

async function consumeAll(topic: string, expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `check-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const values: string[] = [];
  await consumer.run({ eachMessage: async ({ message }) => { values.push(message.value!.toString()); } });
  try {
    await waitFor(`${expected} records from ${topic}`, () => values.length >= expected, 60_000, 100);
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await consumer.disconnect();
  }
  return values;
}

before(async () => {
  cluster = await startTestCluster(3, ['broker.session.timeout.ms=2000', 'replica.lag.time.max.ms=3000']);
  kafka = new Kafka({ clientId: 'cluster-test', brokers: cluster.bootstrap, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200 } });
  admin = kafka.admin();
  await admin.connect();
  await waitForEveryBroker('every broker to see all three registered', [], (md) => md.brokers.length === 3 && md.controllerId > 0);
});

after(async () => {
  await admin?.disconnect();
  await cluster?.stop();
});

describe('a 3-broker replicated cluster', () => {
  test('Metadata and DescribeCluster list every broker and one controller', async () => {
    const described = await admin.describeCluster();
    assert.deepEqual(described.brokers.map((b) => b.nodeId).sort(), [1, 2, 3]);
    assert.ok([1, 2, 3].includes(described.controller!), `controller ${described.controller}`);
  });

  test('CreateTopics with replication factor 3 and with a manual assignment', async () => {
    await admin.createTopics({ topics: [{ topic: 'rf3', numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }] });
    await admin.createTopics({ topics: [{ topic: 'manual', replicaAssignment: [{ partition: 0, replicas: [3, 1] }, { partition: 1, replicas: [2, 3] }] }] });
    await waitForTopic('rf3');
    await waitForTopic('manual');
    for (let p = 0; p < 3; p++) {
      const info = await partitionOf('rf3', p);
      assert.deepEqual(info.replicas, [1, 2, 3]);
      assert.ok(info.replicas.includes(info.leader));
    }
    const manual = await partitionOf('manual', 0);
    assert.deepEqual(manual.replicas, [1, 3]);
    assert.equal(manual.leader, 3, 'the first replica of an assignment leads');
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'rf4', replicationFactor: 4 }] }), (err: Error & { errors?: { type?: string }[] }) => {
      assert.equal(err.errors?.[0]?.type, 'INVALID_REPLICATION_FACTOR');
      return true;
    });
  });

  test('acks=all produce is replicated and consumed; followers hold the same records', async () => {
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    for (let i = 0; i < 20; i++) {
      await producer.send({ topic: 'rf3', acks: -1, messages: [{ key: `k${i}`, value: `v${i}` }] });
    }
    await producer.disconnect();
    const values = await consumeAll('rf3', 20);
    assert.equal(values.length, 20);
    assert.deepEqual([...values].sort(), Array.from({ length: 20 }, (_, i) => `v${i}`).sort());
    for (let p = 0; p < 3; p++) assert.deepEqual((await partitionOf('rf3', p)).isr, [1, 2, 3]);
  });

  test('kcat (librdkafka) produces with acks=all to an RF=3 topic and consumes from its leaders', { skip: kcatMissing() ?? false }, async () => {
    await admin.createTopics({ topics: [{ topic: 'kcat-rf3', numPartitions: 2, replicationFactor: 3 }] });
    await waitForTopic('kcat-rf3');
    const lines = Array.from({ length: 30 }, (_, i) => `kcat-${i}`);
    const brokers = cluster.bootstrap.join(',');
    assertOk('kcat produce', await kcat(['-P', '-b', brokers, '-t', 'kcat-rf3', '-X', 'acks=all', '-X', 'enable.idempotence=true'], { timeoutMs: 60_000, input: `${lines.join('\n')}\n` }));
    const consumed = assertOk('kcat consume', await kcat(['-C', '-b', brokers, '-t', 'kcat-rf3', '-o', 'beginning', '-e', '-q'], { timeoutMs: 60_000 }));
    assert.deepEqual(consumed.stdout.split('\n').filter(Boolean).sort(), [...lines].sort());
  });

  test('SIGKILL the leader during an idempotent acks=all produce: new leader, no acknowledged record lost or duplicated', async () => {
    await admin.createTopics({ topics: [{ topic: 'failover', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }] });
    await waitForTopic('failover');
    const before = await partitionOf('failover');
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } });
    await producer.connect();
    const acked: string[] = [];
    let killed = false;
    const killedAt = { ms: 0 };
    for (let i = 0; i < 60; i++) {
      if (i === 20) {
        await cluster.kill9(before.leader);
        killed = true;
        killedAt.ms = Date.now();
      }
      await producer.send({ topic: 'failover', acks: -1, messages: [{ value: `m${i}` }] });
      acked.push(`m${i}`);
    }
    await producer.disconnect();
    assert.ok(killed);
    const after = await partitionOf('failover');
    assert.notEqual(after.leader, before.leader, 'leadership moved off the killed broker');
    assert.ok(!after.isr.includes(before.leader), 'the killed broker left the ISR');
    const values = await consumeAll('failover', acked.length);
    assert.deepEqual(values, acked, 'every acknowledged record once, in order');
    // Restarted alone (`--node-id`), it truncates, catches up and rejoins the ISR.
    await cluster.restart(before.leader);
    await waitFor('the restarted broker back in the ISR', async () => (await partitionOf('failover')).isr.includes(before.leader), 30_000, 250);
  });

  test('two of three brokers down: acks=all is refused with NOT_ENOUGH_REPLICAS and nothing is acknowledged', async () => {
    // The controller must survive to shrink the ISR (it keeps ruling without a majority, see docs/CLUSTER.md): it leads.
    const controller = (await admin.describeCluster()).controller!;
    const followers = [1, 2, 3].filter((r) => r !== controller);
    await admin.createTopics({ topics: [{ topic: 'strict', replicaAssignment: [{ partition: 0, replicas: [controller, ...followers] }],
      configEntries: [{ name: 'min.insync.replicas', value: '2' }] }] });
    await waitForTopic('strict');
    for (const f of followers) await cluster.kill9(f);
    await waitFor('ISR shrunk to the leader', async () => {
      try {
        return (await partitionOf('strict')).isr.length === 1;
      } catch {
        return false;
      }
    }, 30_000, 250);
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    await assert.rejects(producer.send({ topic: 'strict', acks: -1, messages: [{ value: 'refused' }] }), (err: Error & { cause?: { type?: string } }) => {
      assert.equal(err.cause?.type, 'NOT_ENOUGH_REPLICAS', `${err.name}: ${err.message}`);
      return true;
    });
    await producer.disconnect();
    for (const f of followers) await cluster.restart(f);
    await waitFor('both followers back in the ISR', async () => (await partitionOf('strict')).isr.length === 3, 30_000, 250);
  });
});
