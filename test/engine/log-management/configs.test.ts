import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';

const { ConfigResourceTypes } = kafkajs;
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import {
  IncrementalAlterConfigsRequestVersions, readIncrementalAlterConfigsResponse, writeIncrementalAlterConfigsRequest,
  type IncrementalAlterConfigsRequest, type IncrementalAlterConfigsResponse,
} from '../../../src-protocol/generated/44-incremental-alter-configs.js';
import {
  DescribeConfigsRequestVersions, readDescribeConfigsResponse, writeDescribeConfigsRequest,
  type DescribeConfigsRequest, type DescribeConfigsResponse,
} from '../../../src-protocol/generated/32-describe-configs.js';
import {
  CreateTopicsRequestVersions, readCreateTopicsResponse, writeCreateTopicsRequest,
  type CreateTopicsRequest, type CreateTopicsResponse,
} from '../../../src-protocol/generated/19-create-topics.js';
import { RawClient, type RawApi } from '../../helpers/raw-client.js';
import { eventually, startLmBroker } from './support.js';

const incrementalApi: RawApi<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse> = {
  key: 44, flexibleFrom: IncrementalAlterConfigsRequestVersions.flexibleFrom, write: writeIncrementalAlterConfigsRequest, read: readIncrementalAlterConfigsResponse,
};
const describeApi: RawApi<DescribeConfigsRequest, DescribeConfigsResponse> = {
  key: 32, flexibleFrom: DescribeConfigsRequestVersions.flexibleFrom, write: writeDescribeConfigsRequest, read: readDescribeConfigsResponse,
};

const createApi: RawApi<CreateTopicsRequest, CreateTopicsResponse> = {
  key: 19, flexibleFrom: CreateTopicsRequestVersions.flexibleFrom, write: writeCreateTopicsRequest, read: readCreateTopicsResponse,
};

async function describeTopic(admin: ReturnType<import('kafkajs').Kafka['admin']>, topic: string): Promise<Map<string, { value: string; source: number; synonyms: string[] }>> {
  const res = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: true });
  const entries = res.resources[0]?.configEntries ?? [];
  return new Map(entries.map((e) => [e.configName, { value: e.configValue, source: e.configSource, synonyms: e.configSynonyms.map((s) => `${s.configSource}:${s.configName}=${s.configValue}`) }]));
}

