/**
 * A Protobuf schema registered as a base64 FileDescriptorProto (what Confluent's serializers send) reads back as
 * `.proto` text, and as the base64 descriptor with `?format=serialized`, as Confluent's registry answers; a schema
 * registered as `.proto` text stays text; the printed text looks up to the same id.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';
import { descriptorToProto, encodeDescriptor, type FileDesc } from '../../../src-common/protobuf/descriptor-text.js';
import { tempDataDir } from '../../helpers/broker.js';

const dataDir = tempDataDir('kafkadesk-registry-proto-format-');
let broker: BrokerHandle;
let url: string;

const FILE: FileDesc = {
  name: 'shipment.proto', package: 'shop', syntax: 'proto3',
  messageType: [{ name: 'Shipment', field: [
    { name: 'id', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING' },
    { name: 'boxes', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_INT32', options: { deprecated: true } },
  ] }],
};
const BASE64 = encodeDescriptor(FILE);
const TEXT = descriptorToProto(FILE);

before(async () => {
  broker = await startBroker({ dataDir, port: 0, schemaRegistryPort: 0 });
  url = broker.schemaRegistryUrl as string;
});
after(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + path, { method, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}

test('a base64 descriptor reads back as .proto text, and as base64 with format=serialized', async () => {
  const reg = await call('POST', '/subjects/shipments-value/versions', { schemaType: 'PROTOBUF', schema: BASE64 });
  assert.equal(reg.status, 200);
  const { id } = reg.body as { id: number };
  const byId = await call('GET', `/schemas/ids/${id}`);
  assert.deepEqual(byId.body, { schema: TEXT, schemaType: 'PROTOBUF' });
  assert.match(TEXT, /int32 boxes = 2 \[deprecated = true\];/);
  assert.deepEqual((await call('GET', `/schemas/ids/${id}?format=serialized`)).body, { schema: BASE64, schemaType: 'PROTOBUF' });
  assert.equal((await call('GET', `/schemas/ids/${id}/schema`)).body, TEXT);
  assert.equal((await call('GET', `/schemas/ids/${id}/schema?format=serialized`)).body, BASE64);
  assert.equal(((await call('GET', '/subjects/shipments-value/versions/1')).body as { schema: string }).schema, TEXT);
  assert.equal(((await call('GET', '/subjects/shipments-value/versions/latest?format=serialized')).body as { schema: string }).schema, BASE64);
  assert.equal((await call('GET', '/subjects/shipments-value/versions/1/schema')).body, TEXT);
  // The printed text is the same schema: looked up to the same id, registered again without a new version.
  const lookup = await call('POST', '/subjects/shipments-value', { schemaType: 'PROTOBUF', schema: TEXT });
  assert.equal((lookup.body as { id: number }).id, id);
  assert.deepEqual((await call('POST', '/subjects/shipments-value/versions', { schemaType: 'PROTOBUF', schema: TEXT })).body, { id });
});

test('a schema registered as .proto text stays text (also with format=serialized)', async () => {
  const source = 'syntax = "proto3";\npackage other;\nmessage A {\n  int32 x = 1;\n}\n';
  const { id } = (await call('POST', '/subjects/a-value/versions', { schemaType: 'PROTOBUF', schema: source })).body as { id: number };
  assert.equal(((await call('GET', `/schemas/ids/${id}`)).body as { schema: string }).schema, source);
  assert.equal(((await call('GET', `/schemas/ids/${id}?format=serialized`)).body as { schema: string }).schema, source);
});
