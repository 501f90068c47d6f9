// Describe/AlterUserScramCredentials at run time (salted passwords computed here, as clients do), and the mTLS
// principal (certificate subject through ssl.principal.mapping.rules) in ACL decisions.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs, { Kafka, logLevel } from 'kafkajs';
import { startTestBroker, tempDataDir, type InProcessBroker } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { issueCertificate } from '../../../src-engine/security/dev-ca.js';
import type { DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse } from '../../../src-protocol/generated/50-describe-user-scram-credentials.js';
import type { AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse } from '../../../src-protocol/generated/51-alter-user-scram-credentials.js';
import type { SaslHandshakeRequest, SaslHandshakeResponse } from '../../../src-protocol/generated/17-sasl-handshake.js';
import type { SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../../src-protocol/generated/36-sasl-authenticate.js';
import type { MetadataRequest, MetadataResponse } from '../../../src-protocol/generated/03-metadata.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const describeApi = rawApi<DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse>(50);
const alterApi = rawApi<AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse>(51);
const handshakeApi = rawApi<SaslHandshakeRequest, SaslHandshakeResponse>(17);
const authenticateApi = rawApi<SaslAuthenticateRequest, SaslAuthenticateResponse>(36);
const metadataApi = rawApi<MetadataRequest, MetadataResponse>(3);
const SHA512 = 2;

const dataDir = tempDataDir();
let broker: InProcessBroker;
let ca: string;
const port = (name: string): number => broker.listeners.find((l) => l.name === name)!.port;

before(async () => {
  broker = await startTestBroker({
    dataDir, tlsAuto: true,
    users: [{ name: 'admin', password: 'admin-secret' }, { name: 'alice', password: 'alice-secret' }],
    configs: {
      listeners: 'SASL_SSL://127.0.0.1:0,MTLS://127.0.0.1:0',
      'listener.security.protocol.map': 'SASL_SSL:SASL_SSL,MTLS:SSL',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512,PLAIN',
      'listener.name.mtls.ssl.client.auth': 'required',
      'listener.name.mtls.ssl.principal.mapping.rules': 'RULE:^CN=([^,]+),O=Acme$/$1/L,DEFAULT',
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'super.users': 'User:admin',
    },
  });
  ca = readFileSync(broker.caCertPath!, 'utf8');
});
after(async () => broker.stop());

async function login(user: string, password: string): Promise<RawClient> {
  const c = await RawClient.connect('127.0.0.1', port('SASL_SSL'), { ca, servername: 'localhost' });
  assert.equal((await c.send(handshakeApi, 1, { mechanism: 'PLAIN' })).errorCode, ErrorCode.NONE);
  const r = await c.send(authenticateApi, 2, { authBytes: Buffer.from(`\u0000${user}\u0000${password}`) });
  if (r.errorCode !== ErrorCode.NONE) {
    c.close();
    throw new Error(`login ${user}: ${r.errorMessage ?? r.errorCode}`);
  }
  return c;
}

function kafka(user: string, password: string): Kafka {
  return new Kafka({ clientId: 'scram-api', brokers: [`localhost:${port('SASL_SSL')}`], ssl: { ca: [ca] }, logLevel: logLevel.NOTHING, retry: { retries: 0 },
    sasl: { mechanism: 'scram-sha-512', username: user, password } });
}

test('AlterUserScramCredentials adds a user (client-salted), Describe shows iterations, delete removes it', async () => {
  const admin = await login('admin', 'admin-secret');
  const salt = randomBytes(24);
  const saltedPassword = pbkdf2Sync('carol-secret', salt, 8192, 64, 'sha512');
  const added = await admin.send(alterApi, 0, { deletions: [], upsertions: [{ name: 'carol', mechanism: SHA512, iterations: 8192, salt, saltedPassword }] });
  assert.deepEqual(added.results, [{ user: 'carol', errorCode: 0, errorMessage: null }]);
  const k = kafka('carol', 'carol-secret').admin();
  await k.connect();
  await k.disconnect();
  const described = await admin.send(describeApi, 0, { users: [{ name: 'carol' }, { name: 'nobody' }] });
  assert.deepEqual(described.results.map((r) => [r.user, r.errorCode, r.credentialInfos]), [
    ['carol', 0, [{ mechanism: SHA512, iterations: 8192 }]],
    ['nobody', ErrorCode.RESOURCE_NOT_FOUND, []],
  ]);
  const refused = await admin.send(alterApi, 0, { deletions: [{ name: 'nobody', mechanism: SHA512 }], upsertions: [{ name: 'dave', mechanism: SHA512, iterations: 100, salt, saltedPassword }] });
  assert.deepEqual(refused.results.map((r) => [r.user, r.errorCode, r.errorMessage]), [
    ['nobody', ErrorCode.RESOURCE_NOT_FOUND, 'Attempt to delete a user credential that does not exist'],
    ['dave', ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too few iterations'],
  ]);
  const removed = await admin.send(alterApi, 0, { deletions: [{ name: 'carol', mechanism: SHA512 }], upsertions: [] });
  assert.equal(removed.results[0]!.errorCode, 0);
  const gone = kafka('carol', 'carol-secret').admin();
  await assert.rejects(gone.connect());
  admin.close();
});

test('a user without ALTER on the cluster cannot change credentials', async () => {
  const alice = await login('alice', 'alice-secret');
  const r = await alice.send(alterApi, 0, { deletions: [{ name: 'admin', mechanism: SHA512 }], upsertions: [] });
  assert.equal(r.results[0]!.errorCode, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
  const d = await alice.send(describeApi, 0, { users: null });
  assert.equal(d.errorCode, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
  alice.close();
});

test('mTLS: the certificate subject, mapped by ssl.principal.mapping.rules, is the principal ACLs see', async () => {
  const topic = uniqueTopic('mtls');
  const admin = kafka('admin', 'admin-secret').admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  const cert = issueCertificate({ dir: join(dataDir, 'tls') }, 'app1', '/O=Acme/CN=App1', { clientOnly: true });
  const tls = { ca, servername: 'localhost', key: readFileSync(cert.keyPath), cert: readFileSync(cert.certPath) };
  const names = async (): Promise<string[]> => {
    const c = await RawClient.connect('127.0.0.1', port('MTLS'), tls);
    const md = await c.send(metadataApi, 12, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    c.close();
    return md.topics.map((t) => t.name!);
  };
  assert.deepEqual(await names(), []);
  await admin.createAcls({ acl: [{
    resourceType: AclResourceTypes.TOPIC, resourceName: topic, resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: 'User:app1', host: '*', operation: AclOperationTypes.DESCRIBE, permissionType: AclPermissionTypes.ALLOW,
  }] });
  assert.deepEqual(await names(), [topic]);
  await admin.disconnect();
});
