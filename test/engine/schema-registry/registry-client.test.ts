/**
 * The embedded Schema Registry through an independent client (@kafkajs/confluent-schema-registry): register, encode
 * and decode Avro, Protobuf and JSON Schema, records round-tripped through the broker with kafkajs, a compatibility
 * refusal, and everything surviving a broker restart.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';
import { tempDataDir } from '../../helpers/broker.js';

const dataDir = tempDataDir('kafkadesk-registry-');
let broker: BrokerHandle;

async function start(): Promise<BrokerHandle> {
  return startBroker({ dataDir, port: 0, schemaRegistryPort: 0, groupInitialRebalanceDelayMs: 0 });
}

before(async () => {
  broker = await start();
});
after(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const AVRO_V1 = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int' }] };
const AVRO_V2 = { ...AVRO_V1, fields: [...AVRO_V1.fields, { name: 'note', type: ['null', 'string'], default: null }] };
const AVRO_BREAKING = { ...AVRO_V1, fields: [...AVRO_V1.fields, { name: 'price', type: 'double' }] };
const PROTO = 'syntax = "proto3";\npackage shop;\nmessage Shipment {\n  string id = 1;\n  int32 boxes = 2;\n}\n';
const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, ok: { type: 'boolean' } }, required: ['id'] });

test('register, encode and decode all three formats; records go through the broker in the wire format', async () => {
  const registry = new SchemaRegistry({ host: broker.schemaRegistryUrl as string });
  const avro = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(AVRO_V1) }, { subject: 'orders-value' });
  const proto = await registry.register({ type: SchemaType.PROTOBUF, schema: PROTO }, { subject: 'shipments-value' });
  const json = await registry.register({ type: SchemaType.JSON, schema: JSON_SCHEMA }, { subject: 'events-value' });
  assert.deepEqual([avro.id, proto.id, json.id], [1, 2, 3]);
  // Registering the same schema again is idempotent: same id, no new version.
  assert.equal((await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(AVRO_V1) }, { subject: 'orders-value' })).id, 1);

  const kafka = new Kafka({ brokers: [`${broker.host}:${broker.port}`], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const encoded = await registry.encode(avro.id, { id: 'o-1', qty: 3 });
  assert.equal(encoded[0], 0, 'magic byte');
  assert.equal(encoded.readInt32BE(1), avro.id, 'schema id after the magic byte');
  await producer.send({ topic: 'orders', messages: [{ value: encoded }] });
  await producer.send({ topic: 'shipments', messages: [{ value: await registry.encode(proto.id, { id: 's-1', boxes: 2 }) }] });
  await producer.send({ topic: 'events', messages: [{ value: await registry.encode(json.id, { id: 'e-1', ok: true }) }] });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: 'registry-test' });
  await consumer.connect();
  await consumer.subscribe({ topics: ['orders', 'shipments', 'events'], fromBeginning: true });
  const decoded = new Map<string, unknown>();
  await new Promise<void>((resolve, reject) => {
    void consumer.run({
      eachMessage: async ({ topic, message }) => {
        try {
          decoded.set(topic, await registry.decode(message.value as Buffer));
          if (decoded.size === 3) resolve();
        } catch (error) {
          reject(error as Error);
        }
      },
    });
  });
  await consumer.disconnect();
  assert.deepEqual({ ...(decoded.get('orders') as object) }, { id: 'o-1', qty: 3 });
  assert.deepEqual({ ...(decoded.get('shipments') as object) }, { id: 's-1', boxes: 2 });
  assert.deepEqual(decoded.get('events'), { id: 'e-1', ok: true });
});

test('BACKWARD (the default) accepts an added optional field and refuses a field without a default', async () => {
  const registry = new SchemaRegistry({ host: broker.schemaRegistryUrl as string });
  const v2 = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(AVRO_V2) }, { subject: 'orders-value' });
  assert.equal(v2.id, 4);
  await assert.rejects(
    registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(AVRO_BREAKING) }, { subject: 'orders-value' }),
    (error: Error) => /incompatible/i.test(error.message),
  );
  assert.equal(await registry.getLatestSchemaId('orders-value'), 4);
});

test('a restart keeps subjects, versions, ids and configs (replayed from _schemas)', async () => {
  const url = broker.schemaRegistryUrl as string;
  await fetch(`${url}/config/events-value`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ compatibility: 'FULL' }) });
  await fetch(`${url}/subjects/shipments-value`, { method: 'DELETE' });
  await broker.stop();
  broker = await start();
  const after = broker.schemaRegistryUrl as string;
  assert.deepEqual(await (await fetch(`${after}/subjects`)).json(), ['events-value', 'orders-value']);
  assert.deepEqual(await (await fetch(`${after}/subjects?deleted=true`)).json(), ['events-value', 'orders-value', 'shipments-value']);
  assert.deepEqual(await (await fetch(`${after}/subjects/orders-value/versions`)).json(), [1, 2]);
  assert.deepEqual(await (await fetch(`${after}/config/events-value`)).json(), { compatibilityLevel: 'FULL' });
  const registry = new SchemaRegistry({ host: after });
  assert.deepEqual({ ...(await registry.decode(await registry.encode(1, { id: 'o-2', qty: 1 }))) }, { id: 'o-2', qty: 1 });
  // Ids keep counting from where they were: a new schema gets the next one.
  const fresh = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify({ type: 'string' }) }, { subject: 'plain-value' });
  assert.equal(fresh.id, 5);
});
