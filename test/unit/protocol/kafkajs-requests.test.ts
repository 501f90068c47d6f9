/**
 * Wire compatibility, client -> broker: kafkajs's own request encoders (every version kafkajs
 * speaks for the APIs it uses most) decoded by our generated readers, field by field.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ApiVersionsRequest, CreateTopicsRequest, FetchRequest, HeartbeatRequest, JoinGroupRequest, ListOffsetsRequest,
  MetadataRequest, OffsetCommitRequest, OffsetFetchRequest, ProduceRequest, SyncGroupRequest,
} from '../../../src-protocol/generated/index.js';
import { kafkajsDecodeBatch } from '../compression/kafkajs-internals.js';
import { batchHeader, kafkajsLong, kafkajsToOurs, versions } from './kafkajs-protocol.js';

describe('kafkajs request encoders -> our request readers', () => {
  for (const v of versions(0, 2)) {
    it(`ApiVersions v${v}`, async () => {
      const req = await kafkajsToOurs<ApiVersionsRequest>('apiVersions', v, {});
      assert.deepStrictEqual(req, { clientSoftwareName: '', clientSoftwareVersion: '' });
    });
  }

  for (const v of versions(0, 6)) {
    it(`Metadata v${v}`, async () => {
      const some = await kafkajsToOurs<MetadataRequest>('metadata', v, { topics: ['orders', 'pay-ments'], allowAutoTopicCreation: false });
      assert.deepStrictEqual(some.topics?.map((t) => t.name), ['orders', 'pay-ments']);
      // Before v4 the field is absent and Kafka's default (true) applies.
      assert.equal(some.allowAutoTopicCreation, v < 4);
      const all = await kafkajsToOurs<MetadataRequest>('metadata', v, { topics: [] });
      // kafkajs sends "all topics" as an empty array in v0 and as a null array from v1 on.
      assert.deepStrictEqual(all.topics, v === 0 ? [] : null);
    });
  }

  for (const v of versions(3, 7)) {
    it(`Produce v${v} (record batch passes through byte-exact)`, async () => {
      const req = await kafkajsToOurs<ProduceRequest>('produce', v, {
        acks: -1,
        timeout: 30000,
        transactionalId: 'tx-1',
        producerId: kafkajsLong(4242),
        producerEpoch: 3,
        compression: 0,
        topicData: [
          {
            topic: 'orders',
            partitions: [{ partition: 2, firstSequence: 7, messages: [{ key: 'k1', value: 'v1', headers: { h: 'x' } }, { key: null, value: 'v2' }] }],
          },
          { topic: 'audit', partitions: [{ partition: 0, messages: [{ value: 'a' }] }] },
        ],
      });
      assert.equal(req.transactionalId, 'tx-1');
      assert.equal(req.acks, -1);
      assert.equal(req.timeoutMs, 30000);
      assert.deepStrictEqual(req.topicData.map((t) => [t.name, t.partitionData.map((p) => p.index)]), [['orders', [2]], ['audit', [0]]]);
      const records = req.topicData[0]!.partitionData[0]!.records;
      assert.ok(Buffer.isBuffer(records));
      assert.deepStrictEqual(batchHeader(records), { magic: 2, attributes: 0x10, producerId: 4242n, producerEpoch: 3, baseSequence: 7, count: 2 });
      const decoded = await kafkajsDecodeBatch(records);
      assert.deepStrictEqual(decoded.map((r) => [r.key?.toString() ?? null, r.value?.toString(), r.headers.h?.toString()]), [['k1', 'v1', 'x'], [null, 'v2', undefined]]);
    });
  }

  for (const v of versions(4, 11)) {
    it(`Fetch v${v}`, async () => {
      const req = await kafkajsToOurs<FetchRequest>('fetch', v, {
        replicaId: -1,
        maxWaitTime: 500,
        minBytes: 1,
        maxBytes: 10485760,
        isolationLevel: 0,
        sessionId: 17,
        sessionEpoch: 2,
        rackId: 'rack-a',
        topics: [
          { topic: 'orders', partitions: [{ partition: 0, fetchOffset: 12345678901, maxBytes: 1048576, currentLeaderEpoch: 4, logStartOffset: 9 }] },
          { topic: 'audit', partitions: [{ partition: 3, fetchOffset: '0', maxBytes: 1 }] },
        ],
        forgottenTopics: [{ topic: 'old', partitions: [1, 2] }],
      });
      assert.equal(req.replicaId, -1);
      assert.equal(req.maxWaitMs, 500);
      assert.equal(req.minBytes, 1);
      assert.equal(req.maxBytes, 10485760);
      assert.equal(req.isolationLevel, 0);
      assert.equal(req.sessionId, v >= 7 ? 17 : 0);
      assert.equal(req.sessionEpoch, v >= 7 ? 2 : -1);
      assert.equal(req.rackId, v >= 11 ? 'rack-a' : '');
      assert.deepStrictEqual(req.forgottenTopicsData.map((t) => [t.topic, t.partitions]), v >= 7 ? [['old', [1, 2]]] : []);
      assert.deepStrictEqual(req.topics.map((t) => t.topic), ['orders', 'audit']);
      const p = req.topics[0]!.partitions[0]!;
      assert.equal(p.partition, 0);
      assert.equal(p.fetchOffset, 12345678901);
      assert.equal(p.partitionMaxBytes, 1048576);
      assert.equal(p.logStartOffset, v >= 5 ? 9 : -1);
      assert.equal(p.currentLeaderEpoch, v >= 9 ? 4 : -1);
      assert.equal(req.topics[1]!.partitions[0]!.partition, 3);
    });
  }

  for (const v of versions(0, 3)) {
    it(`ListOffsets v${v}`, async () => {
      const req = await kafkajsToOurs<ListOffsetsRequest>('listOffsets', v, {
        replicaId: -1,
        isolationLevel: 1,
        topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: -2 }, { partition: 1, timestamp: 1700000000000 }] }],
      });
      assert.equal(req.replicaId, -1);
      assert.equal(req.isolationLevel, v >= 2 ? 1 : 0);
      assert.equal(req.topics[0]!.name, 'orders');
      assert.deepStrictEqual(
        req.topics[0]!.partitions.map((p) => [p.partitionIndex, p.timestamp, p.maxNumOffsets]),
        [[0, -2, 1], [1, 1700000000000, 1]],
      );
    });
  }

  for (const v of versions(0, 3)) {
    it(`CreateTopics v${v}`, async () => {
      const req = await kafkajsToOurs<CreateTopicsRequest>('createTopics', v, {
        topics: [
          { topic: 'compacted', numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
          { topic: 'assigned', replicaAssignment: [{ partition: 0, replicas: [1] }, { partition: 1, replicas: [1] }] },
        ],
        validateOnly: true,
        timeout: 1234,
      });
      assert.equal(req.timeoutMs, 1234);
      assert.equal(req.validateOnly, v >= 1);
      assert.deepStrictEqual(req.topics[0], {
        name: 'compacted', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }],
      });
      assert.deepStrictEqual(req.topics[1], {
        name: 'assigned', numPartitions: -1, replicationFactor: -1, configs: [],
        assignments: [{ partitionIndex: 0, brokerIds: [1] }, { partitionIndex: 1, brokerIds: [1] }],
      });
    });
  }

  for (const v of versions(0, 5)) {
    it(`JoinGroup v${v}`, async () => {
      const metadata = Buffer.from([0, 1, 0, 0, 0, 1, 0, 6, 111, 114, 100, 101, 114, 115, 0, 0, 0, 0]);
      const req = await kafkajsToOurs<JoinGroupRequest>('joinGroup', v, {
        groupId: 'group-1', sessionTimeout: 30000, rebalanceTimeout: 60000, memberId: '', groupInstanceId: 'inst-1',
        protocolType: 'consumer', groupProtocols: [{ name: 'RoundRobinAssigner', metadata }, { name: 'empty' }],
      });
      assert.deepStrictEqual(req, {
        groupId: 'group-1',
        sessionTimeoutMs: 30000,
        rebalanceTimeoutMs: v >= 1 ? 60000 : -1,
        memberId: '',
        groupInstanceId: v >= 5 ? 'inst-1' : null,
        protocolType: 'consumer',
        protocols: [{ name: 'RoundRobinAssigner', metadata }, { name: 'empty', metadata: Buffer.alloc(0) }],
        reason: null,
      });
    });
  }

  for (const v of versions(0, 3)) {
    it(`SyncGroup v${v}`, async () => {
      const assignment = Buffer.from('00010000000100066f72646572730000000100000000', 'hex');
      const req = await kafkajsToOurs<SyncGroupRequest>('syncGroup', v, {
        groupId: 'group-1', generationId: 5, memberId: 'm-1', groupInstanceId: 'inst-1',
        groupAssignment: [{ memberId: 'm-1', memberAssignment: assignment }, { memberId: 'm-2', memberAssignment: Buffer.alloc(0) }],
      });
      assert.deepStrictEqual(req, {
        groupId: 'group-1', generationId: 5, memberId: 'm-1', groupInstanceId: v >= 3 ? 'inst-1' : null, protocolType: null, protocolName: null,
        assignments: [{ memberId: 'm-1', assignment }, { memberId: 'm-2', assignment: Buffer.alloc(0) }],
      });
    });
  }

  for (const v of versions(0, 3)) {
    it(`Heartbeat v${v}`, async () => {
      const req = await kafkajsToOurs<HeartbeatRequest>('heartbeat', v, { groupId: 'group-1', groupGenerationId: 5, memberId: 'm-1', groupInstanceId: null });
      assert.deepStrictEqual(req, { groupId: 'group-1', generationId: 5, memberId: 'm-1', groupInstanceId: null });
    });
  }

  for (const v of versions(0, 5)) {
    it(`OffsetCommit v${v}`, async () => {
      const req = await kafkajsToOurs<OffsetCommitRequest>('offsetCommit', v, {
        groupId: 'group-1', groupGenerationId: 5, memberId: 'm-1', retentionTime: 86400000,
        topics: [{ topic: 'orders', partitions: [{ partition: 1, offset: '42', metadata: 'meta', timestamp: 1700000000000 }, { partition: 2, offset: '9007199254740991', timestamp: 1700000000001 }] }],
      });
      assert.equal(req.groupId, 'group-1');
      assert.equal(req.generationIdOrMemberEpoch, v >= 1 ? 5 : -1);
      assert.equal(req.memberId, v >= 1 ? 'm-1' : '');
      assert.equal(req.retentionTimeMs, v >= 2 && v <= 4 ? 86400000 : -1);
      assert.equal(req.topics[0]!.name, 'orders');
      assert.deepStrictEqual(
        req.topics[0]!.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.committedMetadata, p.commitTimestamp]),
        // The commit timestamp exists only in v1; elsewhere Kafka's default -1 applies.
        [[1, 42, 'meta', v === 1 ? 1700000000000 : -1], [2, Number.MAX_SAFE_INTEGER, null, v === 1 ? 1700000000001 : -1]],
      );
    });
  }

  for (const v of versions(1, 4)) {
    it(`OffsetFetch v${v}`, async () => {
      const req = await kafkajsToOurs<OffsetFetchRequest>('offsetFetch', v, {
        groupId: 'group-1', topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 3 }] }],
      });
      assert.deepStrictEqual(req, { groupId: 'group-1', topics: [{ name: 'orders', partitionIndexes: [0, 3] }], groups: [], requireStable: false });
    });
  }
});
