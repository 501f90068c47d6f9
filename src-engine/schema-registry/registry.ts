/**
 * Confluent Schema Registry's operations and error codes over the `_schemas` log. Every change is a record appended
 * first and then applied to the state, so what a restart replays is exactly what was answered.
 */
import { formatOf, InvalidSchemaError, SCHEMA_TYPES, type ParsedSchema, type ResolvedReference } from './formats/index.js';
import { encodeKey, encodeValue, type RegistryKey, type SchemaReference, type SchemaType, type SchemaValue } from './records.js';
import { RegistryState, type StoredSchema, type SubjectVersion } from './state.js';

export class RegistryError extends Error {
  constructor(readonly status: number, readonly errorCode: number, message: string) {
    super(message);
  }
}

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
const DEFAULT_COMPATIBILITY = 'BACKWARD';
const DEFAULT_MODE = 'READWRITE';

/** Where the registry's records go: the `_schemas` topic of the cluster it serves. */
export interface SchemasLog {
  append(key: Buffer, value: Buffer | null): void;
  replay(apply: (key: Buffer | null, value: Buffer | null) => void): void;
}

export interface SchemaInput {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

export interface VersionView {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  deleted: boolean;
}

const subjectNotFound = (s: string): RegistryError => new RegistryError(404, 40401, `Subject '${s}' not found.`);
const versionNotFound = (v: number | string): RegistryError => new RegistryError(404, 40402, `Version ${v} not found.`);
const schemaNotFound = (): RegistryError => new RegistryError(404, 40403, 'Schema not found');

export class SchemaRegistry {
  private readonly state = new RegistryState();

  constructor(private readonly log: SchemasLog) {
    log.replay((key, value) => this.state.apply(key, value));
  }

  private write(key: RegistryKey, value: object | null): void {
    const k = encodeKey(key);
    const v = encodeValue(value);
    this.log.append(k, v);
    this.state.apply(k, v);
  }

  schemaTypes(): SchemaType[] {
    return [...SCHEMA_TYPES];
  }

  subjects(includeDeleted = false): string[] {
    return this.state.subjectNames(includeDeleted);
  }

  versions(subject: string, includeDeleted = false): number[] {
    const versions = this.state.versions(subject, includeDeleted);
    if (versions.length === 0) throw subjectNotFound(subject);
    return versions.map((v) => v.version);
  }

  /** `version` as in the URL: a positive number, "latest" or -1. */
  getVersion(subject: string, version: string, includeDeleted = false): VersionView {
    const all = this.state.versions(subject, true);
    const visible = all.filter((v) => includeDeleted || !v.deleted);
    if (!this.state.hasSubject(subject) || (visible.length === 0 && !includeDeleted)) throw subjectNotFound(subject);
    let found: SubjectVersion | undefined;
    if (version === 'latest' || version === '-1') found = visible.at(-1);
    else found = visible.find((v) => v.version === parseVersion(version));
    if (!found) throw versionNotFound(version);
    return this.view(subject, found);
  }

  schemaById(id: number): StoredSchema {
    return this.state.schemas.get(id) ?? (() => { throw schemaNotFound(); })();
  }

  subjectsOfId(id: number, includeDeleted = false): string[] {
    this.schemaById(id);
    return [...new Set(this.state.usesOf(id, includeDeleted).map((u) => u.subject))];
  }

  versionsOfId(id: number, includeDeleted = false): { subject: string; version: number }[] {
    this.schemaById(id);
    return this.state.usesOf(id, includeDeleted);
  }

  /** POST /subjects/{s}/versions: the id of an identical schema already there, else a new version. */
  register(subject: string, input: SchemaInput, options: { normalize?: boolean } = {}): { id: number } {
    this.requireWritable(subject);
    const type = input.schemaType ?? 'AVRO';
    const parsed = this.parse(input, type);
    const existing = this.findInSubject(subject, parsed, type, input.references ?? [], false);
    if (existing) return { id: existing.id };
    const problems = this.incompatibilities(subject, parsed, type, 'all');
    if (problems.length > 0) {
      throw new RegistryError(409, 409, `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: ${problems.join('; ')}`);
    }
    const id = this.findGlobally(parsed, type, input.references ?? [])?.id ?? this.state.maxId + 1;
    const version = this.state.nextVersion(subject);
    const value: SchemaValue = {
      subject, version, id, schema: options.normalize ? parsed.canonical : input.schema, deleted: false,
      ...(type === 'AVRO' ? {} : { schemaType: type }),
      ...(input.references && input.references.length > 0 ? { references: input.references } : {}),
    };
    this.write({ keytype: 'SCHEMA', subject, version, magic: 1 }, value);
    return { id };
  }

