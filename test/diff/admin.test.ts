/**
 * Topic administration and offsets lookups, Apache Kafka vs the engine: CreateTopics validation
 * errors, DeleteTopics of unknown topics, ListOffsets (earliest / latest / max timestamp / by
 * timestamp) and DescribeConfigs values and sources, before and after IncrementalAlterConfigs.
 */
import { test } from 'node:test';
import { rawApi } from '../helpers/raw-client.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import { buildRecordBatch } from '../../src-engine/storage/records.js';
import type { CreateTopicsRequest, CreateTopicsRequestCreatableTopic, CreateTopicsResponse } from '../../src-protocol/generated/19-create-topics.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../../src-protocol/generated/20-delete-topics.js';
import type { AlterConfigsRequest, AlterConfigsResponse } from '../../src-protocol/generated/33-alter-configs.js';
import type { DescribeConfigsRequest, DescribeConfigsResponse } from '../../src-protocol/generated/32-describe-configs.js';
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../../src-protocol/generated/44-incremental-alter-configs.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../src-protocol/generated/02-list-offsets.js';
import { api, assertSameAsKafka, onBoth, produceBatch, send, skip, usePair, type Target } from './harness.js';

const pair = usePair();
const createTopics = rawApi<CreateTopicsRequest, CreateTopicsResponse>(19);
const deleteTopics = rawApi<DeleteTopicsRequest, DeleteTopicsResponse>(20);
const describeConfigs = rawApi<DescribeConfigsRequest, DescribeConfigsResponse>(32);
const incrementalAlter = rawApi<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>(44);
const legacyAlter = rawApi<AlterConfigsRequest, AlterConfigsResponse>(33);
const TOPIC_RESOURCE = 2;
const BROKER_RESOURCE = 4;
const T0 = 1_700_000_000_000;

function creatable(name: string, over: Partial<CreateTopicsRequestCreatableTopic> = {}): CreateTopicsRequestCreatableTopic {
  return { name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [], ...over };
}

async function create(t: Target, topics: CreateTopicsRequestCreatableTopic[], validateOnly = false): Promise<Record<string, number>> {
  const res = await send(t, createTopics, 7, { topics, timeoutMs: 10_000, validateOnly });
  return Object.fromEntries(res.topics.map((r) => [r.name, r.errorCode]));
}

test('CreateTopics validation errors, one per topic in one request', { skip }, async () => {
  const ok = uniqueTopic('diff-create');
  const result = await onBoth(pair(), (t) =>
    create(t, [
      creatable(ok),
      creatable('bad/name'),
      creatable('..'),
      creatable(`${ok}-zero`, { numPartitions: 0 }),
      creatable(`${ok}-rf3`, { replicationFactor: 3 }),
      creatable(`${ok}-rf0`, { replicationFactor: 0 }),
      creatable(`${ok}-unknown-config`, { configs: [{ name: 'no.such.config', value: '1' }] }),
      creatable(`${ok}-bad-value`, { configs: [{ name: 'retention.ms', value: 'soon' }] }),
      creatable(`${ok}-bad-policy`, { configs: [{ name: 'cleanup.policy', value: 'shred' }] }),
      creatable(`${ok}-assign`, { numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [99] }] }),
    ]).then(async (first) => ({ first, again: await create(t, [creatable(ok)]), defaults: await create(t, [creatable(`${ok}-defaults`, { numPartitions: -1, replicationFactor: -1 })]) })),
  );
  assertSameAsKafka(result);
});

test('CreateTopics validateOnly creates nothing', { skip }, async () => {
  const topic = uniqueTopic('diff-validate');
  const result = await onBoth(pair(), async (t) => ({
    validated: await create(t, [creatable(topic, { numPartitions: 3 })], true),
    created: await create(t, [creatable(topic, { numPartitions: 3 })]),
  }));
  assertSameAsKafka(result);
});

