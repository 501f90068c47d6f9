/** Compiles the contract's MessageFilter into a predicate over fetched records, run in the backend. */

import type { FilterCondition, MessageFilter, TextOp } from '../../src-common/contract/messages.js';
import { badRequest } from '../errors.js';
import { evaluateJsonPath, parseJsonPath, type PathStep } from './json-path.js';
import type { DecodedRecord } from './payload.js';

/** Per-record evaluation state: parsed JSON is cached, unparseable payloads are reported. */
export interface FilterRun {
  unparseable: boolean;
}
export type RecordPredicate = (record: DecodedRecord, run: FilterRun) => boolean;

const NOT_JSON = Symbol('not-json');
const UNPARSED = Symbol('unparsed');
const JSON_OPS = new Set(['exists', 'not-exists', 'equals', 'not-equals', 'contains', 'regex', 'gt', 'gte', 'lt', 'lte']);

export function compileFilter(filter: MessageFilter | undefined | null): RecordPredicate | null {
  if (!filter || !Array.isArray(filter.conditions) || filter.conditions.length === 0) return null;
  if (filter.match !== 'all' && filter.match !== 'any') badRequest('filter.match', "'all' or 'any'");
  const tests = filter.conditions.map((c, i) => compileCondition(c, `filter.conditions[${i}]`));
  return (record, run) => {
    const ctx: Ctx = { record, run, key: UNPARSED, value: UNPARSED };
    return filter.match === 'all' ? tests.every((t) => t(ctx)) : tests.some((t) => t(ctx));
  };
}

interface Ctx {
  record: DecodedRecord;
  run: FilterRun;
  /** The key and value parsed as JSON, once a condition needed them. */
  key: unknown;
  value: unknown;
}
type Test = (ctx: Ctx) => boolean;

function textTest(op: TextOp, text: string, caseSensitive: boolean | undefined, field: string): (s: string) => boolean {
  if (typeof text !== 'string') badRequest(`${field}.text`, 'must be a string');
  if (op === 'regex') {
    let re: RegExp;
    try {
      re = new RegExp(text, caseSensitive ? '' : 'i');
    } catch (error) {
      return badRequest(`${field}.text`, `invalid regex: ${(error as Error).message}`);
    }
    return (s) => re.test(s);
  }
  const needle = caseSensitive ? text : text.toLowerCase();
  const norm = (s: string): string => (caseSensitive ? s : s.toLowerCase());
  switch (op) {
    case 'contains': return (s) => norm(s).includes(needle);
    case 'not-contains': return (s) => !norm(s).includes(needle);
    case 'equals': return (s) => norm(s) === needle;
    case 'not-equals': return (s) => norm(s) !== needle;
    case 'starts-with': return (s) => norm(s).startsWith(needle);
    default: return badRequest(`${field}.op`, `unknown text op ${String(op)}`);
  }
}

const bytesText = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

const isDecoded = (record: DecodedRecord, target: 'key' | 'value'): boolean => record.decoded !== undefined && target in record.decoded;

/** A key's or value's text: its schema-decoded form as JSON, else its bytes as UTF-8. */
function payloadText(record: DecodedRecord, target: 'key' | 'value'): string | null {
  return isDecoded(record, target) ? JSON.stringify(record.decoded?.[target]) : bytesText(record[target]);
}

function parsed(ctx: Ctx, target: 'key' | 'value'): unknown {
  const cached = ctx[target];
  if (cached !== UNPARSED) return cached;
  if (isDecoded(ctx.record, target)) return (ctx[target] = ctx.record.decoded?.[target]);
  const bytes = ctx.record[target];
  let value: unknown = NOT_JSON;
  if (bytes && bytes.length > 0) {
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      value = NOT_JSON;
    }
  }
  ctx[target] = value;
  return value;
}

function compileCondition(c: FilterCondition, field: string): Test {
  switch (c.field) {
    case 'key':
    case 'value': {
      const target = c.field;
      if (c.op === 'is-null') return (ctx) => ctx.record[target] === null;
      if (c.op === 'not-null') return (ctx) => ctx.record[target] !== null;
      const textCondition = c as Extract<FilterCondition, { text: string }>;
      const test = textTest(textCondition.op, textCondition.text, textCondition.caseSensitive, field);
      // A null key/value has no text: only negative ops match it.
      const matchesNull = c.op === 'not-contains' || c.op === 'not-equals';
      return (ctx) => {
        const s = payloadText(ctx.record, target);
        return s === null ? matchesNull : test(s);
      };
    }
    case 'header': {
      if (typeof c.name !== 'string') badRequest(`${field}.name`, 'must be a string');
      const test = c.op ? textTest(c.op, c.text ?? '', c.caseSensitive, field) : null;
      return (ctx) => ctx.record.headers.some((h) => h.key === c.name && (!test || test(bytesText(h.value) ?? '')));
    }
    case 'json':
      return compileJson(c, field);
    case 'timestamp':
      return (ctx) => (c.from === undefined || ctx.record.timestamp >= c.from) && (c.to === undefined || ctx.record.timestamp < c.to);
    case 'tombstone':
      return (ctx) => (ctx.record.value === null) === c.is;
    default:
      return badRequest(`${field}.field`, 'unknown condition field');
  }
}

