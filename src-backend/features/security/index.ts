/**
 * The Security pages' calls (listeners, SCRAM users, ACLs, the dev CA). One code path for the embedded broker and
 * remote clusters: everything goes over the Kafka protocol through the cluster's connection.
 */

import { EMBEDDED_CLUSTER_ID } from '../../../src-common/contract/clusters.js';
import type { BackendContext, Handlers } from '../../context.js';
import { createAcl, deleteAcl, listAcls } from './acls.js';
import { readDevCa } from './dev-ca.js';
import { listListeners, type ConsoleConnection } from './listeners.js';
import { deleteScramUser, listScramUsers, upsertScramUser } from './scram-users.js';

function consoleConnection(ctx: BackendContext, clusterId: string): ConsoleConnection {
  const { settings } = ctx.registry.detail(clusterId);
  return { bootstrap: settings.bootstrap, saslMechanism: settings.sasl?.mechanism.toUpperCase() ?? null, tls: settings.tls?.enabled ?? false };
}

type SecurityMethod = 'security.listeners' | 'security.users' | 'security.upsertUser' | 'security.deleteUser' | 'security.acls'
  | 'security.createAcl' | 'security.deleteAcl' | 'security.devCa';

export const securityHandlers: Handlers<SecurityMethod> = {
  'security.listeners': async (p, ctx) => {
    const console = consoleConnection(ctx, p.clusterId);
    return ctx.registry.use(p.clusterId, (c) => listListeners(c, console));
  },
  'security.users': async (p, ctx) => ctx.registry.use(p.clusterId, async (c) => ({ users: await listScramUsers(c) })),
  'security.upsertUser': async (p, ctx) => {
    ctx.registry.assertWritable(p.clusterId);
    await ctx.registry.use(p.clusterId, (c) => upsertScramUser(c, p));
    return {};
  },
  'security.deleteUser': async (p, ctx) => {
    ctx.registry.assertWritable(p.clusterId);
    await ctx.registry.use(p.clusterId, (c) => deleteScramUser(c, p.name, p.mechanisms));
    return {};
  },
  'security.acls': async (p, ctx) => ctx.registry.use(p.clusterId, (c) => listAcls(c, p.filter)),
  'security.createAcl': async (p, ctx) => {
    ctx.registry.assertWritable(p.clusterId);
    await ctx.registry.use(p.clusterId, (c) => createAcl(c, p.binding));
    return {};
  },
  'security.deleteAcl': async (p, ctx) => {
    ctx.registry.assertWritable(p.clusterId);
    return ctx.registry.use(p.clusterId, (c) => deleteAcl(c, p.binding));
  },
  'security.devCa': async (p, ctx) => {
    if (p.clusterId !== EMBEDDED_CLUSTER_ID) return { devCa: null };
    return { devCa: readDevCa(ctx.engine()?.caCertPath ?? null) };
  },
};
