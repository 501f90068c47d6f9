/**
 * Seed frames and mutation operators for the broker fuzz loop. The corpus holds realistic
 * requests for the APIs clients use most plus one schema-random (structurally valid) request per
 * API and version the broker advertises, so mutations reach every handler's decoder.
 */
import { API_BY_KEY } from '../../../src-protocol/generated/index.js';
import { MessageModel, Rng, loadMessages, randomMessage } from '../../unit/protocol/schema-model.js';
import { kafkajsEncodeBatch } from '../../unit/compression/kafkajs-internals.js';
import { requestFrame } from './raw-client.js';

export interface SeedFrame {
  label: string;
  /** Size prefix + header + body. */
  frame: Buffer;
}

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** Realistic requests: what kafkajs / librdkafka / kafka-python send in a produce-consume-commit session. */
export async function realisticSeeds(topic: string, topicId: string): Promise<SeedFrame[]> {
  const batch = await kafkajsEncodeBatch([{ key: Buffer.from('k'), value: Buffer.from('fuzz-value') }], 0, 1700000000000);
  const seeds: [string, number, number, object][] = [
    ['ApiVersions v0', 18, 0, { clientSoftwareName: '', clientSoftwareVersion: '' }],
    ['ApiVersions v3', 18, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1.0' }],
    ['Metadata v0', 3, 0, { topics: [{ topicId: ZERO_UUID, name: topic }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }],
    ['Metadata v1 all', 3, 1, { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }],
    ['Metadata v12', 3, 12, { topics: [{ topicId: ZERO_UUID, name: topic }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: true, includeTopicAuthorizedOperations: true }],
    ['CreateTopics v4', 19, 4, { topics: [{ name: `${topic}-c`, numPartitions: 2, replicationFactor: 1, assignments: [], configs: [{ name: 'retention.ms', value: '60000' }] }], timeoutMs: 1000, validateOnly: false }],
    ['CreateTopics v7', 19, 7, { topics: [{ name: `${topic}-d`, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: true }],
    ['Produce v3', 0, 3, { transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }] }],
    ['Produce v9', 0, 9, { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }] }],
    ['Fetch v4', 1, 4, fetchBody(topic)],
    ['Fetch v12', 1, 12, fetchBody(topic)],
    // From v13 Fetch names topics by id only.
    ['Fetch v13', 1, 13, fetchBody('', topicId)],
    ['Fetch v17', 1, 17, fetchBody('', topicId)],
    ['ListOffsets v1', 2, 1, { replicaId: -1, isolationLevel: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }] }],
    ['ListOffsets v7', 2, 7, { replicaId: -1, isolationLevel: 1, topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2, maxNumOffsets: 1 }] }] }],
    ['FindCoordinator v1', 10, 1, { key: 'fuzz-group', keyType: 0, coordinatorKeys: [] }],
    ['FindCoordinator v4', 10, 4, { key: '', keyType: 0, coordinatorKeys: ['fuzz-group'] }],
    ['JoinGroup v5', 11, 5, joinBody()],
    ['JoinGroup v9', 11, 9, joinBody()],
    ['SyncGroup v3', 14, 3, { groupId: 'fuzz-group', generationId: 1, memberId: 'm', groupInstanceId: null, protocolType: null, protocolName: null, assignments: [{ memberId: 'm', assignment: Buffer.from('0001000000010004667a7a7a0000000100000000', 'hex') }] }],
    ['Heartbeat v3', 12, 3, { groupId: 'fuzz-group', generationId: 1, memberId: 'm', groupInstanceId: null }],
    ['OffsetCommit v2', 8, 2, offsetCommitBody(topic)],
    ['OffsetCommit v8', 8, 8, offsetCommitBody(topic)],
    ['OffsetFetch v1', 9, 1, { groupId: 'fuzz-group', topics: [{ name: topic, partitionIndexes: [0] }], groups: [], requireStable: false }],
    ['OffsetFetch v8', 9, 8, { groupId: '', topics: null, groups: [{ groupId: 'fuzz-group', memberId: null, memberEpoch: -1, topics: null }], requireStable: true }],
    ['LeaveGroup v3', 13, 3, { groupId: 'fuzz-group', memberId: '', members: [{ memberId: 'm', groupInstanceId: null, reason: null }] }],
    ['ListGroups v4', 16, 4, { statesFilter: ['Stable'], typesFilter: [] }],
    ['DescribeGroups v5', 15, 5, { groups: ['fuzz-group'], includeAuthorizedOperations: true }],
  ];
  return seeds.map(([label, key, v, body], i) => ({ label, frame: requestFrame(key, v, 1000 + i, body) }));
}

function fetchBody(topic: string, topicId = ZERO_UUID): object {
  return {
    clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1 }, maxWaitMs: 0, minBytes: 1, maxBytes: 1048576,
    isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: '', forgottenTopicsData: [],
    topics: [{ topic, topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 65536, replicaDirectoryId: ZERO_UUID }] }],
  };
}

