/**
 * Kafka's text checkpoint files (recovery-point-offset-checkpoint, log-start-offset-checkpoint,
 * replication-offset-checkpoint, cleaner-offset-checkpoint):
 *   line 1: version (0) | line 2: entry count | then `<topic> <partition> <offset>` per line.
 * Writes go to a temp file that is fsynced and renamed, so a crash leaves either the old or the new file.
 */
import fs from 'node:fs';

export type OffsetCheckpoint = Map<string, number>;

export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Reads a checkpoint into a map keyed `<topic>-<partition>`; a missing or malformed file yields an empty map. */
export function readOffsetCheckpoint(file: string): OffsetCheckpoint {
  const out: OffsetCheckpoint = new Map();
  if (!fs.existsSync(file)) return out;
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines[0] !== '0') return out;
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count !== lines.length - 2) return out;
  for (const line of lines.slice(2)) {
    const parts = line.split(' ');
    if (parts.length !== 3) return new Map();
    const [topic, partition, offset] = parts as [string, string, string];
    const p = Number(partition);
    const o = Number(offset);
    if (!Number.isInteger(p) || !Number.isFinite(o)) return new Map();
    out.set(partitionKey(topic, p), o);
  }
  return out;
}

export function writeOffsetCheckpoint(file: string, entries: Iterable<{ topic: string; partition: number; offset: number }>): void {
  const list = [...entries];
  const text = ['0', String(list.length), ...list.map((e) => `${e.topic} ${e.partition} ${e.offset}`)].join('\n') + '\n';
  writeFileAtomically(file, text);
}

export function writeFileAtomically(file: string, contents: string | Buffer): void {
  const tmp = file + '.tmp';
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, contents);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
