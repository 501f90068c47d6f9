/**
 * The data directory (one entry of Kafka's log.dirs): meta.properties, the checkpoint files and the
 * `.kafka_cleanshutdown` marker, plus the list of partition directories `<topic>-<partition>`.
 *
 * Lifecycle: `LogDir.open()` remembers whether the previous run shut down cleanly and removes the marker (so a
 * crash from now on is detected). Partition logs opened under this directory are handed it (`logDir` option)
 * for that flag and their recovery point, and report their offsets back. `markCleanShutdown()` — after every log
 * is closed — writes the checkpoints and the marker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { partitionKey, readOffsetCheckpoint, writeFileAtomically, writeOffsetCheckpoint, type OffsetCheckpoint } from './checkpoint-file.js';

export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';
export const META_PROPERTIES_FILE = 'meta.properties';
export const RECOVERY_POINT_CHECKPOINT = 'recovery-point-offset-checkpoint';
export const LOG_START_OFFSET_CHECKPOINT = 'log-start-offset-checkpoint';
export const REPLICATION_OFFSET_CHECKPOINT = 'replication-offset-checkpoint';

export interface PartitionDirectory {
  topic: string;
  partition: number;
  dir: string;
}

/** What a partition log reports for the checkpoint files. */
export interface PartitionOffsets {
  recoveryPoint: number;
  logStartOffset: number;
  highWatermark: number;
}

export interface LogDirOptions {
  nodeId?: number;
  /** Used when meta.properties does not exist yet. */
  newClusterId?: () => string;
}

/** Splits `<topic>-<partition>` at the LAST '-' (topics may contain '-' and '.'); null for other names. */
export function parsePartitionDirName(name: string): { topic: string; partition: number } | null {
  if (name.endsWith('-delete') || name.endsWith('-future') || name.endsWith('-stray')) return null;
  const dash = name.lastIndexOf('-');
  if (dash <= 0) return null;
  const partition = name.slice(dash + 1);
  if (!/^\d+$/.test(partition)) return null;
  return { topic: name.slice(0, dash), partition: Number(partition) };
}

function uuidBase64Url(): string {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
}

export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const eq = line.search(/[=:]/);
    if (eq < 0) continue;
    out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

export class LogDir {
  readonly clusterId: string;
  readonly nodeId: number;
  readonly directoryId: string;
  /** Whether `.kafka_cleanshutdown` was present when this directory was opened. */
  readonly hadCleanShutdown: boolean;
  private readonly recoveryPoints: OffsetCheckpoint;
  private readonly logStartOffsets: OffsetCheckpoint;
  private readonly highWatermarks: OffsetCheckpoint;
  private readonly live = new Map<string, { topic: string; partition: number; offsets: () => PartitionOffsets }>();

