/**
 * The cluster metadata image: what KRaft's metadata log replays into (brokers, topics, partitions with their
 * replicas, leader, leader epoch, ISR and partition epoch, topic configs). The controller owns the authoritative
 * copy; every broker holds the last one it fetched (`cluster-metadata.json`) and replays it. Each change bumps
 * `version` (the metadata offset); `controllerEpoch` fences images of a deposed controller.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../storage/checkpoint-file.js';
import { buildRecordBatch, decodeRecords } from '../storage/records.js';

export interface PartitionImage {
  replicas: number[];
  isr: number[];
  /** -1 when no replica may lead (offline partition). */
  leader: number;
  leaderEpoch: number;
  /** Bumped on every change of this partition (AlterPartition's partition_epoch). */
  partitionEpoch: number;
}

export interface TopicImage {
  topicId: string;
  configs: Record<string, string>;
  partitions: PartitionImage[];
}

export interface BrokerImage {
  host: string;
  port: number;
  /** Bumped at each registration (a restart), like KRaft's broker epoch. */
  epoch: number;
  fenced: boolean;
}

export interface ClusterImage {
  version: number;
  controllerEpoch: number;
  controllerId: number;
  brokers: Record<string, BrokerImage>;
  topics: Record<string, TopicImage>;
}

export const IMAGE_FILE = 'cluster-metadata.json';
/** Kafka's name and fixed topic id for the metadata log. */
export const METADATA_TOPIC = '__cluster_metadata';

export function emptyImage(): ClusterImage {
  return { version: 0, controllerEpoch: 0, controllerId: -1, brokers: {}, topics: {} };
}

export function readImage(dataDir: string): ClusterImage {
  const file = join(dataDir, IMAGE_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterImage) : emptyImage();
}

export function writeImage(dataDir: string, image: ClusterImage): void {
  writeFileAtomically(join(dataDir, IMAGE_FILE), JSON.stringify(image));
}

/** (controllerEpoch, version) order: which of two images is newer. */
export function isNewer(a: ClusterImage, b: ClusterImage): boolean {
  return a.controllerEpoch > b.controllerEpoch || (a.controllerEpoch === b.controllerEpoch && a.version > b.version);
}

/** The image as one record batch at offset `version` (what a metadata Fetch carries). */
export function imageToBatch(image: ClusterImage): Buffer {
  return buildRecordBatch({
    baseOffset: image.version,
    partitionLeaderEpoch: image.controllerEpoch,
    records: [{ key: null, value: Buffer.from(JSON.stringify(image)) }],
  });
}

export function batchToImage(records: Buffer): ClusterImage | null {
  if (records.length === 0) return null;
  const [record] = decodeRecords(records);
  return record?.value ? (JSON.parse(record.value.toString('utf8')) as ClusterImage) : null;
}

export function cloneImage(image: ClusterImage): ClusterImage {
  return structuredClone(image);
}
