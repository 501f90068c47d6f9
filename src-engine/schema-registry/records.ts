/**
 * Confluent Schema Registry's `_schemas` record formats (its KafkaStore): JSON keys and values, so a registry reading
 * this topic elsewhere understands it. Keys carry a `keytype`; a null value (tombstone) is a permanent delete.
 */

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export type RegistryKey =
  | { keytype: 'SCHEMA'; subject: string; version: number; magic: 1 }
  | { keytype: 'CONFIG'; subject: string | null; magic: 0 }
  | { keytype: 'MODE'; subject: string | null; magic: 0 }
  | { keytype: 'DELETE_SUBJECT'; subject: string; magic: 0 }
  | { keytype: 'CLEAR_SUBJECT'; subject: string; magic: 0 }
  | { keytype: 'NOOP'; magic: 0 };

export interface SchemaValue {
  subject: string;
  version: number;
  id: number;
  /** Absent for AVRO in Confluent's records. */
  schemaType?: SchemaType;
  schema: string;
  references?: SchemaReference[];
  deleted: boolean;
}

export interface ConfigValue {
  compatibilityLevel: string;
}

export interface ModeValue {
  mode: string;
}

export interface DeleteSubjectValue {
  subject: string;
  version: number;
}

export function encodeKey(key: RegistryKey): Buffer {
  return Buffer.from(JSON.stringify(key), 'utf8');
}

export function encodeValue(value: object | null): Buffer | null {
  return value === null ? null : Buffer.from(JSON.stringify(value), 'utf8');
}

/** Null for a record this registry does not understand (it is skipped, as Confluent's reader does). */
export function decodeKey(bytes: Buffer | null): RegistryKey | null {
  if (!bytes) return null;
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as Partial<RegistryKey> & { keytype?: string };
    switch (parsed.keytype) {
      case 'SCHEMA':
      case 'CONFIG':
      case 'MODE':
      case 'DELETE_SUBJECT':
      case 'CLEAR_SUBJECT':
      case 'NOOP':
        return parsed as RegistryKey;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

export function decodeJson<T>(bytes: Buffer | null): T | null {
  if (!bytes) return null;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    return null;
  }
}
