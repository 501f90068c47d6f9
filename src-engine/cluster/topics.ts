/**
 * The topic registry: every topic, its id, partitions (each with its PartitionLog) and config
 * overrides. Creation, deletion and partition growth happen only here, so the on-disk layout
 * and the persisted metadata always change together.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from '../storage/partition-log.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { readMetadata, writeMetadata, type StoredMetadata } from './metadata-store.js';
import { isInternalTopic, topicNameProblem } from './topic-names.js';
import { partitionKey } from './fetch-watchers.js';
import { TopicSettings, validateTopicConfigs } from './log-settings.js';
import type { LogDir } from '../storage/log-dir.js';
import type { Logger } from '../logger.js';

export interface PartitionState {
  readonly topic: TopicState;
  readonly index: number;
  /** `topic\0partition`, the key fetch watchers and metrics use. */
  readonly key: string;
  readonly log: PartitionLog;
  leaderEpoch: number;
}

export interface TopicState {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: PartitionState[];
  readonly configOverrides: Map<string, string>;
  /** The effective config and log settings from the overrides and the broker configs (cached). */
  readonly settings: TopicSettings;
  readonly isInternal: boolean;
}

/** Kafka never hands out the zero id or the metadata topic's id, nor ids whose string starts with '-'. */
export function newTopicId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-') && id !== 'AAAAAAAAAAAAAAAAAAAAAA' && id !== 'AAAAAAAAAAAAAAAAAAAAAQ') return id;
  }
}

export class TopicRegistry {
  readonly byName = new Map<string, TopicState>();
  readonly byId = new Map<string, TopicState>();
  private meta: StoredMetadata;

  constructor(
    private readonly logDir: LogDir,
    private readonly brokerConfigs: () => ReadonlyMap<string, string>,
    private readonly log: Logger,
    private readonly onSegmentRolled: (topic: string, partition: number, baseOffset: number) => void = () => {},
  ) {
    this.meta = readMetadata(logDir.dataDir);
  }

  private get dataDir(): string {
    return this.logDir.dataDir;
  }

  get brokerConfigOverrides(): Record<string, string> {
    return this.meta.brokerConfigs;
  }

  /** Opens every topic found in the metadata file or on disk (directories win for existence). */
  load(): void {
    const onDisk = new Map<string, number>();
    for (const entry of readdirSync(this.dataDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const m = /^(.+)-(\d+)$/.exec(entry.name);
      if (!m) continue;
      const [, topic, p] = m;
      onDisk.set(topic!, Math.max(onDisk.get(topic!) ?? 0, Number(p) + 1));
    }
    for (const [name, stored] of Object.entries(this.meta.topics)) {
      const partitions = Math.max(stored.partitions, onDisk.get(name) ?? 0);
      this.open(name, stored.topicId, partitions, new Map(Object.entries(stored.configs)));
      onDisk.delete(name);
    }
    for (const [name, partitions] of onDisk) {
      // A partition directory without a metadata entry: adopt it (its topic id is in partition.metadata).
      const topicId = PartitionLog.readTopicId(join(this.dataDir, `${name}-0`)) ?? newTopicId();
      this.open(name, topicId, partitions, new Map());
      this.persistTopic(this.byName.get(name)!);
    }
  }

  create(name: string, partitions: number, configs: ReadonlyMap<string, string>, topicId: string = newTopicId()): TopicState {
    const problem = topicNameProblem(name);
    if (problem) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    if (this.byName.has(name)) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be larger than 0.`);
    }
    const configProblem = validateTopicConfigs(configs);
    if (configProblem) throw new KafkaError(ErrorCode.INVALID_CONFIG, configProblem);
    const topic = this.open(name, topicId, partitions, new Map(configs));
    this.persistTopic(topic);
    return topic;
  }

  delete(name: string): TopicState {
    const topic = this.byName.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    this.byName.delete(name);
    this.byId.delete(topic.topicId);
    delete this.meta.topics[name];
    writeMetadata(this.dataDir, this.meta);
    for (const p of topic.partitions) {
      p.log.close();
      // Like Kafka: rename to <topic>-<p>.<id>-delete first, so a crash never resurrects the topic.
      const dir = join(this.dataDir, `${name}-${p.index}`);
      const doomed = join(this.dataDir, `${name}-${p.index}.${topic.topicId}-delete`);
      if (existsSync(dir)) renameSync(dir, doomed);
      rmSync(doomed, { recursive: true, force: true });
    }
    return topic;
  }

  addPartitions(name: string, total: number): TopicState {
    const topic = this.byName.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    if (total <= topic.partitions.length) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `Topic currently has ${topic.partitions.length} partitions, which is higher than the requested ${total}.`,
      );
    }
    for (let i = topic.partitions.length; i < total; i++) topic.partitions.push(this.openPartition(topic, i));
    this.persistTopic(topic);
    return topic;
  }

  setConfigs(name: string, configs: ReadonlyMap<string, string>): void {
    const topic = this.byName.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    topic.configOverrides.clear();
    for (const [k, v] of configs) topic.configOverrides.set(k, v);
    this.persistTopic(topic);
  }

  setBrokerConfigs(configs: Record<string, string>): void {
    this.meta.brokerConfigs = { ...configs };
    writeMetadata(this.dataDir, this.meta);
  }

  closeAll(): void {
    for (const t of this.byName.values()) for (const p of t.partitions) p.log.close();
  }

  private open(name: string, topicId: string, partitions: number, configs: Map<string, string>): TopicState {
    const topic: TopicState = { name, topicId, partitions: [], configOverrides: configs, settings: new TopicSettings(configs), isInternal: isInternalTopic(name) };
    for (let i = 0; i < partitions; i++) topic.partitions.push(this.openPartition(topic, i));
    this.byName.set(name, topic);
    this.byId.set(topicId, topic);
    return topic;
  }

  private openPartition(topic: TopicState, index: number): PartitionState {
    const dir = join(this.dataDir, `${topic.name}-${index}`);
    mkdirSync(dir, { recursive: true });
    const log = PartitionLog.open({
      dir,
      topic: topic.name,
      partition: index,
      topicId: topic.topicId,
      logDir: this.logDir,
      config: () => topic.settings.logSettings(this.brokerConfigs()),
      onRoll: (baseOffset) => this.onSegmentRolled(topic.name, index, baseOffset),
    });
    this.log.debug(`opened ${topic.name}-${index} [${log.logStartOffset}, ${log.logEndOffset})`);
    // Becoming leader at epoch 0 starts that epoch at the log end (Kafka's makeLeader); replication assigns later ones.
    if (log.epochs.latestEpoch < 0) log.epochs.assign(0, log.logEndOffset);
    return { topic, index, key: partitionKey(topic.name, index), log, leaderEpoch: 0 };
  }

  private persistTopic(topic: TopicState): void {
    this.meta.topics[topic.name] = {
      topicId: topic.topicId,
      partitions: topic.partitions.length,
      configs: Object.fromEntries(topic.configOverrides),
    };
    writeMetadata(this.dataDir, this.meta);
  }
}
