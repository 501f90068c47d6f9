/**
 * JSON Schema records are validated when browsed, through the real broker and the embedded registry: a record whose
 * JSON does not satisfy its registered schema is still shown decoded, with "does not match schema vN: <ajv errors
 * with JSON paths>" in pages, messages.get and search results (on the scan workers and on the loop); a matching
 * record has no marker; export writes the decoded value without the marker.
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import type { KafkaMessage } from '../../src-common/contract/messages.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';
import { createBackendService, type BackendService } from '../../src-backend/service.js';
import { KeyFileSecretStore } from '../../src-backend/secret-store.js';
import { SchemaSource } from '../../src-backend/schema-registry/schema-source.js';
import { localClient, startTestBackend, type TestBackend, taskFinished } from './harness.js';

const { Kafka, logLevel } = kafkajs;

const V1 = { type: 'object', properties: { id: { type: 'string' }, qty: { type: 'integer', minimum: 0 } }, required: ['id'] };
const V2 = { ...V1, properties: { ...V1.properties, tags: { type: 'array', items: { type: 'string' } } } };

let b: TestBackend;
let inLoop: BackendService;
let v2Id: number;

function framed(id: number, value: unknown): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, Buffer.from(JSON.stringify(value))]);
}

async function page(topic: string): Promise<KafkaMessage[]> {
  return (await b.client.call('messages.page', { clusterId: C, topic, partitions: 'all', start: { kind: 'earliest' }, direction: 'forward', pageSize: 100 })).messages;
}

const finished = (taskId: string, client = b.client): Promise<TaskInfo> => taskFinished(client, taskId);

before(async () => {
  b = await startTestBackend({ schemaRegistry: true });
  inLoop = await createBackendService({
    configDir: b.configDir,
    secretStore: new KeyFileSecretStore(join(b.configDir, 'secret.key')),
    engine: b.engine,
    host: { mode: 'browser', appVersion: 'test', platform: process.platform, tempDir: join(b.dir, 'exports-in-loop') },
    scanWorkers: 0,
  });
  await b.client.call('topics.create', { clusterId: C, name: 'readings', partitions: 1, replicationFactor: 1 });
  await b.client.call('registry.register', { clusterId: C, subject: 'readings-value', schema: { schemaType: 'JSON', schema: JSON.stringify(V1) } });
  await b.client.call('registry.setCompatibility', { clusterId: C, subject: 'readings-value', level: 'NONE' }); // v2 is an open-model addition
  v2Id = (await b.client.call('registry.register', { clusterId: C, subject: 'readings-value', schema: { schemaType: 'JSON', schema: JSON.stringify(V2) } })).id;
  // Written by a plain producer: nothing checked the JSON against the schema on the way in.
  const producer = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({
    topic: 'readings', messages: [
      { key: 'good', value: framed(v2Id, { id: 'r-1', qty: 3, tags: ['a'] }) },
      { key: 'bad', value: framed(v2Id, { qty: -1.5, tags: ['a', 7] }) },
    ],
  });
  await producer.disconnect();
});

after(async () => {
  await inLoop?.dispose();
  await b?.close();
});

test('a record that does not satisfy its JSON Schema is shown decoded, with the ajv errors and their JSON paths', async () => {
  const [good, bad] = await page('readings');
  assert.equal(good?.value?.decoded?.as, 'json-schema');
  assert.equal(good?.value?.decoded?.error, null);
  assert.equal(good?.value?.decoded?.mismatch, undefined, 'a matching record has no marker');

  const decoded = bad?.value?.decoded;
  assert.equal(decoded?.as, 'json-schema');
  assert.equal(decoded?.error, null, 'still decoded');
  assert.equal(decoded?.schemaId, v2Id);
  assert.equal(decoded?.version, 2);
  assert.deepEqual(JSON.parse(decoded?.text ?? ''), { qty: -1.5, tags: ['a', 7] });
  const marker = decoded?.mismatch ?? '';
  assert.match(marker, /^does not match schema v2: /);
  assert.match(marker, /\(root\) must have required property 'id'/);
  assert.match(marker, /\/qty must be integer/);
  assert.match(marker, /\/qty must be >= 0/);
  assert.match(marker, /\/tags\/1 must be string/);

  const { message } = await b.client.call('messages.get', { clusterId: C, topic: 'readings', partition: 0, offset: Number(bad?.offset) });
  assert.equal(message?.value?.decoded?.mismatch, marker);
});

test('search results carry the marker (scan workers and the loop); export leaves it out', async () => {
  const filter = { match: 'all' as const, conditions: [{ field: 'json' as const, target: 'value' as const, path: '$.qty', op: 'equals' as const, value: '-1.5' }] };
  for (const client of [b.client, localClient(inLoop)]) {
    const { taskId } = await client.call('messages.search', { clusterId: C, topic: 'readings', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter });
    assert.equal((await finished(taskId, client)).stats.matched, 1, 'filters see the decoded value of a mismatching record');
    const { messages } = await client.call('messages.searchResults', { taskId, offset: 0, limit: 10 });
    assert.match(messages[0]?.value?.decoded?.mismatch ?? '', /^does not match schema v2: .*\/tags\/1 must be string/);
  }
  const { taskId } = await b.client.call('messages.export', { clusterId: C, topic: 'readings', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, format: 'jsonl', payloadEncoding: 'text', path: null });
  const lines = readFileSync((await finished(taskId)).exportResult?.filePath ?? '', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines[1]?.value, { qty: -1.5, tags: ['a', 7] });
  assert.equal(lines[1]?.valueSchemaId, v2Id);
  assert.ok(!JSON.stringify(lines[1]).includes('does not match'), 'export writes the decoded value only');
});

test('compiled schemas are cached per id, bounded (the oldest go first, and come back on demand)', async () => {
  const ids: number[] = [];
  for (const n of [1, 2, 3]) {
    const schema = JSON.stringify({ type: 'object', properties: { [`f${n}`]: { type: 'integer' } }, required: [`f${n}`] });
    ids.push((await b.client.call('registry.register', { clusterId: C, subject: `bounded-${n}`, schema: { schemaType: 'JSON', schema } })).id);
  }
  const source = new SchemaSource({ url: b.engine.schemaRegistryUrl as string }, 2);
  for (const id of ids) await source.prefetch([id]); // one by one: the order they arrive in is the order they age
  assert.equal(source.cachedCount, 2);
  assert.match(String(source.get(ids[0] as number)), /was not looked up/, 'the oldest was dropped');
  const third = source.get(ids[2] as number);
  assert.ok(typeof third !== 'string');
  assert.match(third.codec.decode(Buffer.from('{"f3":"x"}'), []).mismatch ?? '', /\/f3 must be integer/);
  const again = await source.resolve(ids[0] as number);
  assert.ok(typeof again !== 'string', 'fetched again when needed');
  assert.equal(source.cachedCount, 2);
});
