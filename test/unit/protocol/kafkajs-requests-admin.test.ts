/**
 * Wire compatibility for the rest of kafkajs's request encoders (admin, groups, transactions,
 * SASL): every version kafkajs speaks, decoded by our readers to the last byte, with the fields
 * that carry meaning asserted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kafkajsLong, kafkajsToOurs, versions, type KafkaJsApi } from './kafkajs-protocol.js';

type Decoded = Record<string, unknown>;
interface Case {
  api: KafkaJsApi;
  from: number;
  to: number;
  args: object | unknown[];
  /** Fields (by our camelCase names) that must match; nested objects/arrays compared whole. */
  expect: (v: number) => Decoded;
}

const txn = { transactionalId: 'tx-1', producerId: kafkajsLong(9007199254740991), producerEpoch: 4 };

const CASES: Case[] = [
  { api: 'describeGroups', from: 0, to: 2, args: { groupIds: ['g1', 'g2'] }, expect: () => ({ groups: ['g1', 'g2'], includeAuthorizedOperations: false }) },
  { api: 'listGroups', from: 0, to: 2, args: {}, expect: () => ({ statesFilter: [], typesFilter: [] }) },
  { api: 'findCoordinator', from: 0, to: 0, args: { groupId: 'g1' }, expect: () => ({ key: 'g1', keyType: 0 }) },
  { api: 'findCoordinator', from: 1, to: 2, args: { coordinatorKey: 'tx-1', coordinatorType: 1 }, expect: () => ({ key: 'tx-1', keyType: 1 }) },
  { api: 'deleteTopics', from: 0, to: 1, args: { topics: ['a', 'b'], timeout: 777 }, expect: () => ({ topicNames: ['a', 'b'], timeoutMs: 777, topics: [] }) },
  {
    api: 'createPartitions', from: 0, to: 1,
    args: { topicPartitions: [{ topic: 'a', count: 5 }, { topic: 'b', count: 3, assignments: [[1], [1]] }], validateOnly: true, timeout: 900 },
    // kafkajs sends "no assignment" as a null array.
    expect: () => ({ topics: [{ name: 'a', count: 5, assignments: null }, { name: 'b', count: 3, assignments: [{ brokerIds: [1] }, { brokerIds: [1] }] }], timeoutMs: 900, validateOnly: true }),
  },
  {
    api: 'describeConfigs', from: 0, to: 2,
    args: { resources: [{ type: 2, name: 'topic-a', configNames: ['retention.ms'] }, { type: 4, name: '1' }], includeSynonyms: true },
    expect: (v) => ({
      resources: [{ resourceType: 2, resourceName: 'topic-a', configurationKeys: ['retention.ms'] }, { resourceType: 4, resourceName: '1', configurationKeys: null }],
      includeSynonyms: v >= 1, includeDocumentation: false,
    }),
  },
  {
    api: 'alterConfigs', from: 0, to: 1,
    args: { resources: [{ type: 2, name: 'topic-a', configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: null }] }], validateOnly: true },
    expect: () => ({ resources: [{ resourceType: 2, resourceName: 'topic-a', configs: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: null }] }], validateOnly: true }),
  },
  { api: 'deleteGroups', from: 0, to: 1, args: ['g1', 'g2'], expect: () => ({ groupsNames: ['g1', 'g2'] }) },
  { api: 'initProducerId', from: 0, to: 1, args: { transactionalId: null, transactionTimeout: 60000 }, expect: () => ({ transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 }) },
  { api: 'leaveGroup', from: 0, to: 2, args: { groupId: 'g1', memberId: 'm-1' }, expect: () => ({ groupId: 'g1', memberId: 'm-1', members: [] }) },
  {
    api: 'leaveGroup', from: 3, to: 3, args: { groupId: 'g1', members: [{ memberId: 'm-1' }, { memberId: 'm-2', groupInstanceId: 'i-2' }] },
    expect: () => ({ groupId: 'g1', memberId: '', members: [{ memberId: 'm-1', groupInstanceId: null, reason: null }, { memberId: 'm-2', groupInstanceId: 'i-2', reason: null }] }),
  },
  {
    api: 'deleteRecords', from: 0, to: 1, args: { topics: [{ topic: 'a', partitions: [{ partition: 0, offset: '123' }, { partition: 1, offset: -1 }] }], timeout: 321 },
    expect: () => ({ topics: [{ name: 'a', partitions: [{ partitionIndex: 0, offset: 123 }, { partitionIndex: 1, offset: -1 }] }], timeoutMs: 321 }),
  },
  {
    api: 'txnOffsetCommit', from: 0, to: 1, args: { ...txn, groupId: 'g1', topics: [{ topic: 'a', partitions: [{ partition: 2, offset: '55', metadata: null }] }] },
    expect: () => ({
      transactionalId: 'tx-1', groupId: 'g1', producerId: Number.MAX_SAFE_INTEGER, producerEpoch: 4,
      topics: [{ name: 'a', partitions: [{ partitionIndex: 2, committedOffset: 55, committedLeaderEpoch: -1, committedMetadata: null }] }],
    }),
  },
  {
    api: 'addPartitionsToTxn', from: 0, to: 1, args: { ...txn, topics: [{ topic: 'a', partitions: [0, 3] }] },
    expect: () => ({ v3AndBelowTransactionalId: 'tx-1', v3AndBelowProducerId: Number.MAX_SAFE_INTEGER, v3AndBelowProducerEpoch: 4, v3AndBelowTopics: [{ name: 'a', partitions: [0, 3] }] }),
  },
  { api: 'addOffsetsToTxn', from: 0, to: 1, args: { ...txn, groupId: 'g1' }, expect: () => ({ transactionalId: 'tx-1', producerId: Number.MAX_SAFE_INTEGER, producerEpoch: 4, groupId: 'g1' }) },
  { api: 'endTxn', from: 0, to: 1, args: { ...txn, transactionResult: true }, expect: () => ({ transactionalId: 'tx-1', producerId: Number.MAX_SAFE_INTEGER, producerEpoch: 4, committed: true }) },
  { api: 'saslHandshake', from: 0, to: 1, args: { mechanism: 'PLAIN' }, expect: () => ({ mechanism: 'PLAIN' }) },
];

describe('kafkajs admin/group/transaction request encoders -> our readers', () => {
  for (const c of CASES) {
    for (const v of versions(c.from, c.to)) {
      it(`${c.api} v${v}`, async () => {
        const decoded = await kafkajsToOurs<Decoded>(c.api, v, c.args);
        const expected = c.expect(v);
        for (const [k, want] of Object.entries(expected)) assert.deepStrictEqual(decoded[k], want, `${c.api} v${v} field ${k}`);
      });
    }
  }
});