  private constructor(readonly dataDir: string, opts: LogDirOptions) {
    fs.mkdirSync(dataDir, { recursive: true });
    const metaFile = path.join(dataDir, META_PROPERTIES_FILE);
    const props = fs.existsSync(metaFile) ? parseProperties(fs.readFileSync(metaFile, 'utf8')) : new Map<string, string>();
    this.clusterId = props.get('cluster.id') ?? opts.newClusterId?.() ?? uuidBase64Url();
    this.nodeId = opts.nodeId ?? Number(props.get('node.id') ?? 1);
    this.directoryId = props.get('directory.id') ?? uuidBase64Url();
    if (props.get('cluster.id') !== this.clusterId || props.get('node.id') !== String(this.nodeId) || !props.has('directory.id')) {
      writeFileAtomically(metaFile, [
        '#', `#${new Date().toUTCString()}`, `cluster.id=${this.clusterId}`, `directory.id=${this.directoryId}`,
        `node.id=${this.nodeId}`, 'version=1', '',
      ].join('\n'));
    }
    const marker = path.join(dataDir, CLEAN_SHUTDOWN_FILE);
    this.hadCleanShutdown = fs.existsSync(marker);
    if (this.hadCleanShutdown) fs.rmSync(marker, { force: true });
    this.recoveryPoints = readOffsetCheckpoint(path.join(dataDir, RECOVERY_POINT_CHECKPOINT));
    this.logStartOffsets = readOffsetCheckpoint(path.join(dataDir, LOG_START_OFFSET_CHECKPOINT));
    this.highWatermarks = readOffsetCheckpoint(path.join(dataDir, REPLICATION_OFFSET_CHECKPOINT));
    for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
      // Partitions whose deletion was interrupted by a crash.
      if (entry.isDirectory() && entry.name.endsWith('-delete')) fs.rmSync(path.join(dataDir, entry.name), { recursive: true, force: true });
    }
  }

  static open(dataDir: string, opts: LogDirOptions = {}): LogDir {
    return new LogDir(path.resolve(dataDir), opts);
  }

  /** Existing partition directories. */
  partitionDirs(): PartitionDirectory[] {
    const out: PartitionDirectory[] = [];
    for (const entry of fs.readdirSync(this.dataDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const parsed = parsePartitionDirName(entry.name);
      if (parsed) out.push({ ...parsed, dir: path.join(this.dataDir, entry.name) });
    }
    return out.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  }

  recoveryPoint(topic: string, partition: number): number | undefined {
    return this.recoveryPoints.get(partitionKey(topic, partition));
  }

  logStartOffset(topic: string, partition: number): number | undefined {
    return this.logStartOffsets.get(partitionKey(topic, partition));
  }

  highWatermark(topic: string, partition: number): number | undefined {
    return this.highWatermarks.get(partitionKey(topic, partition));
  }

  /** A partition log registers a live source of its offsets; checkpoints read it when written. */
  register(topic: string, partition: number, offsets: () => PartitionOffsets): void {
    this.live.set(partitionKey(topic, partition), { topic, partition, offsets });
  }

  /** Called when a log closes: freezes its last offsets (or forgets them when the partition is deleted). */
  unregister(topic: string, partition: number, final: PartitionOffsets | null): void {
    const key = partitionKey(topic, partition);
    this.live.delete(key);
    if (final === null) {
      this.recoveryPoints.delete(key);
      this.logStartOffsets.delete(key);
      this.highWatermarks.delete(key);
    } else {
      this.recoveryPoints.set(key, final.recoveryPoint);
      this.logStartOffsets.set(key, final.logStartOffset);
      this.highWatermarks.set(key, final.highWatermark);
    }
  }

  /** Writes the three checkpoint files from live logs and the last values of closed ones. */
  writeCheckpoints(): void {
    for (const { topic, partition, offsets } of this.live.values()) {
      const o = offsets();
      const key = partitionKey(topic, partition);
      this.recoveryPoints.set(key, o.recoveryPoint);
      this.logStartOffsets.set(key, o.logStartOffset);
      this.highWatermarks.set(key, o.highWatermark);
    }
    const entries = (m: OffsetCheckpoint): { topic: string; partition: number; offset: number }[] =>
      [...m].map(([key, offset]) => {
        const dash = key.lastIndexOf('-');
        return { topic: key.slice(0, dash), partition: Number(key.slice(dash + 1)), offset };
      });
    writeOffsetCheckpoint(path.join(this.dataDir, RECOVERY_POINT_CHECKPOINT), entries(this.recoveryPoints));
    writeOffsetCheckpoint(path.join(this.dataDir, LOG_START_OFFSET_CHECKPOINT), entries(this.logStartOffsets));
    writeOffsetCheckpoint(path.join(this.dataDir, REPLICATION_OFFSET_CHECKPOINT), entries(this.highWatermarks));
  }

  /** After all logs are closed: checkpoints, then the clean-shutdown marker. */
  markCleanShutdown(): void {
    this.writeCheckpoints();
    writeFileAtomically(path.join(this.dataDir, CLEAN_SHUTDOWN_FILE), '');
  }
}
