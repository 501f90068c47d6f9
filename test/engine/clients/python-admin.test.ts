// Admin clients other than kafkajs: kafka-python's KafkaAdminClient and
// confluent-kafka-python's AdminClient (librdkafka), each with the request
// versions it negotiates. The scripts report; the assertions are Kafka's behaviour.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { assertOk, confluentKafkaMissing, kafkaPythonMissing, lastJsonLine, python } from '../../helpers/clients.js';
import { uniqueTopic } from '../../helpers/topics.js';

const SCRIPT_TIMEOUT_MS = 120_000;

describe('python admin clients', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  test('kafka-python KafkaAdminClient: topics, configs, partitions, groups, offsets, delete', { skip: kafkaPythonMissing() ?? false }, async () => {
    const topic = uniqueTopic('py-admin-kp');
    const group = uniqueTopic('py-admin-kp-g');
    const r = assertOk('kafka_python_admin.py', await python('kafka_python_admin.py', [broker.bootstrap, topic, group], { timeoutMs: SCRIPT_TIMEOUT_MS }));
    const out = lastJsonLine<Record<string, unknown>>('kafka_python_admin.py', r.stdout);
    assert.deepEqual(out, {
      api_version: out['api_version'],
      create: [[topic, 0]],
      create_again: 'TopicAlreadyExistsError',
      describe_topics: [{ topic, error_code: 0, partitions: [0, 1, 2] }],
      describe_configs_error: 0,
      // Set at creation, then Kafka's defaults for the rest.
      configs: { 'retention.ms': '3600000', 'cleanup.policy': 'compact', 'segment.bytes': '1073741824', 'min.insync.replicas': '1' },
      create_partitions: [[topic, 0]],
      partitions_after: [0, 1, 2, 3, 4],
      groups: [[group, 'consumer']],
      group_description: { error_code: 0, state: 'Empty', protocol_type: 'consumer', members: 0 },
      // One record per partition consumed and committed: each committed offset is 1.
      group_offsets: [0, 1, 2, 3, 4].map((p) => [true, p, 1]),
      delete: [[topic, 0]],
      listed_after_delete: false,
    });
  });

  test('confluent-kafka-python AdminClient: create, describe/alter configs, add partitions, delete', { skip: confluentKafkaMissing() ?? false }, async () => {
    const topic = uniqueTopic('py-admin-ck');
    const r = assertOk('confluent_admin.py', await python('confluent_admin.py', [broker.bootstrap, topic], { timeoutMs: SCRIPT_TIMEOUT_MS }));
    const out = lastJsonLine<Record<string, unknown>>('confluent_admin.py', r.stdout);
    assert.deepEqual(out, {
      create: null,
      create_again: 'TOPIC_ALREADY_EXISTS',
      partitions: [0, 1, 2],
      configs: { 'retention.ms': '3600000', 'cleanup.policy': 'delete', 'segment.bytes': '1073741824' },
      alter: null,
      // AlterConfigs replaces the set: retention.ms falls back to the default (7 days).
      configs_after_alter: { 'retention.ms': '604800000', 'cleanup.policy': 'compact', 'segment.bytes': '1073741824' },
      create_partitions: null,
      partitions_after: [0, 1, 2, 3, 4],
      shrink_partitions: 'INVALID_PARTITIONS',
      broker_configs: { 'num.partitions': '1', 'log.retention.hours': '168', 'message.max.bytes': '1048588', 'auto.create.topics.enable': 'true' },
      delete: null,
      listed_after_delete: false,
    });
  });
});
