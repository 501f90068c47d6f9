/**
 * Page cursors: per-partition positions, so "next" continues exactly where the last page stopped and never repeats
 * or skips a record. forward: position = next offset to read; backward: position = exclusive upper bound.
 */

import type { Direction } from '../../src-common/contract/messages.js';
import { badRequest } from '../errors.js';

export interface PageCursor {
  clusterId: string;
  topic: string;
  direction: Direction;
  positions: Map<number, number>;
}

interface CursorWire {
  v: 1;
  c: string;
  t: string;
  d: 'f' | 'b';
  p: [number, number][];
}

export function encodeCursor(cursor: PageCursor): string {
  const wire: CursorWire = {
    v: 1,
    c: cursor.clusterId,
    t: cursor.topic,
    d: cursor.direction === 'forward' ? 'f' : 'b',
    p: [...cursor.positions].sort((a, b) => a[0] - b[0]),
  };
  return Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, clusterId: string, topic: string): PageCursor {
  let wire: CursorWire;
  try {
    wire = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorWire;
  } catch {
    return badRequest('cursor', 'not a cursor');
  }
  const valid =
    wire && wire.v === 1 && (wire.d === 'f' || wire.d === 'b') && Array.isArray(wire.p) &&
    wire.p.every((e) => Array.isArray(e) && Number.isInteger(e[0]) && Number.isInteger(e[1]) && e[1] >= 0);
  if (!valid) badRequest('cursor', 'malformed cursor');
  if (wire.c !== clusterId || wire.t !== topic) badRequest('cursor', 'cursor belongs to another cluster or topic');
  return { clusterId, topic, direction: wire.d === 'f' ? 'forward' : 'backward', positions: new Map(wire.p) };
}
