/**
 * KIP-848 consumer groups on the engine, through the wire protocol: join and reconciliation
 * (a partition is revoked from its owner before another member gets it), epochs and states,
 * request errors, static members, member-epoch OffsetCommit/OffsetFetch, ListGroups types,
 * session timeouts, topic changes, classic <-> consumer conversion of empty groups, and a restart.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../../src-protocol/generated/08-offset-commit.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../../src-protocol/generated/09-offset-fetch.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../../../src-protocol/generated/16-list-groups.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../../src-protocol/generated/15-describe-groups.js';
import { waitFor } from '../../helpers/clients.js';
import { describeGroup, heartbeat, joinRequest, TopicIds } from '../../helpers/consumer-protocol.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { startGroupBroker, type GroupTestBroker } from './group-test-broker.js';

const offsetCommit = rawApi<OffsetCommitRequest, OffsetCommitResponse>(8);
const offsetFetch = rawApi<OffsetFetchRequest, OffsetFetchResponse>(9);
const listGroups = rawApi<ListGroupsRequest, ListGroupsResponse>(16);
const describeGroups = rawApi<DescribeGroupsRequest, DescribeGroupsResponse>(15);

let broker: GroupTestBroker;
let raw: RawClient;
const SESSION_TIMEOUT_MS = 1500;

async function connect(b: GroupTestBroker): Promise<RawClient> {
  return RawClient.connect(b.handle.host, b.handle.port);
}

before(async () => {
  broker = await startGroupBroker({ configs: { 'group.consumer.session.timeout.ms': String(SESSION_TIMEOUT_MS), 'group.consumer.max.size': '3' } });
  raw = await connect(broker);
});

after(async () => {
  raw.close();
  await broker.stop();
});

async function topicWith(partitions: number): Promise<{ topic: string; ids: TopicIds }> {
  const topic = uniqueTopic('kip848');
  await createTopic(broker.bootstrap, topic, { partitions });
  return { topic, ids: await TopicIds.load(raw, [topic]) };
}

/** No partition is in two members' current assignments. */
function assertExclusive(members: { memberId: string; assignment: string[] | null }[]): void {
  const owner = new Map<string, string>();
  for (const m of members) {
    for (const entry of m.assignment ?? []) {
      const [topic, list] = entry.split(':') as [string, string];
      for (const p of JSON.parse(list) as number[]) {
        const key = `${topic}-${p}`;
        assert.equal(owner.get(key), undefined, `${key} owned by ${owner.get(key)} and ${m.memberId}`);
        owner.set(key, m.memberId);
      }
    }
  }
}

test('two members: epochs, revoke before assign, Stable at the end', async () => {
  const { topic, ids } = await topicWith(4);
  const group = uniqueTopic('g');
  const a = await heartbeat(raw, ids, group, joinRequest('A', [topic]));
  // A new group gets an epoch of its own, the subscription bumps it again (as Kafka 4.4).
  assert.deepEqual(a, { error: 0, message: null, memberId: 'A', epoch: 2, interval: 5000, assignment: [`${topic}:[0,1,2,3]`] });
  const b = await heartbeat(raw, ids, group, joinRequest('B', [topic]));
  // B is at the new epoch but gets nothing while A still owns its partitions.
  assert.deepEqual([b.epoch, b.assignment], [3, []]);
  let d = await describeGroup(raw, ids, group);
  assert.equal(d.state, 'Reconciling');
  assert.deepEqual(d.members.map((m) => [m.memberId, m.epoch, m.assignment, m.target]), [
    ['A', 2, [`${topic}:[0,1,2,3]`], [`${topic}:[0,1]`]],
    ['B', 3, [], [`${topic}:[2,3]`]],
  ]);
  // A is told to keep 0,1 (revoking 2,3) and stays at epoch 2 until it stops reporting them.
  const a2 = await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 2 });
  assert.deepEqual([a2.epoch, a2.assignment], [2, [`${topic}:[0,1]`]]);
  assert.deepEqual((await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 2, topicPartitions: ids.owned({ [topic]: [0, 1, 2, 3] }) })).epoch, 2);
  assert.deepEqual((await heartbeat(raw, ids, group, { memberId: 'B', memberEpoch: 3 })).assignment, null, 'B still waits');
  d = await describeGroup(raw, ids, group);
  assertExclusive(d.members);
  const a3 = await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 2, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
  assert.deepEqual([a3.epoch, a3.assignment], [3, null]);
  const b2 = await heartbeat(raw, ids, group, { memberId: 'B', memberEpoch: 3 });
  assert.deepEqual([b2.epoch, b2.assignment], [3, [`${topic}:[2,3]`]]);
  d = await describeGroup(raw, ids, group);
  assertExclusive(d.members);
  assert.deepEqual([d.state, d.groupEpoch, d.assignmentEpoch, d.assignor], ['Stable', 3, 3, 'uniform']);
  // Leaving bumps the group epoch; the next heartbeat computes the new target.
  assert.deepEqual((await heartbeat(raw, ids, group, { memberId: 'B', memberEpoch: -1 })).epoch, -1);
  assert.equal((await describeGroup(raw, ids, group)).state, 'Assigning');
  const a4 = await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: 3 });
  assert.deepEqual([a4.epoch, a4.assignment], [4, [`${topic}:[0,1,2,3]`]]);
});

