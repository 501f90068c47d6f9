/**
 * KIP-848 groups of real clients across broker restarts (issue 11 §2 "survive a broker restart"):
 * three Java kafka-clients 4.4 members (`group.protocol=consumer`, `uniform`) consume a 6-partition
 * topic and commit after every poll. The broker stops cleanly (and, in the second test, is killed
 * with SIGKILL) and comes back on the same port and data dir: the group is replayed from
 * __consumer_offsets with its epochs and assignments, the members carry on heartbeating without a
 * rebalance (same group epoch, nobody gains or loses a partition), and every record produced before
 * and after is consumed; after the clean stop none twice.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startChildBroker, type ChildBroker } from '../../helpers/broker.js';
import { describeGroup, TopicIds } from '../../helpers/consumer-protocol.js';
import { modernClientMissing, startGroupConsumer, type GroupConsumer } from '../../helpers/modern-clients.js';
import { RawClient } from '../../helpers/raw-client.js';
import { createTopic, produceMessages, uniqueTopic } from '../../helpers/topics.js';

const skip = modernClientMissing('java') ?? false;
const PARTITIONS = 6;
const BATCH = 600;

async function describe(b: ChildBroker, topic: string, group: string): Promise<{ state: string; groupEpoch: number; assignmentEpoch: number; members: { epoch: number; assignment: string[] }[] }> {
  const raw = await RawClient.connect(b.host, b.port);
  try {
    const ids = await TopicIds.load(raw, [topic]);
    const d = await describeGroup(raw, ids, group);
    return { state: d.state, groupEpoch: d.groupEpoch, assignmentEpoch: d.assignmentEpoch, members: d.members.map((m) => ({ epoch: m.epoch, assignment: m.assignment ?? [] })) };
  } finally {
    raw.close();
  }
}

async function scenario(how: 'clean' | 'kill -9'): Promise<void> {
  let b = await startChildBroker({ extraArgs: ['--override', 'group.initial.rebalance.delay.ms=0'] });
  const topic = uniqueTopic('kip848-java-restart');
  const group = `${topic}-g`;
  const members: GroupConsumer[] = [];
  try {
    await createTopic(b.bootstrap, topic, { partitions: PARTITIONS });
    const batch = (from: number): { partition: number; key: null; value: string }[] =>
      Array.from({ length: BATCH }, (_, i) => ({ partition: (from + i) % PARTITIONS, key: null, value: String(from + i) }));
    await produceMessages(b.bootstrap, topic, batch(0));
    for (let i = 0; i < 3; i++) {
      members.push(startGroupConsumer('java', { bootstrap: b.bootstrap, topics: [topic], group, protocol: 'consumer', assignor: 'uniform', commit: 'sync', timeoutMs: 240_000 }));
    }
    const values = (): string[] => members.flatMap((m) => m.records().map((r) => r.value?.toString() ?? ''));
    const [first] = members as [GroupConsumer];
    await first.waitFor('2 + 2 + 2 and the first batch consumed', () => members.every((m) => m.assignment().length === 2) && new Set(values()).size === BATCH, 120_000);
    const before = await describe(b, topic, group);
    assert.equal(before.state, 'Stable');
    const marks = members.map((m) => m.lines().length);

    if (how === 'clean') await b.stop({ keepData: true });
    b = await b.restart();
    const after = await describe(b, topic, group);
    assert.deepEqual(after, before, 'replayed from __consumer_offsets: same epochs and assignments');

    await produceMessages(b.bootstrap, topic, batch(BATCH));
    await first.waitFor('every record of both batches consumed', () => new Set(values()).size === 2 * BATCH, 120_000);
    const now = await describe(b, topic, group);
    assert.equal(now.groupEpoch, before.groupEpoch, 'no rebalance: the members carried on with their epochs');
    assert.deepEqual(now.members, before.members);
    for (const [i, m] of members.entries()) {
      const changes = m.lines().slice(marks[i]).filter((l) => l.type === 'assignment' && l.changed.length > 0);
      assert.deepEqual(changes, [], `member ${i} kept its partitions`);
    }
    if (how === 'clean') assert.equal(values().length, 2 * BATCH, 'nothing consumed twice');
    for (const m of members.splice(0)) await m.stop();
  } finally {
    await Promise.allSettled(members.map((m) => m.stop()));
    await b.stop();
  }
}

test('Java 4.4 group.protocol=consumer: a clean broker restart keeps the group, its epochs and assignments; no duplicate', { skip, timeout: 300_000 }, () => scenario('clean'));

test('Java 4.4 group.protocol=consumer: after kill -9 of the broker the members carry on, nothing lost', { skip, timeout: 300_000 }, () => scenario('kill -9'));
