/**
 * Issue 11 §1/§2 with real clients, Kafka 4.4 vs the engine: two members consume a 6-partition topic
 * and commit after every poll; a third member joins while records keep arriving (so commits run
 * during the rebalance). Asserted on both brokers and compared:
 * - stickiness: the old members never gain a partition, their final assignment is a subset of what
 *   they held (cooperative-sticky on the classic protocol, KIP-848's server-side `uniform`);
 * - no duplicates, no lost record, every partition committed at its log end when the members stop;
 * - the group's final state (classic: generation; KIP-848: group/assignment/member epochs).
 * Clients: librdkafka 2.16 (confluent-kafka 2.16, cooperative-sticky), Java kafka-clients 4.4
 * (CooperativeStickyAssignor, and `group.protocol=consumer`). confluent-kafka with KIP-848 is in
 * kip848-librdkafka.test.ts; kafkajs (eager only) in kafkajs-rebalance.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import kafkajs from 'kafkajs';
import { describeGroup, TopicIds } from '../helpers/consumer-protocol.js';
import { modernClientLabel, modernClientMissing, startGroupConsumer, type GroupConsumer, type ModernClient } from '../helpers/modern-clients.js';
import { RawClient, rawApi } from '../helpers/raw-client.js';
import { produceMessages, uniqueTopic } from '../helpers/topics.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../src-protocol/generated/15-describe-groups.js';
import { assertSameAsKafka, createReadyTopic, onBoth, skip as noKafka, usePair, type Target } from './harness.js';

const pair = usePair({ kafkaOverrides: { 'group.consumer.assignment.interval.ms': '0', 'group.consumer.assignor.offload.enable': 'false' } });
const describeGroups = rawApi<DescribeGroupsRequest, DescribeGroupsResponse>(15);
const PARTITIONS = 6;
const RECORDS = 3000;

interface Case {
  client: ModernClient;
  protocol: 'classic' | 'consumer';
  assignor: string;
}

const cases: Case[] = [
  { client: 'confluent-kafka', protocol: 'classic', assignor: 'cooperative-sticky' },
  { client: 'java', protocol: 'classic', assignor: 'cooperative-sticky' },
  { client: 'java', protocol: 'consumer', assignor: 'uniform' },
];

const held = (m: GroupConsumer): number[] => m.assignment().map((p) => p.partition).sort((a, b) => a - b);

/** Partitions `m` was handed after its `from`-th line (an empty "assigned" is cooperative's no-op). */
function gainedSince(m: GroupConsumer, from: number): number[] {
  return m.lines().slice(from).flatMap((l) => (l.type === 'assignment' && l.event === 'assigned' ? l.changed.map((p) => p.partition) : []));
}

async function committedAtEnd(bootstrap: string, topic: string, group: string): Promise<boolean> {
  const admin = new kafkajs.Kafka({ brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return ends.every((e) => committed?.partitions.find((p) => p.partition === e.partition)?.offset === e.high);
  } finally {
    await admin.disconnect();
  }
}

async function finalGroup(t: Target, c: Case, ids: TopicIds, group: string): Promise<unknown> {
  if (c.protocol === 'consumer') {
    const d = await describeGroup(t.raw, ids, group);
    return { state: d.state, groupEpoch: d.groupEpoch, assignmentEpoch: d.assignmentEpoch, memberEpochs: d.members.map((m) => m.epoch).sort() };
  }
  const raw = await RawClient.connect(t.host, t.port);
  try {
    const g = (await raw.send(describeGroups, 5, { groups: [group], includeAuthorizedOperations: false })).groups[0];
    return { state: g?.groupState, protocol: g?.protocolData, members: g?.members.length };
  } finally {
    raw.close();
  }
}

async function scenario(t: Target, c: Case): Promise<Record<string, unknown>> {
  const topic = uniqueTopic(`diff-join-${c.client}-${c.protocol}`);
  const group = `${topic}-g`;
  await createReadyTopic(t, topic, PARTITIONS);
  const batch = (from: number): { partition: number; key: null; value: string }[] =>
    Array.from({ length: RECORDS / 2 }, (_, i) => ({ partition: (from + i) % PARTITIONS, key: null, value: String(from + i) }));
  await produceMessages(t.bootstrap, topic, batch(0));
  const ids = await TopicIds.load(t.raw, [topic]);
  const join = (): GroupConsumer =>
    startGroupConsumer(c.client, { bootstrap: t.bootstrap, topics: [topic], group, protocol: c.protocol, assignor: c.assignor, commit: 'sync', timeoutMs: 240_000 });
  const members: GroupConsumer[] = [];
  const errors: string[] = [];
  try {
    const a = join();
    members.push(a);
    await a.waitFor(`${t.name}: a holds all ${PARTITIONS}`, () => held(a).length === PARTITIONS, 90_000);
    const b = join();
    members.push(b);
    await b.waitFor(`${t.name}: a and b hold 3 + 3`, () => held(a).length === 3 && held(b).length === 3, 90_000);
    const before = { a: held(a), b: held(b) };
    const mark = { a: a.lines().length, b: b.lines().length };
    // The second half arrives while the third member joins: a and b consume and commit through the rebalance.
    const more = produceMessages(t.bootstrap, topic, batch(RECORDS / 2));
    const c3 = join();
    members.push(c3);
    await more;
    await c3.waitFor(`${t.name}: 2 + 2 + 2`, () => members.every((m) => held(m).length === 2), 90_000);
    const values = (): string[] => members.flatMap((m) => m.records().map((r) => r.value?.toString() ?? ''));
    await c3.waitFor(`${t.name}: every record consumed`, () => new Set(values()).size === RECORDS, 90_000);
    const consumed = values();
    const final = await finalGroup(t, c, ids, group);
    const after = { a: held(a), b: held(b) };
    for (const m of members.splice(0).reverse()) {
      await m.stop().catch((err: Error) => errors.push(err.message.split('\n')[0] ?? ''));
    }
    return {
      before: { a: before.a.length, b: before.b.length },
      keptSubset: { a: after.a.every((p) => before.a.includes(p)), b: after.b.every((p) => before.b.includes(p)) },
      oldMembersGained: { a: gainedSince(a, mark.a), b: gainedSince(b, mark.b) },
      consumed: new Set(consumed).size,
      duplicates: consumed.length - new Set(consumed).size,
      errors,
      committedAtEnd: await committedAtEnd(t.bootstrap, topic, group),
      final,
    };
  } finally {
    await Promise.allSettled(members.map((m) => m.stop()));
  }
}

for (const c of cases) {
  const label = `${modernClientLabel[c.client]}, ${c.protocol === 'consumer' ? 'group.protocol=consumer' : 'classic'} ${c.assignor}`;
  describe(label, { skip: noKafka || (modernClientMissing(c.client) ?? false) }, () => {
    test('a third member joins while two consume and commit: sticky, no duplicate, nothing lost, same as Kafka', { timeout: 400_000 }, async (ctx) => {
      const result = await onBoth(pair(), (t) => scenario(t, c));
      ctx.diagnostic(`engine: ${JSON.stringify(result.engine)}`);
      assert.deepEqual(result.engine.keptSubset, { a: true, b: true });
      assert.deepEqual(result.engine.oldMembersGained, { a: [], b: [] });
      assert.equal(result.engine.duplicates, 0);
      assert.equal(result.engine.consumed, RECORDS);
      assertSameAsKafka(result);
    });
  });
}
