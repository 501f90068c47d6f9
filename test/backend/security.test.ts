// The Security pages' backend calls against a real engine broker with a SASL_SSL listener (dev CA), SCRAM users and
// StandardAuthorizer: the embedded cluster (the console on PLAINTEXT) and the same broker added as a remote cluster
// over SASL_SSL as `admin`. What the calls create is then used by a real client (kafkajs logging in as the new
// user, the ACLs deciding what it may do), so a call that only pretended would fail here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { kcat, kcatMissing, repoRoot, run } from '../helpers/clients.js';
import { clientSnippets, PASSWORD_PLACEHOLDER } from '../../renderer/src/features/security/client-config.js';
import { startTestBackend, type TestBackend } from './harness.js';
import { freePort } from '../helpers/reference-kafka.js';
import { BackendCallError } from '../../src-common/contract/errors.js';
import { EMBEDDED_CLUSTER_ID } from '../../src-common/contract/clusters.js';
import {
  AclOperation, AclPermission, authorizeRequest, PatternType, ResourceType, type AclBinding,
} from '../../src-common/security/acl-rules.js';

let backend: TestBackend;
let plainPort: number;
let saslPort: number;
let remoteId: string;
let ca: string;

before(async () => {
  plainPort = await freePort();
  saslPort = await freePort();
  backend = await startTestBackend({
    port: plainPort,
    brokerOptions: {
      tlsAuto: true,
      users: [{ name: 'admin', password: 'admin-secret' }],
      configs: {
        listeners: `PLAINTEXT://127.0.0.1:${plainPort},SASL_SSL://127.0.0.1:${saslPort}`,
        'advertised.listeners': `PLAINTEXT://127.0.0.1:${plainPort},SASL_SSL://localhost:${saslPort}`,
        'sasl.enabled.mechanisms': 'SCRAM-SHA-512,SCRAM-SHA-256',
        'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        // The embedded console connects over PLAINTEXT as ANONYMOUS.
        'super.users': 'User:admin;User:ANONYMOUS',
      },
    },
  });
  const devCa = (await backend.client.call('security.devCa', { clusterId: EMBEDDED_CLUSTER_ID })).devCa;
  assert.ok(devCa);
  ca = readFileSync(devCa.caCertPath, 'utf8');
  const remote = await backend.client.call('clusters.add', {
    settings: { name: 'secured', bootstrap: [`localhost:${saslPort}`], sasl: { mechanism: 'scram-sha-512', username: 'admin' }, tls: { enabled: true, rejectUnauthorized: true, ca } },
    secrets: { saslPassword: 'admin-secret' },
  });
  remoteId = remote.id;
});
after(async () => backend?.close());

const kafkaError = async (p: Promise<unknown>): Promise<BackendCallError> => {
  const error = await p.then(() => null, (e: unknown) => e);
  assert.ok(error instanceof BackendCallError, `expected a backend error, got ${String(error)}`);
  return error;
};

function clientAs(user: string, password: string, mechanism: 'scram-sha-256' | 'scram-sha-512' = 'scram-sha-512'): Kafka {
  const sasl = mechanism === 'scram-sha-256' ? { mechanism, username: user, password } : { mechanism, username: user, password };
  return new Kafka({
    brokers: [`localhost:${saslPort}`], clientId: 'security-test', ssl: { ca: [ca] }, sasl,
    logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 5000,
  });
}

test('listeners: both, with protocol, advertised address, mechanisms, client auth and the console\'s own', async () => {
  const embedded = await backend.client.call('security.listeners', { clusterId: EMBEDDED_CLUSTER_ID });
  assert.deepEqual(embedded.listeners.map((l) => [l.name, l.securityProtocol, l.port, l.advertised, l.saslMechanisms, l.sslClientAuth, l.consoleConnected, l.interBroker]), [
    ['PLAINTEXT', 'PLAINTEXT', plainPort, `127.0.0.1:${plainPort}`, [], null, true, true],
    ['SASL_SSL', 'SASL_SSL', saslPort, `localhost:${saslPort}`, ['SCRAM-SHA-512', 'SCRAM-SHA-256'], 'none', false, false],
  ]);
  const remote = await backend.client.call('security.listeners', { clusterId: remoteId });
  assert.deepEqual(remote.listeners.filter((l) => l.consoleConnected).map((l) => l.name), ['SASL_SSL']);
  assert.equal(remote.consoleSaslMechanism, 'SCRAM-SHA-512');
  assert.equal(remote.consoleTls, true);
});

