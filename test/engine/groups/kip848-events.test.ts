/**
 * The KIP-848 coordinator's timeline events (GroupEvent, the channel the classic coordinator uses):
 * raw ConsumerGroupHeartbeats step by step assert the exact sequence — member joined / left with its
 * cause, group epoch bumps with theirs, each new target assignment, every reconciliation step with
 * the partitions pending revocation / assignment, state changes — and two real Java 4.4 members
 * (`group.protocol=consumer`) show the same story from a real client.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { GroupEvent, TopicPartitionAssignment } from '../../../src-common/engine-events.js';
import { waitFor } from '../../helpers/clients.js';
import { heartbeat, joinRequest, TopicIds } from '../../helpers/consumer-protocol.js';
import { modernClientMissing, startGroupConsumer, type GroupConsumer } from '../../helpers/modern-clients.js';
import { RawClient } from '../../helpers/raw-client.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { startGroupBroker, type GroupTestBroker } from './group-test-broker.js';

let broker: GroupTestBroker;
let raw: RawClient;
const SESSION_TIMEOUT_MS = 1500;

before(async () => {
  broker = await startGroupBroker({ configs: { 'group.consumer.session.timeout.ms': String(SESSION_TIMEOUT_MS) } });
  raw = await RawClient.connect(broker.handle.host, broker.handle.port);
});

after(async () => {
  raw.close();
  await broker.stop();
});

const parts = (a: TopicPartitionAssignment[]): string => a.map((t) => `${t.topic}:${t.partitions.join(',')}`).join(' ') || '-';

/** One line per event, with what the timeline draws from it. */
function story(events: GroupEvent[], topic: string): string[] {
  const short = (s: string): string => s.replaceAll(topic, 't');
  return events.map((e) => {
    switch (e.type) {
      case 'consumer-member-joined': return `joined ${e.memberId} (${e.kind})`;
      case 'consumer-member-left': return `left ${e.memberId} (${e.reason})`;
      case 'group-epoch-bumped': return `epoch ${e.groupEpoch}: ${e.causes.join('+')}${e.memberId ? ` by ${e.memberId}` : ''}${e.detail ? ` [${short(e.detail)}]` : ''}`;
      case 'target-assignment-computed': return `target ${e.assignmentEpoch} ${e.assignor}: ${e.members.map((m) => `${m.memberId}=${short(parts(m.assignment))}`).join(' ')}`;
      case 'member-reconciled':
        return `reconciled ${e.memberId} ${e.previousMemberEpoch}->${e.memberEpoch} ${e.state} owns ${short(parts(e.assigned))} revoking ${short(parts(e.pendingRevocation))} awaiting ${short(parts(e.pendingAssignment))}`;
      case 'state-changed': return `${e.from} -> ${e.to}`;
      default: return e.type;
    }
  });
}

test('raw heartbeats: join, revoke before assign, leave, static leave, session timeout, partitions added', async () => {
  const topic = uniqueTopic('kip848-events');
  await createTopic(broker.bootstrap, topic, { partitions: 4 });
  const ids = await TopicIds.load(raw, [topic]);
  const group = uniqueTopic('g');
  const mark = (): number => broker.groupEvents(group).length;
  const since = (from: number): string[] => story(broker.groupEvents(group).slice(from), topic);

  let at = mark();
  await heartbeat(raw, ids, group, joinRequest('A', [topic]));
  assert.deepEqual(since(at), [
    'joined A (new)',
    'epoch 1: group-created by A',
    'epoch 2: member-joined by A [t subscribed (4 partitions)]',
    'target 2 uniform: A=t:0,1,2,3',
    'reconciled A 0->2 stable owns t:0,1,2,3 revoking - awaiting -',
    'Empty -> Stable',
  ]);

  at = mark();
  await heartbeat(raw, ids, group, joinRequest('B', [topic]));
  await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 2 });
  await heartbeat(raw, ids, group, { memberId: 'B', memberEpoch: 3 });
  await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 2, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
  await heartbeat(raw, ids, group, { memberId: 'B', memberEpoch: 3, topicPartitions: [] });
  assert.deepEqual(since(at), [
    'joined B (new)',
    'epoch 3: member-joined by B',
    'target 3 uniform: A=t:0,1 B=t:2,3',
    // B is at the new epoch but waits: A still holds 2 and 3.
    'reconciled B 0->3 unreleased-partitions owns - revoking - awaiting t:2,3',
    'Stable -> Reconciling',
    'reconciled A 2->2 unrevoked-partitions owns t:0,1 revoking t:2,3 awaiting -',
    'reconciled A 2->3 stable owns t:0,1 revoking - awaiting -',
    'reconciled B 3->3 stable owns t:2,3 revoking - awaiting -',
    'Reconciling -> Stable',
  ]);

  at = mark();
  await heartbeat(raw, ids, group, { memberId: 'B', memberEpoch: -1 });
  await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 3, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
  assert.deepEqual(since(at), [
    'left B (leave-heartbeat)',
    'epoch 4: member-left by B [leave-heartbeat]',
    'Stable -> Assigning',
    'target 4 uniform: A=t:0,1,2,3',
    'reconciled A 3->4 stable owns t:0,1,2,3 revoking - awaiting -',
    'Assigning -> Stable',
  ]);

  // A static member leaves for a while (epoch -2) and comes back under a new member id: no epoch bump.
  at = mark();
  const s = await heartbeat(raw, ids, group, joinRequest('S1', [topic], { instanceId: 'static-1' }));
  await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 4, topicPartitions: ids.owned({ [topic]: [0, 1, 2, 3] }) });
  await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 4, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
  await heartbeat(raw, ids, group, { memberId: 'S1', memberEpoch: s.epoch, instanceId: 'static-1', topicPartitions: [] });
  const settled = mark();
  await heartbeat(raw, ids, group, { memberId: 'S1', memberEpoch: -2, instanceId: 'static-1' });
  await heartbeat(raw, ids, group, joinRequest('S2', [topic], { instanceId: 'static-1' }));
  assert.deepEqual(since(settled), [
    'left S1 (static-member-left)',
    // A member at epoch -2 is not at the assignment epoch: the group reconciles until it is back (as Kafka).
    'Stable -> Reconciling',
    'left S1 (fenced)',
    'joined S2 (static-replacement)',
    'reconciled S2 0->5 stable owns t:2,3 revoking - awaiting -',
    'Reconciling -> Stable',
  ]);
  assert.ok(since(at).includes('epoch 5: member-joined by S1'));
  const replaced = broker.groupEvents(group).find((e) => e.type === 'consumer-member-left' && e.reason === 'fenced');
  assert.equal(replaced?.type === 'consumer-member-left' ? replaced.detail : null, 'replaced by S2 (same instance id)');

  // Partitions added: the next heartbeat sees it and bumps the epoch with the metadata as its cause.
  at = mark();
  const admin = broker.kafka().admin();
  await admin.connect();
  try {
    await admin.createPartitions({ topicPartitions: [{ topic, count: 6 }] });
  } finally {
    await admin.disconnect();
  }
  await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 5, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
  assert.deepEqual(since(at), [
    'epoch 6: metadata-changed by A [t 4 -> 6 partitions]',
    'target 6 uniform: A=t:0,1,4 S2=t:2,3,5',
    'reconciled A 5->6 stable owns t:0,1,4 revoking - awaiting -',
    'Stable -> Reconciling',
  ]);

  // S2 stops heartbeating: its session times out.
  at = mark();
  await waitFor('S2 fenced by its session timeout', () => since(at).some((l) => l === 'left S2 (session-timeout)'), 10_000);
  assert.ok(since(at).some((l) => l === 'epoch 7: member-left by S2 [session-timeout]'), since(at).join('\n'));
});

