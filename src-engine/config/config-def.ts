/**
 * The building blocks of Kafka's `ConfigDef` that topic and broker configs need: value types,
 * parsing from the strings clients send, validators and the string form DescribeConfigs returns.
 * Error messages follow Kafka's `ConfigException` wording ("Invalid value X for configuration Y: ...")
 * because tools and users grep for them.
 */

export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW';
/** A parsed config value: numbers for INT/LONG/DOUBLE, string[] for LIST, null when unset. */
export type ConfigValue = boolean | number | string | readonly string[] | null;

/** DescribeConfigs `ConfigType` ids (`DescribeConfigsResponse.ConfigType`). */
export const CONFIG_TYPE_ID: Readonly<Record<ConfigType, number>> = {
  BOOLEAN: 1, STRING: 2, INT: 3, SHORT: 4, LONG: 5, DOUBLE: 6, LIST: 7, CLASS: 8, PASSWORD: 9,
};

/** DescribeConfigs `ConfigSource` ids (`DescribeConfigsResponse.ConfigSource`). */
export const ConfigSource = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;
export type ConfigSourceId = (typeof ConfigSource)[keyof typeof ConfigSource];

/**
 * Long.MAX_VALUE as a JS number (it rounds to 2^63). Used as the "never" sentinel of LONG configs;
 * `formatConfigValue` prints it back as Kafka's exact 9223372036854775807.
 */
export const LONG_MAX = 2 ** 63;
const LONG_MAX_BIG = 9223372036854775807n;
const LONG_MIN_BIG = -9223372036854775808n;
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

