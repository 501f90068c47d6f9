// The console's remote connection (src-backend/kafka/: kafkajs clients and the backend's own wire connection) over
// SASL_SSL with SCRAM and PLAIN, a custom CA and a client certificate (mTLS), end to end against the engine's
// listeners — not a mapping of settings. The broker enforces mTLS and ACLs, so a wrong setting fails for real.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestBroker, tempDataDir, type InProcessBroker } from '../helpers/broker.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import { buildKafkaConfig, ClusterConnection, wireSettingsFrom } from '../../src-backend/kafka/connection.js';
import { WireCluster } from '../../src-backend/kafka/wire-cluster.js';
import { issueCertificate } from '../../src-engine/security/dev-ca.js';
import type { ClusterSettings } from '../../src-common/contract/clusters.js';

const dataDir = tempDataDir();
let broker: InProcessBroker;
let ca: string;
let client: { key: string; cert: string };
const addr = (name: string): string => `localhost:${broker.listeners.find((l) => l.name === name)!.port}`;

before(async () => {
  broker = await startTestBroker({
    dataDir, tlsAuto: true, users: [{ name: 'console', password: 'console-secret' }],
    configs: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0,MTLS://127.0.0.1:0',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL',
      'advertised.listeners': 'SASL_SSL://localhost:0,MTLS://localhost:0',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512,SCRAM-SHA-256,PLAIN',
      'listener.name.mtls.ssl.client.auth': 'required',
    },
  });
  ca = readFileSync(broker.caCertPath!, 'utf8');
  const issued = issueCertificate({ dir: join(dataDir, 'tls') }, 'console-client', '/O=KafkaDesk/CN=console', { clientOnly: true });
  client = { key: readFileSync(issued.keyPath, 'utf8'), cert: readFileSync(issued.certPath, 'utf8') };
});
after(async () => broker.stop());

async function exercise(settings: ClusterSettings, secrets: { saslPassword?: string; tlsKey?: string }): Promise<void> {
  const topic = uniqueTopic('remote-sec');
  await createTopic(`127.0.0.1:${broker.listeners.find((l) => l.name === 'PLAINTEXT')!.port}`, topic, { partitions: 1 });
  const config = buildKafkaConfig(settings, secrets);
  const connection = new ClusterConnection(config);
  try {
    const admin = await connection.admin();
    assert.ok((await admin.listTopics()).includes(topic));
    const producer = await connection.producer();
    await producer.send({ topic, messages: [{ value: 'over the console' }] });
    const wire = new WireCluster(wireSettingsFrom(config));
    try {
      const partitions = await wire.partitions(topic, true);
      assert.equal(partitions.length, 1);
    } finally {
      await wire.close();
    }
  } finally {
    await connection.close();
  }
}

const base = { name: 'engine', clientId: 'console-test', connectionTimeoutMs: 5000, requestTimeoutMs: 10_000 };

for (const mechanism of ['scram-sha-512', 'scram-sha-256', 'plain'] as const) {
  test(`SASL_SSL with ${mechanism} and the dev CA`, async () => {
    await exercise({ ...base, bootstrap: [addr('SASL_SSL')], sasl: { mechanism, username: 'console' }, tls: { enabled: true, rejectUnauthorized: true, ca } },
      { saslPassword: 'console-secret' });
  });
}

test('mTLS with a client certificate; without it the broker refuses', async () => {
  await exercise({ ...base, bootstrap: [addr('MTLS')], sasl: null, tls: { enabled: true, rejectUnauthorized: true, ca, cert: client.cert } }, { tlsKey: client.key });
  await assert.rejects(exercise({ ...base, bootstrap: [addr('MTLS')], sasl: null, tls: { enabled: true, rejectUnauthorized: true, ca } }, {}));
});

test('a wrong SCRAM password fails to connect', async () => {
  await assert.rejects(exercise({ ...base, bootstrap: [addr('SASL_SSL')], sasl: { mechanism: 'scram-sha-512', username: 'console' }, tls: { enabled: true, rejectUnauthorized: true, ca } },
    { saslPassword: 'nope' }));
});
