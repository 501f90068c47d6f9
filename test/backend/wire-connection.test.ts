/**
 * The backend's own Kafka connection (src-backend/kafka/wire-*.ts) against the real broker on loopback, plus the
 * SASL exchanges (RFC test vectors) and how saved-cluster settings map onto it.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import kafkajs from 'kafkajs';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import { WireCluster } from '../../src-backend/kafka/wire-cluster.js';
import { KafkaWireError, WireConnection } from '../../src-backend/kafka/wire-connection.js';
import { FETCH, LIST_OFFSETS, METADATA } from '../../src-backend/kafka/wire-apis.js';
import { decodeRecordBatches } from '../../src-backend/kafka/record-batches.js';
import { saslExchange } from '../../src-backend/kafka/sasl.js';
import { buildKafkaConfig, wireSettingsFrom } from '../../src-backend/kafka/connection.js';
import { defaultFetchRequest, defaultFetchRequestFetchPartition, defaultFetchRequestFetchTopic } from '../../src-protocol/generated/01-fetch.js';

const { Kafka, logLevel, CompressionTypes } = kafkajs;
const settings = { clientId: 'wire-test', connectionTimeoutMs: 5000, requestTimeoutMs: 10_000 };

let broker: TestBroker;
before(async () => {
  broker = await startTestBroker();
});
after(async () => broker?.stop());

describe('wire connection against the broker', () => {
  test('negotiates ApiVersions and answers pipelined requests by correlation id', async () => {
    const connection = await WireConnection.open({ ...settings, host: broker.host, port: broker.port });
    try {
      assert.equal(connection.versionFor(FETCH), 12, 'Fetch capped at v12 (topic names)');
      assert.ok(connection.supports(LIST_OFFSETS));
      const topics = [uniqueTopic('wire-a'), uniqueTopic('wire-b'), uniqueTopic('wire-c')];
      for (const [i, t] of topics.entries()) await createTopic(broker.bootstrap, t, { partitions: i + 1 });
      // 30 requests in flight at once; each answer must be the one for its own request.
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => {
        const name = topics[i % 3] as string;
        return connection.send(METADATA, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name }], allowAutoTopicCreation: false,
          includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }).then((r) => ({ i, name, r }));
      }));
      for (const { i, name, r } of answers) {
        assert.equal(r.topics[0]?.name, name);
        assert.equal(r.topics[0]?.partitions.length, (i % 3) + 1);
      }
    } finally {
      connection.close();
    }
    assert.ok(connection.closed);
    await assert.rejects(connection.send(METADATA, { topics: [], allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }), { name: 'WireConnectionError' });
  });

  test('cluster: leaders from Metadata, Fetch decodes keys, values, headers and gzip batches exactly', async () => {
    const topic = uniqueTopic('wire-fetch');
    await createTopic(broker.bootstrap, topic, { partitions: 2 });
    const producer = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ partition: 1, key: 'k0', value: 'v0', headers: { h: 'x', e: '' } }, { partition: 1, key: null, value: 'v1' }] });
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [{ partition: 1, key: 'k2', value: Buffer.from([0, 255, 1]) }] });
    await producer.disconnect();

    const cluster = new WireCluster({ ...settings, brokers: [broker.bootstrap] });
    try {
      const partitions = await cluster.partitions(topic);
      assert.deepEqual(partitions.map((p) => p.partitionId).sort(), [0, 1]);
      const leader = partitions.find((p) => p.partitionId === 1)?.leader ?? -1;
      assert.ok((await cluster.nodeIds()).includes(leader));
      const connection = await cluster.broker(leader);
      assert.equal(await cluster.broker(leader), connection, 'one connection per broker, reused');
      const response = await connection.send(FETCH, {
        ...defaultFetchRequest(), maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20,
        topics: [{ ...defaultFetchRequestFetchTopic(), topic, partitions: [{ ...defaultFetchRequestFetchPartition(), partition: 1, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }],
      });
      const data = response.responses[0]?.partitions[0];
      assert.equal(data?.errorCode, 0);
      assert.equal(data?.highWatermark, 3);
      const records = await decodeRecordBatches(Buffer.isBuffer(data?.records) ? data.records : null);
      assert.deepEqual(records.map((r) => [r.offset, r.key?.toString() ?? null, r.value?.toString('hex')]), [
        [0, 'k0', Buffer.from('v0').toString('hex')], [1, null, Buffer.from('v1').toString('hex')], [2, 'k2', '00ff01'],
      ]);
      assert.deepEqual(records[0]?.headers.map((h) => [h.key, h.value?.toString()]), [['h', 'x'], ['e', '']]);
      assert.ok(records.every((r) => !r.isControlRecord && r.timestamp > 0));

      await assert.rejects(cluster.partitions(uniqueTopic('wire-missing')), (e: unknown) => e instanceof KafkaWireError && e.type === 'UNKNOWN_TOPIC_OR_PARTITION');
      const { nodeId } = await cluster.groupCoordinator('wire-group');
      assert.ok((await cluster.nodeIds()).includes(nodeId));
    } finally {
      await cluster.close();
    }
  });

  test('TLS: through a TLS terminator in front of the broker, verifying its certificate', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-wire-tls-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
        '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    } catch {
      t.skip('openssl is not installed');
      return;
    }
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    // A real TLS server that forwards the plaintext to the broker, as a TLS-terminating proxy would.
    const server = tls.createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (client) => {
      const upstream = net.connect(broker.port, broker.host);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as net.AddressInfo).port;

    const connection = await WireConnection.open({ ...settings, host: '127.0.0.1', port, tls: { ca: [cert], rejectUnauthorized: true } });
    try {
      const metadata = await connection.send(METADATA, { topics: [], allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
      assert.ok(metadata.brokers.length >= 1);
    } finally {
      connection.close();
    }
    // Without the CA the certificate is refused.
    await assert.rejects(WireConnection.open({ ...settings, host: '127.0.0.1', port, tls: { rejectUnauthorized: true } }), /self[- ]signed/i);
  });

  test('an unreachable bootstrap fails with a connection error, not a hang', async () => {
    const cluster = new WireCluster({ ...settings, connectionTimeoutMs: 2000, brokers: ['127.0.0.1:1'] });
    await assert.rejects(cluster.nodeIds(), { name: 'WireConnectionError' });
    await cluster.close();
  });
});

describe('SASL exchanges', () => {
  test('PLAIN sends authzid NUL user NUL password', () => {
    const exchange = saslExchange({ mechanism: 'plain', username: 'alice', password: 's3cret' });
    assert.equal(exchange.mechanism, 'PLAIN');
    assert.deepEqual(exchange.first(), Buffer.from('\0alice\0s3cret'));
    assert.equal(exchange.next(Buffer.alloc(0)), null);
  });

  test('SCRAM-SHA-256 matches the RFC 7677 example and checks the server signature', () => {
    const run = () => saslExchange({ mechanism: 'scram-sha-256', username: 'user', password: 'pencil' }, 'rOprNGfwEbeRWgbNEkqO');
    const exchange = run();
    assert.equal(exchange.mechanism, 'SCRAM-SHA-256');
    assert.equal(exchange.first().toString(), 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const serverFirst = Buffer.from('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096');
    assert.equal(exchange.next(serverFirst)?.toString(),
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
    assert.equal(exchange.next(Buffer.from('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')), null);

    const impostor = run();
    impostor.first();
    impostor.next(serverFirst);
    assert.throws(() => impostor.next(Buffer.from('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')), /server signature/);
    const wrongNonce = run();
    assert.throws(() => wrongNonce.next(Buffer.from('r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096')), /invalid/);
  });

  test('SCRAM-SHA-512 names its mechanism and escapes the user name', () => {
    const exchange = saslExchange({ mechanism: 'scram-sha-512', username: 'a=b,c', password: 'p' }, 'nonce');
    assert.equal(exchange.mechanism, 'SCRAM-SHA-512');
    assert.equal(exchange.first().toString(), 'n,,n=a=3Db=2Cc,r=nonce');
  });
});

describe('saved-cluster settings -> wire settings', () => {
  test('SASL, TLS and timeouts come from the same settings as the kafkajs clients', () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const wire = wireSettingsFrom(buildKafkaConfig(
        { name: 'x', bootstrap: ['b1:9093', 'b2:9093'], sasl: { mechanism, username: 'u' }, tls: null, connectionTimeoutMs: 1234, requestTimeoutMs: 5678 },
        { saslPassword: 'pw' },
      ));
      assert.deepEqual(wire, { brokers: ['b1:9093', 'b2:9093'], clientId: 'kafkadesk', connectionTimeoutMs: 1234, requestTimeoutMs: 5678,
        sasl: { mechanism, username: 'u', password: 'pw' } });
    }
    const tls = wireSettingsFrom(buildKafkaConfig(
      { name: 'x', bootstrap: ['b:9093'], sasl: null, tls: { enabled: true, rejectUnauthorized: false, ca: 'CA', servername: 'kafka.internal' } },
      { tlsKey: 'KEY' },
    ));
    assert.deepEqual(tls.tls, { rejectUnauthorized: false, ca: ['CA'], key: 'KEY', servername: 'kafka.internal' });
    assert.equal(tls.sasl, undefined);
  });
});
