/**
 * Persists what Kafka keeps in its KRaft metadata log and this broker needs across restarts:
 * topics (id, partition count, config overrides) and dynamic broker configs. Written atomically.
 */
import { existsSync, readFileSync, renameSync, writeFileSync, fsyncSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredTopic {
  topicId: string;
  partitions: number;
  configs: Record<string, string>;
}

export interface StoredMetadata {
  version: 1;
  topics: Record<string, StoredTopic>;
  brokerConfigs: Record<string, string>;
}

export const METADATA_FILE = 'kafkadesk-metadata.json';

export function readMetadata(dataDir: string): StoredMetadata {
  const file = join(dataDir, METADATA_FILE);
  if (!existsSync(file)) return { version: 1, topics: {}, brokerConfigs: {} };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredMetadata>;
  return { version: 1, topics: parsed.topics ?? {}, brokerConfigs: parsed.brokerConfigs ?? {} };
}

export function writeMetadata(dataDir: string, meta: StoredMetadata): void {
  const file = join(dataDir, METADATA_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(meta, null, 2));
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
