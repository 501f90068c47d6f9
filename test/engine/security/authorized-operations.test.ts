// KIP-430's authorized operations with Kafka's authorizer on: what a principal may do on a topic, the cluster and a
// group, as confluent-kafka's admin client (librdkafka 2.x) asks for it — the ACLs' implications included (READ
// implies DESCRIBE), a DENY removing exactly its operation, the super user getting everything. Without an authorizer:
// test/diff/authorized-operations.test.ts compares the bit fields with Kafka 4.4.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs, { Kafka, logLevel, type Admin } from 'kafkajs';
import { startTestBroker, type InProcessBroker } from '../../helpers/broker.js';
import { assertOk, lastJsonLine, repoRoot, run } from '../../helpers/clients.js';
import { uniqueTopic } from '../../helpers/topics.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const modernPython = join(repoRoot, '.cache/clients/venv/bin/python');
const skip = existsSync(modernPython) ? false : `${modernPython} missing (scripts/clients/setup.sh installs confluent-kafka 2.x)`;
const script = join(repoRoot, 'test/engine/clients/python/confluent_authorized_ops.py');

type Outcome = string[] | { error: string };
interface Report { topic: Outcome; cluster: Outcome; group: Outcome }

let broker: InProcessBroker;
let admin: Admin;
const topic = uniqueTopic('auth-ops');
const group = `${topic}-group`;

before(async () => {
  broker = await startTestBroker({
    users: [{ name: 'admin', password: 'admin-secret' }, { name: 'alice', password: 'alice-secret' }],
    configs: {
      listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-256',
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'super.users': 'User:admin',
    },
  });
  admin = new Kafka({ clientId: 'auth-ops', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING,
    sasl: { mechanism: 'scram-sha-256', username: 'admin', password: 'admin-secret' } }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
});
after(async () => {
  await admin?.disconnect();
  await broker?.stop();
});

async function whatCan(user: 'admin' | 'alice'): Promise<Report> {
  const r = assertOk('confluent_authorized_ops.py', await run(modernPython, [script, broker.bootstrap, user, `${user}-secret`, topic, group], { timeoutMs: 60_000 }));
  return lastJsonLine<Report>('confluent_authorized_ops.py', r.stdout);
}

const allow = (resourceType: number, resourceName: string, operation: number, permissionType: number = AclPermissionTypes.ALLOW) => ({
  resourceType, resourceName, resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:alice', host: '*', operation, permissionType,
});

test('what alice may do follows her ACLs; the super user may do everything', { skip }, async () => {
  await admin.createAcls({ acl: [
    allow(AclResourceTypes.TOPIC, topic, AclOperationTypes.READ),
    allow(AclResourceTypes.TOPIC, topic, AclOperationTypes.ALTER_CONFIGS),
    allow(AclResourceTypes.GROUP, group, AclOperationTypes.READ),
    allow(AclResourceTypes.CLUSTER, 'kafka-cluster', AclOperationTypes.DESCRIBE),
  ] });
  assert.deepEqual(await whatCan('alice'), {
    topic: ['ALTER_CONFIGS', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'READ'],
    cluster: ['DESCRIBE'],
    group: ['DESCRIBE', 'READ'],
  }, 'READ implies DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS');

  await admin.createAcls({ acl: [allow(AclResourceTypes.TOPIC, topic, AclOperationTypes.ALTER_CONFIGS, AclPermissionTypes.DENY)] });
  assert.deepEqual((await whatCan('alice')).topic, ['DESCRIBE', 'DESCRIBE_CONFIGS', 'READ'],
    'a DENY takes away its own operation; it implies nothing, so the ALLOW still implies DESCRIBE_CONFIGS (as in Kafka)');

  assert.deepEqual(await whatCan('admin'), {
    topic: ['ALTER', 'ALTER_CONFIGS', 'CREATE', 'DELETE', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'READ', 'WRITE'],
    cluster: ['ALTER', 'ALTER_CONFIGS', 'CLUSTER_ACTION', 'CREATE', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'IDEMPOTENT_WRITE'],
    group: ['ALTER_CONFIGS', 'DELETE', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'READ'],
  });
});
