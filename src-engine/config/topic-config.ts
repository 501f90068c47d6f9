/**
 * Topic config resolution: validating overrides, computing the effective typed config from
 * topic override -> broker synonyms -> Kafka default, and describing each key with its source and
 * synonyms the way Kafka's `ConfigHelper.createTopicConfigEntry` does.
 */
import {
  ConfigError, ConfigSource, defaultOf, formatConfigValue, parseAndValidate, parseConfigValue,
  type ConfigSourceId, type ConfigValue,
} from './config-def.js';
import { TOPIC_CONFIGS, TOPIC_CONFIG_LIST, type TopicCompressionType, type TopicConfigDefinition } from './topic-configs.js';
import { BROKER_CONFIGS } from './broker-configs.js';

/** Broker-level config values in Kafka's string form, by where they were set. */
export interface BrokerConfigLayers {
  /** Given at start (server.properties / startBroker options). */
  readonly static?: Readonly<Record<string, string>>;
  /** Set with AlterConfigs on the cluster-wide default broker resource (name ""). */
  readonly dynamicDefault?: Readonly<Record<string, string>>;
  /** Set with AlterConfigs on this broker's resource (name = broker id). */
  readonly dynamicBroker?: Readonly<Record<string, string>>;
}

/** The effective, typed config of one topic (what the log, retention and cleaner act on). */
export interface TopicConfig {
  readonly cleanupPolicy: { readonly delete: boolean; readonly compact: boolean };
  readonly compressionType: TopicCompressionType;
  readonly compressionLevels: { readonly gzip: number; readonly lz4: number; readonly zstd: number };
  readonly deleteRetentionMs: number;
  readonly fileDeleteDelayMs: number;
  readonly flushMessages: number;
  readonly flushMs: number;
  readonly indexIntervalBytes: number;
  readonly maxCompactionLagMs: number;
  readonly maxMessageBytes: number;
  readonly messageTimestampType: 'CreateTime' | 'LogAppendTime';
  readonly messageTimestampBeforeMaxMs: number;
  readonly messageTimestampAfterMaxMs: number;
  readonly minCleanableDirtyRatio: number;
  readonly minCompactionLagMs: number;
  readonly minInsyncReplicas: number;
  readonly retentionBytes: number;
  readonly retentionMs: number;
  readonly segmentBytes: number;
  readonly segmentIndexBytes: number;
  readonly segmentJitterMs: number;
  readonly segmentMs: number;
  /** Every key's parsed value, by Kafka name. */
  readonly values: ReadonlyMap<string, ConfigValue>;
}

export type TopicConfigOverrides = Readonly<Record<string, string | null | undefined>>;

/** One validation problem; `message` names the key, the value and the rule, as Kafka does. */
export interface ConfigProblem {
  readonly name: string;
  readonly message: string;
}

/**
 * Checks topic config overrides (names, types, ranges, cross-key rules). Returns every problem found,
 * in key order; an empty list means the overrides are valid.
 */
export function validateTopicConfigs(overrides: TopicConfigOverrides, broker: BrokerConfigLayers = {}): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue;
    const def = TOPIC_CONFIGS.get(name);
    if (def === undefined) {
      problems.push({ name, message: `Unknown topic config name: ${name}` });
      continue;
    }
    if (raw === null) {
      problems.push({ name, message: `Null value not supported for topic config: ${name}` });
      continue;
    }
    try {
      parseAndValidate(def, raw);
    } catch (e) {
      problems.push({ name, message: e instanceof ConfigError ? e.message : String(e) });
    }
  }
  if (problems.length > 0) return problems;
  const cfg = effectiveTopicConfig(overrides, broker);
  if (cfg.minCompactionLagMs > cfg.maxCompactionLagMs) {
    problems.push({
      name: 'min.compaction.lag.ms',
      message: `conflict topic config setting min.compaction.lag.ms (${cfg.minCompactionLagMs}) > max.compaction.lag.ms (${formatConfigValue('LONG', cfg.maxCompactionLagMs)})`,
    });
  }
  return problems;
}

