// Committed offsets and group metadata live in __consumer_offsets: they come back after a clean
// restart (with a consumer that keeps running across it) and after kill -9 of the broker process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import { startChildBroker } from '../../helpers/broker.js';
import { waitFor } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { startGroupBroker } from './group-test-broker.js';

const { Kafka, logLevel } = kafkajs;

test('clean restart: offsets, group and membership survive; a running consumer resumes without duplicates', { timeout: 120_000 }, async () => {
  let b = await startGroupBroker();
  const { dataDir, handle } = b;
  const port = handle.port;
  const topic = uniqueTopic('restart');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: 2 });
  const kafka = new Kafka({ clientId: 'restart-test', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } });
  const producer = kafka.producer();
  await producer.connect();
  const seen = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
  try {
    await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `a${i}`, partition: i % 2 })) });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const v = message.value?.toString() ?? '';
        seen.set(v, (seen.get(v) ?? 0) + 1);
        await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
      },
    });
    await waitFor('20 records', () => seen.size === 20, 20_000);
    const before = b.handle.insight.describeGroup(group);
    assert.equal(before?.state, 'Stable');

    await b.stop({ keepData: true });
    b = await startGroupBroker({ dataDir, port });
    // Replayed before the listener opened: the group is back, Stable, same generation and member.
    const after = b.handle.insight.describeGroup(group);
    assert.equal(after?.state, 'Stable');
    assert.equal(after?.generation, before?.generation);
    assert.deepEqual(after?.members.map((m) => [m.memberId, m.assignment]), before?.members.map((m) => [m.memberId, m.assignment]));
    assert.deepEqual(b.handle.insight.groupLag(group)?.partitions.map((p) => p.committedOffset), [10, 10]);

    await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `b${i}`, partition: i % 2 })) });
    await waitFor('40 records after the restart', () => seen.size === 40, 40_000);
    assert.deepEqual([...seen].filter(([, n]) => n > 1), [], 'nothing consumed twice');
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await b.stop();
  }
});

test('kill -9 of the broker process: committed offsets and the group come back', { timeout: 120_000 }, async () => {
  let broker = await startChildBroker();
  const topic = uniqueTopic('kill9');
  const group = `g-${topic}`;
  try {
    await createTopic(broker.bootstrap, topic, { partitions: 3 });
    const kafka = new Kafka({ clientId: 'kill9-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, partition: i % 3 })) });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let n = 0;
    await consumer.run({ autoCommit: false, eachMessage: async () => void n++ });
    await waitFor('30 records', () => n === 30, 20_000);
    await consumer.commitOffsets([0, 1, 2].map((partition) => ({ topic, partition, offset: String(7 + partition) })));
    const admin = kafka.admin();
    await admin.connect();
    const described = await admin.describeGroups([group]);
    const memberCount = described.groups[0]?.members.length;
    await admin.disconnect();
    assert.equal(memberCount, 1);

    // The consumer goes first: a kafkajs client left reconnecting to a dead broker keeps the test
    // process alive. Its LeaveGroup makes the group Empty; the offsets were committed before.
    await consumer.disconnect();
    // No shutdown hooks, no flush: only what reached the page cache.
    broker = await broker.restart();
    const kafka2 = new Kafka({ clientId: 'kill9-test-2', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin2 = kafka2.admin();
    await admin2.connect();
    try {
      const offsets = await admin2.fetchOffsets({ groupId: group, topics: [topic] });
      assert.deepEqual(offsets[0]?.partitions.sort((a, c) => a.partition - c.partition).map((p) => p.offset), ['7', '8', '9']);
      assert.ok((await admin2.listGroups()).groups.some((g) => g.groupId === group && g.protocolType === 'consumer'));
      const d = await admin2.describeGroups([group]);
      assert.equal(d.groups[0]?.state, 'Empty');
    } finally {
      await admin2.disconnect();
    }
  } finally {
    await broker.stop();
  }
});
