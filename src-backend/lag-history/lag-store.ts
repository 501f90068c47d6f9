/**
 * The lag history on disk (SQLite through better-sqlite3): per partition series, samples in one-minute blocks (raw),
 * rolled up into minute points (hour blocks) and hour points (day blocks) as blocks finish. Retention per level and a
 * size cap (oldest raw first, then minutes, then hours). Owned by LagHistory; everything runs synchronously.
 */

import { createRequire } from 'node:module';
import type { BetterSqlite3 } from 'better-sqlite3';
import type { LagEventKind, LagHistoryEvent, LagStoreStats } from '../../src-common/contract/lag-history.js';
import { BlockEncoder, decodeBlock, rollUp, type LagSamplePoint } from './point-codec.js';

export interface LagLevel { name: 'raw' | 'minute' | 'hour'; pointMs: number; blockMs: number }
export const LEVELS: readonly LagLevel[] = [
  { name: 'raw', pointMs: 1000, blockMs: 60_000 },
  { name: 'minute', pointMs: 60_000, blockMs: 3_600_000 },
  { name: 'hour', pointMs: 3_600_000, blockMs: 86_400_000 },
];

export interface LagStoreOptions {
  /** Per level (raw, minute, hour). */
  retentionMs: [number, number, number];
  capBytes: number;
}

export const DEFAULT_STORE_OPTIONS: LagStoreOptions = {
  retentionMs: [3 * 3_600_000, 14 * 86_400_000, 90 * 86_400_000],
  capBytes: 512 * 1024 * 1024,
};

export interface SeriesRef { id: number; topic: string; partition: number }

interface OpenBlock { t0: number; points: LagSamplePoint[]; encoder: BlockEncoder; dirty: boolean }

function openBlock(t0: number, points: LagSamplePoint[]): OpenBlock {
  const encoder = new BlockEncoder();
  for (const p of points) encoder.push(p);
  return { t0, points, encoder, dirty: false };
}

type DatabaseConstructor = new (filename: string) => BetterSqlite3.Database;
/** Loaded on first use: a native module built for another ABI (Electron run from source) must not break the backend. */
let databaseClass: DatabaseConstructor | null = null;
function openDatabase(path: string): BetterSqlite3.Database {
  databaseClass ??= createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
  return new databaseClass(path);
}

const blockStart = (t: number, level: LagLevel): number => Math.floor(t / level.blockMs) * level.blockMs;

export class LagStore {
  private readonly db: BetterSqlite3.Database;
  private readonly seriesIds = new Map<string, number>();
  /** Open block per series and level. */
  private readonly buffers = new Map<number, (OpenBlock | undefined)[]>();
  private readonly upsert: BetterSqlite3.Statement<[number, number, number, Buffer, number]>;
  private readonly selectBlock: BetterSqlite3.Statement<[number, number, number], { data: Uint8Array }>;

