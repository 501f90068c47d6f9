// Types for schema.mjs so TypeScript tests can load Kafka's message schemas with the generator's own loader.

/** One field of a Kafka message schema, as written in the JSON (PascalCase names, string version ranges). */
export interface SchemaField {
  name: string;
  type: string;
  versions: string;
  taggedVersions?: string;
  /** A number, or (in a few files) a numeric string. */
  tag?: number | string;
  nullableVersions?: string;
  flexibleVersions?: string;
  default?: string | number | boolean | null;
  ignorable?: boolean;
  fields?: SchemaField[];
  about?: string;
}

export interface SchemaStruct {
  name: string;
  versions: string;
  fields: SchemaField[];
}

export interface MessageSchema {
  apiKey?: number;
  type: 'request' | 'response' | 'header' | 'data';
  name: string;
  validVersions: string;
  flexibleVersions: string;
  latestVersionUnstable?: boolean;
  listeners?: string[];
  commonStructs?: SchemaStruct[];
  fields: SchemaField[];
}

export interface VersionRange {
  min: number;
  max: number;
}

export function loadSchema(file: string): MessageSchema;
export function loadDir(dir: string): MessageSchema[];
export function parseRange(s: string | undefined | null): VersionRange | null;
export function rangeCond(range: VersionRange | null, valid: VersionRange, v?: string): string;
export function inRange(range: VersionRange | null, v: number): boolean;
export const PRIMITIVES: ReadonlySet<string>;
export function camel(name: string): string;
export function kebab(name: string): string;
