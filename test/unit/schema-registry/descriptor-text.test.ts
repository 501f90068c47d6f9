/**
 * The .proto printer for base64 FileDescriptorProtos (src-common/protobuf/descriptor-text.ts): descriptor → text →
 * parse (protobufjs) gives the same types as the descriptor itself — nested messages, enums, oneofs, maps, imports,
 * packages, options such as deprecated, proto2 vs proto3 labels (and proto3 `optional`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import descriptorExt from 'protobufjs/ext/descriptor/index.js';
import { decodeDescriptor, descriptorToProto, encodeDescriptor, isDescriptorText, protoSchemaText, type FileDesc } from '../../../src-common/protobuf/descriptor-text.js';

const COMMON: FileDesc = {
  name: 'common.proto', package: 'shop.common', syntax: 'proto3',
  messageType: [{ name: 'Money', field: [
    { name: 'units', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_INT64' },
    { name: 'currency', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', options: { deprecated: true } },
  ] }],
};

const ORDER: FileDesc = {
  name: 'order.proto', package: 'shop', syntax: 'proto3', dependency: ['common.proto'],
  options: { javaPackage: 'com.example.shop', goPackage: 'example.com/shop' },
  messageType: [{
    name: 'Order',
    options: { deprecated: true },
    field: [
      { name: 'id', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING' },
      { name: 'price', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_MESSAGE', typeName: '.shop.common.Money' },
      { name: 'counts', number: 3, label: 'LABEL_REPEATED', type: 'TYPE_MESSAGE', typeName: '.shop.Order.CountsEntry' },
      { name: 'card', number: 4, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', oneofIndex: 0 },
      { name: 'iban', number: 5, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', oneofIndex: 0 },
      { name: 'note', number: 6, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', oneofIndex: 1, proto3Optional: true },
      { name: 'lines', number: 7, label: 'LABEL_REPEATED', type: 'TYPE_MESSAGE', typeName: '.shop.Order.Line' },
      { name: 'status', number: 8, label: 'LABEL_OPTIONAL', type: 'TYPE_ENUM', typeName: '.shop.Order.Status', options: { deprecated: true } },
    ],
    oneofDecl: [{ name: 'payment' }, { name: '_note' }],
    nestedType: [
      { name: 'CountsEntry', options: { mapEntry: true }, field: [
        { name: 'key', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING' },
        { name: 'value', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_INT32' },
      ] },
      { name: 'Line', field: [
        { name: 'sku', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING' },
        { name: 'qty', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_SINT32' },
        { name: 'weights', number: 3, label: 'LABEL_REPEATED', type: 'TYPE_DOUBLE', options: { packed: false } },
      ], reservedRange: [{ start: 9, end: 12 }], reservedName: ['old'] },
    ],
    enumType: [{ name: 'Status', value: [
      { name: 'STATUS_UNKNOWN', number: 0 },
      { name: 'PAID', number: 1 },
      { name: 'REFUNDED', number: 2, options: { deprecated: true } },
    ] }],
  }],
};

const LEGACY: FileDesc = {
  name: 'legacy.proto', package: 'legacy', syntax: 'proto2',
  messageType: [{ name: 'Item', field: [
    { name: 'id', number: 1, label: 'LABEL_REQUIRED', type: 'TYPE_STRING' },
    { name: 'qty', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_INT32', defaultValue: '5' },
    { name: 'tags', number: 3, label: 'LABEL_REPEATED', type: 'TYPE_STRING' },
    { name: 'kind', number: 4, label: 'LABEL_OPTIONAL', type: 'TYPE_ENUM', typeName: '.legacy.Kind', defaultValue: 'LARGE' },
    { name: 'label', number: 5, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', defaultValue: 'say "hi"' },
  ] }],
  enumType: [{ name: 'Kind', value: [{ name: 'SMALL', number: 1 }, { name: 'LARGE', number: 2 }] }],
};

interface Root {
  fromDescriptor(set: { file: unknown[] }): protobuf.Root;
}

/** The protobufjs reflection of descriptors, as JSON (what decoding and compatibility checks use). */
function fromDescriptors(files: FileDesc[]): unknown {
  const set = (descriptorExt as unknown as { FileDescriptorSet: protobuf.Type }).FileDescriptorSet.fromObject({ file: files });
  return normalize((protobuf.Root as unknown as Root).fromDescriptor(set as unknown as { file: unknown[] }));
}