  /** POST /subjects/{s}: is this schema registered under the subject, and as which version. */
  lookup(subject: string, input: SchemaInput, includeDeleted = false): VersionView {
    if (!this.state.hasSubject(subject) || (!includeDeleted && this.state.versions(subject, false).length === 0)) throw subjectNotFound(subject);
    const type = input.schemaType ?? 'AVRO';
    const found = this.findInSubject(subject, this.parse(input, type), type, input.references ?? [], includeDeleted);
    if (!found) throw schemaNotFound();
    return this.view(subject, found);
  }

  deleteVersion(subject: string, version: string, permanent: boolean): number {
    this.requireWritable(subject);
    if (!this.state.hasSubject(subject)) throw subjectNotFound(subject);
    const all = this.state.versions(subject, true);
    const target = version === 'latest' || version === '-1' ? all.filter((v) => !v.deleted).at(-1) : all.find((v) => v.version === parseVersion(version));
    if (!target) throw versionNotFound(version);
    const stored = this.schemaById(target.id);
    if (permanent) {
      if (!target.deleted) throw new RegistryError(404, 40407, `Subject '${subject}' Version ${target.version} was not deleted first before being permanently deleted`);
      this.write({ keytype: 'SCHEMA', subject, version: target.version, magic: 1 }, null);
    } else {
      if (target.deleted) throw new RegistryError(404, 40406, `Subject '${subject}' Version ${target.version} was soft deleted. Set permanent=true to delete permanently`);
      this.write({ keytype: 'SCHEMA', subject, version: target.version, magic: 1 }, this.value(subject, target, stored, true));
    }
    return target.version;
  }

  deleteSubject(subject: string, permanent: boolean): number[] {
    this.requireWritable(subject);
    const all = this.state.versions(subject, true);
    if (all.length === 0) throw subjectNotFound(subject);
    if (permanent) {
      if (all.some((v) => !v.deleted)) throw new RegistryError(404, 40405, `Subject '${subject}' was not deleted first before being permanently deleted`);
      for (const v of all) this.write({ keytype: 'SCHEMA', subject, version: v.version, magic: 1 }, null);
      this.write({ keytype: 'CONFIG', subject, magic: 0 }, null);
      this.write({ keytype: 'MODE', subject, magic: 0 }, null);
      return all.map((v) => v.version);
    }
    const live = all.filter((v) => !v.deleted);
    if (live.length === 0) throw new RegistryError(404, 40404, `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`);
    for (const v of live) this.write({ keytype: 'SCHEMA', subject, version: v.version, magic: 1 }, this.value(subject, v, this.schemaById(v.id), true));
    this.write({ keytype: 'DELETE_SUBJECT', subject, magic: 0 }, { subject, version: live.at(-1)?.version ?? 0 });
    return live.map((v) => v.version);
  }

  compatibilityOf(subject: string | null, defaultToGlobal = false): string {
    if (subject === null) return this.state.globalCompatibility() ?? DEFAULT_COMPATIBILITY;
    const own = this.state.subjectCompatibility(subject);
    if (own) return own;
    if (defaultToGlobal) return this.compatibilityOf(null);
    throw new RegistryError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`);
  }

  setCompatibility(subject: string | null, level: unknown): string {
    if (typeof level !== 'string' || !(COMPATIBILITY_LEVELS as readonly string[]).includes(level)) {
      throw new RegistryError(422, 42203, 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive');
    }
    this.write({ keytype: 'CONFIG', subject, magic: 0 }, { compatibilityLevel: level });
    return level;
  }

  deleteCompatibility(subject: string | null): string {
    const previous = subject === null ? this.compatibilityOf(null) : this.compatibilityOf(subject);
    this.write({ keytype: 'CONFIG', subject, magic: 0 }, null);
    return previous;
  }

  modeOf(subject: string | null, defaultToGlobal = false): string {
    if (subject === null) return this.state.globalMode() ?? DEFAULT_MODE;
    const own = this.state.subjectMode(subject);
    if (own) return own;
    if (defaultToGlobal) return this.modeOf(null);
    throw new RegistryError(404, 40409, `Subject '${subject}' does not have subject-level mode configured`);
  }

  setMode(subject: string | null, mode: unknown): string {
    if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode)) {
      throw new RegistryError(422, 42204, 'Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT.');
    }
    this.write({ keytype: 'MODE', subject, magic: 0 }, { mode });
    return mode;
  }

  /** POST /compatibility/subjects/{s}/versions[/{v}]: against one version, or (no version) as the level says. */
  checkCompatibility(subject: string, version: string | null, input: SchemaInput): string[] {
    const type = input.schemaType ?? 'AVRO';
    const parsed = this.parse(input, type);
    if (version === null) return this.incompatibilities(subject, parsed, type, 'all');
    if (this.state.versions(subject, false).length === 0 && (version === 'latest' || version === '-1')) return [];
    const against = this.getVersion(subject, version);
    return this.incompatibilities(subject, parsed, type, [against]);
  }

  private requireWritable(subject: string): void {
    const mode = this.state.subjectMode(subject) ?? this.modeOf(null);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw new RegistryError(422, 42205, `Subject ${subject} is in read-only mode`);
  }

  private resolveReferences(references: readonly SchemaReference[], seen = new Set<string>()): ResolvedReference[] {
    const out: ResolvedReference[] = [];
    for (const ref of references) {
      const key = `${ref.subject}/${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let target: VersionView;
      try {
        target = this.getVersion(ref.subject, String(ref.version));
      } catch {
        throw new RegistryError(422, 42201, `Invalid schema: reference ${ref.name} to ${ref.subject} version ${ref.version} does not exist`);
      }
      out.push(...this.resolveReferences(target.references, seen), { name: ref.name, schema: target.schema });
    }
    return out;
  }

