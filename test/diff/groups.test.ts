/**
 * The classic group coordinator, Apache Kafka vs the engine, through the wire protocol (exact error
 * codes, generations, states, assignments) and through kafkajs (a consumer group that commits).
 * Member ids are the broker's own choice and are replaced by M0, M1, ... in order of appearance.
 */
import { test } from 'node:test';
import kafkajs from 'kafkajs';
import { rawApi } from '../helpers/raw-client.js';
import { createTopic, produceMessages, uniqueTopic } from '../helpers/topics.js';
import { waitFor } from '../helpers/clients.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../src-protocol/generated/10-find-coordinator.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../src-protocol/generated/11-join-group.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../../src-protocol/generated/12-heartbeat.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../src-protocol/generated/13-leave-group.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../../src-protocol/generated/14-sync-group.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../src-protocol/generated/08-offset-commit.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../src-protocol/generated/09-offset-fetch.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../src-protocol/generated/15-describe-groups.js';
import { assertSameAsKafka, onBoth, send, skip, usePair, type Target } from './harness.js';

const { Kafka, logLevel } = kafkajs;
const pair = usePair();
const findCoordinator = rawApi<FindCoordinatorRequest, FindCoordinatorResponse>(10);
const joinGroup = rawApi<JoinGroupRequest, JoinGroupResponse>(11);
const heartbeat = rawApi<HeartbeatRequest, HeartbeatResponse>(12);
const leaveGroup = rawApi<LeaveGroupRequest, LeaveGroupResponse>(13);
const syncGroup = rawApi<SyncGroupRequest, SyncGroupResponse>(14);
const offsetCommit = rawApi<OffsetCommitRequest, OffsetCommitResponse>(8);
const offsetFetch = rawApi<OffsetFetchRequest, OffsetFetchResponse>(9);
const describeGroups = rawApi<DescribeGroupsRequest, DescribeGroupsResponse>(15);

/** Replaces broker-chosen member ids by stable names, everywhere in a result. */
function memberNames(): (id: string) => string {
  const seen = new Map<string, string>();
  return (id) => {
    if (id === '') return '';
    if (!seen.has(id)) seen.set(id, `M${seen.size}`);
    return seen.get(id) ?? id;
  };
}

async function describe(t: Target, groupId: string, name: (id: string) => string): Promise<unknown> {
  const g = (await send(t, describeGroups, 5, { groups: [groupId], includeAuthorizedOperations: false })).groups[0];
  return g && {
    errorCode: g.errorCode,
    state: g.groupState,
    protocolType: g.protocolType,
    protocol: g.protocolData,
    members: g.members.map((m) => ({ memberId: name(m.memberId), clientId: m.clientId, metadata: m.memberMetadata.toString('hex'), assignment: m.memberAssignment.toString('hex') })),
  };
}

async function fetchOffsets(t: Target, groupId: string, topic: string): Promise<unknown> {
  const res = await send(t, offsetFetch, 7, { groupId, topics: [{ name: topic, partitionIndexes: [0, 1, 2] }], groups: [], requireStable: true });
  return { errorCode: res.errorCode, partitions: res.topics.flatMap((x) => x.partitions.map((p) => ({ p: p.partitionIndex, offset: p.committedOffset, metadata: p.metadata, errorCode: p.errorCode }))) };
}

