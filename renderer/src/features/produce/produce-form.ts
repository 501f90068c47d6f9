// Produce form model and its conversion to ProduceParams (pure, unit-tested).
import type { KafkaMessage, Payload, PayloadInput, ProduceParams } from '../../../../src-common/contract/messages.js';
import type { ProduceSchema } from '../../../../src-common/contract/schema-registry.js';

export type PayloadEncoding = 'text' | 'json' | 'base64';

export interface PayloadField {
  isNull: boolean;
  encoding: PayloadEncoding;
  data: string;
}

export interface HeaderField {
  key: string;
  isNull: boolean;
  encoding: 'text' | 'base64';
  data: string;
}

export interface ProduceForm {
  /** null = by key (murmur2) or round-robin without key. */
  partition: number | null;
  key: PayloadField;
  value: PayloadField;
  headers: HeaderField[];
  copies: number;
  compression: NonNullable<ProduceParams['compression']>;
  acks: -1 | 0 | 1;
  /** Empty = broker/producer time. */
  timestampText: string;
  /** Encode the key / value with this registry schema (its editor then holds JSON, validated by the backend). */
  keySchema: ProduceSchema | null;
  valueSchema: ProduceSchema | null;
}

export function emptyProduceForm(): ProduceForm {
  return {
    partition: null,
    key: { isNull: false, encoding: 'text', data: '' },
    value: { isNull: false, encoding: 'json', data: '' },
    headers: [],
    copies: 1,
    compression: 'none',
    acks: -1,
    timestampText: '',
    keySchema: null,
    valueSchema: null,
  };
}

const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function validateProduceForm(form: ProduceForm): string[] {
  const problems: string[] = [];
  if (!form.value.isNull && form.value.encoding === 'json' && form.value.data.trim()) {
    try {
      JSON.parse(form.value.data);
    } catch (error) {
      problems.push(`Value is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const [label, field] of [['Key', form.key], ['Value', form.value]] as const) {
    if (!field.isNull && field.encoding === 'base64' && !BASE64_RE.test(field.data.replace(/\s/g, ''))) problems.push(`${label} is not valid base64.`);
  }
  form.headers.forEach((header, index) => {
    if (!header.key.trim()) problems.push(`Header ${index + 1} needs a name.`);
    if (!header.isNull && header.encoding === 'base64' && !BASE64_RE.test(header.data.replace(/\s/g, ''))) problems.push(`Header "${header.key}" is not valid base64.`);
  });
  if (!Number.isInteger(form.copies) || form.copies < 1 || form.copies > 100_000) problems.push('Copies must be between 1 and 100,000.');
  if (form.timestampText.trim() && !Number.isFinite(new Date(form.timestampText).getTime())) problems.push('Timestamp is not a valid date.');
  return problems;
}

function toInput(field: PayloadField): PayloadInput | null {
  if (field.isNull) return null;
  return field.encoding === 'base64' ? { encoding: 'base64', data: field.data.replace(/\s/g, '') } : { encoding: 'text', data: field.data };
}

export function toProduceParams(form: ProduceForm, clusterId: string, topic: string): ProduceParams {
  const params: ProduceParams = {
    clusterId, topic, partition: form.partition, key: toInput(form.key), value: toInput(form.value),
    copies: form.copies, compression: form.compression, acks: form.acks,
  };
  // An empty, non-null key is almost always "no key" in a form; send null so the partitioner round-robins.
  if (params.key && params.key.data === '' && form.key.encoding !== 'base64') params.key = null;
  if (form.headers.length) {
    params.headers = form.headers.map((h) => ({ key: h.key, value: h.isNull ? null : h.encoding === 'base64' ? { encoding: 'base64', data: h.data } : { encoding: 'text', data: h.data } }));
  }
  if (form.timestampText.trim()) params.timestamp = new Date(form.timestampText).getTime();
  if (form.keySchema && params.key) params.keySchema = form.keySchema;
  if (form.valueSchema && params.value) params.valueSchema = form.valueSchema;
  return params;
}

function fieldFromPayload(payload: Payload | null, preferJson: boolean): PayloadField {
  if (!payload) return { isNull: true, encoding: 'text', data: '' };
  if (schemaOf(payload) && payload.decoded?.text) return { isNull: false, encoding: 'json', data: payload.decoded.text };
  if (payload.text !== null && !payload.truncated) {
    return { isNull: false, encoding: preferJson && payload.format === 'json' ? 'json' : 'text', data: payload.text };
  }
  return { isNull: false, encoding: 'base64', data: payload.base64 };
}

/** The schema a decoded payload was written with (re-send encodes with it again). */
function schemaOf(payload: Payload | null): ProduceSchema | null {
  const d = payload?.decoded;
  if (!d || d.error !== null || d.subject === null || d.version === null || !['avro', 'protobuf', 'json-schema'].includes(d.as)) return null;
  return { subject: d.subject, version: d.version, ...(d.messageType ? { messageType: d.messageType } : {}) };
}

/** Prefills the form from an existing record ("re-send"), keeping its partition, key, value and headers. */
export function formFromMessage(message: KafkaMessage): ProduceForm {
  return {
    ...emptyProduceForm(),
    partition: message.partition,
    key: fieldFromPayload(message.key, false),
    value: fieldFromPayload(message.value, true),
    keySchema: schemaOf(message.key),
    valueSchema: schemaOf(message.value),
    headers: message.headers.map((h) => {
      const field = fieldFromPayload(h.value, false);
      return { key: h.key, isNull: field.isNull, encoding: field.encoding === 'base64' ? 'base64' : 'text', data: field.data };
    }),
  };
}
