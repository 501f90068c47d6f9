/**
 * Issue 11 §1 with kafkajs, Kafka 4.4 vs the engine. kafkajs has only the eager protocol (its
 * RoundRobinAssigner; no cooperative-sticky), so stickiness is not its promise, but the rest is:
 * a third member joins while two consume and commit every record, and on both brokers no record
 * is consumed twice, none is lost, the commits end at the log end, and each member joins as often
 * (a: 3, b: 2, c: 1 — one generation per join).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import kafkajs, { type Consumer } from 'kafkajs';
import { waitFor } from '../helpers/clients.js';
import { startCommittingMember } from '../helpers/kafkajs-group.js';
import { produceMessages, uniqueTopic } from '../helpers/topics.js';
import { assertSameAsKafka, createReadyTopic, onBoth, skip, usePair, type Target } from './harness.js';

const pair = usePair();
const PARTITIONS = 6;
const RECORDS = 1200;

async function scenario(t: Target): Promise<Record<string, unknown>> {
  const topic = uniqueTopic('diff-kafkajs-join');
  const group = `${topic}-g`;
  await createReadyTopic(t, topic, PARTITIONS);
  const batch = (from: number): { partition: number; key: null; value: string }[] =>
    Array.from({ length: RECORDS / 2 }, (_, i) => ({ partition: (from + i) % PARTITIONS, key: null, value: String(from + i) }));
  await produceMessages(t.bootstrap, topic, batch(0));
  const seen = new Map<string, number>();
  const joins = new Map<string, number>();
  const owned = new Map<string, number[]>();
  const consumers: Consumer[] = [];
  const kafka = new kafkajs.Kafka({ brokers: [t.bootstrap], logLevel: kafkajs.logLevel.NOTHING });
  const join = async (name: string): Promise<void> => {
    consumers.push(await startCommittingMember(kafka, {
      groupId: group, topic, seen, rebalanceTimeout: 20_000,
      onJoin: (_memberId, partitions) => {
        joins.set(name, (joins.get(name) ?? 0) + 1);
        owned.set(name, partitions);
      },
    }));
  };
  const sizes = (): number[] => ['a', 'b', 'c'].filter((n) => owned.has(n)).map((n) => owned.get(n)?.length ?? 0);
  try {
    await join('a');
    await waitFor(`${t.name}: a owns ${PARTITIONS}`, () => owned.get('a')?.length === PARTITIONS, 60_000);
    await join('b');
    await waitFor(`${t.name}: 3 + 3`, () => sizes().join() === '3,3', 60_000);
    const more = produceMessages(t.bootstrap, topic, batch(RECORDS / 2));
    await join('c');
    await more;
    await waitFor(`${t.name}: 2 + 2 + 2`, () => sizes().join() === '2,2,2', 60_000);
    await waitFor(`${t.name}: every record consumed`, () => seen.size === RECORDS, 60_000);
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    await admin.disconnect();
    return {
      consumed: seen.size,
      duplicates: [...seen.values()].filter((n) => n > 1).length,
      joinsPerMember: Object.fromEntries(joins),
      committedAtEnd: ends.every((e) => committed?.partitions.find((p) => p.partition === e.partition)?.offset === e.high),
    };
  } finally {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
  }
}

test('kafkajs (eager, RoundRobinAssigner): a third member joins while two consume and commit every record', { skip, timeout: 300_000 }, async (ctx) => {
  const result = await onBoth(pair(), scenario);
  ctx.diagnostic(`kafka: ${JSON.stringify(result.kafka)}; engine: ${JSON.stringify(result.engine)}`);
  assert.equal(result.engine.duplicates, 0);
  assert.equal(result.engine.consumed, RECORDS);
  assertSameAsKafka(result);
});
