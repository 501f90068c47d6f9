/**
 * engine.logManagement/compactNow/rollSegment/enforceRetention/logForecast/cleanerRuns/transactions/openTransactions (embedded
 * broker). The broker process answers in the contract's shapes already; this validates and names what is missing.
 */

import type { BackendContext, Handlers } from '../context.js';
import type { EngineLink } from '../engine-link.js';
import { badRequest, fail } from '../errors.js';
import { requireInt, requireObject, requireString } from '../validate.js';

function engineOf(ctx: BackendContext): EngineLink {
  return ctx.engine() ?? fail('engine-unavailable', ctx.engineError() ?? 'embedded broker is not running');
}

function partitionArgs(p: { topic: string; partition: number }): [string, number] {
  return [requireString(p.topic, 'topic'), requireInt(p.partition, 'partition', 0)];
}

/** Proposed override changes: every value a string (set) or null (back to the default). */
function configChanges(value: unknown): Record<string, string | null> {
  const changes = requireObject(value, 'changes');
  for (const [name, v] of Object.entries(changes)) if (v !== null && typeof v !== 'string') badRequest(`changes.${name}`, 'must be a string or null');
  return changes as Record<string, string | null>;
}

const noPartition = (topic: string, partition: number): never => fail('not-found', `partition ${topic}-${partition} does not exist`);

export const engineInsightHandlers: Handlers<
  'engine.logManagement' | 'engine.compactNow' | 'engine.rollSegment' | 'engine.enforceRetention' | 'engine.logForecast' | 'engine.cleanerRuns'
  | 'engine.transactions' | 'engine.openTransactions'
> = {
  'engine.logManagement': async (p, ctx) => {
    const [topic, partition] = partitionArgs(p);
    return (await engineOf(ctx).insight.logManagement(topic, partition)) ?? noPartition(topic, partition);
  },

  'engine.compactNow': async (p, ctx) => {
    const [topic, partition] = partitionArgs(p);
    return (await engineOf(ctx).insight.compactNow(topic, partition)) ?? noPartition(topic, partition);
  },

  'engine.rollSegment': async (p, ctx) => {
    const [topic, partition] = partitionArgs(p);
    return (await engineOf(ctx).insight.rollSegment(topic, partition)) ?? noPartition(topic, partition);
  },

  'engine.enforceRetention': async (_p, ctx) => ({ segmentsDeleted: await engineOf(ctx).insight.enforceRetentionNow() }),

  'engine.logForecast': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const changes = configChanges(p.changes);
    return (await engineOf(ctx).insight.forecastLogManagement(topic, changes)) ?? fail('not-found', `topic ${topic} does not exist`);
  },

  'engine.cleanerRuns': async (_p, ctx) => ({ runs: await engineOf(ctx).insight.cleanerRuns() }),

  'engine.transactions': async (_p, ctx) => ({ transactions: await engineOf(ctx).insight.listTransactions() }),

  'engine.openTransactions': async (p, ctx) => {
    const [topic, partition] = partitionArgs(p);
    return { open: (await engineOf(ctx).insight.openTransactions(topic, partition)) ?? noPartition(topic, partition) };
  },
};
