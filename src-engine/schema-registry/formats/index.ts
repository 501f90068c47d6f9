import type { SchemaType } from '../records.js';
import { avroFormat } from './avro.js';
import { jsonSchemaFormat } from './json-schema.js';
import type { ParsedSchema, SchemaFormat } from './format.js';
import { protobufFormat } from './protobuf.js';

export { InvalidSchemaError, type ParsedSchema, type ResolvedReference } from './format.js';

export const SCHEMA_TYPES: readonly SchemaType[] = ['AVRO', 'JSON', 'PROTOBUF'];

export function formatOf(type: SchemaType): SchemaFormat<ParsedSchema> {
  switch (type) {
    case 'AVRO':
      return avroFormat as SchemaFormat<ParsedSchema>;
    case 'PROTOBUF':
      return protobufFormat as SchemaFormat<ParsedSchema>;
    case 'JSON':
      return jsonSchemaFormat as SchemaFormat<ParsedSchema>;
  }
}