test('kafkajs admin: describe, alter (persisted, live) and invalid values refused', async () => {
  let broker = await startLmBroker({ 'log.retention.ms': '3600000' });
  try {
    let admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'cfg', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '120000' }] }] });
    let d = await describeTopic(admin, 'cfg');
    assert.equal(d.get('retention.ms')?.value, '120000');
    assert.equal(d.get('retention.ms')?.source, 1); // TOPIC_CONFIG
    assert.deepEqual(d.get('retention.ms')?.synonyms, ['1:retention.ms=120000', '4:log.retention.ms=3600000', '5:log.retention.hours=168']);
    assert.equal(d.get('cleanup.policy')?.value, 'delete');
    assert.equal(d.get('cleanup.policy')?.source, 5); // DEFAULT_CONFIG
    assert.equal(d.get('segment.bytes')?.value, '1073741824');
    assert.equal(d.get('max.compaction.lag.ms')?.value, '9223372036854775807');

    // AlterConfigs replaces the whole set: retention.ms falls back to the broker's static value.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'cfg', configEntries: [
      { name: 'cleanup.policy', value: 'compact,delete' }, { name: 'min.cleanable.dirty.ratio', value: '0.1' },
    ] }] });
    d = await describeTopic(admin, 'cfg');
    assert.equal(d.get('cleanup.policy')?.value, 'compact,delete');
    assert.equal(d.get('min.cleanable.dirty.ratio')?.value, '0.1');
    assert.equal(d.get('retention.ms')?.value, '3600000');
    assert.equal(d.get('retention.ms')?.source, 4); // STATIC_BROKER_CONFIG

    for (const [name, value] of [['retention.ms', '-7'], ['cleanup.policy', 'shred'], ['segment.bytes', 'big'], ['no.such.config', '1']] as const) {
      await assert.rejects(
        admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'cfg', configEntries: [{ name, value }] }] }),
        (err: Error & { type?: string }) => err.type === 'INVALID_CONFIG',
        `${name}=${value}`,
      );
    }
    await assert.rejects(
      admin.createTopics({ topics: [{ topic: 'bad', configEntries: [{ name: 'min.cleanable.dirty.ratio', value: '2' }] }] }),
      (err: Error & { errors?: { type?: string }[] }) => err.errors?.[0]?.type === 'INVALID_CONFIG',
    );
    // validateOnly checks without applying.
    await admin.alterConfigs({ validateOnly: true, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'cfg', configEntries: [{ name: 'retention.ms', value: '1' }] }] });
    assert.equal((await describeTopic(admin, 'cfg')).get('retention.ms')?.value, '3600000');
    await admin.disconnect();

    broker = await broker.restart();
    admin = broker.kafka.admin();
    await admin.connect();
    d = await describeTopic(admin, 'cfg');
    assert.equal(d.get('cleanup.policy')?.value, 'compact,delete', 'configs survive a restart');

    const brokerRes = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.BROKER, name: String(broker.handle.nodeId) }], includeSynonyms: false });
    const brokerEntries = new Map((brokerRes.resources[0]?.configEntries ?? []).map((e) => [e.configName, e]));
    assert.equal(brokerEntries.get('log.retention.ms')?.configValue, '3600000');
    assert.equal(brokerEntries.get('log.retention.check.interval.ms')?.readOnly, true);
    await admin.disconnect();
  } finally {
    await broker.stop();
  }
});

