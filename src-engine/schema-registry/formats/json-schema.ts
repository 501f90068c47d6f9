/**
 * JSON Schema through ajv (the schema must compile). Compatibility follows the core of Confluent's JSON Schema rules,
 * recursively through properties and items: a changed or narrowed type, a property added as required, an open content
 * model closed (additionalProperties: false), a property removed from a closed model, enum values removed,
 * numeric or length bounds tightened.
 */
import { Ajv } from 'ajv';
import { InvalidSchemaError, type ParsedSchema, type ResolvedReference, type SchemaFormat } from './format.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export interface JsonSchema extends ParsedSchema {
  readonly schema: Json;
}

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function types(s: Obj): Set<string> {
  const t = s.type;
  if (typeof t === 'string') return new Set(t === 'integer' ? ['integer'] : [t]);
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string'));
  return new Set();
}

/** Can data valid under writer `w` fail reader `r`? Each finding is a Confluent difference name and a path. */
function compare(r: Json, w: Json, path: string, out: string[]): void {
  if (r === true || !isObj(r)) return; // an empty/true reader accepts anything
  if (!isObj(w)) {
    if (w === true && Object.keys(r).length > 0) out.push(`TYPE_NARROWED: ${path}`);
    return;
  }
  const rt = types(r);
  const wt = types(w);
  if (rt.size > 0) {
    for (const t of wt.size > 0 ? wt : ['any']) {
      const ok = rt.has(t) || (t === 'integer' && rt.has('number'));
      if (!ok) out.push(`${wt.size > 0 ? 'TYPE_CHANGED' : 'TYPE_NARROWED'}: ${path} ${[...wt].join('|') || 'any'} -> ${[...rt].join('|')}`);
    }
  }
  if (Array.isArray(r.enum)) {
    const allowed = new Set(r.enum.map((v) => JSON.stringify(v)));
    const written = Array.isArray(w.enum) ? w.enum : null;
    if (!written || written.some((v) => !allowed.has(JSON.stringify(v)))) out.push(`ENUM_ARRAY_NARROWED: ${path}`);
  }
  for (const [key, tighter] of [['maxLength', (a: number, b: number) => a < b], ['maxItems', (a: number, b: number) => a < b], ['maximum', (a: number, b: number) => a < b],
    ['minLength', (a: number, b: number) => a > b], ['minItems', (a: number, b: number) => a > b], ['minimum', (a: number, b: number) => a > b]] as const) {
    const rv = r[key];
    const wv = w[key];
    if (typeof rv === 'number' && (typeof wv !== 'number' || tighter(rv, wv))) out.push(`${key.toUpperCase()}_${key.startsWith('max') ? 'DECREASED' : 'INCREASED'}: ${path}`);
  }
  const rProps = isObj(r.properties) ? r.properties : {};
  const wProps = isObj(w.properties) ? w.properties : {};
  const rClosed = r.additionalProperties === false;
  const wClosed = w.additionalProperties === false;
  if (rClosed && !wClosed) out.push(`ADDITIONAL_PROPERTIES_REMOVED: ${path}`);
  const rRequired = new Set(Array.isArray(r.required) ? r.required.filter((x): x is string => typeof x === 'string') : []);
  const wRequired = new Set(Array.isArray(w.required) ? w.required.filter((x): x is string => typeof x === 'string') : []);
  for (const name of rRequired) {
    if (!wRequired.has(name) && !(isObj(rProps[name]) && 'default' in (rProps[name] as Obj))) out.push(`REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: ${path}/${name}`);
  }
  for (const [name, wp] of Object.entries(wProps)) {
    const rp = rProps[name];
    if (rp === undefined) {
      if (rClosed) out.push(`PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: ${path}/${name}`);
      continue;
    }
    compare(rp, wp, `${path}/properties/${name}`, out);
  }
  for (const [name, rp] of Object.entries(rProps)) {
    // A property new to the reader: data from an open writer may already carry it with any value.
    if (wProps[name] === undefined && !wClosed && isObj(rp) && Object.keys(rp).length > 0) out.push(`PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: ${path}/${name}`);
  }
  if (r.items !== undefined && w.items !== undefined) compare(r.items, w.items, `${path}/items`, out);
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k] as Json)]));
}

export const jsonSchemaFormat: SchemaFormat<JsonSchema> = {
  parse(schema: string, references: readonly ResolvedReference[]): JsonSchema {
    let parsed: Json;
    try {
      parsed = JSON.parse(schema) as Json;
    } catch {
      throw new InvalidSchemaError(`Invalid schema: not JSON: ${schema.slice(0, 80)}`);
    }
    try {
      const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
      for (const ref of references) ajv.addSchema(JSON.parse(ref.schema) as object, ref.name);
      ajv.compile(parsed as object | boolean);
    } catch (error) {
      throw new InvalidSchemaError(`Invalid schema: ${(error as Error).message}`);
    }
    return { schema: parsed, canonical: JSON.stringify(sortKeys(parsed)) };
  },

  incompatibilities(reader, writer) {
    const out: string[] = [];
    compare(reader.schema, writer.schema, '#', out);
    return out;
  },
};
