/**
 * A follower whose log diverged from the leader's (Kafka's KIP-101 scenario, checked with the diverging epoch of
 * Fetch v12+): the leader takes acks=1 records its followers never see, dies, a follower takes over at the next
 * leader epoch and takes new records; the old leader comes back as a follower, learns from its first fetch where
 * the logs part (the end of epoch 0 on the new leader) and truncates exactly there — then holds the new leader's
 * batches byte for byte, and the same leader-epoch-checkpoint. Real broker processes, kafkajs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs, { type Admin, type Kafka as KafkaClient } from 'kafkajs';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { waitFor } from '../../helpers/clients.js';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import { decodeRecords } from '../../../src-engine/storage/records.js';

const { Kafka, logLevel } = kafkajs;
const TOPIC = 'diverge';

let cluster: TestCluster;
let kafka: KafkaClient;
let admin: Admin;

before(async () => {
  cluster = await startTestCluster(3, ['broker.session.timeout.ms=2000', 'replica.lag.time.max.ms=3000']);
  kafka = new Kafka({ clientId: 'divergence-test', brokers: cluster.bootstrap, logLevel: logLevel.NOTHING, retry: { retries: 15, initialRetryTime: 200 } });
  admin = kafka.admin();
  await admin.connect();
  await waitFor('three brokers and a controller', async () => {
    const described = await admin.describeCluster();
    return described.brokers.length === 3 && (described.controller ?? -1) > 0;
  }, 30_000, 200);
});

after(async () => {
  await admin?.disconnect();
  await cluster?.stop();
});

async function leaderAndIsr(): Promise<{ leader: number; isr: number[] }> {
  const md = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  const p = md.topics[0]!.partitions[0]!;
  return { leader: p.leader, isr: [...p.isr].sort() };
}

async function send(acks: number, values: string[]): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic: TOPIC, acks, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

/** The partition's .log files of one broker, concatenated in offset order (read after the brokers stopped). */
function storedLog(nodeId: number): Buffer {
  const dir = join(cluster.dataDir, `broker-${nodeId}`, `${TOPIC}-0`);
  return Buffer.concat(readdirSync(dir).filter((f) => f.endsWith('.log')).sort().map((f) => readFileSync(join(dir, f))));
}

test('the old leader truncates to the end of its last common epoch, not to its high watermark', async () => {
  // The leader is not the controller, so the controller survives to elect its successor.
  const controller = (await admin.describeCluster()).controller!;
  const oldLeader = [1, 2, 3].find((id) => id !== controller)!;
  const others = [1, 2, 3].filter((id) => id !== oldLeader);
  // kafkajs may still hold metadata from a broker that had not seen every registration: retry until it has.
  await waitFor('the topic created', async () => {
    try {
      await admin.createTopics({ topics: [{ topic: TOPIC, replicaAssignment: [{ partition: 0, replicas: [oldLeader, ...others] }],
        configEntries: [{ name: 'min.insync.replicas', value: '1' }] }] });
      return true;
    } catch (err) {
      if ((err as Error).name !== 'KafkaJSBrokerNotFound') throw err;
      return false;
    }
  }, 30_000, 250);
  await waitFor('the topic led by the chosen broker, full ISR', async () => {
    try {
      const p = await leaderAndIsr();
      return p.leader === oldLeader && p.isr.length === 3;
    } catch {
      return false;
    }
  }, 30_000, 200);
  const committed = Array.from({ length: 10 }, (_, i) => `committed-${i}`);
  // One producer, connected and with the leader known before any broker freezes (a frozen broker accepts
  // connections but never answers).
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic: TOPIC, acks: -1, messages: committed.map((value) => ({ value })) });

  // The followers freeze; the leader takes five acks=1 records only it will ever have, then dies.
  for (const id of others) cluster.brokers.get(id)!.child.kill('SIGSTOP');
  try {
    // A follower's long-poll fetch (500 ms) may still wait at the leader: let it be answered (empty) first, or
    // the records below would reach the frozen follower's socket and be replicated after all.
    await new Promise((resolve) => setTimeout(resolve, 800));
    await producer.send({ topic: TOPIC, acks: 1, messages: Array.from({ length: 5 }, (_, i) => ({ value: `lost-${i}` })) });
  } finally {
    await cluster.kill9(oldLeader);
    for (const id of others) cluster.brokers.get(id)!.child.kill('SIGCONT');
    await producer.disconnect();
  }
  await waitFor('a new leader', async () => {
    try {
      return others.includes((await leaderAndIsr()).leader);
    } catch {
      return false;
    }
  }, 30_000, 250);
  const later = Array.from({ length: 7 }, (_, i) => `later-${i}`);
  await send(-1, later);

  await waitFor('the dead leader out of the ISR', async () => !(await leaderAndIsr()).isr.includes(oldLeader), 30_000, 250);

  const restarted = await cluster.restart(oldLeader);
  const divergence = new RegExp(`${TOPIC}-0: diverged from leader (\\d+) at epoch 0 \\(its end 10\\); truncating 15 -> 10`);
  await waitFor('the old leader to find where the logs part', () => divergence.test(restarted.output()), 30_000, 100)
    .catch((err: Error) => assert.fail(`${err.message}\n${[...cluster.brokers].map(([id, b]) => `--- broker ${id} ---\n${b.output().split('\n').filter((l) => !l.includes('opened __')).slice(-40).join('\n')}`).join('\n')}`));
  assert.ok(others.includes(Number(divergence.exec(restarted.output())?.[1])), 'told by a new leader, in one fetch');
  // Back in the ISR means caught up with the new leader's log end.
  await waitFor('the old leader back in the ISR', async () => (await leaderAndIsr()).isr.includes(oldLeader), 30_000, 250);
  const newLeader = (await leaderAndIsr()).leader;

  for (const b of cluster.brokers.values()) await b.stop({ keepData: true });
  const oldLog = storedLog(oldLeader);
  const leaderLog = storedLog(newLeader);
  assert.ok(oldLog.equals(leaderLog), 'the old leader holds the new leader\'s batches byte for byte');
  const parsed = parseBatches(leaderLog, { verifyCrc: true });
  assert.ok(parsed.ok);
  const values = parsed.batches.flatMap((h) => decodeRecords(leaderLog, h).map((r) => r.value?.toString()));
  assert.deepEqual(values, [...committed, ...later], 'the acks=1 records of the dead leader are gone, nothing else');
  const checkpoint = (id: number): string => readFileSync(join(cluster.dataDir, `broker-${id}`, `${TOPIC}-0`, 'leader-epoch-checkpoint'), 'utf8');
  assert.match(checkpoint(newLeader), /^0\n\d+\n0 0\n1 10\n/, 'epoch 0 from offset 0, epoch 1 (the first new leader) from 10');
  assert.equal(checkpoint(oldLeader), checkpoint(newLeader));
});