test('IncrementalAlterConfigs: SET, DELETE, APPEND, SUBTRACT and errors naming the problem', async () => {
  const broker = await startLmBroker();
  const raw = await RawClient.connect(broker.handle.host, broker.handle.port);
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'inc', numPartitions: 1 }] });
    await admin.disconnect();
    const alter = (configs: { name: string; configOperation: number; value: string | null }[], version = 1) =>
      raw.send(incrementalApi, version, { validateOnly: false, resources: [{ resourceType: 2, resourceName: 'inc', configs }] });
    let res = await alter([
      { name: 'retention.ms', configOperation: 0, value: '5000' },
      { name: 'cleanup.policy', configOperation: 2, value: 'compact' },
    ]);
    assert.equal(res.responses[0]?.errorCode, ErrorCode.NONE, res.responses[0]?.errorMessage ?? '');
    const describe = async () => {
      const d = await raw.send(describeApi, 4, { resources: [{ resourceType: 2, resourceName: 'inc', configurationKeys: null }], includeSynonyms: true, includeDocumentation: true });
      return new Map((d.results[0]?.configs ?? []).map((c) => [c.name, c]));
    };
    let d = await describe();
    assert.equal(d.get('retention.ms')?.value, '5000');
    assert.equal(d.get('cleanup.policy')?.value, 'delete,compact');
    assert.equal(d.get('cleanup.policy')?.configType, 7); // LIST
    assert.match(d.get('cleanup.policy')?.documentation ?? '', /compact/);

    res = await alter([{ name: 'cleanup.policy', configOperation: 3, value: 'delete' }, { name: 'retention.ms', configOperation: 1, value: null }], 0);
    assert.equal(res.responses[0]?.errorCode, ErrorCode.NONE);
    d = await describe();
    assert.equal(d.get('cleanup.policy')?.value, 'compact');
    assert.equal(d.get('retention.ms')?.value, '604800000');
    assert.equal(d.get('retention.ms')?.configSource, 5);

    // Old versions: v0 reports isDefault instead of a source, v1 adds synonyms, documentation only from v3.
    const v0 = await raw.send(describeApi, 0, { resources: [{ resourceType: 2, resourceName: 'inc', configurationKeys: ['cleanup.policy', 'retention.ms'] }], includeSynonyms: false, includeDocumentation: false });
    assert.deepEqual(v0.results[0]?.configs.map((c) => [c.name, c.value, c.isDefault]), [['cleanup.policy', 'compact', false], ['retention.ms', '604800000', true]]);
    const v1 = await raw.send(describeApi, 1, { resources: [{ resourceType: 2, resourceName: 'inc', configurationKeys: ['cleanup.policy'] }], includeSynonyms: true, includeDocumentation: true });
    assert.deepEqual(v1.results[0]?.configs[0]?.synonyms.map((x) => [x.name, x.source]), [['cleanup.policy', 1], ['log.cleanup.policy', 5]]);
    assert.equal(v1.results[0]?.configs[0]?.documentation, '', 'no documentation field before v3');

    res = await alter([{ name: 'retention.ms', configOperation: 2, value: '5' }]);
    assert.equal(res.responses[0]?.errorCode, ErrorCode.INVALID_CONFIG);
    assert.equal(res.responses[0]?.errorMessage, 'Config value append is not allowed for config key: retention.ms');
    res = await alter([{ name: 'segment.ms', configOperation: 0, value: '0' }]);
    assert.equal(res.responses[0]?.errorCode, ErrorCode.INVALID_CONFIG);
    assert.equal(res.responses[0]?.errorMessage, 'Invalid value 0 for configuration segment.ms: Value must be at least 1');
    res = await alter([{ name: 'segment.ms', configOperation: 0, value: '10' }, { name: 'segment.ms', configOperation: 1, value: null }]);
    assert.equal(res.responses[0]?.errorCode, ErrorCode.INVALID_REQUEST);
    const unknown = await raw.send(incrementalApi, 1, { validateOnly: false, resources: [{ resourceType: 2, resourceName: 'nope', configs: [] }] });
    assert.equal(unknown.responses[0]?.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  } finally {
    raw.close();
    await broker.stop();
  }
});

test('CreateTopics v5+ returns the new topic\'s configs with sources; invalid configs name the problem', async () => {
  const broker = await startLmBroker({ 'log.segment.bytes': '2097152' });
  const raw = await RawClient.connect(broker.handle.host, broker.handle.port);
  try {
    const create = (name: string, configs: { name: string; value: string | null }[], validateOnly = false) =>
      raw.send(createApi, 7, { timeoutMs: 5000, validateOnly, topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs }] });
    let res = await create('ct', [{ name: 'retention.ms', value: '1234' }], true);
    const byName = new Map((res.topics[0]?.configs ?? []).map((c) => [c.name, c]));
    assert.equal(res.topics[0]?.errorCode, ErrorCode.NONE);
    assert.equal(byName.get('retention.ms')?.value, '1234');
    assert.equal(byName.get('retention.ms')?.configSource, 1);
    assert.equal(byName.get('segment.bytes')?.value, '2097152');
    assert.equal(byName.get('segment.bytes')?.configSource, 4); // STATIC_BROKER_CONFIG
    res = await create('ct-bad', [{ name: 'cleanup.policy', value: 'compact,erase' }]);
    assert.equal(res.topics[0]?.errorCode, ErrorCode.INVALID_CONFIG);
    assert.equal(res.topics[0]?.errorMessage, 'Invalid value erase for configuration cleanup.policy: String must be one of: compact, delete');
  } finally {
    raw.close();
    await broker.stop();
  }
});