function compileJson(c: Extract<FilterCondition, { field: 'json' }>, field: string): Test {
  if (c.target !== 'key' && c.target !== 'value') badRequest(`${field}.target`, "'key' or 'value'");
  const steps = parseJsonPath(c.path);
  const expected = c.value;
  if (!JSON_OPS.has(c.op)) badRequest(`${field}.op`, `unknown JSON op ${String(c.op)}`);
  let regex: RegExp | null = null;
  if (c.op === 'regex') {
    try {
      regex = new RegExp(String(expected ?? ''), 'i');
    } catch (error) {
      badRequest(`${field}.value`, `invalid regex: ${(error as Error).message}`);
    }
  }
  const compare = (a: unknown): boolean => {
    switch (c.op) {
      case 'equals': return jsonEquals(a, expected);
      case 'not-equals': return !jsonEquals(a, expected);
      case 'contains': return asText(a).toLowerCase().includes(String(expected ?? '').toLowerCase());
      case 'regex': return (regex as RegExp).test(asText(a));
      case 'gt': return order(a, expected) > 0;
      case 'gte': return order(a, expected) >= 0;
      case 'lt': return order(a, expected) < 0;
      case 'lte': return order(a, expected) <= 0;
      default: return false;
    }
  };
  const literals = requiredLiterals(steps, c.op === 'equals' ? expected : undefined);
  // What the condition answers when the path cannot resolve (no such key): only not-exists holds.
  const whenAbsent = c.op === 'not-exists';
  return (ctx) => {
    const bytes = ctx.record[c.target];
    // The pre-check reads JSON text: schema-decoded payloads (Avro, Protobuf bytes) go straight to the value.
    if (literals.length > 0 && bytes !== null && !isDecoded(ctx.record, c.target) && lacksLiteral(bytes, literals)) return whenAbsent;
    const root = parsed(ctx, c.target);
    if (root === NOT_JSON) {
      ctx.run.unparseable = true;
      return false;
    }
    const values = evaluateJsonPath(root, steps);
    if (c.op === 'exists') return values.length > 0;
    if (c.op === 'not-exists') return values.length === 0;
    if (c.op === 'not-equals') return values.length > 0 && values.every(compare);
    return values.some(compare);
  };
}

/**
 * The cheap pre-check that spares JSON.parse for most records a JSON condition rejects: byte strings the payload's
 * JSON text must contain for the condition to hold. Without any backslash in the payload every JSON string in it is
 * written literally, so each key on the path appears as `"key"`, and a string that equals() compares against (one
 * that is not itself JSON for a number, boolean, null, object or array) appears as `"text"`.
 */
function requiredLiterals(steps: PathStep[], equalsValue: unknown): Buffer[] {
  const out: Buffer[] = [];
  const quotedPlainly = (s: string): string | null => {
    const quoted = JSON.stringify(s);
    return quoted === `"${s}"` ? quoted : null;
  };
  // The compared value first: it is usually rarer than the keys.
  if (typeof equalsValue === 'string' && !parsesAsJson(equalsValue)) {
    const quoted = quotedPlainly(equalsValue);
    if (quoted !== null) out.push(Buffer.from(quoted));
  }
  for (const step of steps) {
    const quoted = step.kind === 'key' ? quotedPlainly(step.key) : null;
    if (quoted !== null) out.push(Buffer.from(quoted));
  }
  return out;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const BACKSLASH = 0x5c;

/**
 * True when the payload is a JSON object or array (by its first and last bytes) written without escapes that
 * lacks one of the literals: the condition cannot hold. Payloads that do not look like JSON are still parsed,
 * so they are reported as unparseable.
 */
function lacksLiteral(bytes: Buffer, literals: readonly Buffer[]): boolean {
  let first = 0;
  let last = bytes.length - 1;
  while (first <= last && isJsonSpace(bytes[first] as number)) first++;
  while (last > first && isJsonSpace(bytes[last] as number)) last--;
  const open = bytes[first];
  const close = bytes[last];
  if (!((open === 0x7b && close === 0x7d) || (open === 0x5b && close === 0x5d))) return false; // {...} or [...]
  // Most records miss the first literal (the most selective one comes first); only then look for escapes.
  return literals.some((literal) => bytes.indexOf(literal) < 0) && bytes.indexOf(BACKSLASH) < 0;
}

function isJsonSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? '';
}

function jsonEquals(a: unknown, b: unknown): boolean {
  if (typeof a === typeof b && (a === null || typeof a !== 'object')) return a === b;
  if (typeof a === 'object' && a !== null) return JSON.stringify(a) === (typeof b === 'string' ? b : JSON.stringify(b));
  // Lenient across types: "42" equals 42, "true" equals true.
  return asText(a) === asText(b);
}

/** NaN-safe ordering: numbers numerically, everything else as strings. */
function order(a: unknown, b: unknown): number {
  const na = typeof a === 'number' ? a : Number(a);
  const nb = typeof b === 'number' ? b : Number(b);
  if (a !== null && b !== null && a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  const sa = asText(a);
  const sb = asText(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
