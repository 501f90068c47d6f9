/** registry.* (Confluent's REST API, embedded or remote) and decoding.* (per-topic decoding, .proto files). */

import {
  COMPATIBILITY_LEVELS, type CompatibilityLevel, type NewSchema, type SchemaReference, type SchemaType, type SchemaVersion,
  type SubjectSummary,
} from '../../src-common/contract/schema-registry.js';
import { protoSchemaText } from '../../src-common/protobuf/descriptor-text.js';
import type { BackendContext, Handlers } from '../context.js';
import { badRequest, fail } from '../errors.js';
import { parseProtoFiles } from '../schema-registry/payload-decoder.js';
import { RegistryHttpError, type RegistryClient } from '../schema-registry/registry-client.js';
import { SchemaCodecError } from '../schema-registry/schema-codecs.js';
import { parseTopicDecoding } from '../schema-registry/topic-decodings.js';
import { requireInt, requireObject, requireString } from '../validate.js';

type Methods = 'registry.info' | 'registry.subjects' | 'registry.subject' | 'registry.schemaById' | 'registry.checkCompatibility'
  | 'registry.register' | 'registry.delete' | 'registry.setCompatibility' | 'decoding.get' | 'decoding.set';

const TYPES: readonly SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];

/** What the GUI shows: a Protobuf schema that a registry returns as a base64 descriptor, as `.proto` text. */
function shownSchema(type: SchemaType, schema: string): string {
  if (type !== 'PROTOBUF') return schema;
  try {
    return protoSchemaText(schema);
  } catch {
    return schema; // not a descriptor after all: shown as the registry has it
  }
}

/** The registry's error as the contract's: not-found, incompatible, bad-request, else 'registry' with its code. */
async function call<T>(ctx: BackendContext, clusterId: string, fn: (client: RegistryClient) => Promise<T>): Promise<T> {
  const client = ctx.schemas.client(requireString(clusterId, 'clusterId'));
  try {
    return await fn(client);
  } catch (error) {
    if (error instanceof RegistryHttpError) {
      const message = `${error.message} (error ${error.errorCode})`;
      if (error.status === 404) fail('not-found', message);
      if (error.status === 409) fail('incompatible', message);
      if (error.status === 422 || error.status === 400) fail('bad-request', message);
      fail('registry', message);
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code)) {
      fail('cluster-unreachable', `Schema Registry at ${client.endpoint.url}: ${(error as Error).message}`);
    }
    throw error;
  }
}

function level(value: unknown, field: string): CompatibilityLevel {
  if (!COMPATIBILITY_LEVELS.includes(value as CompatibilityLevel)) badRequest(field, COMPATIBILITY_LEVELS.join(', '));
  return value as CompatibilityLevel;
}

const asLevel = (value: string | null): CompatibilityLevel | null =>
  COMPATIBILITY_LEVELS.includes(value as CompatibilityLevel) ? (value as CompatibilityLevel) : null;

function newSchema(value: unknown): NewSchema {
  const s = requireObject(value, 'schema');
  if (!TYPES.includes(s.schemaType as SchemaType)) badRequest('schema.schemaType', 'AVRO, PROTOBUF or JSON');
  const schema = requireString(s.schema, 'schema.schema');
  const refs = s.references ?? [];
  if (!Array.isArray(refs)) badRequest('schema.references', 'must be a list');
  const references: SchemaReference[] = refs.map((r, i) => {
    const ref = requireObject(r, `schema.references[${i}]`);
    return {
      name: requireString(ref.name, `schema.references[${i}].name`),
      subject: requireString(ref.subject, `schema.references[${i}].subject`),
      version: requireInt(ref.version, `schema.references[${i}].version`, 1),
    };
  });
  return { schemaType: s.schemaType as SchemaType, schema, references };
}

