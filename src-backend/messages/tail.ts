/** Live tails: long-poll Fetch per partition, batched into 'messages.tail' events at a bounded rate. */

import { randomUUID } from 'node:crypto';
import type { KafkaMessage, TailParams } from '../../src-common/contract/messages.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { badRequest, fail } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { watermarks } from '../kafka/offsets.js';
import type { EventHub } from '../event-hub.js';
import { compileFilter, type RecordPredicate } from './filter.js';
import { clampPayloadBytes, toKafkaMessage } from './payload.js';
import type { PayloadDecoder } from '../schema-registry/payload-decoder.js';
import { resolvePartitions, resolveStart } from './positions.js';
import { fetchChunk, OffsetOutOfRangeError } from './reader.js';

const FLUSH_INTERVAL_MS = 200;
const MAX_PER_FLUSH = 200; // ~1000 records/s to the GUI
const LONG_POLL_MS = 500;
/** A tail nobody listens to (all windows/sockets gone) stops after this long. */
const ORPHAN_TIMEOUT_MS = 30_000;

interface Tail {
  clusterId: string;
  topic: string;
  /** Next offset per partition after the records delivered to the GUI (what a resume continues from). */
  delivered: Map<number, number>;
  controller: AbortController;
  buffer: KafkaMessage[];
  dropped: number;
  timer: ReturnType<typeof setInterval>;
  orphanSince: number | null;
}

export class TailManager {
  private readonly tails = new Map<string, Tail>();

  constructor(private readonly events: EventHub) {}

  async start(connection: ClusterConnection, params: TailParams, decoder: PayloadDecoder | null = null): Promise<string> {
    const predicate = compileFilter(params.filter);
    const maxBytes = clampPayloadBytes(params.maxPayloadBytes);
    const cursor = params.cursor ? decodeCursor(params.cursor, params.clusterId, params.topic) : null;
    if (cursor && cursor.direction !== 'forward') badRequest('cursor', 'a tail continues forward: pass a forward cursor');
    const resolved = await resolvePartitions(connection, params.topic, cursor ? [...cursor.positions.keys()] : params.partitions);
    const positions = cursor
      ? new Map(cursor.positions)
      : await resolveStart(connection, params.topic, resolved, params.start ?? { kind: 'latest' }, 'forward');
    const tailId = randomUUID();
    const tail: Tail = {
      clusterId: params.clusterId,
      topic: params.topic,
      delivered: new Map(positions),
      controller: new AbortController(),
      buffer: [],
      dropped: 0,
      timer: setInterval(() => this.flush(tailId), FLUSH_INTERVAL_MS),
      orphanSince: null,
    };
    this.tails.set(tailId, tail);
    for (const partition of resolved.partitions) {
      void this.follow(connection, params.topic, partition, positions.get(partition) ?? 0, tail, predicate, maxBytes, params.isolation === 'read_committed', decoder);
    }
    return tailId;
  }

  stop(tailId: string): void {
    const tail = this.tails.get(tailId) ?? fail('not-found', `no tail ${tailId}`);
    this.flush(tailId);
    this.end(tailId, tail);
  }

  stopAll(): void {
    for (const [id, tail] of this.tails) this.end(id, tail);
  }

  private end(tailId: string, tail: Tail): void {
    tail.controller.abort();
    clearInterval(tail.timer);
    this.tails.delete(tailId);
  }

  private async follow(
    connection: ClusterConnection, topic: string, partition: number, start: number, tail: Tail,
    predicate: RecordPredicate | null, maxBytes: number, readCommitted: boolean, decoder: PayloadDecoder | null,
  ): Promise<void> {
    let position = start;
    const { signal } = tail.controller;
    while (!signal.aborted) {
      try {
        const chunk = await fetchChunk(connection, topic, partition, position, 1024 * 1024, LONG_POLL_MS, { readCommitted });
        if (signal.aborted) return;
        const run = { unparseable: false };
        if (decoder) await decoder.prefetchRecords(chunk.records);
        if (signal.aborted) return;
        for (const r of chunk.records) {
          if (predicate && !predicate(decoder ? decoder.view(r) : r, run)) continue;
          if (tail.buffer.length >= MAX_PER_FLUSH * 5) tail.dropped++;
          else tail.buffer.push(toKafkaMessage(r, maxBytes, decoder ?? undefined));
        }
        position = Math.max(position, chunk.nextOffset);
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof OffsetOutOfRangeError) {
          // Purged or truncated under us: continue from whichever end the position fell off.
          const marks = await watermarks(connection, topic, [partition]).catch(() => null);
          const m = marks?.get(partition);
          if (m) {
            position = position < m.logStartOffset ? m.logStartOffset : m.logEndOffset;
            continue;
          }
        }
        await new Promise((r) => setTimeout(r, 1000)); // broker down or leader moving: retry calmly
      }
    }
  }

  private flush(tailId: string): void {
    const tail = this.tails.get(tailId);
    if (!tail) return;
    if (this.events.listenerCount === 0) {
      tail.orphanSince ??= Date.now();
      if (Date.now() - tail.orphanSince > ORPHAN_TIMEOUT_MS) this.end(tailId, tail);
      return;
    }
    tail.orphanSince = null;
    if (tail.buffer.length === 0 && tail.dropped === 0) return;
    const messages = tail.buffer.splice(0, MAX_PER_FLUSH);
    const dropped = tail.dropped;
    tail.dropped = 0;
    for (const m of messages) tail.delivered.set(m.partition, Math.max(tail.delivered.get(m.partition) ?? 0, m.offset + 1));
    const cursor = encodeCursor({ clusterId: tail.clusterId, topic: tail.topic, direction: 'forward', positions: tail.delivered });
    this.events.emit('messages.tail', { tailId, messages, dropped, cursor });
  }
}
