// The newest group API versions the engine advertises (what a Java 3.9 client sends): JoinGroup v9,
// SyncGroup v5, Heartbeat v4, LeaveGroup v5, OffsetCommit v9, OffsetFetch v9 — flexible encodings,
// KIP-394 member ids, reasons, protocol type/name checks — driven over the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { Writer } from '../../../src-protocol/codec/writer.js';
import { writeConsumerProtocolAssignment } from '../../../src-protocol/generated/data/consumer-protocol-assignment.js';
import { writeConsumerProtocolSubscription } from '../../../src-protocol/generated/data/consumer-protocol-subscription.js';
import { readJoinGroupResponse, writeJoinGroupRequest, type JoinGroupRequest } from '../../../src-protocol/generated/11-join-group.js';
import { readSyncGroupResponse, writeSyncGroupRequest, type SyncGroupRequest } from '../../../src-protocol/generated/14-sync-group.js';
import { readHeartbeatResponse, writeHeartbeatRequest } from '../../../src-protocol/generated/12-heartbeat.js';
import { readLeaveGroupResponse, writeLeaveGroupRequest } from '../../../src-protocol/generated/13-leave-group.js';
import { readOffsetCommitResponse, writeOffsetCommitRequest } from '../../../src-protocol/generated/08-offset-commit.js';
import { readOffsetFetchResponse, writeOffsetFetchRequest } from '../../../src-protocol/generated/09-offset-fetch.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { rawRequest } from './raw-client.js';
import { startGroupBroker } from './group-test-broker.js';

function versioned(write: (w: Writer) => void): Buffer {
  const w = new Writer();
  w.int16(1);
  write(w);
  return w.toBuffer();
}

test('JoinGroup v9 / SyncGroup v5 / Heartbeat v4 / OffsetCommit v9 / OffsetFetch v9 / LeaveGroup v5', { timeout: 60_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('wire');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: 2 });
  const call = <T>(apiKey: number, version: number, write: (w: Writer) => void, read: (r: Parameters<typeof readJoinGroupResponse>[0]) => T): Promise<T> =>
    rawRequest(b.handle.host, b.handle.port, { apiKey, version, flexible: true, write, read });
  const subscription = versioned((w) => writeConsumerProtocolSubscription(w, 1, { topics: [topic], userData: null, ownedPartitions: [], generationId: -1, rackId: null }));
  const assignment = versioned((w) => writeConsumerProtocolAssignment(w, 1, { assignedPartitions: [{ topic, partitions: [0, 1] }], userData: null }));
  const join = (memberId: string): Promise<ReturnType<typeof readJoinGroupResponse>> => {
    const req: JoinGroupRequest = {
      groupId: group, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId, groupInstanceId: null,
      protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription }], reason: 'wire test',
    };
    return call(11, 9, (w) => writeJoinGroupRequest(w, 9, req), (r) => readJoinGroupResponse(r, 9));
  };
  const sync = (memberId: string, over: Partial<SyncGroupRequest> = {}): Promise<ReturnType<typeof readSyncGroupResponse>> =>
    call(14, 5, (w) => writeSyncGroupRequest(w, 5, {
      groupId: group, generationId: 1, memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range',
      assignments: [{ memberId, assignment }], ...over,
    }), (r) => readSyncGroupResponse(r, 5));
  try {
    const first = await join('');
    assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
    assert.match(first.memberId, /^raw-test-[0-9a-f-]{36}$/);
    const joined = await join(first.memberId);
    assert.deepEqual(
      [joined.errorCode, joined.generationId, joined.protocolType, joined.protocolName, joined.leader, joined.skipAssignment, joined.members.length],
      [0, 1, 'consumer', 'range', first.memberId, false, 1],
    );
    assert.ok(joined.members[0]?.metadata.equals(subscription));
    assert.equal((await sync(first.memberId, { protocolName: 'roundrobin' })).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const synced = await sync(first.memberId);
    assert.deepEqual([synced.errorCode, synced.protocolType, synced.protocolName], [0, 'consumer', 'range']);
    assert.ok(synced.assignment.equals(assignment));
    const hb = await call(12, 4, (w) => writeHeartbeatRequest(w, 4, { groupId: group, generationId: 1, memberId: first.memberId, groupInstanceId: null }), (r) => readHeartbeatResponse(r, 4));
    assert.equal(hb.errorCode, 0);

    const committed = await call(8, 9, (w) => writeOffsetCommitRequest(w, 9, {
      groupId: group, generationIdOrMemberEpoch: 1, memberId: first.memberId, groupInstanceId: null, retentionTimeMs: -1,
      topics: [{ name: topic, partitions: [{ partitionIndex: 1, committedOffset: 42, committedLeaderEpoch: 0, commitTimestamp: -1, committedMetadata: 'hello' }] }],
    }), (r) => readOffsetCommitResponse(r, 9));
    assert.equal(committed.topics[0]?.partitions[0]?.errorCode, 0);
    const fetched = await call(9, 9, (w) => writeOffsetFetchRequest(w, 9, {
      groupId: '', topics: [], requireStable: false,
      groups: [{ groupId: group, memberId: first.memberId, memberEpoch: 1, topics: [{ name: topic, partitionIndexes: [0, 1] }] }],
    }), (r) => readOffsetFetchResponse(r, 9));
    const parts = fetched.groups[0]?.topics[0]?.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.committedLeaderEpoch, p.metadata]);
    assert.deepEqual(parts, [[0, -1, -1, ''], [1, 42, 0, 'hello']]);

    const left = await call(13, 5, (w) => writeLeaveGroupRequest(w, 5, {
      groupId: group, memberId: '', members: [{ memberId: first.memberId, groupInstanceId: null, reason: 'done testing' }, { memberId: 'nobody', groupInstanceId: null, reason: null }],
    }), (r) => readLeaveGroupResponse(r, 5));
    assert.deepEqual([left.errorCode, ...left.members.map((m) => m.errorCode)], [0, 0, ErrorCode.UNKNOWN_MEMBER_ID]);
    await b.waitEmpty(group, 10_000);
    const ev = b.groupEvents(group);
    assert.ok(ev.some((e) => e.type === 'member-joined' && e.reason === 'wire test'));
    assert.ok(ev.some((e) => e.type === 'member-left' && e.reason === 'leave-group' && e.detail === 'done testing'));
  } finally {
    await b.stop();
  }
});
