/**
 * Avro through avsc: Avro's own resolution rules decide compatibility (a reader schema resolving a writer schema),
 * never a string comparison. Named types of referenced schemas are registered first, so references resolve.
 */
import avro from 'avsc';
import { InvalidSchemaError, type ParsedSchema, type ResolvedReference, type SchemaFormat } from './format.js';

export interface AvroSchema extends ParsedSchema {
  readonly type: avro.Type;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A bare primitive name ("string") is a valid Avro schema written without quotes by some tools.
    if (/^[a-z]+$/.test(text.trim())) return text.trim();
    throw new InvalidSchemaError(`Invalid schema: not JSON: ${text.slice(0, 80)}`);
  }
}

export const avroFormat: SchemaFormat<AvroSchema> = {
  parse(schema: string, references: readonly ResolvedReference[]): AvroSchema {
    const registry: Record<string, avro.Type> = {};
    try {
      for (const ref of references) avro.Type.forSchema(parseJson(ref.schema) as avro.Schema, { registry });
      const type = avro.Type.forSchema(parseJson(schema) as avro.Schema, { registry });
      return { type, canonical: JSON.stringify(type.schema({ exportAttrs: true })) };
    } catch (error) {
      if (error instanceof InvalidSchemaError) throw error;
      throw new InvalidSchemaError(`Invalid schema: ${(error as Error).message}`);
    }
  },

  incompatibilities(reader, writer) {
    try {
      reader.type.createResolver(writer.type);
      return [];
    } catch (error) {
      return [`READER_FIELD_MISSING_DEFAULT_VALUE or TYPE_MISMATCH: ${(error as Error).message}`];
    }
  },
};
