/**
 * Schema Registry (Confluent's REST API, embedded or remote) and how the message browser decodes a topic's keys and
 * values. The decoding runs in the backend; the GUI shows what DecodedPayload says.
 */

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export const COMPATIBILITY_LEVELS = [
  'NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/** A remote cluster's registry connection (the embedded cluster uses the embedded registry). */
export interface RegistrySettings {
  /** http(s)://host:port[/path], e.g. Apicurio's `/apis/ccompat/v7`. */
  url: string;
  /** Basic auth user; the password is ClusterSecrets.schemaRegistryPassword. */
  username?: string;
  /** For https: verify the certificate chain (off only for self-signed test setups) and an optional PEM CA bundle. */
  rejectUnauthorized?: boolean;
  ca?: string;
}

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface RegistryInfo {
  /** False when the cluster has no registry configured, or it does not answer (see error). */
  available: boolean;
  url: string | null;
  embedded: boolean;
  error: string | null;
  /** The global compatibility level (null when unavailable). */
  compatibility: CompatibilityLevel | null;
}

export interface SubjectSummary {
  subject: string;
  schemaType: SchemaType;
  versions: number[];
  latestVersion: number;
  latestId: number;
  /** True when every version is soft-deleted (listed with deleted: true only). */
  deleted: boolean;
}

export interface SchemaVersion {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  /** Soft-deleted (only listed with deleted: true). */
  deleted: boolean;
}

export interface SubjectDetail {
  subject: string;
  versions: SchemaVersion[];
  /** The subject's own level, null when it follows the global one. */
  compatibility: CompatibilityLevel | null;
  /** The level in force (subject's, else global). */
  effectiveCompatibility: CompatibilityLevel;
}

export interface NewSchema {
  schemaType: SchemaType;
  schema: string;
  references?: SchemaReference[];
}

export interface CompatibilityResult {
  compatible: boolean;
  /** Confluent's verbose messages when incompatible. */
  messages: string[];
}

// ---- decoding ------------------------------------------------------------------------------------------------------

/**
 * How a key or value is shown. 'auto': Confluent wire format (magic byte 0 + schema id) through the registry, else
 * JSON, else text, else hex. 'protobuf' uses the registry for wire-format records, else the topic's .proto files.
 */
export const PAYLOAD_DECODINGS = ['auto', 'avro', 'protobuf', 'json-schema', 'json', 'string', 'hex', 'base64'] as const;
export type PayloadDecoding = (typeof PAYLOAD_DECODINGS)[number];

export interface ProtoFile {
  name: string;
  text: string;
}

/** Per topic, remembered by the backend (used by browsing, search, tail, export). */
export interface TopicDecoding {
  key: PayloadDecoding;
  value: PayloadDecoding;
  /** Protobuf without a registry: these files, and the message type (full name) of the key and of the value. */
  protoFiles: ProtoFile[];
  keyMessageType: string | null;
  valueMessageType: string | null;
}

export interface DecodedPayload {
  /** What was applied ('auto' resolved to one of the others). */
  as: Exclude<PayloadDecoding, 'auto'>;
  /** The decoded form: pretty JSON for avro/protobuf/json-schema/json, else the text/hex/base64; null when error. */
  text: string | null;
  schemaId: number | null;
  subject: string | null;
  version: number | null;
  /** Protobuf message type that was decoded. */
  messageType: string | null;
  /** Why decoding failed: unknown schema id, truncated payload, bad magic byte, ... (null = decoded). */
  error: string | null;
  /**
   * JSON Schema: the record decoded but does not satisfy its registered schema —
   * "does not match schema v2: /qty must be integer; (root) must have required property 'id'" (absent = it does).
   */
  mismatch?: string;
}

/** Which schema to encode a produced key or value with (Confluent wire format). */
export interface ProduceSchema {
  subject: string;
  /** A version number or 'latest'. */
  version: number | 'latest';
  /** Protobuf: the message type (full name); default the schema's first message. */
  messageType?: string;
}