  constructor(readonly path: string, private readonly options: LagStoreOptions = DEFAULT_STORE_OPTIONS) {
    this.db = openDatabase(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, cluster TEXT NOT NULL, grp TEXT NOT NULL, topic TEXT NOT NULL,
        part INTEGER NOT NULL, UNIQUE (cluster, grp, topic, part));
      CREATE TABLE IF NOT EXISTS blocks (level INTEGER NOT NULL, series INTEGER NOT NULL, t0 INTEGER NOT NULL, data BLOB NOT NULL,
        sealed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (level, series, t0)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS events (cluster TEXT NOT NULL, grp TEXT NOT NULL, t INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS events_by_group ON events (cluster, grp, t);
      CREATE TABLE IF NOT EXISTS settings (cluster TEXT PRIMARY KEY, enabled INTEGER NOT NULL, interval_ms INTEGER NOT NULL);
    `);
    this.upsert = this.db.prepare('INSERT OR REPLACE INTO blocks (level, series, t0, data, sealed) VALUES (?, ?, ?, ?, ?)');
    this.selectBlock = this.db.prepare('SELECT data FROM blocks WHERE level = ? AND series = ? AND t0 = ?');
    for (const row of this.db.prepare<[], { id: number; cluster: string; grp: string; topic: string; part: number }>('SELECT * FROM series').all()) {
      this.seriesIds.set(seriesKey(row.cluster, row.grp, row.topic, row.part), row.id);
    }
  }

  seriesId(cluster: string, group: string, topic: string, partition: number): number {
    const key = seriesKey(cluster, group, topic, partition);
    let id = this.seriesIds.get(key);
    if (id === undefined) {
      const r = this.db.prepare('INSERT INTO series (cluster, grp, topic, part) VALUES (?, ?, ?, ?)').run(cluster, group, topic, partition);
      id = Number(r.lastInsertRowid);
      this.seriesIds.set(key, id);
    }
    return id;
  }

  seriesOf(cluster: string, group: string): SeriesRef[] {
    return this.db.prepare<[string, string], SeriesRef>('SELECT id, topic, part AS partition FROM series WHERE cluster = ? AND grp = ? ORDER BY topic, part')
      .all(cluster, group);
  }

  groupsOf(cluster: string): string[] {
    return this.db.prepare<[string], { grp: string }>('SELECT DISTINCT grp FROM series WHERE cluster = ? ORDER BY grp').all(cluster).map((r) => r.grp);
  }

  /** Adds a raw sample; finished blocks roll up into the next level. */
  append(series: number, point: LagSamplePoint): void {
    this.appendAt(0, series, point);
  }

  private appendAt(levelIndex: number, series: number, point: LagSamplePoint): void {
    const level = LEVELS[levelIndex] as LagLevel;
    let perLevel = this.buffers.get(series);
    if (!perLevel) this.buffers.set(series, (perLevel = []));
    const t0 = blockStart(point.t, level);
    let buf = perLevel[levelIndex];
    if (buf && buf.t0 !== t0) {
      if (t0 < buf.t0) return; // clock went backwards: keep the series ordered
      this.seal(levelIndex, series, buf);
      buf = undefined;
    }
    if (!buf) {
      // After a restart the block may already hold points: continue it.
      const row = this.selectBlock.get(levelIndex, series, t0);
      buf = openBlock(t0, row ? decodeBlock(row.data) : []);
      perLevel[levelIndex] = buf;
    }
    const last = buf.points[buf.points.length - 1];
    if (last && point.t <= last.t) return;
    buf.points.push(point);
    buf.encoder.push(point);
    buf.dirty = true;
  }

  private seal(levelIndex: number, series: number, buf: OpenBlock): void {
    this.upsert.run(levelIndex, series, buf.t0, buf.encoder.bytes(), 1);
    buf.dirty = false;
    const up = rollUp(buf.points, buf.t0);
    if (up && levelIndex + 1 < LEVELS.length) this.appendAt(levelIndex + 1, series, up);
  }

  /** Blocks left open by an earlier run whose period is over: roll them up now (once, at start). */
  sealStale(nowMs: number): void {
    for (let levelIndex = 0; levelIndex < LEVELS.length; levelIndex++) {
      const level = LEVELS[levelIndex] as LagLevel;
      const rows = this.db.prepare<[number, number, number], { series: number; t0: number; data: Uint8Array }>(
        'SELECT series, t0, data FROM blocks WHERE level = ? AND sealed = 0 AND t0 + ? <= ? ORDER BY t0',
      ).all(levelIndex, level.blockMs, nowMs);
      const tx = this.db.transaction(() => {
        for (const r of rows) this.seal(levelIndex, r.series, openBlock(r.t0, decodeBlock(r.data)));
      });
      tx();
      this.flush();
    }
  }

  /** Writes open blocks that changed (called every few seconds and before reads, so a crash loses little). */
  flush(): void {
    const tx = this.db.transaction(() => {
      for (const [series, perLevel] of this.buffers) {
        perLevel.forEach((buf, levelIndex) => {
          if (buf?.dirty) {
            this.upsert.run(levelIndex, series, buf.t0, buf.encoder.bytes(), 0);
            buf.dirty = false;
          }
        });
      }
    });
    tx();
  }

  /** Points of one series at a level within [fromMs, toMs], oldest first. */
  read(series: number, levelIndex: number, fromMs: number, toMs: number): LagSamplePoint[] {
    const level = LEVELS[levelIndex] as LagLevel;
    const rows = this.db.prepare<[number, number, number, number], { data: Uint8Array }>(
      'SELECT data FROM blocks WHERE level = ? AND series = ? AND t0 >= ? AND t0 <= ? ORDER BY t0',
    ).all(levelIndex, series, blockStart(fromMs, level), toMs);
    const out: LagSamplePoint[] = [];
    for (const r of rows) for (const p of decodeBlock(r.data)) if (p.t >= fromMs && p.t <= toMs) out.push(p);
    const open = this.buffers.get(series)?.[levelIndex];
    // The open block is in the database only as of the last flush.
    if (open && open.dirty) {
      const lastStored = out[out.length - 1]?.t ?? -Infinity;
      for (const p of open.points) if (p.t > lastStored && p.t >= fromMs && p.t <= toMs) out.push(p);
    }
    return out;
  }

  addEvent(cluster: string, group: string, t: number, kind: LagEventKind, detail: string): void {
    this.db.prepare('INSERT INTO events (cluster, grp, t, kind, detail) VALUES (?, ?, ?, ?, ?)').run(cluster, group, t, kind, detail);
  }

  events(cluster: string, group: string, fromMs: number, toMs: number, limit = 1000): LagHistoryEvent[] {
    return this.db.prepare<[string, string, number, number, number], LagHistoryEvent>(
      'SELECT t, kind, detail FROM events WHERE cluster = ? AND grp = ? AND t >= ? AND t <= ? ORDER BY t LIMIT ?',
    ).all(cluster, group, fromMs, toMs, limit);
  }

  setting(cluster: string): { enabled: boolean; intervalMs: number } | null {
    const row = this.db.prepare<[string], { enabled: number; interval_ms: number }>('SELECT enabled, interval_ms FROM settings WHERE cluster = ?').get(cluster);
    return row ? { enabled: row.enabled === 1, intervalMs: row.interval_ms } : null;
  }

  saveSetting(cluster: string, enabled: boolean, intervalMs: number): void {
    this.db.prepare('INSERT OR REPLACE INTO settings (cluster, enabled, interval_ms) VALUES (?, ?, ?)').run(cluster, enabled ? 1 : 0, intervalMs);
  }

  settings(): { cluster: string; enabled: boolean; intervalMs: number }[] {
    return this.db.prepare<[], { cluster: string; enabled: number; interval_ms: number }>('SELECT * FROM settings').all()
      .map((r) => ({ cluster: r.cluster, enabled: r.enabled === 1, intervalMs: r.interval_ms }));
  }

  /** Retention per level, then the size cap: drops the oldest raw blocks first, then minutes, then hours. */
  maintain(nowMs: number): void {
    this.flush();
    LEVELS.forEach((level, i) => {
      this.db.prepare('DELETE FROM blocks WHERE level = ? AND t0 + ? < ?').run(i, level.blockMs, nowMs - this.options.retentionMs[i]!);
    });
    this.db.prepare('DELETE FROM events WHERE t < ?').run(nowMs - this.options.retentionMs[2]);
    for (let round = 0; round < 32 && this.usedBytes() > this.options.capBytes; round++) {
      const level = [0, 1, 2].find((i) => this.db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM blocks WHERE level = ?').get(i)!.n > 0);
      if (level === undefined) break;
      const span = this.db.prepare<[number], { lo: number; hi: number }>('SELECT MIN(t0) AS lo, MAX(t0) AS hi FROM blocks WHERE level = ?').get(level)!;
      // A quarter of what is left at that level (at least its oldest block).
      const cut = span.lo + Math.max((span.hi - span.lo) / 4, 1);
      this.db.prepare('DELETE FROM blocks WHERE level = ? AND t0 < ?').run(level, cut);
    }
  }

  usedBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * size;
  }

  stats(): LagStoreStats {
    this.flush();
    const count = (level: number): number => this.db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM blocks WHERE level = ?').get(level)!.n;
    const oldest = this.db.prepare<[], { t: number | null }>('SELECT MIN(t0) AS t FROM blocks WHERE level = 0').get()!.t;
    return { path: this.path, bytes: this.usedBytes(), capBytes: this.options.capBytes, rawBlocks: count(0), minuteBlocks: count(1), hourBlocks: count(2), oldestRawMs: oldest };
  }

  close(): void {
    if (!this.db.open) return;
    this.flush();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}

function seriesKey(cluster: string, group: string, topic: string, partition: number): string {
  return `${cluster}\u0000${group}\u0000${topic}\u0000${partition}`;
}
