/**
 * Confluent's own Python serializers (confluent-kafka[avro,protobuf,schemaregistry] from PyPI, installed by
 * scripts/clients/setup.sh into .cache/clients/venv-registry) against the broker and the embedded registry:
 * records they write (registering their schemas themselves) decode in the backend, and records the backend writes
 * with produce-with-schema decode with their deserializers. Skips, saying why, when the venv is not installed.
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import type { KafkaMessage } from '../../src-common/contract/messages.js';
import { repoRoot } from '../helpers/clients.js';
import { startTestBackend, text, type TestBackend } from './harness.js';

function driver(): { command: string[] } | { missing: string } {
  const r = spawnSync('bash', [join(repoRoot, 'scripts/clients/setup.sh'), '--offline'], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
  try {
    const status = JSON.parse((r.stdout ?? '').trim().split('\n').at(-1) ?? '') as Record<string, { command: string[] } | { missing: string }>;
    return status['confluent-kafka-registry'] ?? { missing: 'setup.sh does not know confluent-kafka-registry' };
  } catch {
    return { missing: `scripts/clients/setup.sh --offline printed no status: ${(r.stderr ?? '').slice(-300)}` };
  }
}

const status = driver();
const skip = 'missing' in status ? `confluent-kafka[avro,protobuf,schemaregistry] not installed (${status.missing}); run scripts/clients/setup.sh` : false;
const AVRO = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int' }] });
const PROTO = 'syntax = "proto3";\npackage shop;\nmessage Shipment {\n  string id = 1;\n  int32 boxes = 2;\n}\n';

let b: TestBackend;

interface PyResult { ok: boolean; records?: unknown[]; errors?: string[] }

function python(command: Record<string, unknown>): PyResult {
  if ('missing' in status) throw new Error(status.missing);
  const [exe, ...args] = status.command as [string, ...string[]];
  const full = { bootstrap: b.bootstrap, registry: b.engine.schemaRegistryUrl, ...command };
  const r = spawnSync(exe, [...args, JSON.stringify(full)], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `python failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as PyResult;
}

async function page(topic: string): Promise<KafkaMessage[]> {
  return (await b.client.call('messages.page', { clusterId: C, topic, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 100 })).messages;
}

before(async () => {
  if (skip) return;
  b = await startTestBackend({ schemaRegistry: true });
  for (const topic of ['py-avro', 'py-proto', 'gui-avro', 'gui-proto']) await b.client.call('topics.create', { clusterId: C, name: topic, partitions: 1, replicationFactor: 1 });
});
after(async () => {
  await b?.close();
});

test('Avro: records from confluent-kafka\'s AvroSerializer decode in the backend, and the backend\'s decode in AvroDeserializer', { skip }, async () => {
  assert.deepEqual(python({ op: 'produce', format: 'avro', topic: 'py-avro', count: 20 }), { ok: true });
  const messages = await page('py-avro');
  assert.equal(messages.length, 20);
  for (const [i, m] of messages.entries()) {
    assert.equal(m.value?.decoded?.error, null);
    assert.equal(m.value?.decoded?.subject, 'py-avro-value');
    assert.deepEqual(JSON.parse(m.value?.decoded?.text ?? ''), { id: `py-${i}`, qty: i });
  }
  await b.client.call('registry.register', { clusterId: C, subject: 'gui-avro-value', schema: { schemaType: 'AVRO', schema: AVRO } });
  for (let i = 0; i < 5; i++) {
    await b.client.call('messages.produce', { clusterId: C, topic: 'gui-avro', partition: null, key: null, value: text(JSON.stringify({ id: `gui-${i}`, qty: i * 10 })), valueSchema: { subject: 'gui-avro-value', version: 'latest' } });
  }
  const read = python({ op: 'consume', format: 'avro', topic: 'gui-avro', count: 5 });
  assert.deepEqual(read.errors, []);
  assert.deepEqual(read.records, [0, 1, 2, 3, 4].map((i) => ({ id: `gui-${i}`, qty: i * 10 })));
});

test('Protobuf: ProtobufSerializer\'s records (message indexes, its registered schema) decode, and the backend\'s decode in ProtobufDeserializer', { skip }, async () => {
  assert.deepEqual(python({ op: 'produce', format: 'protobuf', topic: 'py-proto', count: 10 }), { ok: true });
  const messages = await page('py-proto');
  assert.equal(messages.length, 10);
  for (const [i, m] of messages.entries()) {
    assert.equal(m.value?.decoded?.error, null, m.value?.decoded?.error ?? '');
    assert.equal(m.value?.decoded?.messageType, 'shop.Shipment');
    assert.deepEqual(JSON.parse(m.value?.decoded?.text ?? ''), { id: `py-${i}`, boxes: i });
  }
  await b.client.call('registry.register', { clusterId: C, subject: 'gui-proto-value', schema: { schemaType: 'PROTOBUF', schema: PROTO } });
  for (let i = 1; i <= 3; i++) {
    await b.client.call('messages.produce', { clusterId: C, topic: 'gui-proto', partition: null, key: null, value: text(JSON.stringify({ id: `gui-${i}`, boxes: i })), valueSchema: { subject: 'gui-proto-value', version: 1 } });
  }
  const read = python({ op: 'consume', format: 'protobuf', topic: 'gui-proto', count: 3 });
  assert.deepEqual(read.errors, []);
  assert.deepEqual(read.records, [1, 2, 3].map((i) => ({ id: `gui-${i}`, boxes: i })));
});
