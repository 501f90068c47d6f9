/** clusters.list/get/add/update/remove/test */

import { connect } from 'node:net';
import type { ClusterSecrets, ClusterSettings, ConnectionTestResult } from '../../src-common/contract/clusters.js';
import type { Handlers } from '../context.js';
import { toBackendError } from '../errors.js';
import { buildKafkaConfig, ClusterConnection } from '../kafka/connection.js';
import { parseClusterSecrets, parseClusterSettings, secretsFor } from '../cluster-settings.js';
import { requireString } from '../validate.js';

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
    const settings = parseClusterSettings(p.settings);
    const persist = p.persistSecrets ?? ctx.host.info.secretStorage === 'os';
    return ctx.registry.add(settings, parseClusterSecrets(p.secrets) ?? {}, persist);
  },

  'clusters.update': async (p, ctx) => {
    const clusterId = requireString(p.clusterId, 'clusterId');
    const settings = parseClusterSettings(p.settings);
    const given = parseClusterSecrets(p.secrets);
    if (ctx.registry.isEmbedded(clusterId)) return ctx.registry.update(clusterId, settings, given, p.persistSecrets);
    const saved = ctx.registry.saved(clusterId);
    // Secrets follow the settings they were saved with: a new target gets only what was typed for it.
    const secrets = secretsFor(saved.settings, settings, saved.secrets, given);
    return ctx.registry.update(clusterId, settings, secrets, p.persistSecrets);
  },

  'clusters.remove': async (p, ctx) => {
    await ctx.registry.remove(requireString(p.clusterId, 'clusterId'));
    return {};
  },

  'clusters.test': async (p, ctx) => {
    if ('settings' in p && p.settings) {
      const settings = parseClusterSettings(p.settings);
      const given = parseClusterSecrets(p.secrets);
      // Editing a saved cluster: secrets left blank keep the stored ones, but only for the saved target.
      if (!p.clusterId || ctx.registry.isEmbedded(p.clusterId)) return testConnection(settings, given ?? {});
      const saved = ctx.registry.saved(requireString(p.clusterId, 'clusterId'));
      return testConnection(settings, secretsFor(saved.settings, settings, saved.secrets, given));
    }
    const clusterId = requireString((p as { clusterId?: unknown }).clusterId, 'clusterId');
    const detail = ctx.registry.detail(clusterId);
    const secrets = ctx.registry.isEmbedded(clusterId) ? {} : ctx.registry.saved(clusterId).secrets;
    return testConnection(detail.settings, secrets);
  },
};
