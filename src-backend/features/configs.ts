/** configs.describe / configs.alter (IncrementalAlterConfigs, with a read-modify-write fallback for old clusters). */

import type { ConfigEntries, ConfigResourceTypes as ConfigResourceType } from 'kafkajs';
import { ConfigResourceTypes } from '../kafka/kafkajs.js';
import { BROKER_CONFIGS, TOPIC_CONFIGS } from '../../src-engine/index.js';
import type { ConfigAlterOp, ConfigEntry, ConfigResource, ConfigSource } from '../../src-common/contract/topics.js';
import type { Handlers } from '../context.js';
import { badRequest, fail } from '../errors.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { ALTER_OP, INCREMENTAL_ALTER_CONFIGS } from '../kafka/wire-apis.js';
import { errorName } from '../../src-protocol/error-codes.js';
import { requireString } from '../validate.js';

const SOURCES: Record<number, ConfigSource> = {
  1: 'dynamic-topic', 2: 'dynamic-broker', 3: 'dynamic-default-broker', 4: 'static-broker', 5: 'default',
};

function resourceType(resource: ConfigResource): ConfigResourceType {
  if (resource?.type === 'topic') return ConfigResourceTypes.TOPIC;
  if (resource?.type === 'broker') return ConfigResourceTypes.BROKER;
  return badRequest('resource.type', "'topic' or 'broker'");
}

function toEntry(e: ConfigEntries, resource: ConfigResource): ConfigEntry {
  const def = resource.type === 'topic' ? TOPIC_CONFIGS.get(e.configName) : BROKER_CONFIGS.get(e.configName);
  const source = SOURCES[e.configSource] ?? (e.isDefault ? 'default' : 'unknown');
  const synonyms = (e.configSynonyms ?? []).map((s) => ({ name: s.configName, value: s.configValue ?? null, source: SOURCES[s.configSource] ?? 'unknown' }));
  // The value without this override: the next synonym down the chain, else Kafka's default.
  const fallback = synonyms.find((s, i) => i > 0 || s.source !== source);
  return {
    name: e.configName,
    value: e.configValue ?? null,
    isDefault: e.isDefault || source === 'default',
    source,
    isSensitive: e.isSensitive,
    readOnly: e.readOnly,
    documentation: def?.documentation ?? null,
    type: def?.type.toLowerCase() ?? null,
    defaultValue: fallback?.value ?? def?.defaultValue ?? null,
    validValues: def?.validator?.describe ?? null,
    synonyms,
  };
}

export async function describeConfigs(connection: ClusterConnection, resource: ConfigResource): Promise<ConfigEntry[]> {
  const name = requireString(resource?.name, 'resource.name');
  const admin = await connection.admin();
  const result = await admin.describeConfigs({ includeSynonyms: true, resources: [{ type: resourceType(resource), name }] });
  const r = result.resources[0] ?? fail('not-found', `no config resource ${resource.type} ${name}`);
  if (r.errorCode) fail('kafka', r.errorMessage || `DescribeConfigs failed: ${errorName(r.errorCode)}`, { kafkaCode: r.errorCode, kafkaName: errorName(r.errorCode) });
  return r.configEntries.map((e) => toEntry(e, resource)).sort((a, b) => a.name.localeCompare(b.name));
}

const dynamicSource = (resource: ConfigResource): ConfigSource => (resource.type === 'topic' ? 'dynamic-topic' : 'dynamic-broker');

/**
 * Fallback for clusters without IncrementalAlterConfigs: AlterConfigs replaces every dynamic override of the
 * resource, so the current overrides are read first and the ops applied on top (keys not in `ops` keep their values).
 */
async function alterIncrementally(connection: ClusterConnection, resource: ConfigResource, ops: ConfigAlterOp[], validateOnly: boolean): Promise<void> {
  const current = await describeConfigs(connection, resource);
  const overrides = new Map<string, string>();
  for (const e of current) {
    if (e.source !== dynamicSource(resource)) continue;
    if (e.value === null) fail('unsupported', `cannot preserve the hidden value of ${e.name} while altering other keys`);
    overrides.set(e.name, e.value);
  }
  for (const [i, op] of ops.entries()) {
    const name = requireString(op?.name, `ops[${i}].name`);
    const effective = overrides.get(name) ?? current.find((e) => e.name === name)?.value ?? '';
    const items = effective.split(',').map((s) => s.trim()).filter(Boolean);
    switch (op.op) {
      case 'set': overrides.set(name, String(op.value)); break;
      case 'delete': overrides.delete(name); break;
      case 'append': if (!items.includes(op.value)) overrides.set(name, [...items, op.value].join(',')); break;
      case 'subtract': overrides.set(name, items.filter((x) => x !== op.value).join(',')); break;
      default: badRequest(`ops[${i}].op`, "'set', 'delete', 'append' or 'subtract'");
    }
  }
  const admin = await connection.admin();
  await admin.alterConfigs({
    validateOnly,
    resources: [{ type: resourceType(resource), name: resource.name, configEntries: [...overrides].map(([name, value]) => ({ name, value })) }],
  });
}

/**
 * IncrementalAlterConfigs straight to the broker when it supports it (Kafka >= 2.3, the embedded broker): atomic and
 * keeps hidden values. Returns false when the cluster is too old, so the caller falls back to read-modify-write.
 */
async function alterWithIncremental(connection: ClusterConnection, resource: ConfigResource, ops: ConfigAlterOp[], validateOnly: boolean): Promise<boolean> {
  const wire = connection.wire();
  const broker = resource.type === 'broker' ? await wire.broker(Number(resource.name)) : await wire.controller();
  if (!broker.supports(INCREMENTAL_ALTER_CONFIGS)) return false;
  const wireOps = ops.map((op, i) => {
    const name = requireString(op?.name, `ops[${i}].name`);
    if (!(op.op in ALTER_OP)) badRequest(`ops[${i}].op`, "'set', 'delete', 'append' or 'subtract'");
    return { name, op: ALTER_OP[op.op], value: op.op === 'delete' ? null : String(op.value) };
  });
  const result = await broker.send(INCREMENTAL_ALTER_CONFIGS, {
    resources: [{
      resourceType: resourceType(resource), resourceName: resource.name,
      configs: wireOps.map((o) => ({ name: o.name, configOperation: o.op, value: o.value })),
    }],
    validateOnly,
  });
  const failed = result.responses.find((r) => r.errorCode !== 0);
  if (failed) {
    const kafkaName = errorName(failed.errorCode);
    fail('kafka', failed.errorMessage ?? `IncrementalAlterConfigs failed: ${kafkaName}`, { kafkaCode: failed.errorCode, kafkaName });
  }
  return true;
}

export const configHandlers: Handlers<'configs.describe' | 'configs.alter'> = {
  'configs.describe': async (p, ctx) => ctx.registry.use(p.clusterId, async (c) => ({ entries: await describeConfigs(c, p.resource) })),

  'configs.alter': async (p, ctx) => {
    if (!Array.isArray(p.ops) || p.ops.length === 0) badRequest('ops', 'non-empty list');
    return ctx.registry.use(p.clusterId, async (c) => {
      requireString(p.resource?.name, 'resource.name');
      if (!(await alterWithIncremental(c, p.resource, p.ops, Boolean(p.validateOnly)))) {
        await alterIncrementally(c, p.resource, p.ops, Boolean(p.validateOnly));
      }
      return { entries: await describeConfigs(c, p.resource) };
    });
  },
};
