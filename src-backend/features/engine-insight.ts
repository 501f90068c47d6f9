/** engine.logManagement/compactNow/enforceRetention/logForecast/cleanerRuns/transactions/openTransactions (embedded broker). */

import type { CleanerRunInfo, LogForecast, PartitionLogManagement } from '../../src-common/contract/engine.js';
import type { LogForecast as EngineLogForecast } from '../../src-engine/index.js';
import type { BackendContext, Handlers } from '../context.js';
import { toSegmentInfo, type EngineLink } from '../engine-link.js';
import { fail } from '../errors.js';
import { badRequest } from '../errors.js';
import { requireInt, requireObject, requireString } from '../validate.js';

function engineOf(ctx: BackendContext): EngineLink {
  return ctx.engine() ?? fail('engine-unavailable', ctx.engineError() ?? 'embedded broker is not running');
}

function partitionArgs(p: { topic: string; partition: number }): [string, number] {
  return [requireString(p.topic, 'topic'), requireInt(p.partition, 'partition', 0)];
}

/** Copies only the contract's fields (the engine's objects may carry more, and must not leak file handles). */
function toRun(r: CleanerRunInfo): CleanerRunInfo {
  return {
    topic: r.topic, partition: r.partition, startedAt: r.startedAt, durationMs: r.durationMs, reason: r.reason,
    firstDirtyOffset: r.firstDirtyOffset, endOffset: r.endOffset, segmentsRewritten: r.segmentsRewritten,
    bytesBefore: r.bytesBefore, bytesAfter: r.bytesAfter, recordsBefore: r.recordsBefore, recordsAfter: r.recordsAfter,
    tombstonesRemoved: r.tombstonesRemoved, tombstonesRetained: r.tombstonesRetained, keys: r.keys,
  };
}

/** Proposed override changes: every value a string (set) or null (back to the default). */
function configChanges(value: unknown): Record<string, string | null> {
  const changes = requireObject(value, 'changes');
  for (const [name, v] of Object.entries(changes)) if (v !== null && typeof v !== 'string') badRequest(`changes.${name}`, 'must be a string or null');
  return changes as Record<string, string | null>;
}

function toForecast(f: EngineLogForecast): LogForecast {
  return {
    cleanupPolicy: { delete: f.cleanupPolicy.delete, compact: f.cleanupPolicy.compact },
    retentionMs: f.retentionMs, retentionBytes: f.retentionBytes,
    partitions: f.partitions.map((p) => ({
      partition: p.partition, segmentsDeletable: p.segmentsDeletable, bytesDeletable: p.bytesDeletable,
      byReason: { ...p.byReason }, nextRetentionAt: p.nextRetentionAt, cleaner: p.cleaner ? { ...p.cleaner } : null,
    })),
    segmentsDeletable: f.segmentsDeletable, bytesDeletable: f.bytesDeletable,
    partitionsAffected: f.partitionsAffected, partitionsCleanable: f.partitionsCleanable,
  };
}

export const engineInsightHandlers: Handlers<
  'engine.logManagement' | 'engine.compactNow' | 'engine.enforceRetention' | 'engine.logForecast' | 'engine.cleanerRuns'
  | 'engine.transactions' | 'engine.openTransactions'
> = {
  'engine.logManagement': async (p, ctx) => {
    const [topic, partition] = partitionArgs(p);
    const lm = engineOf(ctx).insight.logManagement(topic, partition) ?? fail('not-found', `partition ${topic}-${partition} does not exist`);
    const result: PartitionLogManagement = {
      topic: lm.topic,
      partition: lm.partition,
      cleanupPolicy: { delete: lm.cleanupPolicy.delete, compact: lm.cleanupPolicy.compact },
      retentionMs: lm.retentionMs,
      retentionBytes: lm.retentionBytes,
      logStartOffset: lm.logStartOffset,
      logEndOffset: lm.logEndOffset,
      sizeBytes: lm.sizeBytes,
      segments: lm.segments.map((s) => ({ ...toSegmentInfo(s), expiresAt: s.expiresAt, deletableNow: s.deletableNow, deletionReason: s.reason })),
      nextRetentionAt: lm.nextRetentionAt,
      cleaner: lm.cleaner
        ? {
            firstDirtyOffset: lm.cleaner.firstDirtyOffset, firstUncleanableOffset: lm.cleaner.firstUncleanableOffset,
            cleanBytes: lm.cleaner.cleanBytes, dirtyBytes: lm.cleaner.dirtyBytes, dirtyRatio: lm.cleaner.dirtyRatio,
            threshold: lm.cleaner.threshold, eligible: lm.cleaner.eligible, reason: lm.cleaner.reason, compacted: lm.cleaner.compacted,
            lastRun: lm.cleaner.lastRun ? toRun(lm.cleaner.lastRun) : null, runs: lm.cleaner.runs,
            tombstonesPending: lm.cleaner.tombstonesPending, nextTombstoneExpiry: lm.cleaner.nextTombstoneExpiry,
          }
        : null,
      pendingDeletes: [...lm.pendingDeletes],
    };
    return result;
  },

  'engine.compactNow': async (p, ctx) => {
    const [topic, partition] = partitionArgs(p);
    const engine = engineOf(ctx);
    if (!engine.insight.partitions(topic)?.some((x) => x.partition === partition)) fail('not-found', `partition ${topic}-${partition} does not exist`);
    const run = await engine.insight.compactNow(topic, partition);
    return { run: run ? toRun(run) : null };
  },

  'engine.enforceRetention': async (_p, ctx) => ({ segmentsDeleted: engineOf(ctx).insight.enforceRetentionNow() }),

  'engine.logForecast': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const changes = configChanges(p.changes);
    const f = (await engineOf(ctx).insight.forecastLogManagement(topic, changes)) ?? fail('not-found', `topic ${topic} does not exist`);
    return {
      topic: f.topic, at: f.at, current: toForecast(f.current), proposed: f.proposed ? toForecast(f.proposed) : null,
      problems: f.problems.map((x) => ({ name: x.name, message: x.message })),
    };
  },

  'engine.cleanerRuns': async (_p, ctx) => ({ runs: engineOf(ctx).insight.cleanerRuns().map(toRun) }),

  'engine.transactions': async (_p, ctx) => ({
    transactions: engineOf(ctx).insight.listTransactions().map((t) => ({
      transactionalId: t.transactionalId, producerId: t.producerId, producerEpoch: t.producerEpoch, state: t.state,
      partitions: t.partitions.map((x) => ({ topic: x.topic, partitions: [...x.partitions] })), groupIds: [...t.groupIds],
      startTimestamp: t.startTimestamp, timeoutMs: t.timeoutMs, lastUpdateTimestamp: t.lastUpdateTimestamp,
    })),
  }),

  'engine.openTransactions': async (p, ctx) => {
    const [topic, partition] = partitionArgs(p);
    const open = engineOf(ctx).insight.openTransactions(topic, partition) ?? fail('not-found', `partition ${topic}-${partition} does not exist`);
    return { open: open.map((o) => ({ producerId: o.producerId, producerEpoch: o.producerEpoch, firstOffset: o.firstOffset })) };
  },
};
