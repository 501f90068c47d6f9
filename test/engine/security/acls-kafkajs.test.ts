// Kafka's authorizer on the engine with kafkajs over SASL: default deny, grants, describe, delete, prefixed
// patterns, DENY precedence, a non-super user granting himself rights, ACLs surviving a restart.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs, { Kafka, logLevel, type Admin, type AclEntry } from 'kafkajs';
import { startTestBroker, tempDataDir, type InProcessBroker } from '../../helpers/broker.js';
import { uniqueTopic } from '../../helpers/topics.js';

// kafkajs is CommonJS: its enums come off the default export.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
type AclResourceTypes = kafkajs.AclResourceTypes;
type AclOperationTypes = kafkajs.AclOperationTypes;

const dataDir = tempDataDir();
let broker: InProcessBroker;
let admin: Admin;

async function start(): Promise<void> {
  broker = await startTestBroker({
    dataDir,
    users: [{ name: 'admin', password: 'admin-secret' }, { name: 'alice', password: 'alice-secret' }],
    configs: {
      listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-256',
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'super.users': 'User:admin',
    },
  });
  admin = client('admin').admin();
  await admin.connect();
}

function client(user: 'admin' | 'alice'): Kafka {
  return new Kafka({
    clientId: `acl-${user}`, brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 },
    sasl: { mechanism: 'scram-sha-256', username: user, password: `${user}-secret` },
  });
}

const acl = (resourceType: AclResourceTypes, resourceName: string, operation: AclOperationTypes, opts: Partial<AclEntry> = {}): AclEntry => ({
  resourceType, resourceName, resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:alice', host: '*', operation,
  permissionType: AclPermissionTypes.ALLOW, ...opts,
});

async function aliceProduces(topic: string): Promise<void> {
  const producer = client('alice').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ value: 'v' }] });
  } finally {
    await producer.disconnect();
  }
}

before(start);
after(async () => {
  await admin.disconnect();
  await broker.stop();
});

test('default deny: alice sees no topics and may not produce; the super user may', async () => {
  const topic = uniqueTopic('acl-deny');
  await admin.createTopics({ topics: [{ topic }] });
  const aliceAdmin = client('alice').admin();
  await aliceAdmin.connect();
  assert.deepEqual(await aliceAdmin.listTopics(), []);
  await aliceAdmin.disconnect();
  await assert.rejects(aliceProduces(topic), (err: Error) => /not authorized|TOPIC_AUTHORIZATION_FAILED/i.test(`${err.message} ${String((err as { type?: string }).type)}`));
  const producer = client('admin').producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'admin' }] });
  await producer.disconnect();
});

test('grant WRITE (implies DESCRIBE), describe it, delete it', async () => {
  const topic = uniqueTopic('acl-grant');
  await admin.createTopics({ topics: [{ topic }] });
  const grant = acl(AclResourceTypes.TOPIC, topic, AclOperationTypes.WRITE);
  await admin.createAcls({ acl: [grant] });
  await aliceProduces(topic);
  const aliceAdmin = client('alice').admin();
  await aliceAdmin.connect();
  assert.deepEqual(await aliceAdmin.listTopics(), [topic]);
  await aliceAdmin.disconnect();
  const described = await admin.describeAcls({
    resourceType: AclResourceTypes.TOPIC, resourceName: topic, resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: undefined, host: undefined, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY,
  } as never);
  assert.deepEqual(described.resources.map((r) => [r.resourceName, r.acls.map((a) => [a.principal, a.operation, a.permissionType])]),
    [[topic, [['User:alice', AclOperationTypes.WRITE, AclPermissionTypes.ALLOW]]]]);
  const deleted = await admin.deleteAcls({ filters: [{ ...grant }] });
  assert.equal(deleted.filterResponses[0]!.matchingAcls.length, 1);
  await assert.rejects(aliceProduces(topic));
});

test('prefixed READ on topics and a group: alice consumes', async () => {
  const prefix = `orders-${Date.now()}-`;
  const topic = `${prefix}eu`;
  await admin.createTopics({ topics: [{ topic }] });
  const producer = client('admin').producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'order-1' }] });
  await producer.disconnect();
  await admin.createAcls({ acl: [
    acl(AclResourceTypes.TOPIC, prefix, AclOperationTypes.READ, { resourcePatternType: ResourcePatternTypes.PREFIXED }),
    acl(AclResourceTypes.GROUP, `${prefix}app`, AclOperationTypes.READ),
  ] });
  const consumer = client('alice').consumer({ groupId: `${prefix}app` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got = await new Promise<string>((resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) }));
  await consumer.disconnect();
  assert.equal(got, 'order-1');
  // Without READ on the group, the group is refused.
  const other = client('alice').consumer({ groupId: `${prefix}other` });
  await other.connect();
  await assert.rejects(other.subscribe({ topic }).then(() => new Promise((_, reject) => {
    other.on(other.events.CRASH, (e) => reject(new Error(String(e.payload.error))));
    void other.run({ eachMessage: async () => undefined }).catch(reject);
  })), /authoriz|GroupCoordinatorNotFound/i);
  // (kafkajs reports FindCoordinator's GROUP_AUTHORIZATION_FAILED as "Failed to find group coordinator".)
  await other.disconnect();
});

test('DENY wins over ALLOW ALL on every topic', async () => {
  const topic = uniqueTopic('acl-denied');
  const open = uniqueTopic('acl-open');
  await admin.createTopics({ topics: [{ topic }, { topic: open }] });
  await admin.createAcls({ acl: [
    acl(AclResourceTypes.TOPIC, '*', AclOperationTypes.ALL),
    acl(AclResourceTypes.TOPIC, topic, AclOperationTypes.WRITE, { permissionType: AclPermissionTypes.DENY }),
  ] });
  await aliceProduces(open);
  await assert.rejects(aliceProduces(topic));
});

test('a non-super user cannot grant himself rights (CLUSTER_AUTHORIZATION_FAILED)', async () => {
  const aliceAdmin = client('alice').admin();
  await aliceAdmin.connect();
  await assert.rejects(aliceAdmin.createAcls({ acl: [acl(AclResourceTypes.CLUSTER, 'kafka-cluster', AclOperationTypes.ALTER)] }), /authoriz/i);
  await aliceAdmin.disconnect();
});

test('ACLs survive a restart', async () => {
  const count = async (): Promise<number> => (await admin.describeAcls({
    resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, principal: undefined, host: undefined,
    operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY,
  } as never)).resources.reduce((n, r) => n + r.acls.length, 0);
  const before = await count();
  assert.ok(before >= 4);
  await admin.disconnect();
  await broker.stop({ keepData: true });
  await start();
  assert.equal(await count(), before);
});
