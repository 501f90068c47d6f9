/** Produce with a schema: JSON text validated against a registry schema and framed in Confluent's wire format. */

import type { PayloadInput } from '../../src-common/contract/messages.js';
import type { ProduceSchema } from '../../src-common/contract/schema-registry.js';
import { badRequest } from '../errors.js';
import { SchemaCodecError } from './schema-codecs.js';
import type { SchemaSource } from './schema-source.js';
import { frame } from './wire-format.js';

export async function encodeWithSchema(source: SchemaSource, input: PayloadInput | null | undefined, schema: ProduceSchema, field: 'key' | 'value'): Promise<Buffer> {
  if (!input || input.encoding !== 'text' || typeof input.data !== 'string') badRequest(field, 'with a schema, the payload is JSON text');
  if (typeof schema.subject !== 'string' || schema.subject === '') badRequest(`${field}Schema.subject`, 'must be a non-empty string');
  if (schema.version !== 'latest' && !(Number.isInteger(schema.version) && schema.version > 0)) badRequest(`${field}Schema.version`, "a version number or 'latest'");
  let value: unknown;
  try {
    value = JSON.parse(input.data);
  } catch (error) {
    return badRequest(field, `not JSON: ${(error as Error).message}`);
  }
  const registered = await source.client.version(schema.subject, schema.version);
  try {
    const codec = await source.codecFor(registered);
    const { payload, indexes } = codec.encode(value, schema.messageType);
    return frame(registered.id, payload, registered.schemaType === 'PROTOBUF' ? indexes ?? [0] : undefined);
  } catch (error) {
    if (error instanceof SchemaCodecError) badRequest(field, `${schema.subject} v${registered.version}: ${error.message}`);
    throw error;
  }
}
