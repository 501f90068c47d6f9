/**
 * KIP-848 consumer groups, Apache Kafka 4.4 vs the engine: the same ConsumerGroupHeartbeat
 * sequences (client-chosen member ids, so the member order Kafka's assignor walks is the same on
 * both) and the answers compared step by step: errors and messages, member epochs, assignments,
 * group and assignment epochs, states, targets; OffsetCommit/OffsetFetch with member epochs;
 * ListGroups and DescribeGroups. Kafka 4.4 batches target assignments (KIP-1263,
 * group.consumer.assignment.interval.ms = 1 s, computed off-thread); the reference runs with 0 and
 * no offload, which is the engine's (and Kafka 4.0-4.3's) immediate assignment.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { waitFor } from '../helpers/clients.js';
import { describeGroup, heartbeat, joinRequest, TopicIds } from '../helpers/consumer-protocol.js';
import { rawApi } from '../helpers/raw-client.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../src-protocol/generated/10-find-coordinator.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../src-protocol/generated/08-offset-commit.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../src-protocol/generated/09-offset-fetch.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../../src-protocol/generated/16-list-groups.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../src-protocol/generated/15-describe-groups.js';
import type { ConsumerGroupHeartbeatRequest } from '../../src-protocol/generated/68-consumer-group-heartbeat.js';
import { assertSameAsKafka, onBoth, send, skip, usePair, type Target } from './harness.js';

const pair = usePair({ kafkaOverrides: { 'group.consumer.assignment.interval.ms': '0', 'group.consumer.assignor.offload.enable': 'false' } });
const findCoordinator = rawApi<FindCoordinatorRequest, FindCoordinatorResponse>(10);
const offsetCommit = rawApi<OffsetCommitRequest, OffsetCommitResponse>(8);
const offsetFetch = rawApi<OffsetFetchRequest, OffsetFetchResponse>(9);
const listGroups = rawApi<ListGroupsRequest, ListGroupsResponse>(16);
const describeGroups = rawApi<DescribeGroupsRequest, DescribeGroupsResponse>(15);

/** A fresh Kafka answers NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE until __consumer_offsets is up; clients retry, so do we. */
async function coordinatorReady(t: Target, ids: TopicIds, group: string): Promise<void> {
  await send(t, findCoordinator, 4, { key: '', keyType: 0, coordinatorKeys: [group] });
  await waitFor(`${t.name}: the group coordinator`, async () => {
    const r = await heartbeat(t.raw, ids, group, { memberId: 'probe', memberEpoch: 1 });
    return ![14, 15, 16].includes(r.error);
  }, 60_000, 200);
}

/** Topics created on one broker, their ids, and a heartbeat/describe pair bound to one group. */
async function setup(t: Target, topics: Record<string, number>, group: string): Promise<{ ids: TopicIds; hb: (o: Partial<ConsumerGroupHeartbeatRequest>) => ReturnType<typeof heartbeat>; describe: () => ReturnType<typeof describeGroup> }> {
  for (const [topic, partitions] of Object.entries(topics)) await createTopic(t.bootstrap, topic, { partitions });
  const ids = await TopicIds.load(t.raw, Object.keys(topics));
  await coordinatorReady(t, ids, group);
  // Kafka's group coordinator learns about new topics from the metadata image a moment after
  // CreateTopics returns: wait until a throwaway group is assigned every partition.
  const total = Object.values(topics).reduce((a, b) => a + b, 0);
  let attempt = 0;
  await waitFor(`${t.name}: new topics visible to the group coordinator`, async () => {
    const probeGroup = `${group}-probe-${attempt++}`;
    const r = await heartbeat(t.raw, ids, probeGroup, joinRequest('probe', Object.keys(topics)));
    await heartbeat(t.raw, ids, probeGroup, { memberId: 'probe', memberEpoch: -1 });
    return (r.assignment ?? []).reduce((n, a) => n + (JSON.parse(a.slice(a.lastIndexOf(':') + 1)) as number[]).length, 0) === total;
  }, 30_000, 100);
  return { ids, hb: (o) => heartbeat(t.raw, ids, group, o), describe: () => describeGroup(t.raw, ids, group) };
}