export const schemaRegistryHandlers: Handlers<Methods> = {
  'registry.info': async (p, ctx) => {
    const clusterId = requireString(p.clusterId, 'clusterId');
    const endpoint = ctx.schemas.endpoint(clusterId);
    const embedded = ctx.registry.isEmbedded(clusterId);
    if (!endpoint) return { available: false, url: null, embedded, error: embedded ? 'the embedded Schema Registry is not running' : 'no Schema Registry configured', compatibility: null };
    try {
      const compatibility = asLevel(await ctx.schemas.client(clusterId).config(null));
      return { available: true, url: endpoint.url, embedded, error: null, compatibility };
    } catch (error) {
      return { available: false, url: endpoint.url, embedded, error: (error as Error).message, compatibility: null };
    }
  },

  'registry.subjects': async (p, ctx) => call(ctx, p.clusterId, async (client) => {
    const deleted = p.deleted === true;
    const [names, live] = await Promise.all([client.subjects(deleted), deleted ? client.subjects(false) : Promise.resolve(null)]);
    const liveSet = new Set(live ?? names);
    const subjects = await Promise.all([...names].sort().map(async (subject): Promise<SubjectSummary> => {
      const latest = await client.version(subject, 'latest', deleted).catch(() => null);
      const versions = await client.versions(subject, deleted).catch(() => [] as number[]);
      return {
        subject, schemaType: latest?.schemaType ?? 'AVRO', versions, latestVersion: latest?.version ?? Math.max(0, ...versions),
        latestId: latest?.id ?? -1, deleted: !liveSet.has(subject),
      };
    }));
    return { subjects };
  }),

  'registry.subject': async (p, ctx) => call(ctx, p.clusterId, async (client) => {
    const subject = requireString(p.subject, 'subject');
    const withDeleted = p.deleted === true;
    const [all, live] = await Promise.all([client.versions(subject, withDeleted), withDeleted ? client.versions(subject, false).catch(() => [] as number[]) : null]);
    const liveSet = new Set(live ?? all);
    const versions = await Promise.all(all.map(async (v): Promise<SchemaVersion> => {
      const got = await client.version(subject, v, withDeleted);
      return { subject, version: got.version, id: got.id, schemaType: got.schemaType, schema: shownSchema(got.schemaType, got.schema), references: got.references, deleted: !liveSet.has(v) };
    }));
    const [own, global] = await Promise.all([client.config(subject), client.config(null)]);
    const compatibility = asLevel(own);
    return { subject, versions, compatibility, effectiveCompatibility: compatibility ?? asLevel(global) ?? 'BACKWARD' };
  }),

  'registry.schemaById': async (p, ctx) => call(ctx, p.clusterId, async (client) => {
    const id = requireInt(p.id, 'id', 1);
    const [schema, usages] = await Promise.all([client.schemaById(id), client.idVersions(id).catch(() => [])]);
    return { schema: { ...schema, schema: shownSchema(schema.schemaType, schema.schema) }, subjects: [...new Set(usages.map((u) => u.subject))] };
  }),

  'registry.checkCompatibility': async (p, ctx) => call(ctx, p.clusterId, async (client) => {
    const subject = requireString(p.subject, 'subject');
    const schema = newSchema(p.schema);
    const existing = await client.versions(subject).catch((error: unknown) => {
      if (error instanceof RegistryHttpError && error.status === 404) return [] as number[];
      throw error;
    });
    if (existing.length === 0) return { compatible: true, messages: [] };
    // POST /compatibility/subjects/{s}/versions checks every version the level names (transitive or latest).
    const res = await client.checkCompatibility(subject, schema, 'all').catch(async (error: unknown) => {
      if (error instanceof RegistryHttpError && error.status === 404) return client.checkCompatibility(subject, schema, 'latest');
      throw error;
    });
    return { compatible: res.is_compatible, messages: res.messages ?? [] };
  }),

  'registry.register': async (p, ctx) => call(ctx, p.clusterId, async (client) => {
    const subject = requireString(p.subject, 'subject');
    const schema = newSchema(p.schema);
    const { id } = await client.register(subject, schema, p.normalize === true);
    const versions = await client.versions(subject);
    let version = versions[versions.length - 1] ?? 1;
    for (const v of [...versions].reverse()) {
      if ((await client.version(subject, v)).id === id) {
        version = v;
        break;
      }
    }
    return { id, version };
  }),

  'registry.delete': async (p, ctx) => call(ctx, p.clusterId, async (client) => {
    const subject = requireString(p.subject, 'subject');
    const permanent = p.permanent === true;
    if (p.version === undefined || p.version === null) return { versions: await client.deleteSubject(subject, permanent) };
    return { versions: await client.deleteVersion(subject, requireInt(p.version, 'version', 1), permanent) };
  }),

  'registry.setCompatibility': async (p, ctx) => call(ctx, p.clusterId, async (client) => {
    const subject = p.subject === null || p.subject === undefined ? null : requireString(p.subject, 'subject');
    if (p.level === null) {
      if (subject === null) badRequest('level', 'the global level cannot be removed');
      await client.deleteConfig(subject).catch((error: unknown) => {
        if (!(error instanceof RegistryHttpError && error.status === 404)) throw error;
      });
      return { compatibility: null };
    }
    const res = await client.setConfig(subject, level(p.level, 'level'));
    return { compatibility: asLevel(res.compatibility) };
  }),

  'decoding.get': async (p, ctx) => ctx.schemas.decodings.get(requireString(p.clusterId, 'clusterId'), requireString(p.topic, 'topic')),

  'decoding.set': async (p, ctx) => {
    const clusterId = requireString(p.clusterId, 'clusterId');
    const topic = requireString(p.topic, 'topic');
    if (!ctx.registry.isEmbedded(clusterId)) ctx.registry.saved(clusterId);
    const decoding = parseTopicDecoding(p.decoding);
    try {
      parseProtoFiles(decoding);
    } catch (error) {
      if (error instanceof SchemaCodecError) badRequest('decoding.protoFiles', error.message);
      throw error;
    }
    ctx.schemas.decodings.set(clusterId, topic, decoding);
    return decoding;
  },
};