test('DeleteTopics: unknown names and an existing topic', { skip }, async () => {
  const topic = uniqueTopic('diff-delete');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic);
    const res = await send(t, deleteTopics, 5, { topics: [], topicNames: [topic, `${topic}-missing`], timeoutMs: 10_000 });
    return res.responses.map((r) => ({ name: r.name, errorCode: r.errorCode })).sort((a, b) => String(a.name).localeCompare(String(b.name)));
  });
  assertSameAsKafka(result);
});

const lookups = [-2, -1, -3, -4, T0, T0 + 200, T0 + 260, T0 + 300, T0 + 301];

async function listOffsetsSetup(t: Target, topic: string): Promise<void> {
  await createTopic(t.bootstrap, topic);
  const rec = (ts: number): { value: Buffer; timestamp: number } => ({ value: Buffer.from(`at ${ts}`), timestamp: T0 + ts });
  await produceBatch(t, topic, 0, buildRecordBatch({ records: [rec(100), rec(300), rec(200)] }));
  await produceBatch(t, topic, 0, buildRecordBatch({ records: [rec(150), rec(250)] }));
}

function listOffsets(t: Target, topic: string, timestamps: number[], isolationLevel = 0): ReturnType<typeof send<ListOffsetsRequest, ListOffsetsResponse>> {
  return send(t, api.listOffsets, 8, {
    replicaId: -1,
    isolationLevel,
    topics: [{ name: topic, partitions: timestamps.map((timestamp) => ({ partitionIndex: 0, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 })) }],
  });
}

test('ListOffsets: earliest, latest, max timestamp, earliest-local and by timestamp', { skip }, async () => {
  const topic = uniqueTopic('diff-list-offsets');
  const result = await onBoth(pair(), async (t) => {
    await listOffsetsSetup(t, topic);
    const out = [];
    for (const asked of lookups) {
      const p = (await listOffsets(t, topic, [asked])).topics[0]?.partitions[0];
      out.push({ asked, errorCode: p?.errorCode, offset: p?.offset, timestamp: p?.timestamp });
    }
    const unknownPartition = await send(t, api.listOffsets, 8, { replicaId: -1, isolationLevel: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 5, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }] });
    return { out, unknownPartition: unknownPartition.topics[0]?.partitions[0]?.errorCode };
  });
  assertSameAsKafka(result);
});

test('ListOffsets: the same partition twice in one request is answered once, with INVALID_REQUEST', { skip }, async () => {
  const topic = uniqueTopic('diff-list-dup');
  const result = await onBoth(pair(), async (t) => {
    await listOffsetsSetup(t, topic);
    return (await listOffsets(t, topic, [-2, -1])).topics[0]?.partitions.map((p) => ({ errorCode: p.errorCode, offset: p.offset }));
  });
  assertSameAsKafka(result);
});

async function topicConfigs(t: Target, topic: string): Promise<Record<string, unknown>> {
  const res = await send(t, describeConfigs, 4, {
    resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configurationKeys: null }],
    includeSynonyms: true,
    includeDocumentation: false,
  });
  const r = res.results[0];
  if (!r) throw new Error('no result');
  return {
    errorCode: r.errorCode,
    configs: Object.fromEntries(
      r.configs.map((c) => [c.name, { value: c.value, source: c.configSource, readOnly: c.readOnly, sensitive: c.isSensitive, type: c.configType, synonyms: c.synonyms.map((s) => `${s.source}:${s.name}=${s.value}`) }]),
    ),
  };
}

test('DescribeConfigs of a topic: every value, source, type and synonym, before and after an incremental alter', {
  skip,
}, async () => {
  const topic = uniqueTopic('diff-configs');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { configs: { 'cleanup.policy': 'compact', 'retention.ms': '3600000' } });
    const created = await topicConfigs(t, topic);
    const altered = await send(t, incrementalAlter, 1, {
      validateOnly: false,
      resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configs: [
        { name: 'retention.ms', configOperation: 1, value: null }, // DELETE: back to the default
        { name: 'max.message.bytes', configOperation: 0, value: '2000' }, // SET
        { name: 'cleanup.policy', configOperation: 2, value: 'delete' }, // APPEND to a list
      ] }],
    });
    return { created, alterErrors: altered.responses.map((r) => r.errorCode), after: await topicConfigs(t, topic) };
  });
  assertSameAsKafka(result);
});

