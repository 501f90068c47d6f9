/**
 * The complete GUI <-> backend contract: every request (BackendApi), every event stream (BackendEvents) and the
 * client interface both transports implement (BackendClient). Every call that touches a cluster takes `clusterId`
 * (EMBEDDED_CLUSTER_ID for the embedded broker).
 */

import type { LastView } from './ui-state.js';
import type { EngineEvent, ThroughputSample } from '../engine-events.js';
import type {
  ClusterDetail, ClusterOverview, ClusterSecrets, ClusterSettings, ClusterSummary, ConnectionTestResult,
} from './clusters.js';
import type {
  CleanerRunInfo, EngineEventsQuery, EngineProcessStatus, EngineStatus, HostInfo, OpenTransaction, PartitionLogManagement, TopicLogForecast,
  TransactionInfo,
} from './engine.js';
import type {
  GroupDetail, GroupSummary, ResetOffsetsParams, ResetOffsetsResult,
} from './groups.js';
import type {
  CopyParams, ExportParams, ImportParams, Isolation, KafkaMessage, MessagesPage, MessagesPageParams, ProduceParams, ProduceResult, SearchParams,
  SearchResultsPage, TailBatch, TailParams,
} from './messages.js';
import type { KeySkewReport } from './key-skew.js';
import type { ExplorerBatchPage, ExplorerDirectory, ExplorerIndexes, ExplorerRecords, ExplorerTarget } from './explorer.js';
import type { GroupVerdict, LagHistoryRange, LagSamplingSettings, LagStoreStats, PartitionVerdict } from './lag-history.js';
import type {
  CompatibilityLevel, CompatibilityResult, NewSchema, RegistryInfo, SubjectDetail, SubjectSummary, TopicDecoding,
} from './schema-registry.js';
import type { AclBinding, AclFilter, AclListing, DevCaInfo, ListenersView, ScramMechanism, ScramUser, UpsertScramUserParams } from './security.js';
import type { TaskInfo } from './tasks.js';
import type { TrafficSnapshot } from './traffic.js';
import type {
  ConfigAlterOp, ConfigEntry, ConfigResource, CreateTopicParams, PurgeResult, SegmentInfo, TopicConsumer, TopicUsage,
  TopicDetail, TopicSummary,
} from './topics.js';

type Empty = Record<string, never>;
interface OnCluster { clusterId: string }
interface OnTopic extends OnCluster { topic: string }

export interface BackendApi {
  // ---- host ----
  'host.info': { params: Empty; result: HostInfo };
  /** Electron only (browser mode rejects with 'unsupported'): native save dialog for exports. */
  'host.pickSavePath': { params: { defaultName: string }; result: { path: string | null } };
  /** Electron only: native open dialog (e.g. a file to import). */
  /** `directory`: pick a folder instead of a file (the segment explorer's data dir). */
  'host.pickOpenPath': { params: { extensions?: string[]; directory?: boolean }; result: { path: string | null } };

  // ---- clusters ----
  'clusters.list': { params: Empty; result: { clusters: ClusterSummary[] } };
  'clusters.get': { params: OnCluster; result: ClusterDetail };
  /** persistSecrets: store secrets across restarts (always true in Electron; browser mode asks the user). */
  'clusters.add': {
    params: { settings: ClusterSettings; secrets?: ClusterSecrets; persistSecrets?: boolean };
    result: ClusterSummary;
  };
  'clusters.update': {
    params: { clusterId: string; settings: ClusterSettings; secrets?: ClusterSecrets; persistSecrets?: boolean };
    result: ClusterSummary;
  };
  'clusters.remove': { params: OnCluster; result: Empty };
  /** Test a saved cluster (clusterId) or unsaved settings (from the add/edit form). Never throws for Kafka errors. */
  'clusters.test': {
    params: { clusterId: string } | { settings: ClusterSettings; secrets?: ClusterSecrets; clusterId?: string };
    result: ConnectionTestResult;
  };
  'clusters.overview': { params: OnCluster; result: ClusterOverview };

