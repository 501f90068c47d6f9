/** clusters.list/get/add/update/remove/test */

import { connect } from 'node:net';
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

/** Null when host:port accepts a TCP connection within 3 s, else the reason. */
function tcpProblem(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (problem: string | null): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3000, () => done('timed out'));
    socket.once('connect', () => done(null));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

/**
 * A connection error naming a host that is not one of the bootstrap servers means the bootstrap answered and then
 * pointed us at its advertised address, which does not work from here.
 */
function advertisedListenerHint(message: string, bootstrap: string[]): string | null {
  const target = /(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|EHOSTUNREACH|ETIMEDOUT)\s+(\S+)/.exec(message)?.[1];
  if (!target) return null;
  const host = target.replace(/:\d+$/, '');
  const bootstrapHosts = bootstrap.map((b) => b.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''));
  if (bootstrapHosts.includes(host)) return null;
  return `The bootstrap server answered but advertises ${target}, which this machine cannot reach: `
    + 'fix the broker\'s advertised.listeners (or make that name resolve here).';
}

export async function testConnection(settings: ClusterSettings, secrets: ClusterSecrets): Promise<ConnectionTestResult> {
  const started = Date.now();
  const connection = new ClusterConnection(buildKafkaConfig({ ...settings, connectionTimeoutMs: settings.connectionTimeoutMs ?? 5000 }, secrets));
  try {
    const admin = await connection.admin();
    const cluster = await admin.describeCluster();
    const topics = await admin.listTopics();
    const unreachable = (await Promise.all(cluster.brokers.map(async (b) => {
      const problem = await tcpProblem(b.host, b.port);
      return problem ? `Broker ${b.nodeId} advertises ${b.host}:${b.port}, which this machine cannot reach (${problem}). `
        + 'The bootstrap address answered, but clients use the advertised one: fix advertised.listeners (or map the host name).' : null;
    }))).filter((w): w is string => w !== null);
    if (unreachable.length > 0) {
      return {
        ok: false, latencyMs: Date.now() - started, kafkaClusterId: cluster.clusterId ?? null, controllerId: cluster.controller ?? null,
        brokers: cluster.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: null, isController: b.nodeId === cluster.controller })),
        topicCount: topics.length, error: { code: 'cluster-unreachable', message: unreachable[0] as string }, warnings: unreachable,
      };
    }
    return {
      ok: true,
      latencyMs: Date.now() - started,
      kafkaClusterId: cluster.clusterId ?? null,
      controllerId: cluster.controller ?? null,
      brokers: cluster.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: null, isController: b.nodeId === cluster.controller })),
      topicCount: topics.length,
      error: null,
      warnings: [],
    };
  } catch (error) {
    const backendError = toBackendError(error);
    const hint = advertisedListenerHint(backendError.message, settings.bootstrap);
    return {
      ok: false, latencyMs: Date.now() - started, kafkaClusterId: null, controllerId: null, brokers: [], topicCount: null,
      error: hint ? { ...backendError, message: `${backendError.message}. ${hint}` } : backendError, warnings: hint ? [hint] : [],
    };
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
