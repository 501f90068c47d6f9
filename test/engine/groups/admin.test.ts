// Group administration through kafkajs's admin client (and raw requests for what kafkajs cannot
// send): list/describe/delete groups, fetch and reset committed offsets, delete one topic's
// offsets (its lag disappears), multi-group OffsetFetch v8, batched FindCoordinator v4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { readOffsetDeleteResponse, writeOffsetDeleteRequest } from '../../../src-protocol/generated/47-offset-delete.js';
import { readOffsetFetchResponse, writeOffsetFetchRequest } from '../../../src-protocol/generated/09-offset-fetch.js';
import { readListGroupsResponse, writeListGroupsRequest } from '../../../src-protocol/generated/16-list-groups.js';
import { readFindCoordinatorResponse, writeFindCoordinatorRequest } from '../../../src-protocol/generated/10-find-coordinator.js';
import { readDescribeGroupsResponse, writeDescribeGroupsRequest } from '../../../src-protocol/generated/15-describe-groups.js';
import { rawRequest } from './raw-client.js';
import { startGroupBroker } from './group-test-broker.js';

test('admin: list/describe/delete groups, fetch/reset offsets, OffsetDelete removes a topic from the lag', { timeout: 90_000 }, async () => {
  const b = await startGroupBroker();
  const t = uniqueTopic('adm-t');
  const u = uniqueTopic('adm-u');
  const group = `g-${t}`;
  await createTopic(b.bootstrap, t, { partitions: 3 });
  await createTopic(b.bootstrap, u, { partitions: 1 });
  const kafka = b.kafka('admin-test');
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: t, messages: Array.from({ length: 30 }, (_, i) => ({ value: `t${i}`, partition: i % 3 })) });
  await producer.send({ topic: u, messages: Array.from({ length: 10 }, (_, i) => ({ value: `u${i}` })) });
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [t, u], fromBeginning: true });
    let n = 0;
    await consumer.run({ autoCommitInterval: 100, eachMessage: async () => void n++ });
    await b.waitStable(group, 1);
    await waitFor('40 records consumed', () => n === 40, 20_000);
    await waitFor('everything committed', () => b.handle.insight.groupLag(group)?.partitions.filter((p) => p.committedOffset !== null).length === 4, 20_000);

    const described = await admin.describeGroups([group]);
    const g = described.groups[0];
    assert.equal(g?.state, 'Stable');
    assert.equal(g?.protocolType, 'consumer');
    assert.equal(g?.members.length, 1);
    assert.ok((g?.members[0]?.memberAssignment.length ?? 0) > 0);
    assert.ok((await admin.listGroups()).groups.some((x) => x.groupId === group && x.protocolType === 'consumer'));
    // A group with members cannot be deleted.
    await assert.rejects(admin.deleteGroups([group]));

    await consumer.disconnect();
    await b.waitEmpty(group);
    const fetched = await admin.fetchOffsets({ groupId: group, topics: [t, u] });
    const offsetsOf = (topic: string): number[] => fetched.find((x) => x.topic === topic)?.partitions.sort((a, c) => a.partition - c.partition).map((p) => Number(p.offset)) ?? [];
    assert.deepEqual(offsetsOf(t), [10, 10, 10]);
    assert.deepEqual(offsetsOf(u), [10]);

    // Reset t's offsets (the group is Empty now).
    await admin.setOffsets({ groupId: group, topic: t, partitions: [{ partition: 0, offset: '4' }, { partition: 1, offset: '0' }, { partition: 2, offset: '10' }] });
    const after = await admin.fetchOffsets({ groupId: group, topics: [t] });
    assert.deepEqual(after[0]?.partitions.sort((a, c) => a.partition - c.partition).map((p) => p.offset), ['4', '0', '10']);
    const lag = b.handle.insight.groupLag(group);
    assert.equal(lag?.totalLag, 6 + 10);
    assert.equal(lag?.recordsLagMax, 10);
    assert.ok(lag?.topics.some((x) => x.topic === u));

    // OffsetDelete (kafkajs has no API for it) of topic u only.
    const del = await rawRequest(b.handle.host, b.handle.port, {
      apiKey: 47, version: 0, flexible: false,
      write: (w) => writeOffsetDeleteRequest(w, 0, { groupId: group, topics: [{ name: u, partitions: [{ partitionIndex: 0 }] }] }),
      read: (r) => readOffsetDeleteResponse(r, 0),
    });
    assert.equal(del.errorCode, 0);
    assert.equal(del.topics[0]?.partitions[0]?.errorCode, 0);
    const lag2 = b.handle.insight.groupLag(group);
    assert.equal(lag2?.topics.some((x) => x.topic === u), false, 'u is gone from the lag');
    assert.equal(lag2?.totalLag, 16);

    // Multi-group OffsetFetch (v8) and ListGroups with a state filter (v4+), flexible versions.
    const multi = await rawRequest(b.handle.host, b.handle.port, {
      apiKey: 9, version: 8, flexible: true,
      write: (w) => writeOffsetFetchRequest(w, 8, { groupId: '', topics: [], requireStable: true, groups: [
        { groupId: group, memberId: null, memberEpoch: -1, topics: null },
        { groupId: 'nobody', memberId: null, memberEpoch: -1, topics: [{ name: t, partitionIndexes: [0] }] },
      ] }),
      read: (r) => readOffsetFetchResponse(r, 8),
    });
    assert.equal(multi.groups.length, 2);
    assert.deepEqual(multi.groups[0]?.topics.flatMap((x) => x.partitions.map((p) => `${x.name}/${p.partitionIndex}=${p.committedOffset}`)).sort(), [`${t}/0=4`, `${t}/1=0`, `${t}/2=10`]);
    assert.equal(multi.groups[1]?.topics[0]?.partitions[0]?.committedOffset, -1);
    const listed = await rawRequest(b.handle.host, b.handle.port, {
      apiKey: 16, version: 5, flexible: true,
      write: (w) => writeListGroupsRequest(w, 5, { statesFilter: ['Empty'], typesFilter: ['classic'] }),
      read: (r) => readListGroupsResponse(r, 5),
    });
    assert.deepEqual(listed.groups.filter((x) => x.groupId === group).map((x) => [x.groupState, x.groupType]), [['Empty', 'classic']]);
    const stableOnly = await rawRequest(b.handle.host, b.handle.port, {
      apiKey: 16, version: 4, flexible: true,
      write: (w) => writeListGroupsRequest(w, 4, { statesFilter: ['stable'], typesFilter: [] }),
      read: (r) => readListGroupsResponse(r, 4),
    });
    assert.equal(stableOnly.groups.some((x) => x.groupId === group), false);
    const coords = await rawRequest(b.handle.host, b.handle.port, {
      apiKey: 10, version: 4, flexible: true,
      write: (w) => writeFindCoordinatorRequest(w, 4, { key: '', keyType: 0, coordinatorKeys: [group, 'other'] }),
      read: (r) => readFindCoordinatorResponse(r, 4),
    });
    assert.deepEqual(coords.coordinators.map((c) => [c.key, c.errorCode, c.port]), [[group, 0, b.handle.port], ['other', 0, b.handle.port]]);
    const dg = await rawRequest(b.handle.host, b.handle.port, {
      apiKey: 15, version: 5, flexible: true,
      write: (w) => writeDescribeGroupsRequest(w, 5, { groups: [group, 'missing'], includeAuthorizedOperations: true }),
      read: (r) => readDescribeGroupsResponse(r, 5),
    });
    assert.deepEqual(dg.groups.map((x) => [x.groupId, x.errorCode, x.groupState]), [[group, 0, 'Empty'], ['missing', 0, 'Dead']]);

    await admin.deleteGroups([group]);
    assert.equal((await admin.listGroups()).groups.some((x) => x.groupId === group), false);
    const gone = await admin.fetchOffsets({ groupId: group, topics: [t] });
    assert.ok(gone[0]?.partitions.every((p) => p.offset === '-1'));
    assert.equal(b.handle.insight.groupLag(group), null);
    assert.ok(b.groupEvents(group).some((e) => e.type === 'group-deleted'));
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
    await b.stop();
  }
});

