// TLS listeners with the dev CA (--tls auto): kafkajs over SSL and SASL_SSL, an untrusted CA refused, mTLS
// (ssl.client.auth=required), wrong protocol on a port and garbage bytes never hurting the broker, the CA reused
// across restarts.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { startTestBroker, tempDataDir, type InProcessBroker } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { issueCertificate } from '../../../src-engine/security/dev-ca.js';
import type { MetadataRequest, MetadataResponse } from '../../../src-protocol/generated/03-metadata.js';

const metadataApi = rawApi<MetadataRequest, MetadataResponse>(3);
const metadataAll: MetadataRequest = { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false };

const dataDir = tempDataDir();
let broker: InProcessBroker;
let ca: string;
const port = (name: string): number => broker.listeners.find((l) => l.name === name)!.port;

async function start(): Promise<void> {
  broker = await startTestBroker({
    dataDir,
    tlsAuto: true,
    users: [{ name: 'alice', password: 'alice-secret' }],
    configs: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,SASL_SSL://127.0.0.1:0,MTLS://127.0.0.1:0',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL,MTLS:SSL',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512,PLAIN',
      'listener.name.mtls.ssl.client.auth': 'required',
    },
  });
  ca = readFileSync(broker.caCertPath!, 'utf8');
}

function kafka(brokerPort: number, extra: Partial<KafkaConfig>): Kafka {
  return new Kafka({ clientId: 'tls-test', brokers: [`localhost:${brokerPort}`], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 5000, ...extra });
}

async function roundTrip(k: Kafka, label: string): Promise<void> {
  const topic = uniqueTopic(label);
  const producer = k.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: label }] });
  await producer.disconnect();
  const admin = k.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  assert.equal(offsets[0]!.high, '1');
}

before(start);
after(async () => broker.stop());

test('the dev CA lives in DATA_DIR/tls and the server certificate covers localhost and 127.0.0.1', () => {
  assert.equal(broker.caCertPath, join(dataDir, 'tls', 'ca.crt'));
  const server = new X509Certificate(readFileSync(join(dataDir, 'tls', 'server.crt')));
  assert.match(server.subjectAltName ?? '', /DNS:localhost/);
  assert.match(server.subjectAltName ?? '', /IP Address:127.0.0.1/);
  assert.ok(server.verify(new X509Certificate(ca).publicKey));
});

test('kafkajs over SSL trusting the dev CA', async () => {
  await roundTrip(kafka(port('SSL'), { ssl: { ca: [ca] } }), 'ssl');
});

test('kafkajs over SASL_SSL with SCRAM-SHA-512 and PLAIN', async () => {
  await roundTrip(kafka(port('SASL_SSL'), { ssl: { ca: [ca] }, sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' } }), 'sasl-ssl-scram');
  await roundTrip(kafka(port('SASL_SSL'), { ssl: { ca: [ca] }, sasl: { mechanism: 'plain', username: 'alice', password: 'alice-secret' } }), 'sasl-ssl-plain');
});

test('TLS 1.2 and 1.3 both work; a client that does not trust the CA is refused', async () => {
  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    const c = await RawClient.connect('127.0.0.1', port('SSL'), { ca, servername: 'localhost', maxVersion });
    await c.send(metadataApi, 12, metadataAll);
    c.close();
  }
  await assert.rejects(RawClient.connect('127.0.0.1', port('SSL'), { servername: 'localhost' }), /self.signed|unable to (get|verify)/i);
});

test('mTLS (ssl.client.auth=required): no certificate refused, a dev-CA client certificate accepted', async () => {
  await assert.rejects(async () => {
    const c = await RawClient.connect('127.0.0.1', port('MTLS'), { ca, servername: 'localhost' });
    await c.send(metadataApi, 12, metadataAll, 3000);
  });
  const client = issueCertificate({ dir: join(dataDir, 'tls') }, 'client-app', '/O=Acme/CN=app1', { clientOnly: true });
  const c = await RawClient.connect('127.0.0.1', port('MTLS'), { ca, servername: 'localhost', key: readFileSync(client.keyPath), cert: readFileSync(client.certPath) });
  const md = await c.send(metadataApi, 12, metadataAll);
  assert.deepEqual(md.brokers.map((b) => b.port), [port('MTLS')]);
  c.close();
});

test('plaintext on a TLS port, TLS on a plaintext port, garbage everywhere: the broker keeps serving', async () => {
  const plainOnTls = await RawClient.connect('127.0.0.1', port('SSL'));
  await assert.rejects(plainOnTls.send(metadataApi, 12, metadataAll, 3000));
  plainOnTls.close();
  await assert.rejects(RawClient.connect('127.0.0.1', port('PLAINTEXT'), { ca, servername: 'localhost' }));
  for (const name of ['PLAINTEXT', 'SSL', 'SASL_SSL', 'MTLS']) {
    for (const junk of [Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 0, 1, 2]), Buffer.alloc(4096, 0xab)]) {
      await new Promise<void>((resolve) => {
        const s = netConnect({ host: '127.0.0.1', port: port(name) }, () => s.end(junk));
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.resume();
      });
    }
  }
  // Garbage inside a good TLS session on the SASL_SSL port.
  await new Promise<void>((resolve) => {
    const s = tlsConnect({ host: '127.0.0.1', port: port('SASL_SSL'), ca, servername: 'localhost' }, () => s.write(Buffer.from([0, 0, 0, 12, 0, 36, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8])));
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    s.resume();
  });
  await roundTrip(kafka(port('SASL_SSL'), { ssl: { ca: [ca] }, sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' } }), 'after-garbage');
});

test('the dev CA is reused after a restart', async () => {
  const before = new X509Certificate(ca).fingerprint256;
  await broker.stop({ keepData: true });
  await start();
  assert.equal(new X509Certificate(ca).fingerprint256, before);
  await roundTrip(kafka(port('SSL'), { ssl: { ca: [ca] } }), 'ssl-restarted');
});