test('IncrementalAlterConfigs and DescribeConfigs errors: unknown topic, unknown config, bad value', { skip }, async () => {
  const topic = uniqueTopic('diff-config-errors');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic);
    const alter = async (name: string, value: string, resourceName = topic): Promise<number | undefined> =>
      (await send(t, incrementalAlter, 1, { validateOnly: false, resources: [{ resourceType: TOPIC_RESOURCE, resourceName, configs: [{ name, configOperation: 0, value }] }] })).responses[0]?.errorCode;
    return {
      unknownTopic: await alter('retention.ms', '1000', `${topic}-missing`),
      unknownConfig: await alter('no.such.config', '1'),
      badValue: await alter('retention.ms', 'soon'),
      describeUnknown: (await topicConfigs(t, `${topic}-missing`)).errorCode,
    };
  });
  assertSameAsKafka(result);
});

test('DescribeConfigs after create and IncrementalAlterConfigs (SET, DELETE, APPEND): the configs touched', { skip }, async () => {
  const topic = uniqueTopic('diff-configs-touched');
  const touched = ['cleanup.policy', 'retention.ms', 'max.message.bytes', 'segment.bytes', 'compression.type'];
  const pick = (all: Record<string, unknown>): unknown => {
    const configs = all.configs as Record<string, unknown>;
    return { errorCode: all.errorCode, ...Object.fromEntries(touched.map((n) => [n, configs[n]])) };
  };
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { configs: { 'cleanup.policy': 'compact', 'retention.ms': '3600000' } });
    const created = pick(await topicConfigs(t, topic));
    const altered = await send(t, incrementalAlter, 1, {
      validateOnly: false,
      resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configs: [
        { name: 'retention.ms', configOperation: 1, value: null },
        { name: 'max.message.bytes', configOperation: 0, value: '2000' },
        { name: 'cleanup.policy', configOperation: 2, value: 'delete' },
      ] }],
    });
    return { created, alterErrors: altered.responses.map((r) => r.errorCode), after: pick(await topicConfigs(t, topic)) };
  });
  assertSameAsKafka(result);
});

test('the cluster-level min.insync.replicas: SET accepted; DELETE and a replacing AlterConfigs refused while ELR is on (KIP-966); a per-broker AlterConfigs leaves it', { skip }, async () => {
  const topic = uniqueTopic('diff-min-isr');
  const result = await onBoth(pair(), async (t) => {
    const answer = (r: { errorCode: number; errorMessage: string | null } | undefined): unknown => ({ errorCode: r?.errorCode, errorMessage: r?.errorMessage });
    const incremental = async (configOperation: number, value: string | null): Promise<unknown> => answer((await send(t, incrementalAlter, 1, {
      validateOnly: false, resources: [{ resourceType: BROKER_RESOURCE, resourceName: '', configs: [{ name: 'min.insync.replicas', configOperation, value }] }],
    })).responses[0]);
    const replaceAll = async (resourceName: string): Promise<unknown> => answer((await send(t, legacyAlter, 2, {
      validateOnly: false, resources: [{ resourceType: BROKER_RESOURCE, resourceName, configs: [] }],
    })).responses[0]);
    await createTopic(t.bootstrap, topic);
    return {
      set: await incremental(0, '1'), remove: await incremental(1, null),
      replaceClusterLevel: await replaceAll(''), replaceBroker: await replaceAll('1'),
      after: ((await topicConfigs(t, topic)).configs as Record<string, unknown>)['min.insync.replicas'],
    };
  });
  assertSameAsKafka(result);
});