test('lag: unknown (null) before the first commit, exact afterwards, never negative', { timeout: 60_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('lag');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: 2 });
  const kafka = b.kafka('lag-test');
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `v${i}`, partition: i % 2 })) });
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let n = 0;
    await consumer.run({ autoCommit: false, eachMessage: async () => void n++ });
    await b.waitStable(group, 1);
    await waitFor('20 consumed', () => n === 20, 20_000);
    const before = b.handle.insight.groupLag(group);
    assert.equal(before?.partitions.length, 2, 'assigned partitions are listed even without commits');
    assert.ok(before?.partitions.every((p) => p.committedOffset === null && p.lag === null && p.logEndOffset === 10 && p.memberId !== null));
    assert.equal(before?.recordsLagMax, null);
    assert.equal(before?.totalLag, 0);
    assert.deepEqual(before?.topics, [{ topic, lag: 0, uncommittedPartitions: 2 }]);

    await consumer.commitOffsets([{ topic, partition: 0, offset: '3' }, { topic, partition: 1, offset: '10' }]);
    const after = b.handle.insight.groupLag(group);
    assert.deepEqual(after?.partitions.map((p) => [p.partition, p.committedOffset, p.lag]), [[0, 3, 7], [1, 10, 0]]);
    assert.equal(after?.recordsLagMax, 7);
    // A commit beyond the log end (allowed by Kafka) does not produce a negative lag.
    await consumer.commitOffsets([{ topic, partition: 1, offset: '15' }]);
    assert.equal(b.handle.insight.groupLag(group)?.partitions[1]?.lag, 0);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await b.stop();
  }
});