function joinBody(): object {
  return {
    groupId: 'fuzz-group', sessionTimeoutMs: 10000, rebalanceTimeoutMs: 10000, memberId: '', groupInstanceId: null, protocolType: 'consumer', reason: null,
    protocols: [{ name: 'range', metadata: Buffer.from('000100000001000466757a7a00000000', 'hex') }],
  };
}

function offsetCommitBody(topic: string): object {
  return {
    groupId: 'fuzz-group', generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
  };
}

/**
 * Two schema-random requests per advertised (API, version): one with any values the schema allows
 * (the broker must answer or close, whatever they are), one drawn from a small vocabulary.
 */
export function schemaRandomSeeds(advertised: readonly { apiKey: number; minVersion: number; maxVersion: number }[], seed: number): SeedFrame[] {
  const schemas = loadMessages().filter((s) => s.type === 'request');
  const out: SeedFrame[] = [];
  for (const a of advertised) {
    const schema = schemas.find((s) => s.apiKey === a.apiKey);
    if (!schema || !API_BY_KEY.has(a.apiKey)) continue;
    const model = new MessageModel(schema);
    for (let v = a.minVersion; v <= a.maxVersion; v++) {
      const rng = new Rng(seed + a.apiKey * 100 + v);
      const wild = randomMessage(model, v, rng, { taggedDefaultP: 0.5, absentNoiseP: 0, maxArray: 2 }).input;
      out.push({ label: `random ${schema.name} v${v}`, frame: requestFrame(a.apiKey, v, 5000 + out.length, wild) });
      // Names the broker knows and small numbers, so handlers get past "unknown topic/group" checks.
      const tame = randomMessage(model, v, rng, { taggedDefaultP: 0.5, absentNoiseP: 0, maxArray: 2, vocabulary: VOCABULARY }).input;
      out.push({ label: `tame ${schema.name} v${v}`, frame: requestFrame(a.apiKey, v, 5000 + out.length, tame) });
    }
  }
  return out;
}

const VOCABULARY = ['fuzz-topic', 'fuzz-topic-c', 'fuzz-group', 'm', '', 'consumer', 'range', 'cleanup.policy', 'compact', 'retention.ms', '1000', 'fuzz-tx'];

const EDGE16 = [0, 1, -1, 0x7fff, -0x8000];
const EDGE32 = [0, 1, -1, 0x7fffffff, -0x80000000, 0x10000];

/** Applies 1-3 random mutations to a seed's payload; returns the frame to send and whether its size prefix is honest. */
export function mutate(seed: SeedFrame, corpus: readonly SeedFrame[], rng: Rng): { frame: Buffer; ops: string[] } {
  let p = Buffer.from(seed.frame.subarray(4));
  const ops: string[] = [];
  for (let n = rng.int(1, 3); n > 0; n--) {
    const at = p.length === 0 ? 0 : rng.int(0, p.length - 1);
    switch (rng.int(0, 9)) {
      case 0:
        for (let k = rng.int(1, 4); k > 0 && p.length > 0; k--) p[rng.int(0, p.length - 1)] = rng.int(0, 255);
        ops.push('flip');
        break;
      case 1:
        if (p.length >= at + 2) p.writeInt16BE(rng.pick(EDGE16), at);
        ops.push(`int16@${at}`);
        break;
      case 2:
        if (p.length >= at + 4) p.writeInt32BE(rng.pick(EDGE32), at);
        ops.push(`int32@${at}`);
        break;
      case 3:
        p = p.subarray(0, rng.int(0, p.length));
        ops.push(`truncate→${p.length}`);
        break;
      case 4:
        p = Buffer.concat([p, rng.bytes(rng.int(1, 20))]);
        ops.push('append');
        break;
      case 5: {
        const len = rng.int(1, 8);
        p = Buffer.concat([p.subarray(0, at), p.subarray(at + len)]);
        ops.push(`delete@${at}+${len}`);
        break;
      }
      case 6: {
        const len = rng.int(1, 16);
        p = Buffer.concat([p.subarray(0, at), p.subarray(at, at + len), p.subarray(at)]);
        ops.push(`dup@${at}+${len}`);
        break;
      }
      case 7: {
        const other = rng.pick(corpus).frame.subarray(4);
        const from = rng.int(0, other.length - 1);
        p = Buffer.concat([p.subarray(0, at), other.subarray(from, from + rng.int(1, 32)), p.subarray(at)]);
        ops.push('splice');
        break;
      }
      case 8:
        if (p.length >= 4) p.writeInt16BE(rng.int(-2, 20), 2);
        ops.push('version');
        break;
      default:
        // Another API's body under this header, or this body under another API key.
        if (p.length >= 2) p.writeInt16BE(rng.pick([...API_BY_KEY.keys()]), 0);
        ops.push('apikey');
    }
  }
  const frame = Buffer.alloc(4 + p.length);
  p.copy(frame, 4);
  // Mostly an honest size; sometimes one that promises more bytes (the broker must wait) or fewer (the rest starts a new frame).
  const lie = rng.int(0, 19);
  const size = lie === 0 ? p.length + rng.int(1, 100) : lie === 1 ? rng.int(0, p.length) : p.length;
  if (size !== p.length) ops.push(`size ${size}/${p.length}`);
  frame.writeInt32BE(size, 0);
  return { frame, ops };
}