test('request validation and errors: same codes and messages', { skip }, async () => {
  const topic = uniqueTopic('diff-cg');
  const group = uniqueTopic('diff-cg-g');
  assertSameAsKafka(await onBoth(pair(), async (t) => {
    const { ids, hb } = await setup(t, { [topic]: 2 }, group);
    const steps: Record<string, unknown> = {};
    steps.noRebalanceTimeout = await hb({ memberId: 'A', subscribedTopicNames: [topic], topicPartitions: [] });
    steps.noSubscription = await hb({ memberId: 'A', rebalanceTimeoutMs: 1000, topicPartitions: [] });
    steps.nullPartitions = await hb({ memberId: 'A', rebalanceTimeoutMs: 1000, subscribedTopicNames: [topic] });
    steps.badEpoch = await hb({ memberId: 'A', memberEpoch: -3 });
    steps.emptyInstanceId = await hb({ ...joinRequest('A', [topic]), instanceId: '' });
    steps.emptyRack = await hb({ ...joinRequest('A', [topic]), rackId: '' });
    steps.badAssignor = await hb({ ...joinRequest('A', [topic]), serverAssignor: 'sticky' });
    steps.emptyMemberIdV1 = await hb(joinRequest('', [topic]));
    steps.emptyMemberIdHeartbeat = await hb({ memberId: '', memberEpoch: 3 });
    steps.invalidRegex = await hb({ ...joinRequest('A', []), subscribedTopicNames: null, subscribedTopicRegex: 'a[' });
    steps.unknownMember = await hb({ memberId: 'A', memberEpoch: 1 });
    steps.leaveUnknown = await hb({ memberId: 'A', memberEpoch: -1 });
    steps.join = await hb(joinRequest('A', [topic]));
    steps.greaterEpoch = await hb({ memberId: 'A', memberEpoch: 9 });
    steps.smallerEpoch = await hb({ memberId: 'A', memberEpoch: 1, topicPartitions: ids.owned({ [topic]: [0] }) });
    steps.staticLeaveWithoutInstance = await hb({ memberId: 'A', memberEpoch: -2 });
    steps.unknownStatic = await hb({ memberId: 'A', memberEpoch: 2, instanceId: 'nobody' });
    steps.rejoinSame = await hb(joinRequest('A', [topic]));
    steps.describe = await describeGroup(t.raw, ids, group);
    steps.describeUnknown = await describeGroup(t.raw, ids, `${group}-unknown`);
    return steps;
  }));
});

test('uniform: three members join, revoke before assign, one leaves', { skip }, async () => {
  const topic = uniqueTopic('diff-cg');
  const group = uniqueTopic('diff-cg-g');
  assertSameAsKafka(await onBoth(pair(), async (t) => {
    const { ids, hb, describe } = await setup(t, { [topic]: 6 }, group);
    const owned = (p: number[]): { topicId: string; partitions: number[] }[] => ids.owned({ [topic]: p });
    const steps: unknown[] = [];
    const step = async (name: string, o: Partial<ConsumerGroupHeartbeatRequest>): Promise<void> => {
      steps.push({ name, response: await hb(o), group: await describe() });
    };
    await step('A joins', joinRequest('member-a', [topic]));
    await step('B joins', joinRequest('member-b', [topic]));
    await step('A heartbeats, still owning all', { memberId: 'member-a', memberEpoch: 2, topicPartitions: owned([0, 1, 2, 3, 4, 5]) });
    await step('C joins', joinRequest('member-c', [topic]));
    await step('B heartbeats (nothing released yet)', { memberId: 'member-b', memberEpoch: 3 });
    await step('A revokes', { memberId: 'member-a', memberEpoch: 2, topicPartitions: owned([0, 1]) });
    await step('B heartbeats', { memberId: 'member-b', memberEpoch: 3, topicPartitions: [] });
    await step('C heartbeats', { memberId: 'member-c', memberEpoch: 4, topicPartitions: [] });
    await step('A full heartbeat', { memberId: 'member-a', memberEpoch: 4, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [topic], topicPartitions: owned([0, 1]) });
    await step('B leaves', { memberId: 'member-b', memberEpoch: -1 });
    await step('C heartbeats after the leave', { memberId: 'member-c', memberEpoch: 4 });
    await step('A heartbeats after the leave', { memberId: 'member-a', memberEpoch: 4, topicPartitions: owned([0, 1]) });
    return steps;
  }));
});

