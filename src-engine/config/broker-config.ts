/**
 * Broker config resolution and description (DescribeConfigs on a BROKER resource), following Kafka's
 * `ConfigHelper.createBrokerConfigEntry`: the per-broker resource shows every layer, the cluster-default
 * resource ("") shows only cluster-wide dynamic values.
 */
import { ConfigError, ConfigSource, defaultOf, formatConfigValue, parseAndValidate, parseConfigValue, type ConfigValue } from './config-def.js';
import { BROKER_CONFIGS, BROKER_CONFIG_LIST } from './broker-configs.js';
import { brokerSynonyms, mergedBrokerValues, type BrokerConfigLayers, type ConfigProblem, type DescribedConfig } from './topic-config.js';

/** Broker configs that are alternative spellings of one setting (Kafka's `brokerConfigSynonyms`). */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['log.roll.ms', 'log.roll.hours'],
  ['log.roll.jitter.ms', 'log.roll.jitter.hours'],
  ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'],
  ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'],
];

function synonymNames(name: string): readonly string[] {
  return SYNONYM_GROUPS.find((g) => g.includes(name)) ?? [name];
}

/** Parsed value of a broker config: dynamic per-broker over cluster default over static over default. */
export function brokerConfigValue(name: string, broker: BrokerConfigLayers): ConfigValue {
  const def = BROKER_CONFIGS.get(name);
  if (def === undefined) throw new Error(`unknown broker config ${name}`);
  const raw = mergedBrokerValues(broker)[name];
  if (raw !== undefined) {
    try {
      return parseAndValidate(def, raw);
    } catch {
      // fall through to the default, as for an unset key
    }
  }
  return defaultOf(def);
}

/** Numeric broker config (INT/LONG/DOUBLE), e.g. `log.retention.check.interval.ms`. */
export function brokerConfigNumber(name: string, broker: BrokerConfigLayers): number {
  const v = brokerConfigValue(name, broker);
  if (typeof v !== 'number') throw new Error(`broker config ${name} has no numeric value`);
  return v;
}

/** Kafka 4's refusal (INVALID_REQUEST) of a dynamic change to configs that need a restart, or null. */
export function notDynamicMessage(names: Iterable<string>): string | null {
  const fixed = [...names].filter((n) => BROKER_CONFIGS.get(n)?.readOnly === true);
  return fixed.length === 0 ? null : `Cannot update these configs dynamically: [${fixed.join(', ')}]`;
}

/** Validates broker config changes. `dynamic` rejects keys that need a restart, as Kafka does. */
export function validateBrokerConfigs(changes: Readonly<Record<string, string | null>>, dynamic: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const refused = dynamic ? notDynamicMessage(Object.keys(changes)) : null;
  for (const [name, raw] of Object.entries(changes)) {
    const def = BROKER_CONFIGS.get(name);
    if (def === undefined) {
      problems.push({ name, message: `Unknown broker config name: ${name}` });
    } else if (dynamic && def.readOnly === true) {
      if (refused !== null && !problems.some((p) => p.message === refused)) problems.push({ name, message: refused });
    } else if (raw !== null) {
      try {
        parseAndValidate(def, raw);
      } catch (e) {
        problems.push({ name, message: e instanceof ConfigError ? e.message : String(e) });
      }
    }
  }
  return problems;
}

/**
 * Describes every broker config. `perBroker` is true for the resource named by this broker's id and
 * false for the cluster-default resource (""), where only cluster-wide dynamic values appear.
 */
export function describeBrokerConfigs(broker: BrokerConfigLayers, perBroker: boolean): DescribedConfig[] {
  const out: DescribedConfig[] = [];
  for (const def of BROKER_CONFIG_LIST) {
    let synonyms = brokerSynonyms(synonymNames(def.name).slice(synonymNames(def.name).indexOf(def.name)), broker);
    if (!perBroker) synonyms = synonyms.filter((s) => s.source === ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    const value = perBroker
      ? formatConfigValue(def.type, brokerConfigValue(def.name, broker))
      : (broker.dynamicDefault?.[def.name] ?? null);
    if (!perBroker && value === null) continue; // the default resource lists only what was set on it
    out.push({
      name: def.name,
      value: value === null ? null : formatConfigValue(def.type, parseConfigValue(def.name, def.type, value)),
      source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
      readOnly: def.readOnly === true,
      sensitive: def.sensitive === true,
      type: def.type,
      documentation: def.documentation,
      defaultValue: def.defaultValue,
      validValues: def.validator?.describe ?? null,
      synonyms,
      ignored: def.ignored === true,
    });
  }
  return out;
}