function fromText(texts: string[]): unknown {
  const root = new protobuf.Root();
  for (const t of texts) protobuf.parse(t, root, { keepCase: true });
  return normalize(root);
}

/** Types by full name: fields (id, type resolved to a full name, rule, map key, oneof, deprecated), enums, oneofs. */
function normalize(root: protobuf.Root): unknown {
  root.resolveAll();
  const out: Record<string, unknown> = {};
  const walk = (ns: protobuf.NamespaceBase): void => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) {
        out[n.fullName] = {
          deprecated: n.options?.deprecated === true,
          fields: n.fieldsArray.map((f) => ({
            name: f.name, id: f.id, type: f.resolvedType ? f.resolvedType.fullName : f.type, repeated: f.repeated, required: f.required,
            map: f instanceof protobuf.MapField ? f.keyType : null,
            oneof: f.partOf && !f.partOf.name.startsWith('_') ? f.partOf.name : null,
            deprecated: f.options?.deprecated === true,
            default: f.options?.default ?? null,
          })),
        };
      } else if (n instanceof protobuf.Enum) {
        out[n.fullName] = { values: n.values, deprecated: Object.keys(n.values).filter((k) => n.valuesOptions?.[k]?.deprecated === true) };
      }
      if (n instanceof protobuf.Namespace) walk(n);
    }
  };
  walk(root);
  return JSON.parse(JSON.stringify(out)) as unknown; // plain objects (protobufjs makes some prototype-less)
}

test('a base64 descriptor prints as .proto text that parses to the same types (imports, package, nested, maps, oneofs, options)', () => {
  const [common, order] = [COMMON, ORDER].map((f) => descriptorToProto(decodeDescriptor(encodeDescriptor(f))));
  assert.match(order ?? '', /^syntax = "proto3";\npackage shop;\n\nimport "common\.proto";\n/);
  assert.match(order ?? '', /map<string, int32> counts = 3;/);
  assert.match(order ?? '', /oneof payment \{\n {4}string card = 4;\n {4}string iban = 5;\n {2}\}/);
  assert.match(order ?? '', /optional string note = 6;/);
  assert.match(order ?? '', /option deprecated = true;/);
  assert.match(order ?? '', /REFUNDED = 2 \[deprecated = true\];/);
  assert.match(order ?? '', /reserved 9 to 11;\n {4}reserved "old";/);
  assert.match(order ?? '', /option java_package = "com\.example\.shop";/);
  assert.doesNotMatch(order ?? '', /CountsEntry|_note/, 'map entries and synthetic oneofs are not printed');
  assert.deepEqual(fromText([common ?? '', order ?? '']), fromDescriptors([COMMON, ORDER]));
});

test('proto2: required/optional labels and defaults survive; proto3 prints no implicit label', () => {
  const text = descriptorToProto(decodeDescriptor(encodeDescriptor(LEGACY)));
  assert.match(text, /^syntax = "proto2";/);
  assert.match(text, /required string id = 1;/);
  assert.match(text, /optional int32 qty = 2 \[default = 5\];/);
  assert.match(text, /repeated string tags = 3;/);
  assert.match(text, /optional \.legacy\.Kind kind = 4 \[default = LARGE\];/);
  assert.match(text, /optional string label = 5 \[default = "say \\"hi\\""\];/);
  assert.deepEqual(fromText([text]), fromDescriptors([LEGACY]));
  const proto3 = descriptorToProto(COMMON);
  assert.match(proto3, /\n {2}int64 units = 1;\n {2}string currency = 2 \[deprecated = true\];/);
});

test('printing is stable: the text of the re-encoded descriptor is the same text', () => {
  for (const file of [COMMON, ORDER, LEGACY]) {
    const once = descriptorToProto(file);
    assert.equal(descriptorToProto(decodeDescriptor(encodeDescriptor(file))), once);
  }
});

test('protoSchemaText renders base64 descriptors and keeps .proto source as it is', () => {
  const base64 = encodeDescriptor(ORDER);
  assert.ok(isDescriptorText(base64));
  assert.equal(protoSchemaText(base64), descriptorToProto(ORDER));
  const source = 'syntax = "proto3";\nmessage A { int32 x = 1; }\n';
  assert.ok(!isDescriptorText(source));
  assert.equal(protoSchemaText(source), source);
});