test('dynamic broker configs (AlterConfigs on the broker) change topic defaults live and persist', async () => {
  let broker = await startLmBroker();
  try {
    let admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'dyn', numPartitions: 1, configEntries: [{ name: 'segment.ms', value: '60000' }] }] });
    const producer = broker.kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'dyn', messages: [{ value: 'old', timestamp: String(Date.now() - 3_600_000) }] });
    await producer.send({ topic: 'dyn', messages: [{ value: 'new' }] });
    await producer.disconnect();
    const node = String(broker.handle.nodeId);
    await assert.rejects(admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: node, configEntries: [{ name: 'num.partitions', value: '3' }] }] }),
      (err: Error & { type?: string }) => err.type === 'INVALID_REQUEST', 'read-only broker configs need a restart (Kafka 4: INVALID_REQUEST)');
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: node, configEntries: [{ name: 'log.retention.ms', value: '600000' }] }] });
    // The topic has no override: the new broker default applies at the next retention check.
    let offsets = await eventually('the old segment deleted under the new default', async () => {
      const o = await admin.fetchTopicOffsets('dyn');
      return o[0]?.low === '1' ? o : undefined;
    });
    assert.equal(offsets[0]?.high, '2');
    const d = await describeTopic(admin, 'dyn');
    assert.equal(d.get('retention.ms')?.value, '600000');
    assert.equal(d.get('retention.ms')?.source, 3); // DYNAMIC_DEFAULT_BROKER_CONFIG
    await admin.disconnect();

    broker = await broker.restart();
    admin = broker.kafka.admin();
    await admin.connect();
    const res = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.BROKER, name: String(broker.handle.nodeId) }], includeSynonyms: true });
    const entry = res.resources[0]?.configEntries.find((e) => e.configName === 'log.retention.ms');
    assert.equal(entry?.configValue, '600000');
    assert.equal(entry?.configSource, 3);
    assert.equal(entry?.readOnly, false);
    offsets = await admin.fetchTopicOffsets('dyn');
    assert.equal(offsets[0]?.low, '1');
    await admin.disconnect();
  } finally {
    await broker.stop();
  }
});

test('a fresh data dir has a cluster-level min.insync.replicas (the static value), as Kafka 4.1+ with ELR; an altered one survives a restart', async () => {
  let broker = await startLmBroker();
  const seeded = await startLmBroker({ 'min.insync.replicas': '2' });
  let admin = broker.kafka.admin();
  const seededAdmin = seeded.kafka.admin();
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'isr', numPartitions: 1 }] });
    let d = await describeTopic(admin, 'isr');
    assert.deepEqual(d.get('min.insync.replicas'), { value: '1', source: 3, synonyms: ['3:min.insync.replicas=1', '5:min.insync.replicas=1'] });
    // The cluster-level default (BROKER resource ""), as kafka-configs --entity-default sets it.
    const raw = await RawClient.connect(broker.handle.host, broker.handle.port);
    const altered = await raw.send(incrementalApi, 1, { validateOnly: false, resources: [{ resourceType: 4, resourceName: '', configs: [{ name: 'min.insync.replicas', configOperation: 0, value: '3' }] }] });
    raw.close();
    assert.deepEqual(altered.responses.map((r) => r.errorCode), [ErrorCode.NONE]);
    await admin.disconnect();
    broker = await broker.restart();
    admin = broker.kafka.admin();
    await admin.connect();
    d = await describeTopic(admin, 'isr');
    assert.deepEqual(d.get('min.insync.replicas'), { value: '3', source: 3, synonyms: ['3:min.insync.replicas=3', '5:min.insync.replicas=1'] }, 'not re-seeded');

    await seededAdmin.connect();
    await seededAdmin.createTopics({ topics: [{ topic: 'isr', numPartitions: 1 }] });
    assert.deepEqual((await describeTopic(seededAdmin, 'isr')).get('min.insync.replicas'),
      { value: '2', source: 3, synonyms: ['3:min.insync.replicas=2', '4:min.insync.replicas=2', '5:min.insync.replicas=1'] });
  } finally {
    await admin.disconnect();
    await seededAdmin.disconnect();
    await broker.stop();
    await seeded.stop();
  }
});