test('request errors as Kafka names them', async () => {
  const { topic, ids } = await topicWith(2);
  const group = uniqueTopic('g');
  const hb = (o: Parameters<typeof heartbeat>[3]): Promise<[number, string | null]> => heartbeat(raw, ids, group, o).then((r) => [r.error, r.message]);
  assert.deepEqual(await hb({ memberId: 'A', subscribedTopicNames: [topic], topicPartitions: [] }), [ErrorCode.INVALID_REQUEST, 'RebalanceTimeoutMs must be provided in first request.']);
  assert.deepEqual(await hb({ memberId: 'A', rebalanceTimeoutMs: 1000, topicPartitions: [] }), [ErrorCode.INVALID_REQUEST, 'Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.']);
  assert.deepEqual(await hb({ memberId: 'A', rebalanceTimeoutMs: 1000, subscribedTopicNames: [topic] }), [ErrorCode.INVALID_REQUEST, 'TopicPartitions must be empty when (re-)joining.']);
  assert.deepEqual(await hb({ memberId: 'A', memberEpoch: -3 }), [ErrorCode.INVALID_REQUEST, 'MemberEpoch is invalid.']);
  assert.deepEqual(await hb({ ...joinRequest('A', [topic]), serverAssignor: 'sticky' }), [ErrorCode.UNSUPPORTED_ASSIGNOR, 'ServerAssignor sticky is not supported. Supported assignors: uniform, range.']);
  assert.deepEqual(await hb({ memberId: 'A', memberEpoch: 1 }), [ErrorCode.GROUP_ID_NOT_FOUND, `Consumer group ${group} not found.`]);
  const joined = await heartbeat(raw, ids, group, joinRequest('A', [topic]));
  assert.deepEqual(await hb({ memberId: 'Q', memberEpoch: 1 }), [ErrorCode.UNKNOWN_MEMBER_ID, `Member Q is not a member of group ${group}.`]);
  assert.deepEqual(await hb({ memberId: 'A', memberEpoch: joined.epoch + 1 }), [ErrorCode.FENCED_MEMBER_EPOCH,
    `The consumer group member has a greater member epoch (${joined.epoch + 1}) than the one known by the group coordinator (${joined.epoch}). The member must abandon all its partitions and rejoin.`]);
  assert.equal((await hb({ memberId: 'A', memberEpoch: joined.epoch - 1, topicPartitions: ids.owned({ [topic]: [0] }) }))[0], ErrorCode.FENCED_MEMBER_EPOCH);
  // group.consumer.max.size is 3 on this broker.
  for (const id of ['B', 'C']) assert.equal((await heartbeat(raw, ids, group, joinRequest(id, [topic]))).error, 0);
  assert.deepEqual(await hb(joinRequest('D', [topic])), [ErrorCode.GROUP_MAX_SIZE_REACHED, 'The consumer group has reached its maximum capacity of 3 members.']);
  // v0 lets the broker choose the member id.
  const other = await heartbeat(raw, ids, uniqueTopic('g'), joinRequest('', [topic]), 0);
  assert.equal(other.error, 0);
  assert.match(other.memberId ?? '', /^[A-Za-z0-9_-]{22}$/);
});

