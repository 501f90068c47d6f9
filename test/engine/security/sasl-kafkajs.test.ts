// SASL on the engine with kafkajs (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and a raw client (KIP-152 errors, the
// pre-KIP-43 v0 flow, KIP-368 session lifetime): several listeners, Metadata per listener, users in the data dir.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { startTestBroker, tempDataDir, type InProcessBroker } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import type { SaslHandshakeRequest, SaslHandshakeResponse } from '../../../src-protocol/generated/17-sasl-handshake.js';
import type { SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../../src-protocol/generated/36-sasl-authenticate.js';
import type { MetadataRequest, MetadataResponse } from '../../../src-protocol/generated/03-metadata.js';

const handshakeApi = rawApi<SaslHandshakeRequest, SaslHandshakeResponse>(17);
const authenticateApi = rawApi<SaslAuthenticateRequest, SaslAuthenticateResponse>(36);
const metadataApi = rawApi<MetadataRequest, MetadataResponse>(3);
const metadataAll: MetadataRequest = { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false };

const dataDir = tempDataDir();
let broker: InProcessBroker;
const sasl = (): { host: string; port: number } => broker.listeners.find((l) => l.name === 'SASL_PLAINTEXT')!;
const plain = (): { host: string; port: number } => broker.listeners.find((l) => l.name === 'PLAINTEXT')!;

async function start(users: { name: string; password: string }[] = [], extra: Record<string, string> = {}): Promise<void> {
  broker = await startTestBroker({
    dataDir,
    users,
    configs: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
      ...extra,
    },
  });
}

function kafka(saslOptions: SASLOptions, port = sasl().port): Kafka {
  return new Kafka({ clientId: 'sasl-test', brokers: [`127.0.0.1:${port}`], sasl: saslOptions, logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 5000 });
}

before(async () => start([{ name: 'alice', password: 'alice-secret' }, { name: 'bob', password: 'b0b' }]));
after(async () => broker.stop());