test('range assignor, empty and changed subscriptions, two topics', { skip }, async () => {
  const t1 = uniqueTopic('diff-cg');
  const t2 = uniqueTopic('diff-cg');
  const group = uniqueTopic('diff-cg-g');
  assertSameAsKafka(await onBoth(pair(), async (t) => {
    const { hb, describe } = await setup(t, { [t1]: 5, [t2]: 2 }, group);
    const steps: unknown[] = [];
    const step = async (o: Partial<ConsumerGroupHeartbeatRequest>): Promise<void> => {
      steps.push({ response: await hb(o), group: await describe() });
    };
    await step(joinRequest('m1', [], { serverAssignor: 'range' }));
    await step(joinRequest('m3', [t1, t2], { serverAssignor: 'range' }));
    await step(joinRequest('m2', [t1, t2], { serverAssignor: 'range' }));
    await step({ memberId: 'm1', memberEpoch: 1, subscribedTopicNames: [t1, t2] });
    await step({ memberId: 'm3', memberEpoch: 2, topicPartitions: [] });
    await step({ memberId: 'm2', memberEpoch: 3, topicPartitions: [] });
    return steps;
  }));
});

test('static members: UNRELEASED_INSTANCE_ID, leave with -2, successor takes over', { skip }, async () => {
  const topic = uniqueTopic('diff-cg');
  const group = uniqueTopic('diff-cg-g');
  assertSameAsKafka(await onBoth(pair(), async (t) => {
    const { ids, hb, describe } = await setup(t, { [topic]: 3 }, group);
    const steps: unknown[] = [];
    const step = async (o: Partial<ConsumerGroupHeartbeatRequest>): Promise<void> => {
      steps.push({ response: await hb(o), group: await describe() });
    };
    await step(joinRequest('s1', [topic], { instanceId: 'instance-1' }));
    await step(joinRequest('d1', [topic]));
    await step(joinRequest('s2', [topic], { instanceId: 'instance-1' }));
    await step({ memberId: 's1', memberEpoch: 2, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    await step({ memberId: 'x', instanceId: 'instance-1', memberEpoch: -2 });
    await step({ memberId: 's1', instanceId: 'instance-1', memberEpoch: -2 });
    await step(joinRequest('s2', [topic], { instanceId: 'instance-1' }));
    await step({ memberId: 'd1', memberEpoch: 3, topicPartitions: [] });
    return steps;
  }));
});

test('OffsetCommit/OffsetFetch with member epochs, ListGroups v5, DescribeGroups v5', { skip }, async () => {
  const topic = uniqueTopic('diff-cg');
  const group = uniqueTopic('diff-cg-g');
  assertSameAsKafka(await onBoth(pair(), async (t) => {
    const { hb } = await setup(t, { [topic]: 2 }, group);
    const joined = await hb(joinRequest('member-a', [topic]));
    const commit = async (version: number, memberId: string, epoch: number): Promise<unknown> =>
      (await send(t, offsetCommit, version, {
        groupId: group, generationIdOrMemberEpoch: epoch, memberId, groupInstanceId: null, retentionTimeMs: -1,
        topics: [{ name: topic, partitions: [{ partitionIndex: 1, committedOffset: 5, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: 'x' }] }],
      })).topics;
    const fetchAs = async (memberId: string | null, memberEpoch: number): Promise<unknown> =>
      (await send(t, offsetFetch, 9, { groupId: '', topics: null, requireStable: true, groups: [{ groupId: group, memberId, memberEpoch, topics: [{ name: topic, partitionIndexes: [0, 1] }] }] })).groups;
    return {
      joined,
      commits: [await commit(9, 'member-a', joined.epoch), await commit(9, 'member-a', joined.epoch + 1), await commit(9, 'nobody', joined.epoch), await commit(8, 'member-a', joined.epoch), await commit(9, '', -1)],
      fetches: [await fetchAs('member-a', joined.epoch), await fetchAs(null, -1), await fetchAs('member-a', 0), await fetchAs('nobody', 1)],
      listed: (await send(t, listGroups, 5, { statesFilter: [], typesFilter: [] })).groups.filter((g) => g.groupId === group),
      listedClassic: (await send(t, listGroups, 5, { statesFilter: [], typesFilter: ['classic'] })).groups.filter((g) => g.groupId === group),
      listedStable: (await send(t, listGroups, 5, { statesFilter: ['stable'], typesFilter: [] })).groups.filter((g) => g.groupId === group),
      describedClassic: (await send(t, describeGroups, 5, { groups: [group], includeAuthorizedOperations: false })).groups,
    };
  }));
});

test('regex subscription (v1): matching topics only, full match, alongside names', { skip }, async () => {
  const prefix = uniqueTopic('diff-rx');
  const [t1, t2, other] = [`${prefix}-one`, `${prefix}-two`, `x${prefix}-one`];
  const group = uniqueTopic('diff-cg-g');
  assertSameAsKafka(await onBoth(pair(), async (t) => {
    const { hb, describe } = await setup(t, { [t1]: 2, [t2]: 1, [other]: 1 }, group);
    const joined = await hb({ ...joinRequest('rx', []), subscribedTopicNames: null, subscribedTopicRegex: `${prefix}-.*` });
    // Kafka resolves regexes asynchronously: heartbeat until the assignment arrives (the engine has it at once).
    let last = joined;
    await waitFor(`${t.name}: regex resolved`, async () => {
      if ((last.assignment ?? []).length === 2) return true;
      last = await hb({ memberId: 'rx', memberEpoch: last.epoch, topicPartitions: [] });
      return false;
    }, 30_000, 100);
    return { assignment: last.assignment, group: await describe() };
  }));
});

test('regex syntax is RE2/J: lookarounds and backreferences refused with Kafka\'s words, RE2-only syntax matches', { skip }, async () => {
  const prefix = uniqueTopic('diff-re2');
  const [t1, t2] = [`${prefix}-one`, `${prefix}-two`];
  const group = uniqueTopic('diff-re2-g');
  // JavaScript's RegExp accepts the first four; RE2/J does not. The last two are the reverse.
  const invalid = ['(?=x).*', '(a)\\1', '(?<!a)b', 'x**', 'a{1001}', '[a', 'a(', '\\'];
  const valid = { quoted: `\\Q${t1}\\E`, caseless: `(?i)${prefix.toUpperCase()}-ONE`, posixClass: `${prefix}-[[:alpha:]]+` };
  const result = await onBoth(pair(), async (t) => {
    const { hb } = await setup(t, { [t1]: 1, [t2]: 1 }, group);
    const steps: Record<string, unknown> = {};
    for (const [i, regex] of invalid.entries()) {
      const r = await hb({ ...joinRequest(`bad-${i}`, []), subscribedTopicNames: null, subscribedTopicRegex: regex });
      steps[regex] = { error: r.error, message: r.message };
    }
    for (const [name, regex] of Object.entries(valid)) {
      const g = `${group}-${name}`;
      let last = await heartbeat(t.raw, (await TopicIds.load(t.raw, [t1, t2])), g, { ...joinRequest(name, []), subscribedTopicNames: null, subscribedTopicRegex: regex });
      const expected = name === 'posixClass' ? 2 : 1;
      // Kafka resolves regexes asynchronously: heartbeat until the assignment arrives (the engine has it at once).
      await waitFor(`${t.name}: ${regex} resolved`, async () => {
        if (last.error !== 0 || (last.assignment ?? []).length === expected) return true;
        last = await heartbeat(t.raw, (await TopicIds.load(t.raw, [t1, t2])), g, { memberId: name, memberEpoch: last.epoch, topicPartitions: [] });
        return false;
      }, 30_000, 100);
      steps[name] = { error: last.error, message: last.message, assignment: last.assignment };
    }
    return steps;
  });
  assertSameAsKafka(result);
  // Not just equal: what Kafka 4.4 answers (so a broker that errs alike on everything cannot pass).
  const kafka = result.kafka as Record<string, { error: number; message: string | null; assignment?: string[] | null }>;
  assert.equal(kafka['(?=x).*']?.message, 'SubscribedTopicRegex `(?=x).*` is not a valid regular expression: invalid or unsupported Perl syntax.');
  assert.equal(kafka['(a)\\1']?.error, ErrorCode.INVALID_REGULAR_EXPRESSION);
  assert.deepEqual([kafka.quoted?.assignment, kafka.caseless?.assignment, kafka.posixClass?.assignment], [[`${t1}:[0]`], [`${t1}:[0]`], [`${t1}:[0]`, `${t2}:[0]`]]);
});
