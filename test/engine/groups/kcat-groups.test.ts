// librdkafka (kcat -G) consumer groups against the engine: two balanced kcat consumers, and a
// group mixing kcat with kafkajs (both speaking the "roundrobin" protocol).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import { kcatMissing, start, waitFor, type RunningClient } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { assertExclusiveOwnership, startGroupBroker, type GroupTestBroker } from './group-test-broker.js';

const { PartitionAssigners } = kafkajs;
const skip = kcatMissing() ?? false;
const PARTITIONS = 4;

function kcatMember(b: GroupTestBroker, group: string, topic: string, clientId: string): { run: RunningClient; out: () => string } {
  let out = '';
  const run = start('kcat', [
    '-b', b.bootstrap, '-G', group, '-o', 'beginning', '-f', '%p %s\\n', '-q', '-u',
    '-X', `client.id=${clientId}`, '-X', 'partition.assignment.strategy=roundrobin',
    '-X', 'session.timeout.ms=6000', '-X', 'heartbeat.interval.ms=300', '-X', 'topic.metadata.refresh.interval.ms=1000',
    topic,
  ], { timeoutMs: 80_000, onStdout: (s) => (out += s) });
  return { run, out: () => out };
}

function records(out: string): { partition: number; value: string }[] {
  return out.split('\n').filter(Boolean).map((l) => {
    const [p = '', value = ''] = l.split(' ');
    return { partition: Number(p), value };
  });
}

async function produce(b: GroupTestBroker, topic: string, n: number): Promise<void> {
  const producer = b.kafka().producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
  await producer.disconnect();
}

async function stopKcat(run: RunningClient): Promise<void> {
  // SIGTERM lets librdkafka leave the group cleanly.
  run.child.kill('SIGTERM');
  const t = setTimeout(() => run.kill(), 10_000);
  await run.done;
  clearTimeout(t);
}

test('two kcat -G consumers balance the partitions and consume every record once', { skip, timeout: 90_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('kcat-g');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: PARTITIONS });
  const m1 = kcatMember(b, group, topic, 'kcat-1');
  const m2 = kcatMember(b, group, topic, 'kcat-2');
  try {
    await b.waitStable(group, 2, 40_000);
    const sync = b.syncs(group).at(-1);
    assert.ok(sync);
    assert.equal(sync.protocol, 'roundrobin');
    assertExclusiveOwnership(sync, topic, PARTITIONS);
    for (const m of sync.members) assert.equal(m.assignment[0]?.partitions.length, 2, `${m.clientId} gets half`);
    await produce(b, topic, 100);
    const all = (): { partition: number; value: string }[] => [...records(m1.out()), ...records(m2.out())];
    await waitFor('100 records across both kcat consumers', () => all().length >= 100, 30_000);
    const values = all().map((r) => r.value);
    assert.equal(new Set(values).size, 100);
    assert.equal(values.length, 100, 'no duplicates');
    const p1 = new Set(records(m1.out()).map((r) => r.partition));
    const p2 = new Set(records(m2.out()).map((r) => r.partition));
    assert.ok(p1.size > 0 && p2.size > 0, 'both consumed');
    assert.deepEqual([...p1].filter((p) => p2.has(p)), [], 'disjoint partitions');
    // kcat auto-commits; the committed offsets reach the end, so the lag drains to 0.
    await waitFor('lag 0', () => b.handle.insight.groupLag(group)?.totalLag === 0 && b.handle.insight.groupLag(group)?.partitions.every((p) => p.committedOffset !== null) === true, 20_000);
  } finally {
    await Promise.all([stopKcat(m1.run), stopKcat(m2.run)]);
    await b.stop();
  }
});

test('one group mixing kafkajs and kcat (librdkafka): shared "roundrobin" protocol, exclusive ownership', { skip, timeout: 90_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('mixed');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: PARTITIONS });
  // kafkajs calls its round-robin assigner "RoundRobinAssigner"; librdkafka says "roundrobin".
  const roundrobin: kafkajs.PartitionAssigner = (cfg) => ({ ...PartitionAssigners.roundRobin(cfg), name: 'roundrobin', version: 0 });
  const consumer = b.kafka('kafkajs-mixed').consumer({ groupId: group, partitionAssigners: [roundrobin], sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
  const got: { partition: number; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ partition, message }) => void got.push({ partition, value: message.value?.toString() ?? '' }) });
  const k = kcatMember(b, group, topic, 'kcat-mixed');
  try {
    await b.waitStable(group, 2, 40_000);
    const sync = b.syncs(group).at(-1);
    assert.ok(sync);
    assert.deepEqual(sync.members.map((m) => m.clientId).sort(), ['kafkajs-mixed', 'kcat-mixed']);
    assertExclusiveOwnership(sync, topic, PARTITIONS);
    await produce(b, topic, 80);
    const all = (): { partition: number; value: string }[] => [...got, ...records(k.out())];
    await waitFor('80 records across kafkajs and kcat', () => all().length >= 80, 30_000);
    assert.equal(new Set(all().map((r) => r.value)).size, 80);
    assert.ok(got.length > 0 && records(k.out()).length > 0, 'both libraries consumed');
  } finally {
    await stopKcat(k.run);
    await consumer.disconnect();
    await b.stop();
  }
});

test('a librdkafka member sharing no protocol with the kafkajs group is refused (INCONSISTENT_GROUP_PROTOCOL)', { skip, timeout: 60_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('noproto');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: 2 });
  // kafkajs offers only "RoundRobinAssigner"; librdkafka offers "range" and "roundrobin".
  const consumer = b.kafka('kafkajs-only').consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => undefined });
  let stderr = '';
  const k = start('kcat', ['-b', b.bootstrap, '-G', group, '-q', '-X', 'client.id=kcat-refused', topic], {
    timeoutMs: 50_000,
    onStderr: (s) => (stderr += s),
  });
  try {
    await b.waitStable(group, 1, 30_000);
    await waitFor('kcat to report the protocol mismatch', () => /inconsistent group protocol/i.test(stderr), 30_000);
    const d = b.handle.insight.describeGroup(group);
    assert.deepEqual(d?.members.map((m) => m.clientId), ['kafkajs-only'], 'the group is untouched');
    assert.equal(b.groupEvents(group).filter((e) => e.type === 'member-joined').length, 1);
  } finally {
    await stopKcat(k);
    await consumer.disconnect();
    await b.stop();
  }
});
