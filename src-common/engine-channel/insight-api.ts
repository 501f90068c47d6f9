/**
 * The engine-only views the backend asks the broker process for (what a Kafka client cannot see), in the contract's
 * plain-data shapes: the broker process maps its own objects onto these, so nothing of the engine crosses the boundary.
 */

import type { CleanerRunInfo, OpenTransaction, PartitionLogManagement, TopicLogForecast, TransactionInfo } from '../contract/engine.js';
import type { SegmentInfo } from '../contract/topics.js';
import type { GroupDescription, GroupLag, GroupListing } from '../group-insight.js';
import type { TrafficSnapshot } from '../contract/traffic.js';

/** Offsets and size of one partition as the broker holds them. */
export interface PartitionOffsets {
  partition: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  lastStableOffset: number;
  sizeBytes: number;
  segmentCount: number;
}

/** Every insight call: its arguments and its result. `null` results mean "no such topic/partition/group". */
export interface EngineInsightApi {
  listSegments: { args: [topic: string, partition: number]; result: SegmentInfo[] | null };
  partitions: { args: [topic: string]; result: PartitionOffsets[] | null };
  logManagement: { args: [topic: string, partition: number]; result: PartitionLogManagement | null };
  /** `run` is null when there was nothing to clean. */
  compactNow: { args: [topic: string, partition: number]; result: { run: CleanerRunInfo | null } | null };
  /** Rolls the active segment (`rolled` false when it was empty); the new active segment starts at activeBaseOffset. */
  rollSegment: { args: [topic: string, partition: number]; result: { rolled: boolean; activeBaseOffset: number } | null };
  /** Segments deleted by one retention pass. */
  enforceRetentionNow: { args: []; result: number };
  forecastLogManagement: { args: [topic: string, changes: Record<string, string | null>]; result: TopicLogForecast | null };
  cleanerRuns: { args: []; result: CleanerRunInfo[] };
  listTransactions: { args: []; result: TransactionInfo[] };
  openTransactions: { args: [topic: string, partition: number]; result: OpenTransaction[] | null };
  listGroups: { args: [states: string[]]; result: GroupListing[] };
  describeGroup: { args: [groupId: string]; result: GroupDescription | null };
  groupLag: { args: [groupId: string]; result: GroupLag | null };
  /** The traffic inspector: requests recorded after `afterSeq`; each call keeps recording on for a short lease. */
  traffic: { args: [afterSeq: number]; result: TrafficSnapshot };
}

export type EngineInsightMethod = keyof EngineInsightApi;
export type InsightArgs<M extends EngineInsightMethod> = EngineInsightApi[M]['args'];
export type InsightResult<M extends EngineInsightMethod> = EngineInsightApi[M]['result'];

/** The same calls as async functions (what the backend holds instead of engine objects). */
export type EngineInsightClient = { [M in EngineInsightMethod]: (...args: InsightArgs<M>) => Promise<InsightResult<M>> };

/** The same calls as the broker process answers them (synchronously, on its own event loop). */
/** The broker's side: a call may finish later (compaction runs on the cleaner's worker thread). */
export type EngineInsightServer = { [M in EngineInsightMethod]: (...args: InsightArgs<M>) => InsightResult<M> | Promise<InsightResult<M>> };

export const ENGINE_INSIGHT_METHODS = [
  'listSegments', 'partitions', 'logManagement', 'compactNow', 'rollSegment', 'enforceRetentionNow', 'forecastLogManagement',
  'cleanerRuns', 'listTransactions', 'openTransactions', 'listGroups', 'describeGroup', 'groupLag', 'traffic',
] as const satisfies readonly EngineInsightMethod[];

// Compile-time check that the list names every method.
type Unlisted = Exclude<EngineInsightMethod, (typeof ENGINE_INSIGHT_METHODS)[number]>;
const _allListed: Unlisted extends never ? true : Unlisted = true;
void _allListed;

export function isInsightMethod(name: unknown): name is EngineInsightMethod {
  return typeof name === 'string' && (ENGINE_INSIGHT_METHODS as readonly string[]).includes(name);
}
