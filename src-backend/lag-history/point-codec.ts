/**
 * Compact blocks of lag samples: each block holds the points of one partition's series over one block period, as
 * zigzag varint deltas (about 8-12 bytes a point instead of ~60 as rows). Nulls are stored as -1.
 */

export interface LagSamplePoint {
  t: number;
  committed: number | null;
  logEnd: number | null;
  lag: number | null;
  timeLagMs: number | null;
  /** Broker commit timestamp (embedded clusters) or null. Rollup points keep the last one. */
  commitAt: number | null;
}

const FIELDS = ['t', 'committed', 'logEnd', 'lag', 'timeLagMs', 'commitAt'] as const;

function writeVarint(out: number[], value: number): void {
  // zigzag without 32-bit ops: offsets exceed 2^31.
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function readVarint(buf: Uint8Array, pos: { at: number }): number {
  let result = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[pos.at++];
    if (byte === undefined) throw new Error('truncated lag block');
    result += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
    scale *= 0x80;
  }
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

/** Encodes a block as points arrive, so writing an open block again does not re-encode it. */
export class BlockEncoder {
  private readonly out: number[] = [];
  private readonly prev = [0, 0, 0, 0, 0, 0];

  push(p: LagSamplePoint): void {
    for (let i = 0; i < FIELDS.length; i++) {
      const v = p[FIELDS[i] as (typeof FIELDS)[number]] ?? -1;
      writeVarint(this.out, v - (this.prev[i] as number));
      this.prev[i] = v;
    }
  }

  bytes(): Buffer {
    return Buffer.from(this.out);
  }
}

export function encodeBlock(points: readonly LagSamplePoint[]): Buffer {
  const encoder = new BlockEncoder();
  for (const p of points) encoder.push(p);
  return encoder.bytes();
}

export function decodeBlock(buf: Uint8Array): LagSamplePoint[] {
  const points: LagSamplePoint[] = [];
  const pos = { at: 0 };
  const prev = [0, 0, 0, 0, 0, 0];
  while (pos.at < buf.length) {
    const values = FIELDS.map((_, i) => (prev[i] = (prev[i] as number) + readVarint(buf, pos)));
    const [t, committed, logEnd, lag, timeLagMs, commitAt] = values as [number, number, number, number, number, number];
    points.push({
      t,
      committed: committed < 0 ? null : committed,
      logEnd: logEnd < 0 ? null : logEnd,
      lag: lag < 0 ? null : lag,
      timeLagMs: timeLagMs < 0 ? null : timeLagMs,
      commitAt: commitAt < 0 ? null : commitAt,
    });
  }
  return points;
}

/** One rollup point for a finished block: the worst lag and time lag, the last offsets. */
export function rollUp(points: readonly LagSamplePoint[], t: number): LagSamplePoint | null {
  const last = points[points.length - 1];
  if (!last) return null;
  let lag: number | null = null;
  let timeLagMs: number | null = null;
  for (const p of points) {
    if (p.lag !== null) lag = lag === null ? p.lag : Math.max(lag, p.lag);
    if (p.timeLagMs !== null) timeLagMs = timeLagMs === null ? p.timeLagMs : Math.max(timeLagMs, p.timeLagMs);
  }
  return { t, committed: last.committed, logEnd: last.logEnd, lag, timeLagMs, commitAt: last.commitAt };
}
