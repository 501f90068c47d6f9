// Client-side validation of topic config values before they are sent, from the metadata configs.describe returns
// (Kafka's type and "Valid Values" string). Mirrors the broker's checks and wording so most mistakes are caught
// in the form; the broker stays the authority (its INVALID_CONFIG message is shown next to the field too).
import type { ConfigEntry } from '../../../../src-common/contract/topics.js';

export type ValidValues =
  | { kind: 'range'; min: number; max: number | null }
  | { kind: 'enum'; values: string[] }
  | null;

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
/** Long.MAX_VALUE as text: JS numbers cannot hold it exactly, so it is compared as a string. */
export const LONG_MAX = '9223372036854775807';

/** Parses Kafka's "Valid Values" column: "[-1,...]", "[0,...,1]", "[compact, delete]". Anything else: null. */
export function parseValidValues(text: string | null | undefined): ValidValues {
  if (!text) return null;
  const range = /^\[(-?[\d.]+),\.\.\.(?:,(-?[\d.]+))?\]$/.exec(text.trim());
  if (range?.[1] !== undefined) {
    return { kind: 'range', min: Number(range[1]), max: range[2] === undefined ? null : Number(range[2]) };
  }
  const list = /^\[([A-Za-z0-9_.\-, ]+)\]$/.exec(text.trim());
  if (list?.[1] !== undefined && !list[1].includes('...')) {
    return { kind: 'enum', values: list[1].split(',').map((s) => s.trim()).filter(Boolean) };
  }
  return null;
}

function invalid(entry: ConfigEntry, value: string, reason: string): string {
  return `Invalid value ${value} for configuration ${entry.name}: ${reason}`;
}

function checkNumber(entry: ConfigEntry, value: string, valid: ValidValues): string | null {
  const type = entry.type ?? '';
  const integral = type === 'int' || type === 'long' || type === 'short';
  if (integral && !/^-?\d+$/.test(value)) return invalid(entry, value, 'Not a number of type ' + type.toUpperCase());
  if (type === 'double' && !/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return invalid(entry, value, 'Not a number of type DOUBLE');
  const digits = value.replace('-', '');
  if (type === 'long' && (digits.length > LONG_MAX.length || (digits.length === LONG_MAX.length && digits > LONG_MAX))) {
    return invalid(entry, value, 'Not a number of type LONG');
  }
  const n = Number(value);
  if (type === 'int' && (n < INT_MIN || n > INT_MAX)) return invalid(entry, value, 'Not a number of type INT');
  if (valid?.kind === 'range') {
    if (n < valid.min) return invalid(entry, value, `Value must be at least ${valid.min}`);
    if (valid.max !== null && n > valid.max) return invalid(entry, value, `Value must be no more than ${valid.max}`);
  }
  return null;
}

/** Returns Kafka-style problem text, or null when the value looks acceptable. `value` is the canonical string. */
export function validateConfigValue(entry: ConfigEntry, value: string): string | null {
  const valid = parseValidValues(entry.validValues);
  switch (entry.type) {
    case 'int': case 'long': case 'short': case 'double':
      return checkNumber(entry, value.trim(), valid);
    case 'boolean':
      return /^(true|false)$/i.test(value.trim()) ? null : invalid(entry, value, 'Expected value to be either true or false');
    case 'list': {
      if (valid?.kind !== 'enum') return null;
      const items = value.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = items.find((item) => !valid.values.includes(item));
      return bad === undefined ? null : invalid(entry, bad, `String must be one of: ${valid.values.join(', ')}`);
    }
    default:
      if (valid?.kind === 'enum' && !valid.values.includes(value)) {
        return invalid(entry, value, `String must be one of: ${valid.values.join(', ')}`);
      }
      return null;
  }
}

/** The choices an editor can offer as a select (enums), or null for free text. */
export function enumChoices(entry: ConfigEntry): string[] | null {
  if (entry.type === 'boolean') return ['true', 'false'];
  const valid = parseValidValues(entry.validValues);
  return valid?.kind === 'enum' && entry.type !== 'list' ? valid.values : null;
}

/** The items a list config may hold (cleanup.policy: compact, delete), or null when any item goes. */
export function listChoices(entry: ConfigEntry): string[] | null {
  const valid = parseValidValues(entry.validValues);
  return entry.type === 'list' && valid?.kind === 'enum' ? valid.values : null;
}

/** Which config a broker message like "Invalid value -5 for configuration retention.ms: ..." is about. */
export function configNameInMessage(message: string, known: Iterable<string>): string | null {
  const named = /for configuration ([A-Za-z0-9_.-]+)/.exec(message)?.[1];
  if (named) return named;
  for (const name of known) if (message.includes(name)) return name;
  return null;
}
