/** host.*, engine.* and metrics.* */

import { EMBEDDED_CLUSTER_ID } from '../../src-common/contract/clusters.js';
import type { Handlers } from '../context.js';
import { fail } from '../errors.js';
import { requireString } from '../validate.js';

export const hostHandlers: Handlers<'host.info' | 'host.pickSavePath' | 'host.pickOpenPath' | 'engine.status' | 'engine.restart' | 'engine.events' | 'metrics.throughput'> = {
  'host.info': async (_p, ctx) => ctx.host.info,

  'host.pickSavePath': async (p, ctx) => {
    if (!ctx.host.pickSavePath) fail('unsupported', 'no native save dialog in browser mode; exports download instead');
    const path = await ctx.host.pickSavePath(requireString(p.defaultName, 'defaultName'));
    // Only what the dialog returned may be written (the dialog itself asked before overwriting).
    if (path) ctx.files.grant(path, 'save');
    return { path };
  },

  'host.pickOpenPath': async (p, ctx) => {
    if (!ctx.host.pickOpenPath) fail('unsupported', 'no native open dialog in browser mode; upload the file instead');
    const extensions = Array.isArray(p.extensions) ? p.extensions.filter((e): e is string => typeof e === 'string') : [];
    const path = await ctx.host.pickOpenPath(extensions, p.directory === true);
    if (path) ctx.files.grant(path, 'open');
    return { path };
  },

  'engine.status': async (_p, ctx) => {
    const link = ctx.engine();
    if (!link) return { running: false, host: null, port: null, dataDir: null, startedAt: null, error: ctx.engineError(), process: null };
    const status = link.processStatus();
    const running = status.state === 'running';
    return {
      running, host: link.host, port: link.port, dataDir: link.dataDir, startedAt: running ? link.startedAt : null,
      error: running ? null : (status.error ?? `embedded broker is ${status.state}`), process: status,
    };
  },

  'engine.restart': async (_p, ctx) => {
    const link = ctx.engine() ?? fail('engine-unavailable', ctx.engineError() ?? 'embedded broker is not running');
    await link.restart().catch((error: unknown) => fail('engine-unavailable', (error as Error).message));
    return link.processStatus();
  },

  'engine.events': async (p, ctx) => ({ events: ctx.engineLog.query(p ?? {}) }),

  'metrics.throughput': async (p, ctx) => {
    const clusterId = requireString(p.clusterId, 'clusterId');
    if (clusterId !== EMBEDDED_CLUSTER_ID) ctx.registry.saved(clusterId); // 'not-found' for unknown ids
    return { samples: ctx.throughput.samples(clusterId, p.sinceMs) };
  },
};