/** Merged broker values (dynamic per-broker over cluster default over static), Kafka-named strings. */
export function mergedBrokerValues(broker: BrokerConfigLayers): Record<string, string> {
  return { ...broker.static, ...broker.dynamicDefault, ...broker.dynamicBroker };
}

/** The broker-derived default of a topic config: first synonym that is set, converted to the topic's unit. */
function brokerDefault(def: TopicConfigDefinition, merged: Readonly<Record<string, string>>): ConfigValue | undefined {
  for (const syn of def.synonyms) {
    const raw = merged[syn.name];
    const bdef = BROKER_CONFIGS.get(syn.name);
    if (raw === undefined || bdef === undefined) continue;
    let value: ConfigValue;
    try {
      value = parseConfigValue(syn.name, bdef.type, raw);
    } catch {
      continue; // a bad broker value falls back to the next synonym, as an unset one would
    }
    if (value === null) continue;
    if (typeof value === 'number' && syn.factor !== undefined) {
      // Kafka: a negative retention in minutes/hours means "forever" (-1 ms).
      return value < 0 ? -1 : value * syn.factor;
    }
    return value;
  }
  return undefined;
}

function resolveValue(def: TopicConfigDefinition, overrides: TopicConfigOverrides, merged: Readonly<Record<string, string>>): ConfigValue {
  const raw = overrides[def.name];
  if (raw !== undefined && raw !== null) {
    try {
      return parseAndValidate(def, raw);
    } catch {
      // Invalid stored overrides are refused on the way in; a hand-edited bad one falls back to defaults.
    }
  }
  const fromBroker = brokerDefault(def, merged);
  return fromBroker !== undefined ? fromBroker : defaultOf(def);
}

function num(values: ReadonlyMap<string, ConfigValue>, name: string): number {
  const v = values.get(name);
  if (typeof v !== 'number') throw new Error(`topic config ${name} did not resolve to a number`);
  return v;
}

/** The effective typed config of a topic with these overrides on a broker with these configs. */
export function effectiveTopicConfig(overrides: TopicConfigOverrides, broker: BrokerConfigLayers = {}): TopicConfig {
  const merged = mergedBrokerValues(broker);
  const values = new Map<string, ConfigValue>();
  for (const def of TOPIC_CONFIG_LIST) values.set(def.name, resolveValue(def, overrides, merged));
  const policy = values.get('cleanup.policy');
  const policyList = Array.isArray(policy) ? (policy as readonly string[]).map((p) => p.toLowerCase()) : ['delete'];
  return {
    cleanupPolicy: { delete: policyList.includes('delete'), compact: policyList.includes('compact') },
    compressionType: values.get('compression.type') as TopicCompressionType,
    compressionLevels: {
      gzip: num(values, 'compression.gzip.level'), lz4: num(values, 'compression.lz4.level'), zstd: num(values, 'compression.zstd.level'),
    },
    deleteRetentionMs: num(values, 'delete.retention.ms'),
    fileDeleteDelayMs: num(values, 'file.delete.delay.ms'),
    flushMessages: num(values, 'flush.messages'),
    flushMs: num(values, 'flush.ms'),
    indexIntervalBytes: num(values, 'index.interval.bytes'),
    maxCompactionLagMs: num(values, 'max.compaction.lag.ms'),
    maxMessageBytes: num(values, 'max.message.bytes'),
    messageTimestampType: values.get('message.timestamp.type') === 'LogAppendTime' ? 'LogAppendTime' : 'CreateTime',
    messageTimestampBeforeMaxMs: num(values, 'message.timestamp.before.max.ms'),
    messageTimestampAfterMaxMs: num(values, 'message.timestamp.after.max.ms'),
    minCleanableDirtyRatio: num(values, 'min.cleanable.dirty.ratio'),
    minCompactionLagMs: num(values, 'min.compaction.lag.ms'),
    minInsyncReplicas: num(values, 'min.insync.replicas'),
    retentionBytes: num(values, 'retention.bytes'),
    retentionMs: num(values, 'retention.ms'),
    segmentBytes: num(values, 'segment.bytes'),
    segmentIndexBytes: num(values, 'segment.index.bytes'),
    segmentJitterMs: num(values, 'segment.jitter.ms'),
    segmentMs: num(values, 'segment.ms'),
    values,
  };
}

