/**
 * A remote cluster's Schema Registry behind basic auth and behind TLS (a self-signed certificate made with openssl:
 * refused until its CA is given): the saved cluster's `settings.schemaRegistry` and its
 * write-only password (never returned) reach the registry; a wrong password is reported, not a crash. The "remote"
 * registry is the embedded one behind a real HTTP server that checks the Authorization header.
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { BackendCallError } from '../../src-common/contract/errors.js';
import { startTestBackend, text, type TestBackend } from './harness.js';

let b: TestBackend;
let gate: http.Server;
let gateUrl: string;
const seen: string[] = [];

before(async () => {
  b = await startTestBackend({ schemaRegistry: true });
  const upstream = new URL(b.engine.schemaRegistryUrl as string);
  gate = http.createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== `Basic ${Buffer.from('alice:s3cret').toString('base64')}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 401, message: 'Unauthorized' }));
      return;
    }
    const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => gate.listen(0, '127.0.0.1', r));
  gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}`;
  await b.client.call('topics.create', { clusterId: C, name: 'remote-orders', partitions: 1, replicationFactor: 1 });
  await b.client.call('registry.register', { clusterId: C, subject: 'remote-orders-value', schema: { schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }] }) } });
  await b.client.call('messages.produce', { clusterId: C, topic: 'remote-orders', partition: 0, key: null, value: text('{"n":7}'), valueSchema: { subject: 'remote-orders-value', version: 'latest' } });
});
after(async () => {
  gate?.close();
  await b?.close();
});

test('basic auth to a remote registry: the password is used, never returned; a wrong one is reported', async () => {
  const settings = { name: 'remote', bootstrap: [b.bootstrap], sasl: null, tls: null, schemaRegistry: { url: gateUrl, username: 'alice' } };
  const added = await b.client.call('clusters.add', { settings, secrets: { schemaRegistryPassword: 'wrong' }, persistSecrets: true });
  assert.equal(added.secrets.schemaRegistryPassword, true);
  assert.ok(!JSON.stringify(await b.client.call('clusters.get', { clusterId: added.id })).includes('wrong'), 'the secret is never returned');
  const refused = await b.client.call('registry.info', { clusterId: added.id });
  assert.equal(refused.available, false);
  assert.match(refused.error ?? '', /Unauthorized/);
  await assert.rejects(b.client.call('registry.subjects', { clusterId: added.id }), (e: BackendCallError) => e.code === 'registry' && /401/.test(e.message));

  await b.client.call('clusters.update', { clusterId: added.id, settings, secrets: { schemaRegistryPassword: 's3cret' } });
  assert.deepEqual(await b.client.call('registry.info', { clusterId: added.id }), { available: true, url: gateUrl, embedded: false, error: null, compatibility: 'BACKWARD' });
  assert.deepEqual((await b.client.call('registry.subjects', { clusterId: added.id })).subjects.map((s) => s.subject), ['remote-orders-value']);
  const page = await b.client.call('messages.page', { clusterId: added.id, topic: 'remote-orders', partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 10 });
  assert.deepEqual(JSON.parse(page.messages[0]?.value?.decoded?.text ?? ''), { n: 7 });
  assert.ok(seen.includes(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`));

  // A changed registry URL does not receive the saved password: it must be typed again.
  await assert.rejects(b.client.call('clusters.update', { clusterId: added.id, settings: { ...settings, schemaRegistry: { url: 'http://127.0.0.1:1', username: 'alice' } } }),
    (e: BackendCallError) => e.code === 'bad-request' && e.field === 'secrets.schemaRegistryPassword');
  await assert.rejects(b.client.call('clusters.add', { settings: { ...settings, schemaRegistry: { url: 'ftp://x' } } }), (e: BackendCallError) => e.field === 'settings.schemaRegistry.url');
});

test('https registry: refused with an unknown CA, served with the CA in the settings', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  } catch {
    t.skip('openssl could not make a certificate');
    return;
  }
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const upstream = new URL(b.engine.schemaRegistryUrl as string);
  const server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
    const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const settings = { name: 'tls', bootstrap: [b.bootstrap], sasl: null, tls: null, schemaRegistry: { url } };
    const added = await b.client.call('clusters.add', { settings });
    const refused = await b.client.call('registry.info', { clusterId: added.id });
    assert.equal(refused.available, false);
    assert.match(refused.error ?? '', /self.signed|certificate/i);
    await b.client.call('clusters.update', { clusterId: added.id, settings: { ...settings, schemaRegistry: { url, ca: cert } } });
    assert.equal((await b.client.call('registry.info', { clusterId: added.id })).available, true);
    assert.ok((await b.client.call('registry.subjects', { clusterId: added.id })).subjects.some((s) => s.subject === 'remote-orders-value'));
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
