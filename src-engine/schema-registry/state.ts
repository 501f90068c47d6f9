/**
 * The registry's model, rebuilt by replaying `_schemas` records in order (as Confluent's KafkaStore does): schemas by
 * global id, subjects' versions (soft-deleted ones kept, marked), and compatibility/mode configs. Pure: the
 * SchemaRegistry owns one, applies every record it writes, and nothing else changes it.
 */
import {
  decodeJson, decodeKey, type ConfigValue, type DeleteSubjectValue, type ModeValue, type SchemaReference, type SchemaType, type SchemaValue,
} from './records.js';

export interface StoredSchema {
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

export interface SubjectVersion {
  version: number;
  id: number;
  deleted: boolean;
}

/** The global config is stored under subject null; this key stands for it in maps. */
const GLOBAL = '\u0000global';

export class RegistryState {
  readonly schemas = new Map<number, StoredSchema>();
  private readonly subjects = new Map<string, Map<number, SubjectVersion>>();
  private readonly compatibility = new Map<string, string>();
  private readonly modes = new Map<string, string>();
  maxId = 0;

  apply(keyBytes: Buffer | null, valueBytes: Buffer | null): void {
    const key = decodeKey(keyBytes);
    if (!key) return;
    switch (key.keytype) {
      case 'SCHEMA': {
        const value = decodeJson<SchemaValue>(valueBytes);
        if (!value) {
          this.subjects.get(key.subject)?.delete(key.version);
          if (this.subjects.get(key.subject)?.size === 0) this.subjects.delete(key.subject);
          return;
        }
        this.schemas.set(value.id, {
          id: value.id, schemaType: value.schemaType ?? 'AVRO', schema: value.schema, references: value.references ?? [],
        });
        this.maxId = Math.max(this.maxId, value.id);
        let versions = this.subjects.get(value.subject);
        if (!versions) this.subjects.set(value.subject, (versions = new Map()));
        versions.set(value.version, { version: value.version, id: value.id, deleted: value.deleted === true });
        return;
      }
      case 'CONFIG': {
        const value = decodeJson<ConfigValue>(valueBytes);
        const k = key.subject ?? GLOBAL;
        if (value?.compatibilityLevel) this.compatibility.set(k, value.compatibilityLevel);
        else this.compatibility.delete(k);
        return;
      }
      case 'MODE': {
        const value = decodeJson<ModeValue>(valueBytes);
        const k = key.subject ?? GLOBAL;
        if (value?.mode) this.modes.set(k, value.mode);
        else this.modes.delete(k);
        return;
      }
      case 'DELETE_SUBJECT': {
        const value = decodeJson<DeleteSubjectValue>(valueBytes);
        for (const v of this.subjects.get(key.subject)?.values() ?? []) if (!value || v.version <= value.version) v.deleted = true;
        return;
      }
      case 'CLEAR_SUBJECT':
        this.subjects.delete(key.subject);
        return;
      case 'NOOP':
        return;
    }
  }

  subjectNames(includeDeleted: boolean): string[] {
    return [...this.subjects].filter(([, v]) => includeDeleted || [...v.values()].some((x) => !x.deleted)).map(([s]) => s).sort();
  }

  /** Versions oldest first; soft-deleted ones only when asked. */
  versions(subject: string, includeDeleted: boolean): SubjectVersion[] {
    return [...(this.subjects.get(subject)?.values() ?? [])].filter((v) => includeDeleted || !v.deleted).sort((a, b) => a.version - b.version);
  }

  hasSubject(subject: string): boolean {
    return this.subjects.has(subject);
  }

  /** The next version number: one past every version the subject ever had, soft-deleted ones included. */
  nextVersion(subject: string): number {
    return Math.max(0, ...this.versions(subject, true).map((v) => v.version)) + 1;
  }

  subjectCompatibility(subject: string): string | undefined {
    return this.compatibility.get(subject);
  }

  globalCompatibility(): string | undefined {
    return this.compatibility.get(GLOBAL);
  }

  subjectMode(subject: string): string | undefined {
    return this.modes.get(subject);
  }

  globalMode(): string | undefined {
    return this.modes.get(GLOBAL);
  }

  /** Where a schema id is used: every (subject, version), soft-deleted ones only when asked. */
  usesOf(id: number, includeDeleted: boolean): { subject: string; version: number }[] {
    const out: { subject: string; version: number }[] = [];
    for (const [subject, versions] of this.subjects) {
      for (const v of versions.values()) if (v.id === id && (includeDeleted || !v.deleted)) out.push({ subject, version: v.version });
    }
    return out.sort((a, b) => a.subject.localeCompare(b.subject) || a.version - b.version);
  }
}
