// A kafkajs consumer group growing 1 -> 3 members and shrinking back to 1 while records keep
// arriving: at every stable generation each partition has exactly one owner, and with manual
// commits no record is lost or consumed twice across the rebalances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Consumer } from 'kafkajs';
import { waitFor } from '../../helpers/clients.js';
import { startCommittingMember } from '../../helpers/kafkajs-group.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { assertExclusiveOwnership, startGroupBroker } from './group-test-broker.js';

const PARTITIONS = 6;

test('kafkajs group 1 -> 3 -> 1: exclusive ownership per generation, exactly-once with manual commits', { timeout: 120_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('scale');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: PARTITIONS });
  const producer = b.kafka().producer();
  await producer.connect();
  let sent = 0;
  const produce = async (n: number): Promise<void> => {
    const messages = Array.from({ length: n }, () => ({ key: `k${sent}`, value: String(sent++) }));
    await producer.send({ topic, messages });
  };
  const seen = new Map<string, number>();
  /** What each client itself was told (kafkajs GROUP_JOIN), to hold the event stream against. */
  const told = new Map<string, { memberId: string; partitions: number[] }>();
  const consumers: Consumer[] = [];
  const startConsumer = async (name: string): Promise<Consumer> => {
    const c = await startCommittingMember(b.kafka(name), { groupId: group, topic, seen, onJoin: (memberId, partitions) => told.set(name, { memberId, partitions }) });
    consumers.push(c);
    return c;
  };
  const consumedAll = (): Promise<void> => waitFor(`all ${sent} records consumed`, () => seen.size === sent, 30_000);
  try {
    await produce(60);
    const a = await startConsumer('member-a');
    await b.waitStable(group, 1);
    await consumedAll();
    await produce(60);
    const bb = await startConsumer('member-b');
    await b.waitStable(group, 2);
    await produce(60);
    const c = await startConsumer('member-c');
    await b.waitStable(group, 3);
    // The engine's sync-completed event matches what each client was handed.
    await waitFor('every client to report the 3-member assignment', () => {
      const last = b.syncs(group).at(-1);
      return last !== undefined && ['member-a', 'member-b', 'member-c'].every((n) => {
        const t = told.get(n);
        const m = last.members.find((x) => x.memberId === t?.memberId);
        return m !== undefined && JSON.stringify(m.assignment[0]?.partitions ?? []) === JSON.stringify(t?.partitions);
      });
    }, 10_000);
    await produce(60);
    await consumedAll();
    await c.disconnect();
    await b.waitStable(group, 2);
    await produce(60);
    await bb.disconnect();
    await b.waitStable(group, 1);
    await produce(60);
    await consumedAll();
    await a.disconnect();

    const syncs = b.syncs(group);
    const sizes = syncs.map((s) => s.members.length);
    // Growth and shrink show up as generations with 1, 2, 3, 2, 1 members (in that order).
    if (process.env.GROUPS_DEBUG) console.log(sizes, syncs.map((s) => s.members.map((m) => JSON.stringify(m.assignment))));
    const compact = sizes.filter((n, i) => i === 0 || n !== sizes[i - 1]);
    assert.deepEqual(compact, [1, 2, 3, 2, 1], `member counts per generation: ${sizes.join(',')}`);
    const generations = syncs.map((s) => s.generation);
    assert.deepEqual(generations, [...generations].sort((x, y) => x - y), 'generations increase');
    assert.equal(new Set(generations).size, generations.length, 'one sync per generation');
    for (const s of syncs) assertExclusiveOwnership(s, topic, PARTITIONS);
    // Every generation started with a rebalance the event stream explains.
    const started = b.groupEvents(group).filter((e) => e.type === 'rebalance-started');
    assert.ok(started.length >= syncs.length, `${started.length} rebalance-started events for ${syncs.length} generations`);
    assert.ok(started.every((e) => e.type === 'rebalance-started' && e.reason.length > 0));

    assert.equal(seen.size, sent, 'no record lost');
    const dups = [...seen].filter(([, n]) => n > 1);
    assert.deepEqual(dups, [], 'no record consumed twice');
    const lag = b.handle.insight.groupLag(group);
    assert.equal(lag?.totalLag, 0);
    assert.equal(lag?.partitions.length, PARTITIONS);
    assert.ok(lag?.partitions.every((p) => p.committedOffset !== null && p.lag === 0));
  } finally {
    await Promise.allSettled(consumers.map((x) => x.disconnect()));
    await producer.disconnect();
    await b.stop();
  }
});