const skipJava = modernClientMissing('java') ?? false;

test('two Java 4.4 members (group.protocol=consumer): joins, reconciliation and a leave, in order', { skip: skipJava, timeout: 240_000 }, async () => {
  // Default session timeout: the Java client heartbeats every 5 s (group.consumer.heartbeat.interval.ms).
  const javaBroker = await startGroupBroker();
  const topic = uniqueTopic('kip848-events-java');
  const group = `${topic}-g`;
  await createTopic(javaBroker.bootstrap, topic, { partitions: 4 });
  const members: GroupConsumer[] = [];
  const start = (): GroupConsumer => {
    const m = startGroupConsumer('java', { bootstrap: javaBroker.bootstrap, topics: [topic], group, protocol: 'consumer', assignor: 'uniform', commit: 'sync', timeoutMs: 180_000 });
    members.push(m);
    return m;
  };
  try {
    const first = start();
    await first.waitFor('the first member owns all 4 partitions', () => first.assignment().length === 4, 90_000);
    const second = start();
    await second.waitFor('2 + 2', () => second.assignment().length === 2 && first.assignment().length === 2, 90_000);
    await second.stop();
    await first.waitFor('the first member owns all 4 again', () => first.assignment().length === 4, 60_000);

    const events = javaBroker.groupEvents(group);
    const joined = events.filter((e) => e.type === 'consumer-member-joined');
    assert.equal(joined.length, 2, story(events, topic).join('\n'));
    const [a, b] = joined.map((e) => e.memberId) as [string, string];
    const bumps = events.flatMap((e) => (e.type === 'group-epoch-bumped' ? [`${e.causes.join('+')}${e.memberId === a ? ' A' : e.memberId === b ? ' B' : ''}`] : []));
    assert.deepEqual(bumps, ['group-created A', 'member-joined A', 'member-joined B', 'member-left B']);
    // A revoked two partitions (pending revocation) before B got them (pending assignment until then).
    const revoking = events.findIndex((e) => e.type === 'member-reconciled' && e.memberId === a && e.state === 'unrevoked-partitions' && e.pendingRevocation.some((t) => t.partitions.length === 2));
    const bWaits = events.findIndex((e) => e.type === 'member-reconciled' && e.memberId === b && e.state === 'unreleased-partitions');
    const bOwns = events.findIndex((e) => e.type === 'member-reconciled' && e.memberId === b && e.state === 'stable' && e.assigned.some((t) => t.partitions.length === 2));
    assert.ok(revoking >= 0 && bWaits >= 0 && bOwns > revoking && bOwns > bWaits, story(events, topic).join('\n'));
    const left = events.find((e) => e.type === 'consumer-member-left');
    assert.deepEqual(left?.type === 'consumer-member-left' ? [left.memberId, left.reason] : null, [b, 'leave-heartbeat']);
    const states = events.flatMap((e) => (e.type === 'state-changed' ? [e.to] : []));
    assert.equal(states.at(-1), 'Stable');
  } finally {
    await Promise.allSettled(members.map((m) => m.stop()));
    await javaBroker.stop();
  }
});
