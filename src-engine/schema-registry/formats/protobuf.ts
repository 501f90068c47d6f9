/**
 * Protobuf through protobufjs. Compatibility follows Confluent's ProtobufSchema rules for what breaks old readers or
 * writers: a changed package, a removed message, a field number whose kind changed (scalar group, message/enum
 * type, repeated vs singular), a field moved into an existing oneof, proto2 required fields added or removed.
 * Removing or adding optional fields is compatible, as in Protobuf itself.
 */
import protobuf from 'protobufjs';
import { InvalidSchemaError, type ParsedSchema, type ResolvedReference, type SchemaFormat } from './format.js';
import { parseProtoSource } from './proto-source.js';

export interface ProtobufSchema extends ParsedSchema {
  readonly root: protobuf.Root;
  readonly pkg: string;
  /** Messages declared by this schema (not by its references), by full name without the leading dot. */
  readonly messages: ReadonlyMap<string, protobuf.Type>;
}

/** Scalar types that share a wire encoding and read each other's values (Confluent's compatible scalar groups). */
const SCALAR_GROUP: Record<string, string> = {
  int32: 'varint', uint32: 'varint', int64: 'varint', uint64: 'varint', bool: 'varint',
  sint32: 'zigzag', sint64: 'zigzag',
  fixed32: 'fixed32', sfixed32: 'fixed32', float: 'float',
  fixed64: 'fixed64', sfixed64: 'fixed64', double: 'double',
  string: 'length', bytes: 'length',
};

function collectMessages(ns: protobuf.NamespaceBase, out: Map<string, protobuf.Type>, prefix: string): void {
  for (const nested of ns.nestedArray) {
    const name = prefix ? `${prefix}.${nested.name}` : nested.name;
    if (nested instanceof protobuf.Type) out.set(name, nested);
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) collectMessages(nested, out, name);
  }
}

function fieldKind(field: protobuf.Field): string {
  field.resolve();
  if (SCALAR_GROUP[field.type]) return `scalar:${SCALAR_GROUP[field.type]}`;
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return 'enum'; // enums are varints: any enum reads as its number
  return `message:${resolved ? resolved.fullName.replace(/^\./, '') : field.type}`;
}

export const protobufFormat: SchemaFormat<ProtobufSchema> = {
  parse(schema: string, references: readonly ResolvedReference[]): ProtobufSchema {
    try {
      const root = new protobuf.Root();
      for (const ref of references) parseProtoSource(ref.schema, root);
      const own = parseProtoSource(schema);
      const pkg = own.package ?? '';
      parseProtoSource(schema, root);
      root.resolveAll();
      const messages = new Map<string, protobuf.Type>();
      collectMessages(own.root, messages, '');
      // Names from the schema's own parse, types from the full root (so references resolve).
      const resolved = new Map<string, protobuf.Type>();
      for (const name of messages.keys()) resolved.set(name, root.lookupType(name));
      return { root, pkg, messages: resolved, canonical: canonicalProto(resolved, pkg) };
    } catch (error) {
      throw new InvalidSchemaError(`Invalid schema: ${(error as Error).message}`);
    }
  },

  incompatibilities(reader, writer) {
    const problems: string[] = [];
    if (reader.pkg !== writer.pkg) problems.push(`PACKAGE_CHANGED: '${writer.pkg}' -> '${reader.pkg}'`);
    for (const [name, oldType] of writer.messages) {
      const newType = reader.messages.get(name);
      if (!newType) {
        problems.push(`MESSAGE_REMOVED: ${name}`);
        continue;
      }
      for (const oldField of oldType.fieldsArray) {
        const newField = newType.fieldsById[oldField.id];
        if (!newField) {
          if (oldField.required) problems.push(`REQUIRED_FIELD_REMOVED: ${name}.${oldField.name} (${oldField.id})`);
          continue;
        }
        if (fieldKind(oldField) !== fieldKind(newField)) {
          problems.push(`FIELD_KIND_CHANGED: ${name}.${newField.name} (${oldField.id}) ${oldField.type} -> ${newField.type}`);
        } else if (oldField.repeated !== newField.repeated) {
          problems.push(`FIELD_LABEL_CHANGED: ${name}.${newField.name} (${oldField.id})`);
        }
        if (!oldField.partOf && newField.partOf) {
          const others = newField.partOf.fieldsArray.filter((f) => f.id !== newField.id && oldType.fieldsById[f.id] !== undefined && !oldType.fieldsById[f.id]?.partOf);
          if (others.length > 0) problems.push(`FIELD_MOVED_TO_EXISTING_ONEOF: ${name}.${newField.name} (${newField.id})`);
        }
      }
      for (const newField of newType.fieldsArray) {
        if (newField.required && !oldType.fieldsById[newField.id]) problems.push(`REQUIRED_FIELD_ADDED: ${name}.${newField.name} (${newField.id})`);
      }
    }
    return problems;
  },
};

/** Messages with their fields by number, order-independent: the identity Confluent's normalize gives. */
function canonicalProto(messages: ReadonlyMap<string, protobuf.Type>, pkg: string): string {
  const out = [...messages].sort(([a], [b]) => a.localeCompare(b)).map(([name, type]) => ({
    name,
    fields: [...type.fieldsArray].sort((a, b) => a.id - b.id).map((f) => [f.id, f.name, f.type, f.repeated, f.required, f.partOf?.name ?? null]),
  }));
  return JSON.stringify({ pkg, messages: out });
}