test('static member: leave with epoch -2 keeps the assignment for its successor; a second instance is refused', async () => {
  const { topic, ids } = await topicWith(2);
  const group = uniqueTopic('g');
  const s1 = await heartbeat(raw, ids, group, joinRequest('S1', [topic], { instanceId: 'i1' }));
  assert.deepEqual(s1.assignment, [`${topic}:[0,1]`]);
  const dup = await heartbeat(raw, ids, group, joinRequest('S2', [topic], { instanceId: 'i1' }));
  assert.deepEqual([dup.error, dup.message], [ErrorCode.UNRELEASED_INSTANCE_ID, 'Static member S2 with instance id i1 cannot join the group because the instance id is owned by S1 member.']);
  assert.deepEqual((await heartbeat(raw, ids, group, { memberId: 'S1', instanceId: 'i1', memberEpoch: -2 })).epoch, -2);
  const s2 = await heartbeat(raw, ids, group, joinRequest('S2', [topic], { instanceId: 'i1' }));
  assert.deepEqual([s2.error, s2.epoch, s2.assignment], [0, s1.epoch, [`${topic}:[0,1]`]], 'same epoch, same partitions, no rebalance');
  const d = await describeGroup(raw, ids, group);
  assert.deepEqual(d.members.map((m) => [m.memberId, m.instanceId]), [['S2', 'i1']]);
  assert.equal(d.groupEpoch, s1.epoch);
});

test('range assignor; partitions added to a subscribed topic start a new target assignment', async () => {
  const { topic, ids } = await topicWith(4);
  const group = uniqueTopic('g');
  const join = (id: string): ReturnType<typeof heartbeat> => heartbeat(raw, ids, group, joinRequest(id, [topic], { serverAssignor: 'range' }));
  await join('A');
  await join('C');
  await join('B');
  let d = await describeGroup(raw, ids, group);
  assert.equal(d.assignor, 'range');
  assert.deepEqual(d.members.map((m) => m.target), [[`${topic}:[0,1]`], [`${topic}:[2]`], [`${topic}:[3]`]]);
  const admin = broker.kafka().admin();
  await admin.connect();
  await admin.createPartitions({ topicPartitions: [{ topic, count: 6 }] });
  await admin.disconnect();
  const before = d.groupEpoch;
  await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: d.members[0]?.epoch ?? 0 });
  d = await describeGroup(raw, ids, group);
  assert.equal(d.groupEpoch, before + 1);
  assert.deepEqual(d.members.map((m) => m.target), [[`${topic}:[0,1]`], [`${topic}:[2,3]`], [`${topic}:[4,5]`]]);
});

