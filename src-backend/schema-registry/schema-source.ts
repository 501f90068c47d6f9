/**
 * Schemas by id from one registry, as codecs, cached (ids are global and immutable): a page or a scan chunk first
 * `prefetch`es the ids it holds, then decodes synchronously. Unknown ids are remembered as such; other failures
 * (registry down) are retried after a few seconds.
 */

import type { SchemaReference, SchemaType } from '../../src-common/contract/schema-registry.js';
import { RegistryClient, RegistryHttpError, type RegistryEndpoint, type RegistrySchema } from './registry-client.js';
import { buildCodec, SchemaCodecError, type ResolvedRef, type SchemaCodec } from './schema-codecs.js';

export interface ResolvedSchema {
  id: number;
  type: SchemaType;
  codec: SchemaCodec;
  /** The first (subject, version) registered with this id (null when the registry does not say). */
  subject: string | null;
  version: number | null;
  /** Every (subject, version) with this id, for TopicNameStrategy matching. */
  usages: { subject: string; version: number }[];
}

type Entry = { ok: true; schema: ResolvedSchema } | { ok: false; error: string; at: number; permanent: boolean };

const RETRY_MS = 5_000;
const MAX_REFERENCE_DEPTH = 20;
/** Codecs (compiled Avro types, Protobuf roots, ajv validators) kept per schema id; the oldest go first. */
export const MAX_CACHED_SCHEMAS = 2048;

export class SchemaSource {
  readonly client: RegistryClient;
  private readonly entries = new Map<number, Entry>();
  private readonly pending = new Map<number, Promise<void>>();

  constructor(endpoint: RegistryEndpoint, private readonly maxCached = MAX_CACHED_SCHEMAS) {
    this.client = new RegistryClient(endpoint);
  }

  /** Fetches every id not yet known (failures are recorded, never thrown). */
  async prefetch(ids: Iterable<number>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const id of new Set(ids)) {
      const entry = this.entries.get(id);
      if (entry && (entry.ok || entry.permanent || Date.now() - entry.at < RETRY_MS)) continue;
      let p = this.pending.get(id);
      if (!p) {
        p = this.load(id).finally(() => this.pending.delete(id));
        this.pending.set(id, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  /** After prefetch: the schema, or why there is none. */
  get(id: number): ResolvedSchema | string {
    const entry = this.entries.get(id);
    if (!entry) return `schema id ${id} was not looked up`;
    return entry.ok ? entry.schema : entry.error;
  }

  async resolve(id: number): Promise<ResolvedSchema | string> {
    await this.prefetch([id]);
    return this.get(id);
  }

  /** A schema's codec built with its references (fetched by subject and version, dependencies first). */
  async codecFor(schema: RegistrySchema): Promise<SchemaCodec> {
    const refs: ResolvedRef[] = [];
    const seen = new Set<string>();
    const visit = async (references: readonly SchemaReference[], depth: number): Promise<void> => {
      if (depth > MAX_REFERENCE_DEPTH) throw new SchemaCodecError('schema references nest too deep');
      for (const ref of references) {
        const key = `${ref.subject}/${ref.version}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const target = await this.client.version(ref.subject, ref.version);
        await visit(target.references, depth + 1);
        refs.push({ name: ref.name, schema: target.schema });
      }
    };
    await visit(schema.references, 0);
    return buildCodec(schema.schemaType, schema.schema, refs);
  }

  /** How many schema ids are cached (bounded by maxCached). */
  get cachedCount(): number {
    return this.entries.size;
  }

  private remember(id: number, entry: Entry): void {
    this.entries.delete(id);
    if (this.entries.size >= this.maxCached) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(id, entry);
  }

  private async load(id: number): Promise<void> {
    try {
      const schema = await this.client.schemaById(id);
      const codec = await this.codecFor(schema);
      let usages: { subject: string; version: number }[] = [];
      try {
        usages = await this.client.idVersions(id);
      } catch {
        usages = []; // older registries lack /schemas/ids/{id}/versions: subject and version stay unknown
      }
      const first = usages[0];
      this.remember(id, { ok: true, schema: { id, type: schema.schemaType, codec, subject: first?.subject ?? null, version: first?.version ?? null, usages } });
    } catch (error) {
      const unknown = error instanceof RegistryHttpError && (error.errorCode === 40403 || error.status === 404);
      const message = unknown ? `unknown schema id ${id} (the registry has no such schema)`
        : error instanceof SchemaCodecError ? `schema id ${id}: ${error.message}`
          : `schema id ${id}: registry unavailable: ${(error as Error).message}`;
      this.remember(id, { ok: false, error: message, at: Date.now(), permanent: unknown || error instanceof SchemaCodecError });
    }
  }
}

/** One SchemaSource per registry endpoint (the backend's and each scan worker's own). */
export class SchemaSources {
  private readonly sources = new Map<string, SchemaSource>();

  for(endpoint: RegistryEndpoint): SchemaSource {
    const key = JSON.stringify([endpoint.url, endpoint.username ?? '', endpoint.password ?? '', endpoint.rejectUnauthorized ?? true, endpoint.ca ?? '']);
    let source = this.sources.get(key);
    if (!source) {
      if (this.sources.size >= 16) this.sources.clear();
      source = new SchemaSource(endpoint);
      this.sources.set(key, source);
    }
    return source;
  }
}
