/** The per-format compatibility rules (reader vs writer), each case one Confluent difference. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { protobufFormat } from '../../../src-engine/schema-registry/formats/protobuf.js';
import { jsonSchemaFormat } from '../../../src-engine/schema-registry/formats/json-schema.js';
import { avroFormat } from '../../../src-engine/schema-registry/formats/avro.js';

const proto = (body: string, pkg = 'p') => protobufFormat.parse(`syntax = "proto3";\npackage ${pkg};\n${body}`, []);
const protoProblems = (reader: string, writer: string) => protobufFormat.incompatibilities(proto(reader), proto(writer));

test('protobuf: adding and removing optional fields is compatible; kinds, packages, messages and oneofs are not', () => {
  const base = 'message M { string a = 1; int32 b = 2; }';
  assert.deepEqual(protoProblems('message M { string a = 1; int32 b = 2; bool c = 3; }', base), []);
  assert.deepEqual(protoProblems('message M { string a = 1; }', base), []);
  assert.deepEqual(protoProblems('message M { string a = 1; int64 b = 2; }', base), [], 'int32 and int64 share the varint encoding');
  assert.match(protoProblems('message M { string a = 1; string b = 2; }', base)[0] ?? '', /FIELD_KIND_CHANGED/);
  assert.match(protoProblems('message M { string a = 1; repeated int32 b = 2; }', base)[0] ?? '', /FIELD_LABEL_CHANGED/);
  assert.match(protoProblems('message N { string a = 1; }', base)[0] ?? '', /MESSAGE_REMOVED/);
  assert.match(protobufFormat.incompatibilities(proto(base, 'q'), proto(base))[0] ?? '', /PACKAGE_CHANGED/);
  assert.match(protoProblems('message M { oneof o { string a = 1; int32 b = 2; } }', base).join(), /FIELD_MOVED_TO_EXISTING_ONEOF/);
  assert.throws(() => proto('message M { strin a = 1; }'), /Invalid schema/);
});

const json = (schema: object) => jsonSchemaFormat.parse(JSON.stringify(schema), []);
const jsonProblems = (reader: object, writer: object) => jsonSchemaFormat.incompatibilities(json(reader), json(writer));

test('json schema: types, required, content models, enums, bounds', () => {
  const writer = { type: 'object', properties: { id: { type: 'string' }, n: { type: 'integer' } }, required: ['id'] };
  assert.deepEqual(jsonProblems(writer, writer), []);
  assert.deepEqual(jsonProblems({ ...writer, properties: { ...writer.properties, n: { type: 'number' } } }, writer), [], 'integer widened to number');
  assert.match(jsonProblems({ ...writer, properties: { ...writer.properties, n: { type: 'string' } } }, writer).join(), /TYPE_CHANGED/);
  assert.match(jsonProblems({ ...writer, required: ['id', 'n'] }, writer).join(), /REQUIRED_PROPERTY_ADDED/);
  assert.match(jsonProblems({ ...writer, additionalProperties: false }, writer).join(), /ADDITIONAL_PROPERTIES_REMOVED/);
  assert.match(jsonProblems({ type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] }).join(), /ENUM_ARRAY_NARROWED/);
  assert.match(jsonProblems({ type: 'string', maxLength: 5 }, { type: 'string', maxLength: 10 }).join(), /MAXLENGTH_DECREASED/);
  assert.throws(() => json({ type: 'object', properties: 5 }), /Invalid schema/);
});

test('avro: resolution rules, not string comparison', () => {
  const v1 = avroFormat.parse(JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }), []);
  const promoted = avroFormat.parse(JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'long' }] }), []);
  assert.deepEqual(avroFormat.incompatibilities(promoted, v1), [], 'a long reader reads int data');
  assert.equal(avroFormat.incompatibilities(v1, promoted).length, 1, 'an int reader cannot read long data');
});

test('protobuf: a base64 FileDescriptorProto (what Confluent\'s serializers register) is the same schema as its .proto text', () => {
  // shop/shipment.proto: package shop; message Shipment { string id = 1; int32 boxes = 2; } — as confluent-kafka sends it.
  const descriptor = 'ChNzaG9wL3NoaXBtZW50LnByb3RvEgRzaG9wIiUKCFNoaXBtZW50EgoKAmlkGAEgASgJEg0KBWJveGVzGAIgASgFYgZwcm90bzM';
  const fromDescriptor = protobufFormat.parse(descriptor, []);
  const fromText = proto('message Shipment { string id = 1; int32 boxes = 2; }', 'shop');
  assert.equal(fromDescriptor.canonical, fromText.canonical);
  assert.deepEqual(protobufFormat.incompatibilities(fromText, fromDescriptor), []);
  assert.throws(() => protobufFormat.parse('bm90IGEgZGVzY3JpcHRvcg==', []), /Invalid schema/);
});