test('raw group lifecycle: join (member id required), sync, heartbeat, commit, fetch, describe, leave', { skip }, async () => {
  const topic = uniqueTopic('diff-group-topic');
  const groupId = uniqueTopic('diff-group');
  const result = await onBoth(pair(), async (t) => {
    const name = memberNames();
    await createTopic(t.bootstrap, topic, { partitions: 2 });
    // A fresh Kafka creates __consumer_offsets on the first FindCoordinator and answers
    // COORDINATOR_NOT_AVAILABLE / NOT_COORDINATOR / LOAD_IN_PROGRESS meanwhile; clients retry, so do we.
    const coordinatorRetriable = new Set([14, 15, 16]);
    let coordinator: FindCoordinatorResponse | undefined;
    await waitFor('the group coordinator', async () => {
      coordinator = await send(t, findCoordinator, 4, { key: '', keyType: 0, coordinatorKeys: [groupId] });
      return coordinator.coordinators.every((c) => !coordinatorRetriable.has(c.errorCode));
    }, 60_000, 200);
    const join = (memberId: string): Promise<JoinGroupResponse> =>
      send(t, joinGroup, 7, { groupId, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 30_000, memberId, groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from('meta-1') }], reason: null });
    let first: JoinGroupResponse = await join('');
    await waitFor('the coordinator to load', async () => {
      if (!coordinatorRetriable.has(first.errorCode)) return true;
      first = await join('');
      return false;
    }, 60_000, 200);
    const second = await join(first.memberId);
    const memberId = second.memberId;
    const sync = await send(t, syncGroup, 5, { groupId, generationId: second.generationId, memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId, assignment: Buffer.from('assigned-all') }] });
    const beat = await send(t, heartbeat, 4, { groupId, generationId: second.generationId, memberId, groupInstanceId: null });
    const badBeat = await send(t, heartbeat, 4, { groupId, generationId: second.generationId + 5, memberId, groupInstanceId: null });
    const commit = (generationIdOrMemberEpoch: number, member: string, partitions: number[]): Promise<number[]> =>
      send(t, offsetCommit, 8, { groupId, generationIdOrMemberEpoch, memberId: member, groupInstanceId: null, retentionTimeMs: -1, topics: [{ name: topic, partitions: partitions.map((p) => ({ partitionIndex: p, committedOffset: 10 + p, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: `m${p}` })) }] })
        .then((r) => r.topics.flatMap((x) => x.partitions.map((p) => p.errorCode)));
    const commits = {
      ok: await commit(second.generationId, memberId, [0, 1]),
      unknownPartition: await commit(second.generationId, memberId, [9]),
      wrongGeneration: await commit(second.generationId + 1, memberId, [0]),
      unknownMember: await commit(second.generationId, 'not-a-member', [0]),
    };
    const stable = await describe(t, groupId, name);
    const offsets = await fetchOffsets(t, groupId, topic);
    const leave = await send(t, leaveGroup, 4, { groupId, memberId: '', members: [{ memberId, groupInstanceId: null, reason: null }] });
    return {
      coordinator: coordinator?.coordinators.map((c) => c.errorCode),
      first: { errorCode: first.errorCode, memberIdGiven: first.memberId !== '', generationId: first.generationId },
      second: { errorCode: second.errorCode, generationId: second.generationId, protocolName: second.protocolName, leader: name(second.leader), memberId: name(memberId), members: second.members.map((m) => ({ memberId: name(m.memberId), metadata: m.metadata.toString() })) },
      sync: { errorCode: sync.errorCode, assignment: sync.assignment.toString(), protocolName: sync.protocolName },
      heartbeats: [beat.errorCode, badBeat.errorCode],
      commits,
      stable,
      offsets,
      leave: { errorCode: leave.errorCode, members: leave.members.map((m) => ({ memberId: name(m.memberId), errorCode: m.errorCode })) },
      afterLeave: await describe(t, groupId, name),
      unknownGroup: await describe(t, `${groupId}-never`, name),
      unknownGroupOffsets: await fetchOffsets(t, `${groupId}-never`, topic),
    };
  });
  assertSameAsKafka(result);
});

test('kafkajs consumer group: consumes, commits, and the committed offsets and group read back the same', { skip, timeout: 120_000 }, async () => {
  const topic = uniqueTopic('diff-kjs-group');
  const groupId = uniqueTopic('diff-kjs');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { partitions: 2 });
    await produceMessages(t.bootstrap, topic, [0, 0, 0, 1, 1].map((partition, i) => ({ partition, key: `k${i}`, value: `v${i}` })));
    const kafka = new Kafka({ clientId: 'diff-kjs', brokers: [t.bootstrap], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push(`${partition}:${message.offset}:${String(message.value)}`) });
    await waitFor('all five records', () => seen.length >= 5, 60_000);
    await consumer.disconnect(); // commits what it consumed
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const described = await admin.describeGroups([groupId]);
    await admin.disconnect();
    return {
      seen: seen.sort(),
      offsets: offsets.flatMap((o) => o.partitions.map((p) => ({ partition: p.partition, offset: p.offset }))).sort((a, b) => a.partition - b.partition),
      groups: described.groups.map((g) => ({ state: g.state, protocolType: g.protocolType, protocol: g.protocol, members: g.members.length })),
    };
  });
  assertSameAsKafka(result);
});