export class ConfigError extends Error {
  constructor(readonly configName: string, message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function invalid(name: string, raw: unknown, reason: string): ConfigError {
  return new ConfigError(name, `Invalid value ${String(raw)} for configuration ${name}: ${reason}`);
}

/** Checks a parsed value; throws ConfigError with Kafka's wording. */
export interface Validator {
  check(name: string, value: ConfigValue): void;
  /** "Valid Values" column of Kafka's docs, e.g. "[-1,...]" or "[delete, compact]". */
  readonly describe: string;
}

export function atLeast(min: number): Validator {
  return {
    describe: `[${min},...]`,
    check(name, value) {
      if (typeof value === 'number' && value < min) throw invalid(name, formatNumber(value), `Value must be at least ${min}`);
    },
  };
}

export function between(min: number, max: number): Validator {
  return {
    describe: `[${min},...,${max}]`,
    check(name, value) {
      if (typeof value !== 'number') return;
      if (value < min) throw invalid(name, formatNumber(value), `Value must be at least ${min}`);
      if (value > max) throw invalid(name, formatNumber(value), `Value must be no more than ${max}`);
    },
  };
}

/** ValidString.in: case-sensitive membership, as Kafka's. */
export function oneOf(...allowed: string[]): Validator {
  return {
    describe: `[${allowed.join(', ')}]`,
    check(name, value) {
      if (typeof value === 'string' && !allowed.includes(value)) {
        throw invalid(name, value, `String must be one of: ${allowed.join(', ')}`);
      }
    },
  };
}

/** ValidList.in: every element must be one of `allowed` (the list may be empty). */
export function listOf(...allowed: string[]): Validator {
  return {
    describe: `[${allowed.join(', ')}]`,
    check(name, value) {
      if (!Array.isArray(value)) return;
      for (const item of value as readonly string[]) {
        if (!allowed.includes(item)) throw invalid(name, item, `String must be one of: ${allowed.join(', ')}`);
      }
    },
  };
}

export function custom(describe: string, check: (name: string, value: ConfigValue) => string | null): Validator {
  return {
    describe,
    check(name, value) {
      const reason = check(name, value);
      if (reason !== null) throw invalid(name, formatValue(value), reason);
    },
  };
}

function formatValue(value: ConfigValue): string {
  if (Array.isArray(value)) return (value as readonly string[]).join(',');
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

function formatNumber(n: number): string {
  return n >= LONG_MAX ? '9223372036854775807' : String(n);
}

function parseInteger(name: string, raw: string, type: 'INT' | 'SHORT' | 'LONG'): number {
  if (!/^[+-]?\d+$/.test(raw)) throw invalid(name, raw, `Not a number of type ${type}`);
  const big = BigInt(raw);
  const [lo, hi] = type === 'LONG' ? [LONG_MIN_BIG, LONG_MAX_BIG] : type === 'INT' ? [BigInt(INT_MIN), BigInt(INT_MAX)] : [-32768n, 32767n];
  if (big < lo || big > hi) throw invalid(name, raw, `Not a number of type ${type}`);
  return Number(big);
}

/** Parses a value as Kafka's `ConfigDef.parseType` does: trims, then converts by type. */
export function parseConfigValue(name: string, type: ConfigType, raw: string | null): ConfigValue {
  if (raw === null) return null;
  const s = raw.trim();
  switch (type) {
    case 'BOOLEAN':
      if (s.toLowerCase() === 'true') return true;
      if (s.toLowerCase() === 'false') return false;
      throw invalid(name, raw, 'Expected value to be either true or false');
    case 'INT':
    case 'SHORT':
    case 'LONG':
      return parseInteger(name, s, type);
    case 'DOUBLE': {
      // Java's Double.parseDouble also accepts a trailing d/f suffix.
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(s)) throw invalid(name, raw, 'Not a number of type DOUBLE');
      return Number(s.replace(/[dDfF]$/, ''));
    }
    case 'LIST':
      return s === '' ? [] : s.split(/\s*,\s*/);
    case 'STRING':
    case 'CLASS':
    case 'PASSWORD':
      return s;
  }
}

/** Java's Double.toString for the values configs use: 1 -> "1.0", 0.5 -> "0.5", 1e-4 -> "1.0E-4". */
function javaDouble(d: number): string {
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : d < 0 ? '-Infinity' : 'NaN';
  const abs = Math.abs(d);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) {
    const [mant = '0', exp = '0'] = d.toExponential().split('e');
    const m = mant.includes('.') ? mant : `${mant}.0`;
    return `${m}E${Number(exp)}`;
  }
  return Number.isInteger(d) ? `${d}.0` : String(d);
}

/** The string DescribeConfigs reports (`ConfigDef.convertToString`). */
export function formatConfigValue(type: ConfigType, value: ConfigValue): string | null {
  if (value === null) return null;
  if (type === 'LIST' && Array.isArray(value)) return (value as readonly string[]).join(',');
  if (type === 'DOUBLE' && typeof value === 'number') return javaDouble(value);
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/** One config key, as Kafka's `ConfigDef.ConfigKey`. */
export interface ConfigDefinition {
  readonly name: string;
  readonly type: ConfigType;
  /** Kafka's default in string form (null: no default). Parsed with `parseConfigValue`. */
  readonly defaultValue: string | null;
  readonly validator?: Validator;
  readonly importance: Importance;
  /** Our own wording of what Kafka documents for this key. */
  readonly documentation: string;
  readonly sensitive?: boolean;
  /** Broker configs only: cannot be changed without a restart (Kafka's non-dynamic configs). */
  readonly readOnly?: boolean;
  /** Accepted for compatibility but ignored by this single-node engine (shown to the GUI). */
  readonly ignored?: boolean;
  readonly deprecated?: boolean;
}

/** Parses and validates `raw` against `def`; throws ConfigError. */
export function parseAndValidate(def: ConfigDefinition, raw: string | null): ConfigValue {
  const value = parseConfigValue(def.name, def.type, raw);
  if (value !== null) def.validator?.check(def.name, value);
  return value;
}

export function defaultOf(def: ConfigDefinition): ConfigValue {
  return parseConfigValue(def.name, def.type, def.defaultValue);
}
