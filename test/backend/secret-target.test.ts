/**
 * A saved SASL password goes only to the saved target. A stub Kafka listener on loopback answers ApiVersions and
 * SaslHandshake (PLAIN) with the generated codecs and records every byte kafkajs sends, so the test sees whether the
 * password left the backend — the embedded broker has no SASL to authenticate against.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { Reader } from '../../src-protocol/codec/reader.js';
import { Writer } from '../../src-protocol/codec/writer.js';
import {
  ApiKey,
  defaultApiVersionsResponse,
  defaultApiVersionsResponseApiVersion,
  readRequestHeader,
  writeApiVersionsResponse,
  writeSaslAuthenticateResponse,
  writeSaslHandshakeResponse,
} from '../../src-protocol/generated/index.js';
import { BackendCallError } from '../../src-common/contract/errors.js';
import { parseClusterSettings } from '../../src-backend/cluster-settings.js';
import { startTestBackend, waitUntil } from './harness.js';

interface Recorder {
  port: number;
  bytes(): Buffer;
  close(): Promise<void>;
}

function respond(socket: Socket, correlationId: number, body: (w: Writer) => void): void {
  const w = new Writer();
  w.int32(correlationId);
  body(w);
  const payload = w.toBuffer();
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  socket.write(Buffer.concat([size, payload]));
}

async function startRecorder(): Promise<Recorder> {
  const seen: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      seen.push(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        const frame = buffered.subarray(4, 4 + buffered.readInt32BE(0));
        buffered = buffered.subarray(4 + frame.length);
        const header = readRequestHeader(new Reader(frame), 1);
        if (header.requestApiKey === ApiKey.ApiVersions) {
          respond(socket, header.correlationId, (w) => writeApiVersionsResponse(w, 0, {
            ...defaultApiVersionsResponse(),
            apiKeys: [
              { ...defaultApiVersionsResponseApiVersion(), apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 0 },
              { ...defaultApiVersionsResponseApiVersion(), apiKey: ApiKey.SaslHandshake, minVersion: 0, maxVersion: 1 },
              { ...defaultApiVersionsResponseApiVersion(), apiKey: ApiKey.SaslAuthenticate, minVersion: 0, maxVersion: 0 },
            ],
          }));
        } else if (header.requestApiKey === ApiKey.SaslHandshake) {
          respond(socket, header.correlationId, (w) => writeSaslHandshakeResponse(w, header.requestApiVersion, { errorCode: 0, mechanisms: ['PLAIN'] }));
        } else if (header.requestApiKey === ApiKey.SaslAuthenticate) {
          // SASL_AUTHENTICATION_FAILED: the test only needs to know what was sent.
          respond(socket, header.correlationId, (w) => writeSaslAuthenticateResponse(w, 0, {
            errorCode: 58, errorMessage: 'recorder', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0,
          }));
        } else {
          socket.destroy();
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    bytes: () => Buffer.concat(seen),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

const PASSWORD = 'pa55-saved-only-for-its-target';

test('a saved SASL password is sent to the saved bootstrap, never to changed settings', async () => {
  const backend = await startTestBackend();
  const saved = await startRecorder();
  const elsewhere = await startRecorder();
  try {
    const settings = { name: 'staging', bootstrap: [`127.0.0.1:${saved.port}`], sasl: { mechanism: 'plain' as const, username: 'app' }, tls: null, connectionTimeoutMs: 2000 };
    const added = await backend.client.call('clusters.add', { settings, secrets: { saslPassword: PASSWORD }, persistSecrets: true });

    // Same target: the stored password is used (proves the recorder would see it).
    await backend.client.call('clusters.test', { clusterId: added.id, settings });
    await waitUntil(async () => saved.bytes().includes(PASSWORD), 10_000, 'password at the saved target');

    // A new bootstrap with the saved id: refused, naming the field; the new host gets nothing.
    const moved = { ...settings, bootstrap: [`127.0.0.1:${elsewhere.port}`] };
    await assert.rejects(backend.client.call('clusters.test', { clusterId: added.id, settings: moved }), (error: unknown) => {
      assert.ok(error instanceof BackendCallError);
      assert.equal(error.field, 'secrets.saslPassword');
      return true;
    });
    await assert.rejects(backend.client.call('clusters.update', { clusterId: added.id, settings: moved }), BackendCallError);
    // A changed SASL username is a new target too.
    await assert.rejects(backend.client.call('clusters.test', { clusterId: added.id, settings: { ...settings, sasl: { mechanism: 'plain', username: 'other' } } }), BackendCallError);
    assert.equal(elsewhere.bytes().includes(PASSWORD), false);

    // With the password typed again, the update goes through and the secret follows the new target.
    const updated = await backend.client.call('clusters.update', { clusterId: added.id, settings: moved, secrets: { saslPassword: 'typed-again' } });
    assert.equal(updated.secrets.saslPassword, true);
    await backend.client.call('clusters.test', { clusterId: added.id });
    await waitUntil(async () => elsewhere.bytes().includes('typed-again'), 10_000, 'new password at the new target');
    assert.equal(elsewhere.bytes().includes(PASSWORD), false);
    // The failed update changed nothing on disk: the saved settings are the ones given last.
    const detail = await backend.client.call('clusters.get', { clusterId: added.id });
    assert.deepEqual(detail.settings.bootstrap, moved.bootstrap);
  } finally {
    await saved.close();
    await elsewhere.close();
    await backend.close();
  }
});

test('cluster settings keep known, typed, bounded fields only', () => {
  let deep: Record<string, unknown> = {};
  const root = deep;
  for (let i = 0; i < 10_000; i++) deep = (deep.next = {}) as Record<string, unknown>;
  const parsed = parseClusterSettings({ name: 'x', bootstrap: ['h:9092'], sasl: null, tls: null, extra: root, readOnly: true });
  assert.deepEqual(parsed, { name: 'x', bootstrap: ['h:9092'], sasl: null, tls: null, readOnly: true });
  assert.throws(() => parseClusterSettings({ name: 'x', bootstrap: ['h:99999'], sasl: null, tls: null }), /port/);
  assert.throws(() => parseClusterSettings({ name: 'x'.repeat(1000), bootstrap: ['h:1'], sasl: null, tls: null }), /at most/);
  assert.throws(() => parseClusterSettings({ name: 'x', bootstrap: ['h:1'], sasl: { mechanism: 'gssapi', username: 'u' }, tls: null }), /mechanism/);
  assert.throws(() => parseClusterSettings({ name: 'x', bootstrap: ['h:1'], sasl: null, tls: { enabled: 'yes' } }), /true or false/);
});
