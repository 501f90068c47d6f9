/**
 * Decoding Confluent wire-format records in the backend, through the real broker and the embedded registry: records
 * encoded by an independent client (@kafkajs/confluent-schema-registry) and by the GUI's produce-with-schema show
 * decoded with schema id, subject and version; failures give their reason (unknown id, truncated payload, bad magic
 * byte); filters see decoded fields on the scan workers and on the loop alike; export writes decoded JSON; .proto
 * files decode a topic without a registry; the registry calls (subjects, versions, compatibility, delete).
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import protobuf from 'protobufjs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { BackendCallError } from '../../src-common/contract/errors.js';
import type { KafkaMessage } from '../../src-common/contract/messages.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';
import { createBackendService, type BackendService } from '../../src-backend/service.js';
import { KeyFileSecretStore } from '../../src-backend/secret-store.js';
import { localClient, startTestBackend, text, type TestBackend, taskFinished } from './harness.js';

const { Kafka, logLevel } = kafkajs;

const AVRO = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int' }, { name: 'status', type: 'string' }] };
const AVRO_V2 = { ...AVRO, fields: [...AVRO.fields, { name: 'note', type: ['null', 'string'], default: null }] };
const AVRO_BREAKING = { ...AVRO, fields: [...AVRO.fields, { name: 'price', type: 'double' }] };
const PROTO = 'syntax = "proto3";\npackage shop;\nmessage Other {\n  int32 x = 1;\n}\nmessage Shipment {\n  string id = 1;\n  int32 boxes = 2;\n}\n';
const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, ok: { type: 'boolean' } }, required: ['id'], additionalProperties: false });

let b: TestBackend;
let inLoop: BackendService;
let registry: SchemaRegistry;
let avroId: number;

async function page(topic: string, client = b.client): Promise<KafkaMessage[]> {
  return (await client.call('messages.page', { clusterId: C, topic, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 100 })).messages;
}

const finished = (taskId: string, client = b.client): Promise<TaskInfo> => taskFinished(client, taskId);

before(async () => {
  b = await startTestBackend({ schemaRegistry: true });
  assert.ok(b.engine.schemaRegistryUrl, 'the embedded registry runs');
  inLoop = await createBackendService({
    configDir: b.configDir, // the same remembered decodings
    secretStore: new KeyFileSecretStore(join(b.configDir, 'secret.key')),
    engine: b.engine,
    host: { mode: 'browser', appVersion: 'test', platform: process.platform, tempDir: join(b.dir, 'exports-in-loop') },
    scanWorkers: 0,
  });
  registry = new SchemaRegistry({ host: b.engine.schemaRegistryUrl as string });
  for (const topic of ['orders', 'shipments', 'events', 'broken', 'local-proto']) {
    await b.client.call('topics.create', { clusterId: C, name: topic, partitions: 1, replicationFactor: 1 });
  }
  avroId = (await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(AVRO) }, { subject: 'orders-value' })).id;
  const kafka = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const orders = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    registry.encode(avroId, { id: `o-${i}`, qty: i, status: i % 10 === 0 ? 'refunded' : 'paid' })));
  await producer.send({ topic: 'orders', messages: orders.map((value, i) => ({ key: `k${i}`, value })) });
  await producer.disconnect();
});

after(async () => {
  await inLoop?.dispose();
  await b?.close();
});

test('the overview and registry.info name the embedded registry', async () => {
  const overview = await b.client.call('clusters.overview', { clusterId: C });
  assert.equal(overview.embedded?.schemaRegistryUrl, b.engine.schemaRegistryUrl);
  const info = await b.client.call('registry.info', { clusterId: C });
  assert.deepEqual(info, { available: true, url: b.engine.schemaRegistryUrl, embedded: true, error: null, compatibility: 'BACKWARD' });
});

test('Avro records written by another client are decoded with schema id, subject and version', async () => {
  const messages = await page('orders');
  assert.equal(messages.length, 50);
  const first = messages[0]?.value?.decoded;
  assert.equal(first?.as, 'avro');
  assert.equal(first?.schemaId, avroId);
  assert.equal(first?.subject, 'orders-value');
  assert.equal(first?.version, 1);
  assert.equal(first?.error, null);
  assert.deepEqual(JSON.parse(first?.text ?? ''), { id: 'o-0', qty: 0, status: 'refunded' });
  assert.equal(messages[0]?.key?.decoded?.as, 'string'); // a plain-text key in auto mode
});

test('produce with a schema: Protobuf (second message type) and JSON Schema, validated before sending', async () => {
  const proto = await b.client.call('registry.register', { clusterId: C, subject: 'shipments-value', schema: { schemaType: 'PROTOBUF', schema: PROTO } });
  const json = await b.client.call('registry.register', { clusterId: C, subject: 'events-value', schema: { schemaType: 'JSON', schema: JSON_SCHEMA } });
  await b.client.call('messages.produce', {
    clusterId: C, topic: 'shipments', partition: null, key: null, value: text('{"id":"s-1","boxes":3}'),
    valueSchema: { subject: 'shipments-value', version: 'latest', messageType: 'shop.Shipment' },
  });
  await b.client.call('messages.produce', {
    clusterId: C, topic: 'events', partition: null, key: null, value: text('{"id":"e-1","ok":true}'), valueSchema: { subject: 'events-value', version: 1 },
  });
  const [shipment] = await page('shipments');
  assert.equal(shipment?.value?.decoded?.as, 'protobuf');
  assert.equal(shipment?.value?.decoded?.schemaId, proto.id);
  assert.equal(shipment?.value?.decoded?.messageType, 'shop.Shipment');
  assert.deepEqual(JSON.parse(shipment?.value?.decoded?.text ?? ''), { id: 's-1', boxes: 3 });
  // Confluent's framing: magic 0, the id, message indexes [1] (count 1, index 1 as zigzag varints: 02 02), the message.
  const raw = Buffer.from(shipment?.value?.base64 ?? '', 'base64');
  assert.deepEqual([...raw.subarray(0, 7)], [0, 0, 0, 0, proto.id, 2, 2]);
  const type = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('shop.Shipment');
  assert.deepEqual(type.toObject(type.decode(raw.subarray(7))), { id: 's-1', boxes: 3 });
  const [event] = await page('events');
  assert.equal(event?.value?.decoded?.as, 'json-schema');
  assert.equal(event?.value?.decoded?.schemaId, json.id);
  assert.deepEqual(JSON.parse(event?.value?.decoded?.text ?? ''), { id: 'e-1', ok: true });

  for (const [value, schema, why] of [
    ['{"id":"x","qty":"many","status":"paid"}', 'orders-value', /qty/],
    ['{"id":"e","extra":1}', 'events-value', /additional/],
    ['{"id":"s","nope":1}', 'shipments-value', /Other has no field 'id', 'nope'/], // without messageType: the first message
    ['not json', 'orders-value', /not JSON/],
  ] as const) {
    await assert.rejects(b.client.call('messages.produce', { clusterId: C, topic: 'events', partition: null, key: null, value: text(value), valueSchema: { subject: schema, version: 'latest' } }),
      (e: BackendCallError) => e.code === 'bad-request' && why.test(e.message));
  }
  assert.equal((await page('events')).length, 1, 'nothing invalid was written');
});

test('undecodable records show why: unknown schema id, truncated payload, bad magic byte', async () => {
  const values = [
    Buffer.from([0, 0, 0, 0x7f, 0x7f, 1, 2]), // unknown id
    Buffer.from([0, 0, 0]), // shorter than the header
    Buffer.concat([Buffer.from([0, 0, 0, 0, avroId]), Buffer.from([0x06, 0x61])]), // Avro string cut short
    Buffer.from('{"plain":"json"}'),
  ];
  for (const v of values) {
    await b.client.call('messages.produce', { clusterId: C, topic: 'broken', partition: 0, key: null, value: { encoding: 'base64', data: v.toString('base64') } });
  }
  let decoded = (await page('broken')).map((m) => m.value?.decoded);
  assert.match(decoded[0]?.error ?? '', /unknown schema id 32639/);
  assert.equal(decoded[0]?.schemaId, 32639);
  assert.equal(decoded[1]?.as, 'hex', 'auto: too short for the wire format, shown as hex');
  assert.match(decoded[2]?.error ?? '', /truncated/);
  assert.equal(decoded[3]?.as, 'json');
  // Declared Avro: a record that is not wire format says so.
  await b.client.call('decoding.set', { clusterId: C, topic: 'broken', decoding: { key: 'auto', value: 'avro', protoFiles: [], keyMessageType: null, valueMessageType: null } });
  decoded = (await page('broken')).map((m) => m.value?.decoded);
  assert.match(decoded[1]?.error ?? '', /truncated payload: 3 bytes/);
  assert.match(decoded[3]?.error ?? '', /bad magic byte 0x7b/);
  assert.equal((await b.client.call('decoding.get', { clusterId: C, topic: 'broken' })).value, 'avro', 'the choice is remembered');
});

test('filters match decoded fields, on the scan workers and on the loop; export writes decoded JSON', async () => {
  const filter = { match: 'all' as const, conditions: [{ field: 'json' as const, target: 'value' as const, path: '$.status', op: 'equals' as const, value: 'refunded' }] };
  for (const client of [b.client, localClient(inLoop)]) {
    const { taskId } = await client.call('messages.search', { clusterId: C, topic: 'orders', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter });
    const task = await finished(taskId, client);
    assert.equal(task.stats.matched, 5);
    const { messages } = await client.call('messages.searchResults', { taskId, offset: 0, limit: 100 });
    assert.deepEqual(messages.map((m) => JSON.parse(m.value?.decoded?.text ?? '').id), ['o-0', 'o-10', 'o-20', 'o-30', 'o-40']);
  }
  const contains = { match: 'all' as const, conditions: [{ field: 'value' as const, op: 'contains' as const, text: '"id":"o-42"' }] };
  const { taskId: t2 } = await b.client.call('messages.search', { clusterId: C, topic: 'orders', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter: contains });
  assert.equal((await finished(t2)).stats.matched, 1, 'text search runs on the decoded JSON');

  const { taskId } = await b.client.call('messages.export', { clusterId: C, topic: 'orders', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, format: 'jsonl', payloadEncoding: 'text', path: null });
  const task = await finished(taskId);
  const lines = readFileSync(task.exportResult?.filePath ?? '', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: string; value: unknown; valueSchemaId: number });
  assert.equal(lines.length, 50);
  assert.deepEqual(lines[3], { ...lines[3], key: 'k3', value: { id: 'o-3', qty: 3, status: 'paid' }, valueSchemaId: avroId });
});

test('.proto files decode a topic without a registry (message type per value); a bad file changes nothing', async () => {
  const file = { name: 'metrics.proto', text: 'syntax = "proto3";\npackage m;\nmessage Sample {\n  string host = 1;\n  double load = 2;\n  repeated string tags = 3;\n}\n' };
  const type = protobuf.parse(file.text).root.lookupType('m.Sample');
  const bytes = Buffer.from(type.encode(type.fromObject({ host: 'h1', load: 0.5, tags: ['a', 'b'] })).finish());
  await b.client.call('messages.produce', { clusterId: C, topic: 'local-proto', partition: 0, key: null, value: { encoding: 'base64', data: bytes.toString('base64') } });
  await assert.rejects(b.client.call('decoding.set', { clusterId: C, topic: 'local-proto', decoding: { key: 'auto', value: 'protobuf', protoFiles: [file], keyMessageType: null, valueMessageType: 'm.Nope' } }),
    (e: BackendCallError) => e.code === 'bad-request' && /no message type m.Nope/.test(e.message));
  await assert.rejects(b.client.call('decoding.set', { clusterId: C, topic: 'local-proto', decoding: { key: 'auto', value: 'protobuf', protoFiles: [{ name: 'x.proto', text: 'message {' }], keyMessageType: null, valueMessageType: null } }),
    (e: BackendCallError) => e.code === 'bad-request' && /x\.proto/.test(e.message));
  await b.client.call('decoding.set', { clusterId: C, topic: 'local-proto', decoding: { key: 'auto', value: 'protobuf', protoFiles: [file], keyMessageType: null, valueMessageType: 'm.Sample' } });
  const [m] = await page('local-proto');
  assert.equal(m?.value?.decoded?.messageType, 'm.Sample');
  assert.deepEqual(JSON.parse(m?.value?.decoded?.text ?? ''), { host: 'h1', load: 0.5, tags: ['a', 'b'] });
});

test('registry calls: subjects, versions, compatibility check and refusal, levels, soft and permanent delete', async () => {
  const schema = (s: object) => ({ schemaType: 'AVRO' as const, schema: JSON.stringify(s) });
  assert.deepEqual(await b.client.call('registry.checkCompatibility', { clusterId: C, subject: 'orders-value', schema: schema(AVRO_V2) }), { compatible: true, messages: [] });
  const bad = await b.client.call('registry.checkCompatibility', { clusterId: C, subject: 'orders-value', schema: schema(AVRO_BREAKING) });
  assert.equal(bad.compatible, false);
  assert.ok(bad.messages.length > 0);
  await assert.rejects(b.client.call('registry.register', { clusterId: C, subject: 'orders-value', schema: schema(AVRO_BREAKING) }), (e: BackendCallError) => e.code === 'incompatible');
  assert.equal((await b.client.call('registry.register', { clusterId: C, subject: 'orders-value', schema: schema(AVRO_V2) })).version, 2);

  const { subjects } = await b.client.call('registry.subjects', { clusterId: C });
  assert.deepEqual(subjects.map((s) => [s.subject, s.schemaType, s.latestVersion]), [['events-value', 'JSON', 1], ['orders-value', 'AVRO', 2], ['shipments-value', 'PROTOBUF', 1]]);
  const detail = await b.client.call('registry.subject', { clusterId: C, subject: 'orders-value' });
  assert.deepEqual(detail.versions.map((v) => v.version), [1, 2]);
  assert.equal(detail.compatibility, 'BACKWARD', '@kafkajs/confluent-schema-registry sets a subject level on first registration');
  assert.equal(detail.effectiveCompatibility, 'BACKWARD');

  await b.client.call('registry.setCompatibility', { clusterId: C, subject: 'orders-value', level: 'NONE' });
  assert.equal((await b.client.call('registry.subject', { clusterId: C, subject: 'orders-value' })).effectiveCompatibility, 'NONE');
  await b.client.call('registry.setCompatibility', { clusterId: C, subject: 'orders-value', level: null });
  assert.equal((await b.client.call('registry.subject', { clusterId: C, subject: 'orders-value' })).compatibility, null);
  await assert.rejects(b.client.call('registry.setCompatibility', { clusterId: C, subject: null, level: 'SIDEWAYS' as never }), (e: BackendCallError) => e.code === 'bad-request');

  await assert.rejects(b.client.call('registry.delete', { clusterId: C, subject: 'orders-value', version: 2, permanent: true }), (e: BackendCallError) => e.code === 'not-found' && /40407/.test(e.message));
  assert.deepEqual(await b.client.call('registry.delete', { clusterId: C, subject: 'orders-value', version: 2 }), { versions: [2] });
  const withDeleted = await b.client.call('registry.subject', { clusterId: C, subject: 'orders-value', deleted: true });
  assert.deepEqual(withDeleted.versions.map((v) => [v.version, v.deleted]), [[1, false], [2, true]]);
  assert.deepEqual(await b.client.call('registry.delete', { clusterId: C, subject: 'orders-value', version: 2, permanent: true }), { versions: [2] });
  await assert.rejects(b.client.call('registry.subject', { clusterId: C, subject: 'nope' }), (e: BackendCallError) => e.code === 'not-found');
  // Records written with version 1 still decode.
  assert.equal((await page('orders'))[0]?.value?.decoded?.error, null);
});