  // ---- topics ----
  'topics.list': { params: OnCluster & { includeInternal?: boolean }; result: { topics: TopicSummary[] } };
  'topics.get': { params: OnTopic; result: TopicDetail };
  'topics.create': { params: CreateTopicParams; result: { created: boolean } };
  'topics.delete': { params: OnCluster & { topics: string[] }; result: Empty };
  'topics.addPartitions': { params: OnTopic & { totalPartitions: number }; result: Empty };
  /** DeleteRecords up to `beforeOffset` (default: high watermark = everything) on the given (default all) partitions. */
  'topics.purge': {
    params: OnTopic & { partitions?: number[]; beforeOffset?: number };
    result: PurgeResult;
  };
  /** Consumer groups that read the topic, with their lag on it. */
  'topics.consumers': { params: OnTopic; result: { groups: TopicConsumer[] } };
  /**
   * Records per partition, keys per partition from the newest `samplePerPartition` records (default 5000; exact when
   * the partition holds fewer), top keys, skew score, and how murmur2 would spread the keys over other partition counts.
   */
  'topics.keySkew': { params: OnTopic & { samplePerPartition?: number; whatIfPartitions?: number[] }; result: KeySkewReport };
  /** Embedded broker only ('not-embedded' otherwise). */
  'topics.segments': { params: OnTopic & { partition: number }; result: { segments: SegmentInfo[] } };
  /** Consumer groups per topic and their lag, plus offset sums for rates (any cluster; see TopicUsage). */
  'topics.usage': { params: OnCluster; result: { topics: TopicUsage[]; at: number } };
  /**
   * Starts an exact count of a topic's records (a 'count' task over every partition, on the scan workers): the
   * finished task's stats.scanned is the number of records a consumer reads with `isolation`; stats.partitions give
   * each partition's offset span (the estimate), so span − records is what transaction markers, aborted records
   * (read_committed) and compaction took.
   */
  'topics.count': { params: OnCluster & { topic: string; isolation?: Isolation }; result: { taskId: string } };

  // ---- configs ----
  'configs.describe': { params: OnCluster & { resource: ConfigResource }; result: { entries: ConfigEntry[] } };
  /** Incremental: only the named keys change. */
  'configs.alter': {
    params: OnCluster & { resource: ConfigResource; ops: ConfigAlterOp[]; validateOnly?: boolean };
    result: { entries: ConfigEntry[] };
  };

  // ---- messages ----
  'messages.page': { params: MessagesPageParams; result: MessagesPage };
  /** One record with untruncated payloads (null when the offset no longer exists). */
  'messages.get': {
    params: OnTopic & { partition: number; offset: number };
    result: { message: KafkaMessage | null };
  };
  /** Starts a server-side filtered scan; follow it with 'task.progress' + 'search.matches' or poll tasks.get. */
  'messages.search': { params: SearchParams; result: { taskId: string } };
  'messages.searchResults': {
    params: { taskId: string; offset: number; limit: number };
    result: SearchResultsPage;
  };
  'messages.tailStart': { params: TailParams; result: { tailId: string } };
  'messages.tailStop': { params: { tailId: string }; result: Empty };
  /** Starts an export task; the finished TaskInfo carries exportResult. */
  'messages.export': { params: ExportParams; result: { taskId: string } };
  'messages.produce': { params: ProduceParams; result: ProduceResult };
  /** Starts a copy/replay task (see CopyParams); progress via 'task.progress', copyResult on the TaskInfo. */
  'messages.copy': { params: CopyParams; result: { taskId: string } };
  /** Starts an import task for a file written by messages.export (json/jsonl); copyResult counts what was written. */
  'messages.import': { params: ImportParams; result: { taskId: string } };

