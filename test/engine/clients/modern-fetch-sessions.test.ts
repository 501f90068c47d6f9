/**
 * franz-go and the Java client (kafka-clients 4.4, the modern driver) read through incremental fetch
 * sessions (KIP-227) against the engine: a group consumer of three partitions reads records produced before
 * and in phases while it runs, every record once and in offset order per partition, and the broker's session
 * cache shows how: the session was opened once (not per fetch), it caches all three partitions, and the
 * fetches after the first were incremental. With the cache disabled
 * (max.incremental.fetch.session.cache.slots=0, the broker answers session id 0) the same clients fall back
 * to full fetches and still read everything.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBroker, type InProcessBroker } from '../../helpers/broker.js';
import { modernClientLabel, modernClientMissing, startGroupConsumer, type ConsumedRecord, type ModernClient } from '../../helpers/modern-clients.js';
import { createTopic, produceMessages, uniqueTopic } from '../../helpers/topics.js';

const PARTITIONS = 3;
const PER_PHASE = 30;
const PHASES = 4;

function records(phase: number): { partition: number; key: string; value: string }[] {
  return Array.from({ length: PER_PHASE }, (_, i) => ({ partition: i % PARTITIONS, key: `k${phase}-${i}`, value: `phase ${phase} record ${i}` }));
}

/** Reads PHASES phases of records (the first produced before the consumer starts) and checks them. */
async function readInPhases(client: ModernClient, broker: InProcessBroker, onRunning: () => void): Promise<void> {
  const topic = uniqueTopic(`sessions-${client}`);
  await createTopic(broker.bootstrap, topic, { partitions: PARTITIONS });
  await produceMessages(broker.bootstrap, topic, records(1));
  const consumer = startGroupConsumer(client, {
    bootstrap: broker.bootstrap, topics: [topic], group: uniqueTopic('sessions-group'), from: 'earliest',
    count: PHASES * PER_PHASE, timeoutMs: 90_000, config: { 'fetch.max.wait.ms': 200 },
  });
  try {
    await consumer.waitFor('phase 1 read', () => consumer.records().length >= PER_PHASE, 90_000);
    onRunning();
    // Each phase wakes the consumer's long poll; its next fetch is the session's next epoch.
    for (let phase = 2; phase <= PHASES; phase++) {
      await produceMessages(broker.bootstrap, topic, records(phase));
      await consumer.waitFor(`phase ${phase} read`, () => consumer.records().length >= phase * PER_PHASE, 60_000);
    }
  } finally {
    await consumer.stop();
  }
  const got = consumer.records();
  const sent = Array.from({ length: PHASES }, (_, i) => records(i + 1)).flat();
  const key = (r: ConsumedRecord): string => r.key?.toString('utf8') ?? '';
  assert.deepEqual(got.map(key).sort(), sent.map((r) => r.key).sort(), 'every record exactly once');
  for (let p = 0; p < PARTITIONS; p++) {
    const mine = got.filter((r) => r.partition === p);
    assert.deepEqual(mine.map((r) => r.offset), mine.map((_, i) => i), `partition ${p} in offset order without gaps`);
    assert.deepEqual(mine.map((r) => r.value?.toString('utf8')), sent.filter((r) => r.partition === p).map((r) => r.value));
  }
}

for (const client of ['franz-go', 'java'] as const) {
  describe(`${modernClientLabel[client]}: incremental fetch sessions`, { skip: modernClientMissing(client) ?? false }, () => {
    let broker: InProcessBroker;
    let noSessions: InProcessBroker;
    before(async () => {
      broker = await startTestBroker();
      noSessions = await startTestBroker({ configs: { 'max.incremental.fetch.session.cache.slots': '0' } });
    });
    after(async () => {
      await broker?.stop();
      await noSessions?.stop();
    });

    test('one session for the consumer, holding its partitions, fetched incrementally', { timeout: 240_000 }, async () => {
      const start = broker.insight.fetchSessions();
      let whileRunning = start;
      await readInPhases(client, broker, () => (whileRunning = broker.insight.fetchSessions()));
      const end = broker.insight.fetchSessions();
      assert.equal(whileRunning.sessions, 1, 'the consumer holds one session while it reads (one fetch connection)');
      assert.equal(whileRunning.partitionsCached, PARTITIONS, 'caching every assigned partition');
      const opened = end.created - start.created;
      const incremental = end.incrementalFetches - start.incrementalFetches;
      assert.ok(opened >= 1 && opened <= 2, `the session is opened once, not per fetch (opened ${opened})`);
      assert.ok(incremental >= PHASES - 1, `the later phases were read with incremental fetches (${incremental})`);
      assert.ok(incremental > opened, `more incremental fetches (${incremental}) than sessions opened (${opened})`);
      assert.equal(end.evictions, start.evictions, "no session was evicted");
    });

    test('with the session cache disabled the client falls back to full fetches and reads everything', { timeout: 240_000 }, async () => {
      const start = noSessions.insight.fetchSessions();
      await readInPhases(client, noSessions, () => undefined);
      const end = noSessions.insight.fetchSessions();
      assert.equal(end.created, start.created, 'no session was created');
      assert.equal(end.incrementalFetches, start.incrementalFetches, 'no fetch was incremental');
      assert.equal(end.sessions, 0);
    });
  });
}
