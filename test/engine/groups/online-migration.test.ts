/**
 * Online migration (Kafka 4's classic members inside a consumer group): a kafkajs consumer (classic protocol,
 * JoinGroup/SyncGroup) joins a consumer group that a KIP-848 member (raw ConsumerGroupHeartbeats) already
 * consumes. The classic member gets its partitions from the consumer group's target assignment once the
 * KIP-848 member revoked them (it is told REBALANCE_IN_PROGRESS to come back for them), consumes and commits
 * with its member epoch as generation, shows as a classic member in ConsumerGroupDescribe, and its LeaveGroup
 * hands everything back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Consumer } from 'kafkajs';
import { waitFor } from '../../helpers/clients.js';
import { consumerDescribeApi, heartbeat, joinRequest, TopicIds } from '../../helpers/consumer-protocol.js';
import { RawClient } from '../../helpers/raw-client.js';
import { createTopic, produceMessages, uniqueTopic } from '../../helpers/topics.js';
import { startGroupBroker, type GroupTestBroker } from './group-test-broker.js';

let broker: GroupTestBroker;
let raw: RawClient;

before(async () => {
  broker = await startGroupBroker();
  raw = await RawClient.connect(broker.handle.host, broker.handle.port);
});

after(async () => {
  raw.close();
  await broker.stop();
});

test('a kafkajs (classic) member inside a KIP-848 group: assignment from the target, commits, leave', { timeout: 120_000 }, async () => {
  const topic = uniqueTopic('migration');
  const group = uniqueTopic('migration-g');
  await createTopic(broker.bootstrap, topic, { partitions: 4 });
  const ids = await TopicIds.load(raw, [topic]);

  // The KIP-848 member: joins, then heartbeats every 100 ms reporting what it was last given.
  const first = await heartbeat(raw, ids, group, joinRequest('kip848-a', [topic]));
  let epoch = first.epoch;
  let owned = first.assignment ?? [];
  let stop = false;
  const toWire = (shown: string[]): { topicId: string; partitions: number[] }[] => shown.map((s) => ({ topicId: ids.id(s.slice(0, s.lastIndexOf(':'))), partitions: JSON.parse(s.slice(s.lastIndexOf(':') + 1)) as number[] }));
  const beating = (async () => {
    while (!stop) {
      const r = await heartbeat(raw, ids, group, { memberId: 'kip848-a', memberEpoch: epoch, topicPartitions: toWire(owned) });
      assert.equal(r.error, 0, `KIP-848 heartbeat: ${r.message}`);
      epoch = r.epoch;
      if (r.assignment) owned = r.assignment;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  let consumer: Consumer | null = null;
  try {
    assert.deepEqual(owned, [`${topic}:[0,1,2,3]`]);
    consumer = broker.kafka('kafkajs-classic').consumer({ groupId: group, heartbeatInterval: 300, sessionTimeout: 10_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: { partition: number; value: string }[] = [];
    await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push({ partition, value: message.value?.toString() ?? '' }) });

    await waitFor('2 + 2 between the KIP-848 and the classic member', async () => {
      const d = await raw.send(consumerDescribeApi, 1, { groupIds: [group], includeAuthorizedOperations: false });
      const members = d.groups[0]?.members ?? [];
      return members.length === 2 && owned.join() === `${topic}:[0,1]` && members.every((m) => m.assignment.topicPartitions.reduce((n, t) => n + t.partitions.length, 0) === 2);
    }, 60_000, 200);
    const d = await raw.send(consumerDescribeApi, 1, { groupIds: [group], includeAuthorizedOperations: false });
    const classic = d.groups[0]?.members.find((m) => m.memberId !== 'kip848-a');
    assert.equal(classic?.memberType, 0, 'a classic member of a consumer group');
    assert.equal(d.groups[0]?.groupState, 'Stable');
    assert.deepEqual(ids.show(classic?.assignment.topicPartitions), [`${topic}:[2,3]`]);

    // It consumes only what the target gave it, and commits with its member epoch as generation.
    await produceMessages(broker.bootstrap, topic, Array.from({ length: 40 }, (_, i) => ({ partition: i % 4, key: null, value: String(i) })));
    await waitFor('the classic member consumed partitions 2 and 3', () => seen.length === 20, 30_000);
    assert.deepEqual([...new Set(seen.map((r) => r.partition))].sort(), [2, 3]);
    await waitFor('its commits are accepted', () => broker.groupEvents(group).some((e) => e.type === 'offsets-committed' && e.memberId === classic?.memberId), 30_000);

    await consumer.disconnect();
    consumer = null;
    await waitFor('the KIP-848 member owns all four again', () => owned.join() === `${topic}:[0,1,2,3]`, 30_000);
    const events = broker.groupEvents(group);
    const left = events.find((e) => e.type === 'consumer-member-left');
    assert.deepEqual(left?.type === 'consumer-member-left' ? left.reason : null, 'leave-group');
    const bumps = events.flatMap((e) => (e.type === 'group-epoch-bumped' ? [e.causes.join('+')] : []));
    assert.deepEqual(bumps, ['group-created', 'member-joined', 'member-joined', 'member-left']);
  } finally {
    stop = true;
    await consumer?.disconnect().catch(() => undefined);
    await beating;
  }
});

test('online downgrade: when the last KIP-848 member leaves, the classic members carry on as a classic group', { timeout: 120_000 }, async () => {
  const topic = uniqueTopic('downgrade');
  const group = uniqueTopic('downgrade-g');
  await createTopic(broker.bootstrap, topic, { partitions: 4 });
  const ids = await TopicIds.load(raw, [topic]);
  const first = await heartbeat(raw, ids, group, joinRequest('kip848-a', [topic]));
  let epoch = first.epoch;
  let owned = first.assignment ?? [];
  let stop = false;
  const toWire = (shown: string[]): { topicId: string; partitions: number[] }[] => shown.map((s) => ({ topicId: ids.id(s.slice(0, s.lastIndexOf(':'))), partitions: JSON.parse(s.slice(s.lastIndexOf(':') + 1)) as number[] }));
  const beating = (async () => {
    while (!stop) {
      const r = await heartbeat(raw, ids, group, { memberId: 'kip848-a', memberEpoch: epoch, topicPartitions: toWire(owned) });
      epoch = r.epoch;
      if (r.assignment) owned = r.assignment;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const consumer = broker.kafka('kafkajs-classic').consumer({ groupId: group, heartbeatInterval: 300, sessionTimeout: 10_000 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Set<number>();
    await consumer.run({ eachMessage: async ({ partition }) => void seen.add(partition) });
    await waitFor('2 + 2', () => owned.join() === `${topic}:[0,1]` && broker.handle.insight.listGroups().some((g) => g.groupId === group && g.state === 'Stable'), 60_000, 200);

    stop = true;
    await beating;
    const left = await heartbeat(raw, ids, group, { memberId: 'kip848-a', memberEpoch: -1 });
    assert.equal(left.error, 0);
    // The consumer group is gone; a classic group rebalances its one member, which the kafkajs leader assigns everything.
    await broker.waitStable(group, 1, 60_000);
    const d = broker.handle.insight.describeGroup(group);
    assert.equal(d?.protocolType, 'consumer');
    assert.deepEqual(d?.members.map((m) => m.assignment), [[{ topic, partitions: [0, 1, 2, 3] }]]);
    const events = broker.groupEvents(group);
    assert.ok(events.some((e) => e.type === 'rebalance-started' && e.reason.startsWith('Downgrade group')), 'a classic rebalance after the downgrade');
    const describe = await raw.send(consumerDescribeApi, 1, { groupIds: [group], includeAuthorizedOperations: false });
    assert.equal(describe.groups[0]?.errorMessage, `Group ${group} is not a consumer group.`);
    await produceMessages(broker.bootstrap, topic, Array.from({ length: 8 }, (_, i) => ({ partition: i % 4, key: null, value: String(i) })));
    await waitFor('the classic member consumes all four partitions', () => seen.size === 4, 30_000);
  } finally {
    stop = true;
    await beating;
    await consumer.disconnect().catch(() => undefined);
  }
});
