/**
 * The Java consumer (kafka-clients 4.4, through Kafka's own ConsoleConsumer from the reference Kafka's jars)
 * uses incremental fetch sessions (KIP-227, Fetch v17 with topic ids): a group consumer of three partitions
 * reads records produced before and while it runs, every record exactly once and in offset order per
 * partition, and the broker served it through a session with incremental fetches.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBroker, type InProcessBroker } from '../../helpers/broker.js';
import { start, waitFor } from '../../helpers/clients.js';
import { referenceKafkaMissing, referenceKafkaScript } from '../../helpers/reference-kafka.js';
import { createTopic, produceMessages, uniqueTopic } from '../../helpers/topics.js';

const skip = referenceKafkaMissing() ?? false;
const PARTITIONS = 3;
const PER_PHASE = 30;

let broker: InProcessBroker;

before(async () => {
  if (!skip) broker = await startTestBroker();
});

after(async () => {
  await broker?.stop();
});

function records(phase: number): { partition: number; key: string; value: string }[] {
  return Array.from({ length: PER_PHASE }, (_, i) => ({ partition: i % PARTITIONS, key: `k${phase}-${i}`, value: `phase ${phase} record ${i}` }));
}

test('the Java consumer reads through an incremental fetch session, every record once and in order', { skip, timeout: 180_000 }, async () => {
  const topic = uniqueTopic('java-sessions');
  await createTopic(broker.bootstrap, topic, { partitions: PARTITIONS });
  await produceMessages(broker.bootstrap, topic, records(1));
  const before = broker.insight.fetchSessions();
  const consumer = start('bash', [
    referenceKafkaScript, 'run-class', 'org.apache.kafka.tools.consumer.ConsoleConsumer',
    '--bootstrap-server', broker.bootstrap, '--topic', topic, '--from-beginning',
    '--max-messages', String(2 * PER_PHASE), '--timeout-ms', '90000',
    '--property', 'print.partition=true', '--property', 'print.offset=true', '--property', 'print.key=true',
    '--consumer-property', 'fetch.max.wait.ms=200',
  ], { timeoutMs: 150_000 });
  // While it waits for more, the consumer long-polls with incremental fetches of its session.
  await waitFor('the consumer fetches incrementally', () => broker.insight.fetchSessions().incrementalFetches > before.incrementalFetches + 2, 120_000, 50);
  await produceMessages(broker.bootstrap, topic, records(2));
  const result = await consumer.done;
  assert.equal(result.code, 0, result.stderr.slice(-3000));

  // ConsoleConsumer prints "Partition:P\tOffset:O\tkey\tvalue".
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('Partition:'));
  const got = lines.map((l) => {
    const [p, o, key, value] = l.split('\t');
    return { partition: Number(p!.slice('Partition:'.length)), offset: Number(o!.slice('Offset:'.length)), key: key!, value: value! };
  });
  const sent = [...records(1), ...records(2)];
  assert.deepEqual(got.map((r) => r.key).sort(), sent.map((r) => r.key).sort(), 'every record exactly once');
  for (let p = 0; p < PARTITIONS; p++) {
    const mine = got.filter((r) => r.partition === p);
    assert.deepEqual(mine.map((r) => r.offset), mine.map((_, i) => i), `partition ${p} in offset order without gaps`);
    assert.deepEqual(mine.map((r) => r.value), sent.filter((r) => r.partition === p).map((r) => r.value));
  }
  const stats = broker.insight.fetchSessions();
  assert.ok(stats.created > before.created, 'the consumer opened a fetch session');
  assert.ok(stats.incrementalFetches > before.incrementalFetches, 'and fetched incrementally');
});
