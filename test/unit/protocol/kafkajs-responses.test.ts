/**
 * Wire compatibility, broker -> client: responses encoded by our generated writers, decoded by
 * kafkajs's own per-version response decoders, field by field.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiKey, defaultFetchResponsePartitionData, defaultMetadataResponseMetadataResponseTopic, defaultProduceResponsePartitionProduceResponse,
  type ApiVersionsResponse, type CreateTopicsResponse, type FetchResponse, type HeartbeatResponse, type JoinGroupResponse,
  type ListOffsetsResponse, type MetadataResponse, type OffsetCommitResponse, type OffsetFetchResponse, type ProduceResponse, type SyncGroupResponse,
} from '../../../src-protocol/generated/index.js';
import { kafkajsEncodeBatch, type KafkaJsDecodedRecord } from '../compression/kafkajs-internals.js';
import { oursToKafkajs, versions } from './kafkajs-protocol.js';

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** kafkajs reports throttle time as `throttleTime` before KIP-219 versions and as `clientSideThrottleTime` after. */
function throttle(v: number, kip219From: number, ms: number): Record<string, number> {
  return v >= kip219From ? { throttleTime: 0, clientSideThrottleTime: ms } : { throttleTime: ms };
}

describe('our response writers -> kafkajs response decoders', () => {
  for (const v of versions(0, 2)) {
    it(`ApiVersions v${v}`, async () => {
      const res: ApiVersionsResponse = {
        errorCode: 0, throttleTimeMs: 7, supportedFeatures: [], finalizedFeaturesEpoch: -1, finalizedFeatures: [], zkMigrationReady: false,
        apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 11 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }],
      };
      const out = await oursToKafkajs<Record<string, unknown>>('apiVersions', ApiKey.ApiVersions, v, res);
      const apiVersions = [{ apiKey: 0, minVersion: 0, maxVersion: 11 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }];
      assert.deepStrictEqual(out, v === 0 ? { errorCode: 0, apiVersions } : { errorCode: 0, apiVersions, ...throttle(v, 2, 7) });
    });
  }

  for (const v of versions(0, 6)) {
    it(`Metadata v${v}`, async () => {
      const res: MetadataResponse = {
        throttleTimeMs: 5, clusterId: 'cluster-x', controllerId: 1, clusterAuthorizedOperations: -2147483648,
        brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }, { nodeId: 2, host: 'b2', port: 9093, rack: 'r2' }],
        topics: [{
          ...defaultMetadataResponseMetadataResponseTopic(), errorCode: 0, name: 'orders', isInternal: false, topicId: ZERO_UUID,
          partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 3, replicaNodes: [1, 2], isrNodes: [1], offlineReplicas: [2] }],
        }],
      };
      const out = await oursToKafkajs<Record<string, unknown>>('metadata', ApiKey.Metadata, v, res);
      const brokers = [{ nodeId: 1, host: 'localhost', port: 9092 }, { nodeId: 2, host: 'b2', port: 9093 }].map((b, i) => (v >= 1 ? { ...b, rack: i === 0 ? null : 'r2' } : b));
      const partition = { partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1, 2], isr: [1], ...(v >= 5 ? { offlineReplicas: [2] } : {}) };
      const topic = { topicErrorCode: 0, topic: 'orders', ...(v >= 1 ? { isInternal: false } : {}), partitionMetadata: [partition] };
      const expected: Record<string, unknown> = { brokers, topicMetadata: [topic] };
      if (v >= 1) expected.controllerId = 1;
      if (v >= 2) expected.clusterId = 'cluster-x';
      if (v >= 3) Object.assign(expected, throttle(v, 6, 5));
      assert.deepStrictEqual(out, expected);
    });
  }

  for (const v of versions(3, 7)) {
    it(`Produce v${v}`, async () => {
      const res: ProduceResponse = {
        throttleTimeMs: 3, nodeEndpoints: [],
        responses: [{ name: 'orders', partitionResponses: [{ ...defaultProduceResponsePartitionProduceResponse(), index: 2, errorCode: 0, baseOffset: 12345678901, logAppendTimeMs: -1, logStartOffset: 5 }] }],
      };
      const out = await oursToKafkajs<Record<string, unknown>>('produce', ApiKey.Produce, v, res);
      const partition = { partition: 2, errorCode: 0, baseOffset: '12345678901', logAppendTime: '-1', ...(v >= 5 ? { logStartOffset: '5' } : {}) };
      assert.deepStrictEqual(out, { topics: [{ topicName: 'orders', partitions: [partition] }], ...throttle(v, 6, 3) });
    });
  }

  for (const v of versions(4, 11)) {
    it(`Fetch v${v} (records sent as a chunk list reach kafkajs intact)`, async () => {
      const batch = await kafkajsEncodeBatch([{ key: Buffer.from('k'), value: Buffer.from('hello') }, { key: null, value: Buffer.from('world') }], 0, 1700000000000);
      const res: FetchResponse = {
        throttleTimeMs: 9, errorCode: 0, sessionId: 77, nodeEndpoints: [],
        responses: [{
          topic: 'orders', topicId: ZERO_UUID,
          partitions: [
            { ...defaultFetchResponsePartitionData(), partitionIndex: 0, highWatermark: 10, lastStableOffset: 8, logStartOffset: 1, abortedTransactions: [{ producerId: 7, firstOffset: 3 }], preferredReadReplica: -1, records: [batch.subarray(0, 20), batch.subarray(20)] },
            { ...defaultFetchResponsePartitionData(), partitionIndex: 1, errorCode: 1, highWatermark: -1, abortedTransactions: null, records: null },
          ],
        }],
      };
      interface KafkaJsFetchPartition { partition: number; errorCode: number; highWatermark: string; lastStableOffset: string; lastStartOffset?: string; abortedTransactions: unknown[]; preferredReadReplica?: number; messages: KafkaJsDecodedRecord[] }
      const out = await oursToKafkajs<{ errorCode?: number; sessionId?: number; responses: { topicName: string; partitions: KafkaJsFetchPartition[] }[] }>('fetch', ApiKey.Fetch, v, res);
      if (v >= 7) {
        assert.equal(out.errorCode, 0);
        assert.equal(out.sessionId, 77);
      }
      assert.equal(out.responses.length, 1);
      assert.equal(out.responses[0]!.topicName, 'orders');
      const [p0, p1] = out.responses[0]!.partitions;
      assert.deepStrictEqual(
        [p0!.partition, p0!.errorCode, p0!.highWatermark, p0!.lastStableOffset, p0!.lastStartOffset, p0!.abortedTransactions, p0!.preferredReadReplica],
        [0, 0, '10', '8', v >= 5 ? '1' : undefined, [{ producerId: '7', firstOffset: '3' }], v >= 11 ? -1 : undefined],
      );
      assert.deepStrictEqual(p0!.messages.map((m) => [m.key?.toString() ?? null, m.value?.toString(), m.offset]), [['k', 'hello', '0'], [null, 'world', '1']]);
      assert.deepStrictEqual([p1!.partition, p1!.errorCode, p1!.highWatermark, p1!.abortedTransactions, p1!.messages], [1, 1, '-1', [], []]);
    });
  }

  for (const v of versions(0, 3)) {
    it(`ListOffsets v${v}`, async () => {
      const res: ListOffsetsResponse = {
        throttleTimeMs: 4,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0, oldStyleOffsets: [42, 0], timestamp: 1700000000000, offset: 42, leaderEpoch: -1 }] }],
      };
      const out = await oursToKafkajs<Record<string, unknown>>('listOffsets', ApiKey.ListOffsets, v, res);
      const partition = v === 0 ? { partition: 0, errorCode: 0, offsets: ['42', '0'] } : { partition: 0, errorCode: 0, timestamp: '1700000000000', offset: '42' };
      const expected: Record<string, unknown> = { responses: [{ topic: 'orders', partitions: [partition] }] };
      if (v >= 2) Object.assign(expected, throttle(v, 3, 4));
      assert.deepStrictEqual(out, expected);
    });
  }

  for (const v of versions(0, 3)) {
    it(`CreateTopics v${v}`, async () => {
      const topic = (name: string, errorCode: number, errorMessage: string | null) => ({
        name, topicId: ZERO_UUID, errorCode, errorMessage, topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: null,
      });
      const res: CreateTopicsResponse = { throttleTimeMs: 6, topics: [topic('b-exists', 36, 'Topic already exists.'), topic('a-new', 0, null)] };
      const out = await oursToKafkajs<Record<string, unknown>>('createTopics', ApiKey.CreateTopics, v, res);
      // kafkajs sorts by topic name.
      const topicErrors = v === 0
        ? [{ topic: 'a-new', errorCode: 0 }, { topic: 'b-exists', errorCode: 36 }]
        : [{ topic: 'a-new', errorCode: 0, errorMessage: null }, { topic: 'b-exists', errorCode: 36, errorMessage: 'Topic already exists.' }];
      assert.deepStrictEqual(out, v >= 2 ? { topicErrors, ...throttle(v, 3, 6) } : { topicErrors });
    });
  }

  for (const v of versions(0, 5)) {
    it(`JoinGroup v${v}`, async () => {
      const metadata = Buffer.from('0001000000010006', 'hex');
      const res: JoinGroupResponse = {
        throttleTimeMs: 2, errorCode: 0, generationId: 3, protocolType: 'consumer', protocolName: 'RoundRobinAssigner', leader: 'm-1',
        skipAssignment: false, memberId: 'm-2',
        members: [{ memberId: 'm-1', groupInstanceId: 'inst-1', metadata }, { memberId: 'm-2', groupInstanceId: null, metadata: Buffer.alloc(0) }],
      };
      const out = await oursToKafkajs<Record<string, unknown>>('joinGroup', ApiKey.JoinGroup, v, res);
      const members = [{ memberId: 'm-1', groupInstanceId: 'inst-1', memberMetadata: metadata }, { memberId: 'm-2', groupInstanceId: null, memberMetadata: Buffer.alloc(0) }]
        .map((m) => (v >= 5 ? m : { memberId: m.memberId, memberMetadata: m.memberMetadata }));
      const expected = { errorCode: 0, generationId: 3, groupProtocol: 'RoundRobinAssigner', leaderId: 'm-1', memberId: 'm-2', members };
      assert.deepStrictEqual(out, v >= 2 ? { ...expected, ...throttle(v, 3, 2) } : expected);
    });
  }

  for (const v of versions(0, 3)) {
    it(`SyncGroup v${v}`, async () => {
      const assignment = Buffer.from('000100000001', 'hex');
      const res: SyncGroupResponse = { throttleTimeMs: 8, errorCode: 0, protocolType: null, protocolName: null, assignment };
      const out = await oursToKafkajs<Record<string, unknown>>('syncGroup', ApiKey.SyncGroup, v, res);
      assert.deepStrictEqual(out, v >= 1 ? { errorCode: 0, memberAssignment: assignment, ...throttle(v, 2, 8) } : { errorCode: 0, memberAssignment: assignment });
    });
  }

  for (const v of versions(0, 3)) {
    it(`Heartbeat v${v}`, async () => {
      const res: HeartbeatResponse = { throttleTimeMs: 1, errorCode: 27 };
      const out = await oursToKafkajs<Record<string, unknown>>('heartbeat', ApiKey.Heartbeat, v, res);
      assert.deepStrictEqual(out, v >= 1 ? { errorCode: 27, ...throttle(v, 2, 1) } : { errorCode: 27 });
    });
  }

  for (const v of versions(0, 5)) {
    it(`OffsetCommit v${v}`, async () => {
      const res: OffsetCommitResponse = { throttleTimeMs: 11, topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, errorCode: 0 }, { partitionIndex: 2, errorCode: 22 }] }] };
      const out = await oursToKafkajs<Record<string, unknown>>('offsetCommit', ApiKey.OffsetCommit, v, res);
      const responses = [{ topic: 'orders', partitions: [{ partition: 1, errorCode: 0 }, { partition: 2, errorCode: 22 }] }];
      assert.deepStrictEqual(out, v >= 3 ? { responses, ...throttle(v, 4, 11) } : { responses });
    });
  }

  for (const v of versions(1, 4)) {
    it(`OffsetFetch v${v}`, async () => {
      const res: OffsetFetchResponse = {
        throttleTimeMs: 12, errorCode: 0, groups: [],
        topics: [{ name: 'orders', partitions: [
          { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, metadata: 'm', errorCode: 0 },
          { partitionIndex: 3, committedOffset: -1, committedLeaderEpoch: -1, metadata: null, errorCode: 0 },
        ] }],
      };
      const out = await oursToKafkajs<Record<string, unknown>>('offsetFetch', ApiKey.OffsetFetch, v, res);
      const responses = [{ topic: 'orders', partitions: [{ partition: 0, offset: '42', metadata: 'm', errorCode: 0 }, { partition: 3, offset: '-1', metadata: null, errorCode: 0 }] }];
      const expected: Record<string, unknown> = { responses };
      if (v >= 2) expected.errorCode = 0;
      if (v >= 3) Object.assign(expected, throttle(v, 4, 12));
      assert.deepStrictEqual(out, expected);
    });
  }
});
