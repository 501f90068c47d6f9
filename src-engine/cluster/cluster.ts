/**
 * Cluster: the single owner of the broker's mutable state (Node's event loop serialises access).
 * It constructs and holds everything stateful — the log directory, topics, the group and transaction
 * coordinators, log management — and API handlers reach them only through it (`ctx.cluster`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { LogDir } from '../storage/log-dir.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { FetchWatchers } from './fetch-watchers.js';
import { EngineEvents, ThroughputMeter } from './events.js';
import { TrafficRecorder } from '../server/traffic-recorder.js';
import { TopicRegistry, type PartitionState, type TopicState } from './topics.js';
import { ProducerIdAllocator } from './producer-ids.js';
import type { BrokerOptions } from './options.js';
import { brokerConfigsInForce, checkStaticBrokerConfigs, withClusterMinInsyncReplicas } from '../config/cluster-configs.js';
import { BROKER_CONFIGS } from '../config/broker-configs.js';
import { FetchSessionCache } from '../fetch/fetch-sessions.js';
import { ReadBufferPool } from '../storage/read-buffers.js';
import type { TopicConfig } from '../config/topic-config.js';
import type { GroupCoordinator } from '../groups/group-coordinator.js';
import { startGroupCoordinator } from '../groups/cluster-host.js';
import { startTransactionCoordinator, type TransactionCoordinator } from '../transactions/index.js';
import { startLogManagement, type LogManagement } from '../log-management/index.js';
import { BrokerSecurity } from '../security/broker-security.js';
import type { Replication } from '../replication/replication.js';

export interface AdvertisedApi {
  readonly key: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

export class Cluster {
  readonly clusterId: string;
  readonly nodeId: number;
  readonly topics: TopicRegistry;
  readonly watchers = new FetchWatchers();
  /** Incremental fetch sessions (KIP-227), sized by max.incremental.fetch.session.cache.slots. */
  readonly fetchSessions = new FetchSessionCache(() => this.fetchSessionSlots());
  /** Buffers Fetch reads segments into, reused once each response is written. */
  readonly readBuffers = new ReadBufferPool();
  readonly events = new EngineEvents();
  readonly throughput: ThroughputMeter;
  /** The requests served, while the traffic inspector looks. */
  readonly traffic = new TrafficRecorder();
  readonly logDir: LogDir;
  readonly producerIds: ProducerIdAllocator;
  readonly groups: GroupCoordinator;
  readonly transactions: TransactionCoordinator;
  /** Retention, the log cleaner and delayed segment deletion. */
  readonly logManagement: LogManagement;
  /** Set when this broker is a member of a replicated cluster (docs/CLUSTER.md); null for a single broker. */
  replication: Replication | null = null;
  /** Filled in by the server once handlers are registered (ApiVersions answers from it). */
  advertisedApis: readonly AdvertisedApi[] = [];
  /** The address clients are told to connect to (set once the listener is bound). */
  advertisedHost = '127.0.0.1';
  advertisedPort = 0;
  /** Per listener name, the address Metadata gives clients connected to that listener (set once bound). */
  readonly advertisedListeners = new Map<string, { host: string; port: number }>();
  /** SASL users, ACLs and the authorizer. */
  readonly security: BrokerSecurity;
  private readonly stopHooks: (() => void | Promise<void>)[] = [];
  private readonly brokerConfigs = new Map<string, string>();
  /** Static + dynamic broker configs, rebuilt only when they change (produce and fetch read it per request). */
  private inForce: ReadonlyMap<string, string> = new Map();

  /**
   * Opens the data directory and every topic in it, then starts the coordinators (replaying
   * `__consumer_offsets` and `__transaction_state`, so groups, offsets and open transactions are there before
   * a client connects) and log management. `stop()` stops them all.
   */
  constructor(readonly options: BrokerOptions) {
    checkStaticBrokerConfigs(options);
    mkdirSync(options.dataDir, { recursive: true });
    this.logDir = LogDir.open(options.dataDir, { nodeId: options.nodeId, newClusterId: () => options.membership?.clusterId ?? randomBytes(16).toString('base64url') });
    this.clusterId = this.logDir.clusterId;
    this.nodeId = options.nodeId;
    // Topic defaults come from static (start-up) and dynamic broker configs alike.
    this.topics = new TopicRegistry(this.logDir, () => this.inForce, options.logger, (topic, partition, baseOffset) =>
      this.events.publish({ type: 'segment-rolled', topic, partition, baseOffset }),
    );
    const seeded = withClusterMinInsyncReplicas(options, this.topics.brokerConfigOverrides);
    if (seeded) this.topics.setBrokerConfigs(seeded);
    for (const [k, v] of Object.entries(this.topics.brokerConfigOverrides)) this.brokerConfigs.set(k, v);
    this.inForce = brokerConfigsInForce(options, this.brokerConfigs);
    this.security = new BrokerSecurity(options.dataDir, this.inForce, options.users ?? [], options.logger);
    this.throughput = new ThroughputMeter(this.events);
    this.producerIds = new ProducerIdAllocator(options.dataDir);
    this.topics.load();
    this.groups = startGroupCoordinator(this);
    this.transactions = startTransactionCoordinator(this, this.groups);
    this.logManagement = startLogManagement(this);
  }

  /** The address to give a client connected on `listener` (the listener it came in on, as Kafka answers). */
  advertisedFor(listener: string): { host: string; port: number } {
    return this.advertisedListeners.get(listener) ?? { host: this.advertisedHost, port: this.advertisedPort };
  }

  get log(): BrokerOptions['logger'] {
    return this.options.logger;
  }

  private fetchSessionSlots(): number {
    const name = 'max.incremental.fetch.session.cache.slots';
    const slots = Number(this.inForce.get(name) ?? BROKER_CONFIGS.get(name)?.defaultValue);
    return Number.isInteger(slots) && slots >= 0 ? slots : 1000;
  }

  /** Dynamic broker config overrides (AlterConfigs on the BROKER resource). */
  get brokerConfigOverrides(): ReadonlyMap<string, string> {
    return this.brokerConfigs;
  }

  /** Every broker-level config in force (static and dynamic), Kafka-named: topic defaults come from here. */
  get brokerConfigsInForce(): ReadonlyMap<string, string> {
    return this.inForce;
  }

  setBrokerConfigs(configs: ReadonlyMap<string, string>): void {
    this.brokerConfigs.clear();
    for (const [k, v] of configs) this.brokerConfigs.set(k, v);
    this.inForce = brokerConfigsInForce(this.options, this.brokerConfigs);
    this.topics.setBrokerConfigs(Object.fromEntries(configs));
  }

  topic(name: string): TopicState | undefined {
    return this.topics.byName.get(name);
  }

  partition(topic: string, index: number): PartitionState | undefined {
    return this.topics.byName.get(topic)?.partitions[index];
  }

  /** A topic's effective config under the broker configs in force now. */
  topicConfig(topic: TopicState): TopicConfig {
    return topic.settings.config(this.inForce);
  }

  createTopic(name: string, partitions: number, configs: ReadonlyMap<string, string> = new Map()): TopicState {
    const topic = this.topics.create(name, partitions, configs);
    this.events.publish({ type: 'topic-created', topic: name, topicId: topic.topicId, partitions });
    return topic;
  }

  /** Auto-creation on Metadata/Produce, when `auto.create.topics.enable` allows it. */
  autoCreateTopic(name: string): TopicState {
    if (!this.options.autoCreateTopics) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    if (this.replication) {
      // Only the controller creates; elsewhere the client retries (Kafka forwards and answers LEADER_NOT_AVAILABLE).
      if (!this.replication.isController) throw new KafkaError(ErrorCode.LEADER_NOT_AVAILABLE);
      const rf = Math.min(Number(this.inForce.get('default.replication.factor') ?? 1), this.replication.liveBrokerCount());
      this.replication.createTopic({ name, partitions: this.options.numPartitions, replicationFactor: Math.max(1, rf), assignments: [], configs: {} });
      return this.topics.byName.get(name)!;
    }
    return this.createTopic(name, this.options.numPartitions);
  }

  deleteTopic(name: string): void {
    const topic = this.topics.delete(name);
    for (const p of topic.partitions) this.watchers.wakePartition(p.key);
    this.events.publish({ type: 'topic-deleted', topic: name });
  }

  addPartitions(name: string, total: number): void {
    this.topics.addPartitions(name, total);
    this.events.publish({ type: 'partitions-added', topic: name, partitions: total });
  }

  /** Registers cleanup to run at stop (timers of the coordinator, the cleaner, ...). */
  onStop(hook: () => void | Promise<void>): void {
    this.stopHooks.push(hook);
  }

  async stop(): Promise<void> {
    this.watchers.wakeAll();
    for (const hook of this.stopHooks.reverse()) await hook();
    this.throughput.stop();
    this.topics.closeAll();
    this.logDir.markCleanShutdown();
  }
}