  // ---- schema registry (the embedded one, or the cluster's settings.schemaRegistry) ----
  'registry.info': { params: OnCluster; result: RegistryInfo };
  'registry.subjects': { params: OnCluster & { deleted?: boolean }; result: { subjects: SubjectSummary[] } };
  /** Every version with its schema (deleted: soft-deleted ones too); 'not-found' for an unknown subject. */
  'registry.subject': { params: OnCluster & { subject: string; deleted?: boolean }; result: SubjectDetail };
  'registry.schemaById': { params: OnCluster & { id: number }; result: { schema: NewSchema; subjects: string[] } };
  /** Against the latest version (or every one, for transitive levels); compatible when the subject is new. */
  'registry.checkCompatibility': { params: OnCluster & { subject: string; schema: NewSchema }; result: CompatibilityResult };
  /** Refused with 'incompatible' (and the reasons) when the subject's compatibility level forbids it. */
  'registry.register': { params: OnCluster & { subject: string; schema: NewSchema; normalize?: boolean }; result: { id: number; version: number } };
  /** One version, or the whole subject without `version`; permanent only after a soft delete (Confluent's rule). */
  'registry.delete': {
    params: OnCluster & { subject: string; version?: number; permanent?: boolean };
    result: { versions: number[] };
  };
  /** subject null = the global level; level null = drop the subject's own level. */
  'registry.setCompatibility': {
    params: OnCluster & { subject: string | null; level: CompatibilityLevel | null };
    result: { compatibility: CompatibilityLevel | null };
  };

  // ---- decoding (per topic, remembered) ----
  'decoding.get': { params: OnTopic; result: TopicDecoding };
  /** .proto files are parsed first: a bad file or an unknown message type is a 'bad-request' and nothing changes. */
  'decoding.set': { params: OnTopic & { decoding: TopicDecoding }; result: TopicDecoding };

  // ---- consumer groups ----
  'groups.list': { params: OnCluster; result: { groups: GroupSummary[] } };
  'groups.get': { params: OnCluster & { groupId: string }; result: GroupDetail };
  /** Refused with 'group-not-empty' while the group has members (dry runs are always allowed). */
  'groups.resetOffsets': { params: ResetOffsetsParams; result: ResetOffsetsResult };
  'groups.delete': {
    params: OnCluster & { groupIds: string[] };
    result: { results: { groupId: string; error: string | null }[] };
  };
  /** OffsetDelete: forget the group's committed offsets for a topic (refused while members consume it). */
  'groups.deleteTopicOffsets': {
    params: OnCluster & { groupId: string; topic: string; partitions?: number[] };
    result: Empty;
  };

  // ---- lag history (persisted samples, Burrow verdicts; docs/INSIGHT.md) ----
  /** Every sampled group of the cluster with its verdict, worst first. */
  'lagHistory.groups': { params: OnCluster; result: { groups: GroupVerdict[] } };
  /** One group's partitions with their verdicts (worst first). */
  'lagHistory.group': { params: OnCluster & { groupId: string }; result: { group: GroupVerdict; partitions: PartitionVerdict[] } };
  /** Lag, rate and time lag per partition and in total over [fromMs, toMs], at most ~maxPoints buckets (default 600). */
  'lagHistory.range': {
    params: OnCluster & { groupId: string; fromMs: number; toMs: number; maxPoints?: number };
    result: LagHistoryRange;
  };
  'lagHistory.settings': { params: OnCluster; result: LagSamplingSettings };
  /** Turn sampling of a cluster on/off and set its interval (1..60 s; remote clusters only, the embedded one is 1 s). */
  'lagHistory.configure': { params: LagSamplingSettings; result: LagSamplingSettings };
  /** Take one sample of the cluster now (what the timer does), then answer with its groups. */
  'lagHistory.sampleNow': { params: OnCluster; result: { groups: GroupVerdict[] } };
  'lagHistory.stats': { params: Empty; result: LagStoreStats };

  // ---- tasks ----
  'tasks.list': { params: Empty; result: { tasks: TaskInfo[] } };
  'tasks.get': { params: { taskId: string }; result: TaskInfo };
  'tasks.cancel': { params: { taskId: string }; result: TaskInfo };
  /** Forget a finished task and its buffered matches. */
  'tasks.dispose': { params: { taskId: string }; result: Empty };