test('dev CA: path and the SHA-256 fingerprint openssl computes; none for a remote cluster', async () => {
  const { devCa } = await backend.client.call('security.devCa', { clusterId: EMBEDDED_CLUSTER_ID });
  assert.ok(devCa);
  const openssl = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', devCa.caCertPath], { encoding: 'utf8' });
  assert.equal(devCa.fingerprint, openssl.trim().split('=')[1]);
  assert.equal((await backend.client.call('security.devCa', { clusterId: remoteId })).devCa, null);
});

test('users: add with both mechanisms, the new user logs in; change password; delete; Kafka\'s errors', async () => {
  await backend.client.call('security.upsertUser', { clusterId: remoteId, name: 'carol', password: 'carol-1', mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'], iterations: 8192 });
  const users = (await backend.client.call('security.users', { clusterId: remoteId })).users;
  assert.deepEqual(users.find((u) => u.name === 'carol')?.credentials.sort((a, b) => a.mechanism.localeCompare(b.mechanism)),
    [{ mechanism: 'SCRAM-SHA-256', iterations: 8192 }, { mechanism: 'SCRAM-SHA-512', iterations: 8192 }]);
  assert.ok(users.some((u) => u.name === 'admin'));
  assert.ok(!JSON.stringify(users).includes('carol-1'), 'no password comes back');

  for (const mechanism of ['scram-sha-256', 'scram-sha-512'] as const) {
    const admin = clientAs('carol', 'carol-1', mechanism).admin();
    await admin.connect();
    await admin.disconnect();
  }
  await backend.client.call('security.upsertUser', { clusterId: EMBEDDED_CLUSTER_ID, name: 'carol', password: 'carol-2', mechanisms: ['SCRAM-SHA-512'], iterations: 4096 });
  await assert.rejects(clientAs('carol', 'carol-1').admin().connect());
  const admin = clientAs('carol', 'carol-2').admin();
  await admin.connect();
  await admin.disconnect();

  const tooFew = await kafkaError(backend.client.call('security.upsertUser', { clusterId: remoteId, name: 'dave', password: 'x', mechanisms: ['SCRAM-SHA-256'], iterations: 100 }));
  assert.equal(tooFew.code, 'bad-request');
  assert.equal(tooFew.field, 'iterations');

  await backend.client.call('security.deleteUser', { clusterId: remoteId, name: 'carol', mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'] });
  assert.ok(!(await backend.client.call('security.users', { clusterId: remoteId })).users.some((u) => u.name === 'carol'));
  const missing = await kafkaError(backend.client.call('security.deleteUser', { clusterId: remoteId, name: 'carol', mechanisms: ['SCRAM-SHA-512'] }));
  assert.equal(missing.kafkaName, 'RESOURCE_NOT_FOUND');
  assert.match(missing.message, /RESOURCE_NOT_FOUND/);
});

test('ACLs: add, list with filters, the shared check, a DENY wins (and the broker agrees), delete by exact binding', async () => {
  const topic = `sec-${Date.now()}`;
  await backend.client.call('topics.create', { clusterId: remoteId, name: topic, partitions: 1, replicationFactor: 1 });
  await backend.client.call('security.upsertUser', { clusterId: remoteId, name: 'erin', password: 'erin-pw', mechanisms: ['SCRAM-SHA-512'], iterations: 4096 });
  const allowRead: AclBinding = {
    resourceType: ResourceType.TOPIC, resourceName: 'sec-', patternType: PatternType.PREFIXED, principal: 'User:erin', host: '*',
    operation: AclOperation.READ, permissionType: AclPermission.ALLOW,
  };
  const denyRead: AclBinding = { ...allowRead, resourceName: topic, patternType: PatternType.LITERAL, permissionType: AclPermission.DENY };
  await backend.client.call('security.createAcl', { clusterId: remoteId, binding: allowRead });

  const listing = await backend.client.call('security.acls', { clusterId: remoteId });
  assert.equal(listing.authorizer.enabled, true);
  assert.equal(listing.authorizer.className, 'org.apache.kafka.metadata.authorizer.StandardAuthorizer');
  assert.deepEqual(listing.authorizer.superUsers, ['User:admin', 'User:ANONYMOUS']);
  assert.deepEqual(listing.bindings, [allowRead]);
  const settings = { enabled: true, superUsers: new Set(listing.authorizer.superUsers), allowEveryoneIfNoAclFound: listing.authorizer.allowEveryoneIfNoAclFound ?? false };
  const request = { principal: 'User:erin', host: '127.0.0.1', operation: AclOperation.DESCRIBE, resourceType: ResourceType.TOPIC, resourceName: topic };
  assert.equal(authorizeRequest(listing.bindings, request, settings).reason, 'allowed-by-acl');
  // The broker agrees: erin sees the topic's metadata.
  const erin = clientAs('erin', 'erin-pw').admin();
  await erin.connect();
  try {
    assert.equal((await erin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.name, topic);

    await backend.client.call('security.createAcl', { clusterId: remoteId, binding: denyRead });
    const both = (await backend.client.call('security.acls', { clusterId: remoteId })).bindings;
    assert.equal(both.length, 2);
    const denied = authorizeRequest(both, { ...request, operation: AclOperation.READ }, settings);
    assert.deepEqual([denied.allowed, denied.reason, denied.binding], [false, 'denied-by-acl', denyRead]);

    const filtered = await backend.client.call('security.acls', {
      clusterId: remoteId,
      filter: { resourceType: ResourceType.TOPIC, resourceName: null, patternType: PatternType.ANY, principal: 'User:erin', host: null, operation: AclOperation.ANY, permissionType: AclPermission.DENY },
    });
    assert.deepEqual(filtered.bindings, [denyRead]);

    const deleted = await backend.client.call('security.deleteAcl', { clusterId: remoteId, binding: denyRead });
    assert.equal(deleted.deleted, 1);
    assert.deepEqual((await backend.client.call('security.acls', { clusterId: remoteId })).bindings, [allowRead]);
    assert.equal((await backend.client.call('security.deleteAcl', { clusterId: remoteId, binding: denyRead })).deleted, 0);
    await backend.client.call('security.deleteAcl', { clusterId: EMBEDDED_CLUSTER_ID, binding: allowRead });
    assert.deepEqual((await backend.client.call('security.acls', { clusterId: EMBEDDED_CLUSTER_ID })).bindings, []);
  } finally {
    await erin.disconnect();
  }

  const bad = await kafkaError(backend.client.call('security.createAcl', { clusterId: remoteId, binding: { ...allowRead, resourceType: ResourceType.CLUSTER, resourceName: 'other' } }));
  assert.equal(bad.code, 'bad-request');
  assert.match(bad.message, /kafka-cluster/);
});

test('a principal without cluster rights gets Kafka\'s CLUSTER_AUTHORIZATION_FAILED', async () => {
  await backend.client.call('security.upsertUser', { clusterId: remoteId, name: 'frank', password: 'frank-pw', mechanisms: ['SCRAM-SHA-512'], iterations: 4096 });
  const frank = await backend.client.call('clusters.add', {
    settings: { name: 'as-frank', bootstrap: [`localhost:${saslPort}`], sasl: { mechanism: 'scram-sha-512', username: 'frank' }, tls: { enabled: true, rejectUnauthorized: true, ca } },
    secrets: { saslPassword: 'frank-pw' },
  });
  const users = await kafkaError(backend.client.call('security.users', { clusterId: frank.id }));
  assert.equal(users.kafkaName, 'CLUSTER_AUTHORIZATION_FAILED');
  const acl = await kafkaError(backend.client.call('security.createAcl', {
    clusterId: frank.id,
    binding: { resourceType: ResourceType.TOPIC, resourceName: '*', patternType: PatternType.LITERAL, principal: 'User:frank', host: '*', operation: AclOperation.ALL, permissionType: AclPermission.ALLOW },
  }));
  assert.equal(acl.kafkaName, 'CLUSTER_AUTHORIZATION_FAILED');
  assert.match(acl.message, /CreateAcls: CLUSTER_AUTHORIZATION_FAILED/);
});

test('without an authorizer: SECURITY_DISABLED becomes "no authorizer configured"', async () => {
  const plain = await startTestBackend();
  try {
    const listing = await plain.client.call('security.acls', { clusterId: EMBEDDED_CLUSTER_ID });
    assert.equal(listing.authorizer.enabled, false);
    assert.deepEqual(listing.bindings, []);
    const created = await kafkaError(plain.client.call('security.createAcl', {
      clusterId: EMBEDDED_CLUSTER_ID,
      binding: { resourceType: ResourceType.TOPIC, resourceName: 't', patternType: PatternType.LITERAL, principal: 'User:a', host: '*', operation: AclOperation.READ, permissionType: AclPermission.ALLOW },
    }));
    assert.equal(created.kafkaName, 'SECURITY_DISABLED');
    assert.equal((await plain.client.call('security.devCa', { clusterId: EMBEDDED_CLUSTER_ID })).devCa, null);
    const listeners = await plain.client.call('security.listeners', { clusterId: EMBEDDED_CLUSTER_ID });
    assert.equal(listeners.listeners.length, 1);
  } finally {
    await plain.close();
  }
});

test('the Client config snippets work as printed: kcat (librdkafka) and kafkajs over SASL_SSL with the dev CA', { skip: kcatMissing() ?? false }, async () => {
  await backend.client.call('security.upsertUser', { clusterId: remoteId, name: 'snippet', password: 'snippet-pw', mechanisms: ['SCRAM-SHA-256'], iterations: 4096 });
  await backend.client.call('security.createAcl', {
    clusterId: remoteId,
    binding: { resourceType: ResourceType.TOPIC, resourceName: 'snippets', patternType: PatternType.LITERAL, principal: 'User:snippet', host: '*', operation: AclOperation.ALL, permissionType: AclPermission.ALLOW },
  });
  await backend.client.call('topics.create', { clusterId: remoteId, name: 'snippets', partitions: 1, replicationFactor: 1 });
  const listener = (await backend.client.call('security.listeners', { clusterId: EMBEDDED_CLUSTER_ID })).listeners.find((l) => l.name === 'SASL_SSL')!;
  const { devCa } = await backend.client.call('security.devCa', { clusterId: EMBEDDED_CLUSTER_ID });
  const snippets = clientSnippets({ listener, mechanism: 'SCRAM-SHA-256', username: 'snippet', caCertPath: devCa!.caCertPath });
  const text = (id: string): string => snippets.find((s) => s.id === id)!.text.replaceAll(PASSWORD_PLACEHOLDER, 'snippet-pw');
  assert.ok(!snippets.some((s) => s.text.includes('snippet-pw')), 'the snippets carry a placeholder, never a password');

  const props = text('librdkafka').split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]);
  const bootstrap = props.find(([k]) => k === 'bootstrap.servers')![1];
  const args = props.filter(([k]) => k !== 'bootstrap.servers').flatMap(([k, v]) => ['-X', `${k}=${v}`]);
  const produced = await kcat(['-b', bootstrap, ...args, '-P', '-t', 'snippets'], { timeoutMs: 60_000, input: 'from kcat\n' });
  assert.equal(produced.code, 0, produced.stderr);

  const script = `${text('kafkajs')}\nconst p = kafka.producer();\np.connect().then(() => p.send({ topic: 'snippets', messages: [{ value: 'from kafkajs' }] })).then(() => p.disconnect()).then(() => console.log('sent'));`;
  const js = await run(process.execPath, ['-e', script], { timeoutMs: 60_000, cwd: repoRoot });
  assert.equal(js.code, 0, js.stderr);
  assert.match(js.stdout, /sent/);
});
