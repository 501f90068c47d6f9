/** lagHistory.*: the persisted lag history with Burrow verdicts (docs/INSIGHT.md). */

import type { Handlers } from '../context.js';
import { badRequest, fail } from '../errors.js';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../lag-history/lag-history.js';
import { requireString } from '../validate.js';

function requireTime(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) badRequest(field, 'must be a time in epoch milliseconds');
  return value;
}

export const lagHistoryHandlers: Handlers<
  'lagHistory.groups' | 'lagHistory.group' | 'lagHistory.range' | 'lagHistory.settings' | 'lagHistory.configure' | 'lagHistory.sampleNow'
  | 'lagHistory.stats'
> = {
  'lagHistory.groups': async (p, ctx) => ({ groups: ctx.lagHistory.groupVerdicts(requireString(p.clusterId, 'clusterId')) }),

  'lagHistory.group': async (p, ctx) => {
    const groupId = requireString(p.groupId, 'groupId');
    return ctx.lagHistory.group(requireString(p.clusterId, 'clusterId'), groupId) ?? fail('not-found', `no lag history for group ${groupId}`);
  },

  'lagHistory.range': async (p, ctx) => {
    const groupId = requireString(p.groupId, 'groupId');
    const fromMs = requireTime(p.fromMs, 'fromMs');
    const toMs = requireTime(p.toMs, 'toMs');
    if (toMs < fromMs) badRequest('toMs', 'must not be before fromMs');
    const maxPoints = p.maxPoints ?? 600;
    if (!Number.isInteger(maxPoints) || maxPoints < 10 || maxPoints > 10_000) badRequest('maxPoints', 'must be an integer in 10..10000');
    return ctx.lagHistory.range(requireString(p.clusterId, 'clusterId'), groupId, fromMs, toMs, maxPoints);
  },

  'lagHistory.settings': async (p, ctx) => ctx.lagHistory.settings(requireString(p.clusterId, 'clusterId')),

  'lagHistory.configure': async (p, ctx) => {
    const clusterId = requireString(p.clusterId, 'clusterId');
    if (typeof p.enabled !== 'boolean') badRequest('enabled', 'must be true or false');
    if (typeof p.intervalMs !== 'number' || !Number.isInteger(p.intervalMs) || p.intervalMs < MIN_INTERVAL_MS || p.intervalMs > MAX_INTERVAL_MS) {
      badRequest('intervalMs', `must be an integer in ${MIN_INTERVAL_MS}..${MAX_INTERVAL_MS}`);
    }
    ctx.registry.detail(clusterId); // not-found for unknown clusters
    return ctx.lagHistory.configure({ clusterId, enabled: p.enabled, intervalMs: p.intervalMs });
  },

  'lagHistory.sampleNow': async (p, ctx) => {
    const clusterId = requireString(p.clusterId, 'clusterId');
    ctx.registry.detail(clusterId);
    await ctx.lagHistory.sampleNow(clusterId);
    return { groups: ctx.lagHistory.groupVerdicts(clusterId) };
  },

  'lagHistory.stats': async (_p, ctx) => ctx.lagHistory.stats(),
};
