/**
 * Online migration, Apache Kafka 4.4 vs the engine: a classic member (raw JoinGroup v9 / SyncGroup v5 /
 * Heartbeat v4 / OffsetCommit v8 / LeaveGroup v5) joins a consumer group a KIP-848 member (raw
 * ConsumerGroupHeartbeat) consumes. Step by step the answers are compared: MEMBER_ID_REQUIRED, the JoinGroup's
 * generation (= member epoch) and protocol, the SyncGroup assignment (what the target gives it once released),
 * REBALANCE_IN_PROGRESS when it must rejoin, commits with its generation, ConsumerGroupDescribe (member types,
 * epochs, states), the leave. Kafka runs with immediate target assignment (as the engine).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { Writer } from '../../src-protocol/codec/writer.js';
import { writeConsumerProtocolSubscription } from '../../src-protocol/generated/data/consumer-protocol-subscription.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../src-protocol/generated/10-find-coordinator.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../src-protocol/generated/11-join-group.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../../src-protocol/generated/12-heartbeat.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../src-protocol/generated/13-leave-group.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../../src-protocol/generated/14-sync-group.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../src-protocol/generated/08-offset-commit.js';
import { decodeAssignment } from '../../src-engine/groups/consumer-protocol.js';
import { waitFor } from '../helpers/clients.js';
import { describeGroup, heartbeat, joinRequest, TopicIds } from '../helpers/consumer-protocol.js';
import { rawApi } from '../helpers/raw-client.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import { assertSameAsKafka, onBoth, send, skip, usePair } from './harness.js';

const pair = usePair({ kafkaOverrides: { 'group.consumer.assignment.interval.ms': '0', 'group.consumer.assignor.offload.enable': 'false' } });
const findCoordinator = rawApi<FindCoordinatorRequest, FindCoordinatorResponse>(10);
const joinGroup = rawApi<JoinGroupRequest, JoinGroupResponse>(11);
const heartbeatClassic = rawApi<HeartbeatRequest, HeartbeatResponse>(12);
const leaveGroup = rawApi<LeaveGroupRequest, LeaveGroupResponse>(13);
const syncGroup = rawApi<SyncGroupRequest, SyncGroupResponse>(14);
const offsetCommit = rawApi<OffsetCommitRequest, OffsetCommitResponse>(8);

function subscription(topics: string[]): Buffer {
  const w = new Writer(64);
  w.int16(1);
  writeConsumerProtocolSubscription(w, 1, { topics, userData: null, ownedPartitions: [], generationId: -1, rackId: null });
  return w.toBuffer();
}

test('a classic member inside a consumer group: join, sync, rejoin for released partitions, commit, leave', { skip }, async () => {
  const topic = uniqueTopic('diff-migration');
  const group = uniqueTopic('diff-migration-g');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { partitions: 4 });
    const ids = await TopicIds.load(t.raw, [topic]);
    await send(t, findCoordinator, 4, { key: '', keyType: 0, coordinatorKeys: [group] });
    const steps: Record<string, unknown> = {};
    // A: the KIP-848 member (retry while a fresh Kafka loads its coordinator or learns the topic).
    let a = await heartbeat(t.raw, ids, group, joinRequest('A', [topic]));
    await waitFor(`${t.name}: A assigned`, async () => {
      if (a.error === 0 && (a.assignment ?? []).length > 0) return true;
      a = a.error === 0 ? await heartbeat(t.raw, ids, group, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: [] }) : await heartbeat(t.raw, ids, group, joinRequest('A', [topic]));
      return false;
    }, 60_000, 200);
    steps.a = await heartbeat(t.raw, ids, group, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1, 2, 3] }) });

    // B: a classic member (eager "range"; it owns nothing when it joins).
    const metadata = subscription([topic]);
    const join = (memberId: string) => t.raw.send(joinGroup, 9, { groupId: group, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 20_000, memberId, groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata }], reason: null }, 30_000);
    const first = await join('');
    steps.memberIdRequired = first.errorCode;
    const b = first.memberId;
    const shape = (r: JoinGroupResponse) => ({ error: r.errorCode, generation: r.generationId, protocolType: r.protocolType, protocolName: r.protocolName, leader: r.leader === b ? 'B' : r.leader, members: r.members.length, skip: r.skipAssignment, self: r.memberId === b });
    const joined = await join(b);
    steps.join = shape(joined);
    const sync = async (generationId: number) => {
      const r = await t.raw.send(syncGroup, 5, { groupId: group, generationId, memberId: b, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] }, 30_000);
      return { error: r.errorCode, protocolType: r.protocolType, protocolName: r.protocolName, assignment: decodeAssignment(r.assignment) };
    };
    const beat = async (generationId: number) => (await t.raw.send(heartbeatClassic, 4, { groupId: group, generationId, memberId: b, groupInstanceId: null })).errorCode;
    steps.sync = await sync(joined.generationId);
    steps.syncWrongGeneration = await sync(joined.generationId + 5);
    steps.beatWaiting = await beat(joined.generationId);
    steps.beatWrongGeneration = await beat(joined.generationId + 5);
    steps.describeReconciling = await describeGroup(t.raw, ids, group);

    // A revokes 2 and 3; then B is told to rejoin for them.
    steps.aRevokes = await heartbeat(t.raw, ids, group, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1, 2, 3] }) });
    steps.aRevoked = await heartbeat(t.raw, ids, group, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    steps.beatReleased = await beat(joined.generationId);
    const rejoined = await join(b);
    steps.rejoin = shape(rejoined);
    steps.syncAfterRejoin = await sync(rejoined.generationId);
    steps.beatStable = await beat(rejoined.generationId);
    const commit = async (generation: number) => (await t.raw.send(offsetCommit, 8, {
      groupId: group, generationIdOrMemberEpoch: generation, memberId: b, groupInstanceId: null, retentionTimeMs: -1,
      topics: [{ name: topic, partitions: [{ partitionIndex: 2, committedOffset: 0, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
    })).topics.flatMap((x) => x.partitions.map((p) => p.errorCode));
    steps.commit = await commit(rejoined.generationId);
    steps.commitStale = await commit(rejoined.generationId - 1);
    steps.describeStable = await describeGroup(t.raw, ids, group);

    const left = await t.raw.send(leaveGroup, 5, { groupId: group, memberId: '', members: [{ memberId: b, groupInstanceId: null, reason: 'done' }] });
    steps.leave = { error: left.errorCode, members: left.members.map((m) => m.errorCode) };
    steps.aAfterLeave = await heartbeat(t.raw, ids, group, { memberId: 'A', memberEpoch: (steps.aRevoked as { epoch: number }).epoch, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    steps.describeAfterLeave = await describeGroup(t.raw, ids, group);
    // Member ids differ between brokers: B's is generated by each (and describeGroup sorted by it: sort again).
    const named = JSON.parse(JSON.stringify(steps).replaceAll(b, 'B')) as Record<string, unknown>;
    for (const key of ['describeReconciling', 'describeStable', 'describeAfterLeave']) {
      const d = named[key] as { members: { memberId: string }[] };
      d.members.sort((x, y) => (x.memberId < y.memberId ? -1 : 1));
    }
    return named;
  });
  if (process.env.DUMP) console.log(JSON.stringify(result.kafka, null, 1));
  assertSameAsKafka(result);
});

test('online downgrade: the last KIP-848 member leaves, the classic member rejoins a classic group', { skip }, async () => {
  const topic = uniqueTopic('diff-downgrade');
  const group = uniqueTopic('diff-downgrade-g');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { partitions: 2 });
    const ids = await TopicIds.load(t.raw, [topic]);
    await send(t, findCoordinator, 4, { key: '', keyType: 0, coordinatorKeys: [group] });
    let a = await heartbeat(t.raw, ids, group, joinRequest('A', [topic]));
    await waitFor(`${t.name}: A assigned`, async () => {
      if (a.error === 0 && (a.assignment ?? []).length > 0) return true;
      a = a.error === 0 ? await heartbeat(t.raw, ids, group, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: [] }) : await heartbeat(t.raw, ids, group, joinRequest('A', [topic]));
      return false;
    }, 60_000, 200);
    await heartbeat(t.raw, ids, group, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    const metadata = subscription([topic]);
    const join = (memberId: string) => t.raw.send(joinGroup, 9, { groupId: group, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 20_000, memberId, groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata }], reason: null }, 30_000);
    const b = (await join('')).memberId;
    const joined = await join(b);
    const steps: Record<string, unknown> = {};
    steps.aLeaves = await heartbeat(t.raw, ids, group, { memberId: 'A', memberEpoch: -1 });
    steps.bBeat = (await t.raw.send(heartbeatClassic, 4, { groupId: group, generationId: joined.generationId, memberId: b, groupInstanceId: null })).errorCode;
    const rejoin = await join(b);
    steps.rejoin = { error: rejoin.errorCode, generation: rejoin.generationId, protocolName: rejoin.protocolName, leaderIsB: rejoin.leader === b, members: rejoin.members.length };
    steps.describe = await describeGroup(t.raw, ids, group);
    return steps;
  });
  assertSameAsKafka(result);
  // What Kafka 4.4 does, so that both failing alike cannot pass: a classic rebalance the member rejoins as leader.
  const kafka = result.kafka as { bBeat: number; rejoin: { error: number; leaderIsB: boolean; members: number }; describe: { error: number } };
  assert.deepEqual([kafka.bBeat, kafka.rejoin.error, kafka.rejoin.leaderIsB, kafka.rejoin.members, kafka.describe.error], [ErrorCode.REBALANCE_IN_PROGRESS, 0, true, 1, ErrorCode.GROUP_ID_NOT_FOUND]);
});