for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
  test(`kafkajs ${mechanism}: produce and consume over SASL_PLAINTEXT`, async () => {
    const k = kafka({ mechanism, username: 'alice', password: 'alice-secret' } as SASLOptions);
    const topic = uniqueTopic(`sasl-${mechanism}`);
    const admin = k.admin();
    await admin.connect();
    // Metadata answers with the listener the client came in on.
    const cluster = await admin.describeCluster();
    assert.deepEqual(cluster.brokers.map((b) => b.port), [sasl().port]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = k.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: `hello ${mechanism}` }] });
    await producer.disconnect();
    const consumer = k.consumer({ groupId: `g-${topic}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) });
    });
    await consumer.disconnect();
    assert.equal(got, `hello ${mechanism}`);
  });
}

test('the PLAINTEXT listener answers Metadata with its own address', async () => {
  const c = await RawClient.connect('127.0.0.1', plain().port);
  const md = await c.send(metadataApi, 12, metadataAll);
  c.close();
  assert.deepEqual(md.brokers.map((b) => b.port), [plain().port]);
});

test('wrong password, unknown user: SASL_AUTHENTICATION_FAILED with Kafka\'s message', async () => {
  for (const [mechanism, username, password] of [
    ['plain', 'alice', 'nope'], ['scram-sha-256', 'alice', 'nope'], ['scram-sha-512', 'alice', 'nope'],
    ['plain', 'mallory', 'x'], ['scram-sha-512', 'mallory', 'x'],
  ] as const) {
    const admin = kafka({ mechanism, username, password } as SASLOptions).admin();
    await assert.rejects(admin.connect(), (err: Error & { type?: string }) => {
      assert.match(err.message, /SASL|Authentication failed/i, `${mechanism} ${username}: ${err.message}`);
      return true;
    });
    await admin.disconnect();
  }
});

test('raw: a failed SaslAuthenticate carries the message and closes the connection', async () => {
  const c = await RawClient.connect('127.0.0.1', sasl().port);
  const hs = await c.send(handshakeApi, 1, { mechanism: 'PLAIN' });
  assert.equal(hs.errorCode, ErrorCode.NONE);
  assert.deepEqual(hs.mechanisms, ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
  const auth = await c.send(authenticateApi, 2, { authBytes: Buffer.from('\u0000alice\u0000wrong') });
  assert.equal(auth.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
  assert.equal(auth.errorMessage, 'Authentication failed: Invalid username or password');
  await c.closed;
});

test('raw: an unsupported mechanism is answered with the enabled ones, then the connection closes', async () => {
  const c = await RawClient.connect('127.0.0.1', sasl().port);
  const hs = await c.send(handshakeApi, 1, { mechanism: 'GSSAPI' });
  assert.equal(hs.errorCode, ErrorCode.UNSUPPORTED_SASL_MECHANISM);
  assert.deepEqual(hs.mechanisms, ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
  await c.closed;
});

test('raw: Metadata before authentication closes the connection; the broker keeps serving', async () => {
  const c = await RawClient.connect('127.0.0.1', sasl().port);
  await assert.rejects(c.send(metadataApi, 12, metadataAll, 3000));
  await c.closed;
  const admin = kafka({ mechanism: 'plain', username: 'bob', password: 'b0b' }).admin();
  await admin.connect();
  await admin.listTopics();
  await admin.disconnect();
});

test('raw: the pre-KIP-43 flow (SaslHandshake v0, then a raw PLAIN token)', async () => {
  const c = await RawClient.connect('127.0.0.1', sasl().port);
  const hs = await c.send(handshakeApi, 0, { mechanism: 'PLAIN' });
  assert.equal(hs.errorCode, ErrorCode.NONE);
  const reply = await c.rawExchange(Buffer.from('\u0000bob\u0000b0b'));
  assert.equal(reply.length, 0);
  const md = await c.send(metadataApi, 12, metadataAll);
  assert.deepEqual(md.brokers.map((b) => b.port), [sasl().port]);
  c.close();
});

test('users.json holds salted SCRAM credentials (iterations >= 4096), never a password', () => {
  const text = readFileSync(join(dataDir, 'security', 'users.json'), 'utf8');
  assert.doesNotMatch(text, /alice-secret|b0b/);
  const stored = JSON.parse(text) as { users: Record<string, Record<string, { iterations: number; salt: string }>> };
  assert.deepEqual(Object.keys(stored.users).sort(), ['alice', 'bob']);
  for (const m of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
    assert.ok(stored.users.alice![m]!.iterations >= 4096);
    assert.ok(Buffer.from(stored.users.alice![m]!.salt, 'base64').length >= 16);
  }
});

test('KIP-368: session lifetime, re-authentication, and an expired session closes', async () => {
  await broker.stop({ keepData: true });
  // Users survive the restart without --user.
  await start([], { 'connections.max.reauth.ms': '1500' });
  const login = async (c: RawClient): Promise<SaslAuthenticateResponse> => {
    assert.equal((await c.send(handshakeApi, 1, { mechanism: 'PLAIN' })).errorCode, ErrorCode.NONE);
    return c.send(authenticateApi, 1, { authBytes: Buffer.from('\u0000alice\u0000alice-secret') });
  };
  const c = await RawClient.connect('127.0.0.1', sasl().port);
  const first = await login(c);
  assert.equal(first.errorCode, ErrorCode.NONE);
  assert.equal(first.sessionLifetimeMs, 1500);
  const again = await login(c);
  assert.equal(again.errorCode, ErrorCode.NONE);
  await c.send(metadataApi, 12, metadataAll);
  await new Promise((r) => setTimeout(r, 1700));
  await assert.rejects(c.send(metadataApi, 12, metadataAll, 3000));
  await c.closed;
  // SCRAM still works after the restart.
  const admin = kafka({ mechanism: 'scram-sha-256', username: 'alice', password: 'alice-secret' }).admin();
  await admin.connect();
  await admin.listTopics();
  await admin.disconnect();
});
