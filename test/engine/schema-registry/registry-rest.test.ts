/** Confluent's REST semantics over plain HTTP: every endpoint the clients use and its error codes. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';
import { probeKafka, tempDataDir } from '../../helpers/broker.js';

const dataDir = tempDataDir('kafkadesk-registry-rest-');
let broker: BrokerHandle;
let url: string;

before(async () => {
  broker = await startBroker({ dataDir, port: 0, schemaRegistryPort: 0 });
  url = broker.schemaRegistryUrl as string;
});
after(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; type: string }> {
  const res = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // raw schema endpoints answer text
  }
  return { status: res.status, body: parsed, type: res.headers.get('content-type') ?? '' };
}

const errorCode = (r: { body: unknown }): number => (r.body as { error_code: number }).error_code;
const avro = (fields: object[]) => JSON.stringify({ type: 'record', name: 'User', fields });

describe('subjects and versions', () => {
  test('register, list, get by version and id, lookup', async () => {
    const reg = await call('POST', '/subjects/users-value/versions', { schema: avro([{ name: 'name', type: 'string' }]) });
    assert.equal(reg.status, 200);
    assert.equal(reg.type, 'application/vnd.schemaregistry.v1+json');
    const { id } = reg.body as { id: number };
    assert.deepEqual((await call('GET', '/subjects')).body, ['users-value']);
    assert.deepEqual((await call('GET', '/subjects/users-value/versions')).body, [1]);
    const v1 = (await call('GET', '/subjects/users-value/versions/1')).body as Record<string, unknown>;
    assert.deepEqual(Object.keys(v1).sort(), ['id', 'schema', 'subject', 'version'], 'AVRO omits schemaType, no references');
    assert.equal(((await call('GET', '/subjects/users-value/versions/latest')).body as { id: number }).id, id);
    const raw = await call('GET', '/subjects/users-value/versions/1/schema');
    assert.deepEqual(raw.body, JSON.parse(v1.schema as string), 'the raw schema text');
    assert.deepEqual((await call('GET', `/schemas/ids/${id}`)).body, { schema: v1.schema });
    assert.deepEqual((await call('GET', `/schemas/ids/${id}/subjects`)).body, ['users-value']);
    assert.deepEqual((await call('GET', `/schemas/ids/${id}/versions`)).body, [{ subject: 'users-value', version: 1 }]);
    // Whitespace does not make a different schema: lookup finds version 1.
    const spaced = JSON.stringify(JSON.parse(v1.schema as string), null, 2);
    assert.equal(((await call('POST', '/subjects/users-value', { schema: spaced })).body as { version: number }).version, 1);
    assert.deepEqual((await call('GET', '/schemas/types')).body, ['AVRO', 'JSON', 'PROTOBUF']);
  });

  test('Confluent error codes', async () => {
    assert.equal(errorCode(await call('GET', '/subjects/nope/versions')), 40401);
    assert.equal(errorCode(await call('GET', '/subjects/users-value/versions/9')), 40402);
    assert.equal(errorCode(await call('GET', '/schemas/ids/999')), 40403);
    assert.equal(errorCode(await call('POST', '/subjects/users-value', { schema: avro([{ name: 'other', type: 'int' }]) })), 40403);
    const invalid = await call('POST', '/subjects/bad/versions', { schema: '{"type": "recordd"}' });
    assert.deepEqual([invalid.status, errorCode(invalid)], [422, 42201]);
    const badVersion = await call('GET', '/subjects/users-value/versions/zero');
    assert.deepEqual([badVersion.status, errorCode(badVersion)], [422, 42202]);
    const badLevel = await call('PUT', '/config', { compatibility: 'SIDEWAYS' });
    assert.deepEqual([badLevel.status, errorCode(badLevel)], [422, 42203]);
    const badJson = await call('POST', '/subjects/users-value/versions', '{not json');
    assert.equal(badJson.status, 400);
    const incompatible = await call('POST', '/subjects/users-value/versions', { schema: avro([{ name: 'name', type: 'string' }, { name: 'age', type: 'int' }]) });
    assert.deepEqual([incompatible.status, errorCode(incompatible)], [409, 409]);
    assert.equal(await probeKafka(broker.host, broker.port), true, 'the broker keeps serving');
  });
});

describe('configs, modes, compatibility checks', () => {
  test('global and subject compatibility levels', async () => {
    assert.deepEqual((await call('GET', '/config')).body, { compatibilityLevel: 'BACKWARD' });
    assert.equal(errorCode(await call('GET', '/config/users-value')), 40408);
    assert.deepEqual((await call('GET', '/config/users-value?defaultToGlobal=true')).body, { compatibilityLevel: 'BACKWARD' });
    assert.deepEqual((await call('PUT', '/config/users-value', { compatibility: 'NONE' })).body, { compatibility: 'NONE' });
    const breaking = { schema: avro([{ name: 'name', type: 'string' }, { name: 'age', type: 'int' }]) };
    assert.deepEqual((await call('POST', '/compatibility/subjects/users-value/versions/latest', breaking)).body, { is_compatible: true });
    assert.deepEqual((await call('DELETE', '/config/users-value')).body, { compatibilityLevel: 'NONE' });
    const verbose = (await call('POST', '/compatibility/subjects/users-value/versions/latest?verbose=true', breaking)).body as { is_compatible: boolean; messages: string[] };
    assert.equal(verbose.is_compatible, false);
    assert.ok(verbose.messages.length > 0);
  });

  test('READONLY mode refuses registration with 42205', async () => {
    assert.deepEqual((await call('PUT', '/mode/users-value', { mode: 'READONLY' })).body, { mode: 'READONLY' });
    const refused = await call('POST', '/subjects/users-value/versions', { schema: avro([{ name: 'name', type: 'string' }, { name: 'n', type: ['null', 'int'], default: null }]) });
    assert.equal(errorCode(refused), 42205);
    await call('PUT', '/mode/users-value', { mode: 'READWRITE' });
    assert.deepEqual((await call('GET', '/mode')).body, { mode: 'READWRITE' });
  });
});

describe('deletes and references', () => {
  test('soft delete, then permanent; the rules between them', async () => {
    await call('POST', '/subjects/tmp-value/versions', { schema: avro([{ name: 'a', type: 'string' }]) });
    assert.equal(errorCode(await call('DELETE', '/subjects/tmp-value/versions/1?permanent=true')), 40407);
    assert.deepEqual((await call('DELETE', '/subjects/tmp-value')).body, [1]);
    assert.equal(errorCode(await call('DELETE', '/subjects/tmp-value')), 40404);
    assert.equal(errorCode(await call('GET', '/subjects/tmp-value/versions')), 40401);
    assert.deepEqual((await call('GET', '/subjects/tmp-value/versions?deleted=true')).body, [1]);
    assert.deepEqual((await call('DELETE', '/subjects/tmp-value?permanent=true')).body, [1]);
    assert.deepEqual((await call('GET', '/subjects?deleted=true')).body, ['users-value']);
  });

  test('a schema referencing another subject resolves it (Avro named type, Protobuf import)', async () => {
    const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'shop', fields: [{ name: 'city', type: 'string' }] });
    await call('POST', '/subjects/address/versions', { schema: address });
    const customer = JSON.stringify({ type: 'record', name: 'Customer', namespace: 'shop', fields: [{ name: 'home', type: 'shop.Address' }] });
    const ok = await call('POST', '/subjects/customer-value/versions', { schema: customer, references: [{ name: 'shop.Address', subject: 'address', version: 1 }] });
    assert.equal(ok.status, 200);
    assert.deepEqual(((await call('GET', '/subjects/customer-value/versions/1')).body as { references: unknown }).references, [{ name: 'shop.Address', subject: 'address', version: 1 }]);
    assert.equal(errorCode(await call('POST', '/subjects/orphan-value/versions', { schema: customer })), 42201, 'unresolvable without the reference');
    await call('POST', '/subjects/money.proto/versions', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\npackage money;\nmessage Amount { int64 cents = 1; }\n' });
    const invoice = 'syntax = "proto3";\npackage billing;\nimport "money.proto";\nmessage Invoice { money.Amount total = 1; }\n';
    const proto = await call('POST', '/subjects/invoice-value/versions', { schemaType: 'PROTOBUF', schema: invoice, references: [{ name: 'money.proto', subject: 'money.proto', version: 1 }] });
    assert.equal(proto.status, 200, JSON.stringify(proto.body));
  });
});