test('OffsetCommit/OffsetFetch check member epochs; ListGroups and DescribeGroups see a consumer group', async () => {
  const { topic, ids } = await topicWith(2);
  const group = uniqueTopic('g');
  const a = await heartbeat(raw, ids, group, joinRequest('A', [topic]));
  const commit = async (version: number, memberId: string, epoch: number): Promise<number | undefined> =>
    (await raw.send(offsetCommit, version, {
      groupId: group, generationIdOrMemberEpoch: epoch, memberId, groupInstanceId: null, retentionTimeMs: -1,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 7, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: 'm' }] }],
    })).topics[0]?.partitions[0]?.errorCode;
  assert.equal(await commit(9, 'A', a.epoch), ErrorCode.NONE);
  assert.equal(await commit(9, 'A', a.epoch - 1), ErrorCode.STALE_MEMBER_EPOCH);
  assert.equal(await commit(9, 'Z', a.epoch), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal(await commit(8, 'A', a.epoch), ErrorCode.UNSUPPORTED_VERSION);
  assert.equal(await commit(9, '', -1), ErrorCode.UNKNOWN_MEMBER_ID, 'no simple commits while the group has members');
  const fetchAs = async (memberId: string | null, memberEpoch: number): Promise<unknown> => {
    const g = (await raw.send(offsetFetch, 9, { groupId: '', topics: null, requireStable: false, groups: [{ groupId: group, memberId, memberEpoch, topics: [{ name: topic, partitionIndexes: [0] }] }] })).groups[0];
    return { error: g?.errorCode, offsets: g?.topics.flatMap((t) => t.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.metadata])) };
  };
  assert.deepEqual(await fetchAs('A', a.epoch), { error: 0, offsets: [[0, 7, 'm']] });
  assert.deepEqual(await fetchAs(null, -1), { error: 0, offsets: [[0, 7, 'm']] }, 'admin clients fetch without a member');
  assert.deepEqual(await fetchAs('A', a.epoch + 5), { error: ErrorCode.STALE_MEMBER_EPOCH, offsets: [] });
  assert.deepEqual(await fetchAs('Z', a.epoch), { error: ErrorCode.UNKNOWN_MEMBER_ID, offsets: [] });
  const listed = (await raw.send(listGroups, 5, { statesFilter: [], typesFilter: ['consumer'] })).groups.filter((g) => g.groupId === group);
  assert.deepEqual(listed, [{ groupId: group, protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' }]);
  assert.deepEqual((await raw.send(listGroups, 5, { statesFilter: [], typesFilter: ['classic'] })).groups.filter((g) => g.groupId === group), []);
  // Kafka 4.4 answers DescribeGroups v5 for a consumer group as for an unknown one.
  const described = (await raw.send(describeGroups, 5, { groups: [group], includeAuthorizedOperations: false })).groups[0];
  assert.deepEqual([described?.errorCode, described?.groupState, described?.protocolType], [0, 'Dead', '']);
  assert.equal(broker.handle.insight.listGroups().find((g) => g.groupId === group)?.groupType, 'consumer');
});

test('a member that stops heartbeating is fenced after group.consumer.session.timeout.ms', async () => {
  const { topic, ids } = await topicWith(2);
  const group = uniqueTopic('g');
  const a = await heartbeat(raw, ids, group, joinRequest('A', [topic]));
  const b = await heartbeat(raw, ids, group, joinRequest('B', [topic]));
  // A keeps heartbeating (and revokes what B should get); B goes silent.
  await waitFor('B fenced', async () => {
    await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: [] });
    const d = await describeGroup(raw, ids, group);
    return d.members.length === 1;
  }, SESSION_TIMEOUT_MS * 10, 200);
  const d = await describeGroup(raw, ids, group);
  assert.deepEqual(d.members.map((m) => m.memberId), ['A']);
  assert.ok(d.groupEpoch > b.epoch);
});

test('classic <-> consumer: an empty classic group becomes a consumer group (offsets kept) and back', async () => {
  const { topic, ids } = await topicWith(1);
  const group = uniqueTopic('g');
  const admin = broker.kafka().admin();
  await admin.connect();
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '3' }] });
  const joined = await heartbeat(raw, ids, group, joinRequest('A', [topic]));
  assert.equal(joined.error, 0);
  const fetched = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  assert.equal(fetched[0]?.partitions[0]?.offset, '3');
  assert.equal((await heartbeat(raw, ids, group, { memberId: 'A', memberEpoch: -1 })).error, 0);
  // A classic consumer takes over the now empty consumer group.
  const consumer = broker.kafka().consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({ eachMessage: async () => {} });
  await broker.waitStable(group, 1);
  await consumer.disconnect();
  await admin.disconnect();
  assert.equal((await describeGroup(raw, ids, group)).error, ErrorCode.GROUP_ID_NOT_FOUND);
});

test('a restart keeps consumer groups: epochs, members, target and current assignments', async () => {
  const b1 = await startGroupBroker();
  const c1 = await connect(b1);
  const topic = uniqueTopic('kip848-restart');
  await createTopic(b1.bootstrap, topic, { partitions: 3 });
  const ids = await TopicIds.load(c1, [topic]);
  const group = uniqueTopic('g');
  const a = await heartbeat(c1, ids, group, joinRequest('A', [topic]));
  await heartbeat(c1, ids, group, joinRequest('B', [topic], { instanceId: 'b' }));
  await heartbeat(c1, ids, group, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1, 2] }) });
  const before = await describeGroup(c1, ids, group);
  c1.close();
  await b1.stop({ keepData: true });
  const b2 = await startGroupBroker({ dataDir: b1.dataDir });
  const c2 = await connect(b2);
  try {
    assert.deepEqual(await describeGroup(c2, ids, group), before);
    const aEpoch = before.members.find((m) => m.memberId === 'A')?.epoch ?? -9;
    const next = await heartbeat(c2, ids, group, { memberId: 'A', memberEpoch: aEpoch, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    assert.equal(next.error, 0, 'the member carries on with its epoch');
  } finally {
    c2.close();
    await b2.stop();
  }
});
