/** clusters.list/get/add/update/remove/test */

import type { ClusterSecrets, ClusterSettings, ConnectionTestResult } from '../../src-common/contract/clusters.js';
import type { Handlers } from '../context.js';
import { badRequest, toBackendError } from '../errors.js';
import { buildKafkaConfig, ClusterConnection } from '../kafka/connection.js';
import { requireObject, requireString } from '../validate.js';

const MECHANISMS = new Set(['plain', 'scram-sha-256', 'scram-sha-512']);

function validateSettings(value: unknown): ClusterSettings {
  const s = requireObject(value, 'settings');
  requireString(s.name, 'settings.name');
  if (!Array.isArray(s.bootstrap) || s.bootstrap.length === 0) badRequest('settings.bootstrap', 'at least one host:port');
  const bootstrap = (s.bootstrap as unknown[]).map((b, i) => {
    const entry = requireString(typeof b === 'string' ? b.trim() : b, `settings.bootstrap[${i}]`);
    if (!/^[^\s:]+:\d{1,5}$/.test(entry) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(entry)) badRequest(`settings.bootstrap[${i}]`, 'expected host:port');
    return entry;
  });
  if (s.sasl !== null && s.sasl !== undefined) {
    const sasl = requireObject(s.sasl, 'settings.sasl');
    if (!MECHANISMS.has(String(sasl.mechanism))) badRequest('settings.sasl.mechanism', 'plain, scram-sha-256 or scram-sha-512');
    requireString(sasl.username, 'settings.sasl.username');
  }
  if (s.tls !== null && s.tls !== undefined) requireObject(s.tls, 'settings.tls');
  return { ...(s as unknown as ClusterSettings), bootstrap, sasl: (s.sasl as ClusterSettings['sasl']) ?? null, tls: (s.tls as ClusterSettings['tls']) ?? null };
}

export async function testConnection(settings: ClusterSettings, secrets: ClusterSecrets): Promise<ConnectionTestResult> {
  const started = Date.now();
  const connection = new ClusterConnection(buildKafkaConfig({ ...settings, connectionTimeoutMs: settings.connectionTimeoutMs ?? 5000 }, secrets));
  try {
    const admin = await connection.admin();
    const cluster = await admin.describeCluster();
    const topics = await admin.listTopics();
    return {
      ok: true,
      latencyMs: Date.now() - started,
      kafkaClusterId: cluster.clusterId ?? null,
      controllerId: cluster.controller ?? null,
      brokers: cluster.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: null, isController: b.nodeId === cluster.controller })),
      topicCount: topics.length,
      error: null,
    };
  } catch (error) {
    return { ok: false, latencyMs: Date.now() - started, kafkaClusterId: null, controllerId: null, brokers: [], topicCount: null, error: toBackendError(error) };
  } finally {
    await connection.close();
  }
}

export const clusterHandlers: Handlers<'clusters.list' | 'clusters.get' | 'clusters.add' | 'clusters.update' | 'clusters.remove' | 'clusters.test'> = {
  'clusters.list': async (_p, ctx) => ({ clusters: ctx.registry.list() }),

  'clusters.get': async (p, ctx) => ctx.registry.detail(requireString(p.clusterId, 'clusterId')),

  'clusters.add': async (p, ctx) => {
    const settings = validateSettings(p.settings);
    const persist = p.persistSecrets ?? ctx.host.info.secretStorage === 'os';
    return ctx.registry.add(settings, p.secrets ?? {}, persist);
  },

  'clusters.update': async (p, ctx) => {
    const settings = validateSettings(p.settings);
    return ctx.registry.update(requireString(p.clusterId, 'clusterId'), settings, p.secrets, p.persistSecrets);
  },

  'clusters.remove': async (p, ctx) => {
    await ctx.registry.remove(requireString(p.clusterId, 'clusterId'));
    return {};
  },

  'clusters.test': async (p, ctx) => {
    if ('settings' in p && p.settings) {
      const settings = validateSettings(p.settings);
      // Editing a saved cluster: secrets left blank in the form mean "keep the stored ones".
      const stored = p.clusterId && !ctx.registry.isEmbedded(p.clusterId) ? ctx.registry.saved(p.clusterId).secrets : {};
      return testConnection(settings, { ...stored, ...(p.secrets ?? {}) });
    }
    const clusterId = requireString((p as { clusterId?: unknown }).clusterId, 'clusterId');
    const detail = ctx.registry.detail(clusterId);
    const secrets = ctx.registry.isEmbedded(clusterId) ? {} : ctx.registry.saved(clusterId).secrets;
    return testConnection(detail.settings, secrets);
  },
};