  private parse(input: SchemaInput, type: SchemaType): ParsedSchema {
    if (!(SCHEMA_TYPES as readonly string[]).includes(type)) throw new RegistryError(422, 42201, `Invalid schema type ${String(type)}`);
    if (typeof input.schema !== 'string' || input.schema.trim() === '') throw new RegistryError(422, 42201, 'Invalid schema: empty schema');
    try {
      return formatOf(type).parse(input.schema, this.resolveReferences(input.references ?? []));
    } catch (error) {
      if (error instanceof InvalidSchemaError) throw new RegistryError(422, 42201, error.message);
      throw error;
    }
  }

  private parseStored(s: StoredSchema): ParsedSchema {
    return formatOf(s.schemaType).parse(s.schema, this.resolveReferences(s.references));
  }

  private same(parsed: ParsedSchema, type: SchemaType, refs: readonly SchemaReference[], stored: StoredSchema): boolean {
    return stored.schemaType === type && JSON.stringify(stored.references) === JSON.stringify(refs) && this.parseStored(stored).canonical === parsed.canonical;
  }

  private findInSubject(subject: string, parsed: ParsedSchema, type: SchemaType, refs: readonly SchemaReference[], includeDeleted: boolean): SubjectVersion | undefined {
    return this.state.versions(subject, includeDeleted).reverse().find((v) => this.same(parsed, type, refs, this.schemaById(v.id)));
  }

  private findGlobally(parsed: ParsedSchema, type: SchemaType, refs: readonly SchemaReference[]): StoredSchema | undefined {
    return [...this.state.schemas.values()].find((s) => this.same(parsed, type, refs, s));
  }

  /** Messages of every incompatibility with the versions the subject's level names (or the given ones). */
  private incompatibilities(subject: string, parsed: ParsedSchema, type: SchemaType, against: 'all' | VersionView[]): string[] {
    const level = this.compatibilityOf(subject, true);
    if (level === 'NONE') return [];
    const live = this.state.versions(subject, false);
    const targets = against !== 'all' ? against : (level.endsWith('_TRANSITIVE') ? live : live.slice(-1)).map((v) => this.view(subject, v));
    const format = formatOf(type);
    const problems: string[] = [];
    for (const target of targets) {
      if (target.schemaType !== type) {
        problems.push(`version ${target.version}: schema type changed from ${target.schemaType} to ${type}`);
        continue;
      }
      const old = this.parseStored(this.schemaById(target.id));
      if (level.startsWith('BACKWARD') || level.startsWith('FULL')) problems.push(...format.incompatibilities(parsed, old).map((m) => `version ${target.version}: ${m}`));
      if (level.startsWith('FORWARD') || level.startsWith('FULL')) problems.push(...format.incompatibilities(old, parsed).map((m) => `version ${target.version} (forward): ${m}`));
    }
    return problems;
  }

  private view(subject: string, v: SubjectVersion): VersionView {
    const s = this.schemaById(v.id);
    return { subject, version: v.version, id: v.id, schemaType: s.schemaType, schema: s.schema, references: s.references, deleted: v.deleted };
  }

  private value(subject: string, v: SubjectVersion, s: StoredSchema, deleted: boolean): SchemaValue {
    return {
      subject, version: v.version, id: v.id, schema: s.schema, deleted,
      ...(s.schemaType === 'AVRO' ? {} : { schemaType: s.schemaType }),
      ...(s.references.length > 0 ? { references: s.references } : {}),
    };
  }
}

function parseVersion(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 31 - 1) {
    throw new RegistryError(422, 42202, `The specified version '${text}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`);
  }
  return n;
}