export interface ConfigSynonymEntry {
  readonly name: string;
  readonly value: string | null;
  readonly source: ConfigSourceId;
}

/** One described config key: everything DescribeConfigs and the GUI's config editor need. */
export interface DescribedConfig {
  readonly name: string;
  readonly value: string | null;
  readonly source: ConfigSourceId;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
  readonly type: TopicConfigDefinition['type'];
  readonly documentation: string;
  readonly defaultValue: string | null;
  readonly validValues: string | null;
  /** Highest priority first (topic override, then broker layers, then the broker's static default). */
  readonly synonyms: readonly ConfigSynonymEntry[];
  readonly ignored: boolean;
}

/**
 * Broker-side synonyms of `names` in Kafka's order: all dynamic per-broker values, then cluster
 * defaults, then static values, then built-in defaults; then, as Kafka does, everything before the
 * first entry named `names[0]` is dropped (so retention.ms shows no synonym while only
 * log.retention.hours has a value).
 */
export function brokerSynonyms(names: readonly string[], broker: BrokerConfigLayers): ConfigSynonymEntry[] {
  const out: ConfigSynonymEntry[] = [];
  const layers: [Readonly<Record<string, string>> | undefined, ConfigSourceId][] = [
    [broker.dynamicBroker, ConfigSource.DYNAMIC_BROKER_CONFIG],
    [broker.dynamicDefault, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG],
    [broker.static, ConfigSource.STATIC_BROKER_CONFIG],
  ];
  for (const [layer, source] of layers) {
    for (const n of names) {
      const v = layer?.[n];
      if (v !== undefined) out.push({ name: n, value: v, source });
    }
  }
  for (const n of names) {
    const d = BROKER_CONFIGS.get(n)?.defaultValue;
    if (d !== undefined && d !== null) out.push({ name: n, value: d, source: ConfigSource.DEFAULT_CONFIG });
  }
  const first = out.findIndex((s) => s.name === names[0]);
  return first < 0 ? [] : out.slice(first);
}

export function describeTopicConfig(def: TopicConfigDefinition, overrides: TopicConfigOverrides, broker: BrokerConfigLayers,
  effective: TopicConfig = effectiveTopicConfig(overrides, broker)): DescribedConfig {
  const value = formatConfigValue(def.type, effective.values.get(def.name) ?? null);
  const synonyms = brokerSynonyms(def.synonyms.map((s) => s.name), broker);
  const raw = overrides[def.name];
  if (raw !== undefined && raw !== null) synonyms.unshift({ name: def.name, value, source: ConfigSource.TOPIC_CONFIG });
  return {
    name: def.name,
    value,
    source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
    readOnly: false,
    sensitive: def.sensitive === true,
    type: def.type,
    documentation: def.documentation,
    defaultValue: def.defaultValue,
    validValues: def.validator?.describe ?? null,
    synonyms,
    ignored: def.ignored === true,
  };
}

/** Every topic config of a topic, sorted by name. */
export function describeTopicConfigs(overrides: TopicConfigOverrides, broker: BrokerConfigLayers = {}): DescribedConfig[] {
  const effective = effectiveTopicConfig(overrides, broker);
  return TOPIC_CONFIG_LIST.map((def) => describeTopicConfig(def, overrides, broker, effective));
}