  // ---- embedded engine insight ----
  'engine.status': { params: Empty; result: EngineStatus };
  /** Stop the embedded broker's process and start a new one (same data dir and port); resolves once it serves. */
  'engine.restart': { params: Empty; result: EngineProcessStatus };
  /** Recent engine events (the backend keeps a ring buffer); live ones arrive as 'engine.event'. */
  'engine.events': { params: EngineEventsQuery; result: { events: EngineEvent[] } };
  /** Segments with their retention forecast, and compaction state (dirty ratio, tombstones, last runs). */
  'engine.logManagement': { params: { topic: string; partition: number }; result: PartitionLogManagement };
  /** Run the log cleaner on one partition now ("compact now"); run is null when there was nothing to clean. */
  'engine.compactNow': { params: { topic: string; partition: number }; result: { run: CleanerRunInfo | null } };
  /**
   * Roll one partition's active segment now (the manual segment.ms/segment.bytes roll: the cleaner never touches the
   * active segment); rolled is false when it was empty. Embedded broker only.
   */
  'engine.rollSegment': { params: { topic: string; partition: number }; result: { rolled: boolean; activeBaseOffset: number } };
  /** Run one retention pass now. */
  'engine.enforceRetention': { params: Empty; result: { segmentsDeleted: number } };
  /**
   * What the next retention check deletes and whether the cleaner would pick each partition, with the topic's config
   * in force and with `changes` to its overrides (value = set, null = back to the default), computed by the engine
   * without applying anything: the config editor's what-if.
   */
  'engine.logForecast': { params: { topic: string; changes: Record<string, string | null> }; result: TopicLogForecast };
  /** The cleaner's latest runs across all partitions, oldest first (at most 100). */
  'engine.cleanerRuns': { params: Empty; result: { runs: CleanerRunInfo[] } };
  /** Every transactional id the embedded coordinator knows. */
  'engine.transactions': { params: Empty; result: { transactions: TransactionInfo[] } };
  /** Ongoing transactions holding one partition's last stable offset back, oldest first. */
  'engine.openTransactions': { params: { topic: string; partition: number }; result: { open: OpenTransaction[] } };

  // ---- metrics ----
  /** Samples already collected for the throughput chart (newest last). */
  'metrics.throughput': { params: OnCluster & { sinceMs?: number }; result: { samples: ThroughputSample[] } };
  /** The last opened cluster and view (kept in the config folder across restarts); null = nothing remembered. */
  'ui.lastView': { params: Empty; result: { lastView: LastView | null } };
  'ui.setLastView': { params: { view: LastView | null }; result: Empty };

  // ---- traffic inspector (embedded broker) ----
  /** Requests the embedded broker served after `afterSeq`; calling keeps the broker recording for a short lease. */
  'engine.traffic': { params: { afterSeq: number }; result: TrafficSnapshot };

  // ---- security (embedded and remote; over the Kafka protocol) ----
  'security.listeners': { params: OnCluster; result: ListenersView };
  /** DescribeUserScramCredentials of every user. */
  'security.users': { params: OnCluster; result: { users: ScramUser[] } };
  /** AlterUserScramCredentials upsertions (salt + PBKDF2 in the backend); Kafka's per-user error on failure. */
  'security.upsertUser': { params: UpsertScramUserParams; result: Empty };
  'security.deleteUser': { params: OnCluster & { name: string; mechanisms: ScramMechanism[] }; result: Empty };
  /** DescribeAcls with the filter (all ACLs without one), plus what DescribeConfigs shows of the authorizer. */
  'security.acls': { params: OnCluster & { filter?: AclFilter }; result: AclListing };
  'security.createAcl': { params: OnCluster & { binding: AclBinding }; result: Empty };
  /** DeleteAcls of exactly this binding (a filter naming every field). */
  'security.deleteAcl': { params: OnCluster & { binding: AclBinding }; result: { deleted: number } };
  /** The embedded broker's development CA (null for remote clusters and when no TLS listener made one). */
  'security.devCa': { params: OnCluster; result: { devCa: DevCaInfo | null } };
  // ---- segment explorer (offline: any Kafka data dir, read-only, no broker; see docs/INSIGHT.md) ----
  /** Opens a data dir or one partition folder (`embedded`: the embedded broker's data dir) and runs every check. */
  'explorer.open': { params: { path?: string; embedded?: boolean }; result: ExplorerDirectory };
  /** A page of a segment's batches from a file position, or from the batch holding `fromOffset` (at most 500). */
  'explorer.batches': { params: ExplorerTarget & { fromPosition?: number; fromOffset?: number; limit?: number }; result: ExplorerBatchPage };
  /** The records of the batch at `position`, keys and values as the message browser shows them. */
  'explorer.records': { params: ExplorerTarget & { position: number; maxPayloadBytes?: number }; result: ExplorerRecords };
  /** A segment's .index, .timeindex and .txnindex entries with their checks (at most `limit` of each). */
  'explorer.indexes': { params: ExplorerTarget & { limit?: number }; result: ExplorerIndexes };
}

