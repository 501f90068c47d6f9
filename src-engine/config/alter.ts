/**
 * Applying config changes (AlterConfigs and IncrementalAlterConfigs): validation with Kafka's error
 * codes and messages, then persistence through the cluster. Logs read their settings through a
 * function on every use, so a stored change is live at once.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import type { Cluster } from '../cluster/cluster.js';
import { TOPIC_CONFIGS } from './topic-configs.js';
import { BROKER_CONFIGS } from './broker-configs.js';
import { formatConfigValue } from './config-def.js';
import { validateTopicConfigs } from './topic-config.js';
import { notDynamicMessage, validateBrokerConfigs } from './broker-config.js';
import { clusterBrokerLayers, topicConfigOf } from './cluster-configs.js';

/** IncrementalAlterConfigs operation ids (`AlterConfigOp.OpType`). */
export const AlterOp = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface ConfigChange {
  readonly name: string;
  readonly value: string | null;
  /** Absent for the legacy AlterConfigs (a full replacement). */
  readonly op?: number;
}

export function rejectDuplicates(changes: readonly ConfigChange[]): void {
  const names = changes.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new KafkaError(ErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys');
}

/**
 * Applies incremental operations to `current` (a topic's overrides or the dynamic broker configs).
 * APPEND/SUBTRACT act on the effective list (override or default), as Kafka's ConfigAdminManager does.
 */
export function applyIncremental(current: ReadonlyMap<string, string>, changes: readonly ConfigChange[],
  typeOf: (name: string) => string | undefined, effectiveList: (name: string) => readonly string[]): Map<string, string> {
  const next = new Map(current);
  for (const c of changes) {
    const type = typeOf(c.name);
    switch (c.op) {
      case AlterOp.SET:
        if (c.value === null) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${c.name}`);
        next.set(c.name, c.value);
        break;
      case AlterOp.DELETE:
        next.delete(c.name);
        break;
      case AlterOp.APPEND:
      case AlterOp.SUBTRACT: {
        const verb = c.op === AlterOp.APPEND ? 'append' : 'subtract';
        if (type === undefined) break; // unknown names are reported by validation below
        if (type !== 'LIST') throw new KafkaError(ErrorCode.INVALID_CONFIG, `Config value ${verb} is not allowed for config key: ${c.name}`);
        const items = (c.value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
        const base = [...effectiveList(c.name)];
        const result = c.op === AlterOp.APPEND ? [...base, ...items.filter((i) => !base.includes(i))] : base.filter((b) => !items.includes(b));
        next.set(c.name, result.join(','));
        break;
      }
      default:
        throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unknown alter config operation ${String(c.op)} for ${c.name}`);
    }
  }
  return next;
}

/** Validates and (unless validateOnly) stores a topic's complete new set of overrides. */
export function storeTopicConfigs(cluster: Cluster, topicName: string, next: ReadonlyMap<string, string>, validateOnly: boolean): void {
  const topic = cluster.topic(topicName);
  if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${topicName}' does not exist.`);
  const problems = validateTopicConfigs(Object.fromEntries(next), clusterBrokerLayers(cluster));
  if (problems.length > 0) throw new KafkaError(ErrorCode.INVALID_CONFIG, problems.map((p) => p.message).join('; '));
  if (validateOnly) return;
  const changed = new Set<string>();
  for (const k of new Set([...topic.configOverrides.keys(), ...next.keys()])) {
    if (topic.configOverrides.get(k) !== next.get(k)) changed.add(k);
  }
  cluster.topics.setConfigs(topicName, next);
  if (changed.size > 0) cluster.events.publish({ type: 'config-changed', topic: topicName, names: [...changed].sort() });
}

/**
 * Validates and stores the dynamic broker configs (cluster-wide on this single node). `resourceName` is the
 * BROKER resource altered: "" (the cluster-level defaults) or the node id.
 */
export function storeBrokerConfigs(cluster: Cluster, requested: ReadonlyMap<string, string>, validateOnly: boolean, resourceName: string): void {
  const next = keepClusterMinInsyncReplicas(cluster.brokerConfigOverrides, requested, resourceName);
  const refused = notDynamicMessage(next.keys());
  if (refused !== null) throw new KafkaError(ErrorCode.INVALID_REQUEST, refused);
  const problems = validateBrokerConfigs(Object.fromEntries(next), true);
  if (problems.length > 0) throw new KafkaError(ErrorCode.INVALID_CONFIG, problems.map((p) => p.message).join('; '));
  if (validateOnly) return;
  const before = cluster.brokerConfigOverrides;
  const changed = [...new Set([...before.keys(), ...next.keys()])].filter((k) => before.get(k) !== next.get(k));
  cluster.setBrokerConfigs(next);
  if (changed.length > 0) cluster.events.publish({ type: 'config-changed', topic: null, names: changed.sort() });
}

/**
 * Kafka 4.1+ runs with Eligible Leader Replicas (KIP-966), which needs the cluster-level min.insync.replicas to
 * stay: removing it at the cluster level is INVALID_CONFIG; a per-broker change (node id) leaves it alone.
 */
function keepClusterMinInsyncReplicas(before: ReadonlyMap<string, string>, next: ReadonlyMap<string, string>, resourceName: string): ReadonlyMap<string, string> {
  const name = 'min.insync.replicas';
  const kept = before.get(name);
  if (kept === undefined || next.has(name)) return next;
  if (resourceName === '') throw new KafkaError(ErrorCode.INVALID_CONFIG, 'Cluster-level min.insync.replicas cannot be removed while ELR is enabled.');
  return new Map([...next, [name, kept]]);
}

export function topicTypeOf(name: string): string | undefined {
  return TOPIC_CONFIGS.get(name)?.type;
}

export function brokerTypeOf(name: string): string | undefined {
  return BROKER_CONFIGS.get(name)?.type;
}

/** The effective list value of a topic LIST config (for APPEND/SUBTRACT). */
export function topicListValue(cluster: Cluster, overrides: ReadonlyMap<string, string>, name: string): readonly string[] {
  const v = topicConfigOf(cluster, overrides).values.get(name);
  return Array.isArray(v) ? (v as readonly string[]) : [];
}

export function brokerListValue(cluster: Cluster, name: string): readonly string[] {
  const raw = cluster.brokerConfigOverrides.get(name) ?? BROKER_CONFIGS.get(name)?.defaultValue ?? '';
  const s = formatConfigValue('STRING', raw) ?? '';
  return s.split(',').map((x) => x.trim()).filter((x) => x !== '');
}