export interface BackendEvents {
  /** Everything the embedded broker reports about itself. */
  'engine.event': { clusterId: string; event: EngineEvent };
  /** The embedded broker's process state, on every change (crash, restart, stop). */
  'engine.process': EngineProcessStatus;
  /**
   * For clusters the GUI asked about (metrics.throughput) in the last minute: the embedded broker measures itself
   * every second; remote clusters are sampled every 2 s from high watermarks (produceRecords only, bytes are 0).
   */
  'metrics.throughput': { clusterId: string; sample: ThroughputSample };
  'messages.tail': TailBatch;
  /** Sent on start, at most ~4 times a second while running, and once on finish. */
  'task.progress': TaskInfo;
  /** New matches of a running search (also retrievable via messages.searchResults). */
  'search.matches': { taskId: string; messages: KafkaMessage[] };
  /** Saved clusters or their connection status changed. */
  'clusters.changed': { clusters: ClusterSummary[] };
}

export type BackendMethod = keyof BackendApi;
export type BackendParams<M extends BackendMethod> = BackendApi[M]['params'];
export type BackendResult<M extends BackendMethod> = BackendApi[M]['result'];
export type BackendEventName = keyof BackendEvents;

export interface BackendClient {
  /** Rejects with a BackendCallError. */
  call<M extends BackendMethod>(method: M, params: BackendParams<M>): Promise<BackendResult<M>>;
  /** Returns an unsubscribe function. */
  subscribe<E extends BackendEventName>(event: E, handler: (payload: BackendEvents[E]) => void): () => void;
}

/** The list of methods at runtime (the dispatcher checks it covers exactly this). */
export const BACKEND_METHODS = [
  'host.info', 'host.pickSavePath', 'host.pickOpenPath',
  'clusters.list', 'clusters.get', 'clusters.add', 'clusters.update', 'clusters.remove', 'clusters.test',
  'clusters.overview',
  'topics.list', 'topics.get', 'topics.create', 'topics.delete', 'topics.addPartitions', 'topics.purge',
  'topics.consumers', 'topics.segments', 'topics.keySkew', 'topics.usage',
  'configs.describe', 'configs.alter',
  'messages.page', 'messages.get', 'messages.search', 'messages.searchResults', 'messages.tailStart',
  'messages.tailStop', 'messages.export', 'messages.produce', 'messages.copy', 'messages.import',
  'registry.info', 'registry.subjects', 'registry.subject', 'registry.schemaById', 'registry.checkCompatibility',
  'registry.register', 'registry.delete', 'registry.setCompatibility', 'decoding.get', 'decoding.set',
  'groups.list', 'groups.get', 'groups.resetOffsets', 'groups.delete', 'groups.deleteTopicOffsets',
  'lagHistory.groups', 'lagHistory.group', 'lagHistory.range', 'lagHistory.settings', 'lagHistory.configure',
  'lagHistory.sampleNow', 'lagHistory.stats',
  'tasks.list', 'tasks.get', 'tasks.cancel', 'tasks.dispose',
  'engine.status', 'engine.restart', 'engine.events', 'engine.logManagement', 'engine.compactNow', 'engine.enforceRetention',
  'engine.rollSegment', 'engine.logForecast', 'engine.cleanerRuns', 'engine.transactions', 'engine.openTransactions',
  'metrics.throughput', 'ui.lastView', 'ui.setLastView',
  'engine.traffic', 'topics.count',
  'security.listeners', 'security.users', 'security.upsertUser', 'security.deleteUser', 'security.acls', 'security.createAcl',
  'security.deleteAcl', 'security.devCa',
  'explorer.open', 'explorer.batches', 'explorer.records', 'explorer.indexes',
] as const satisfies readonly BackendMethod[];

// Compile-time check that BACKEND_METHODS lists every method.
type MissingMethods = Exclude<BackendMethod, (typeof BACKEND_METHODS)[number]>;
const _allMethodsListed: MissingMethods extends never ? true : MissingMethods = true;
void _allMethodsListed;
