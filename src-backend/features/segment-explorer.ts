/**
 * explorer.open / batches / records / indexes: the offline segment explorer. The reading happens in the engine's
 * explorer worker thread (ctx.explorer), which only ever opens files read-only; this module validates params,
 * turns the worker's typed failures into contract errors and raw record bytes into Payloads.
 *
 * A typed path is read, never written. It is not a file grant (file-grants.ts guards arbitrary reads and writes):
 * the explorer reads only Kafka's own file names in a folder that looks like a Kafka data dir or partition, and
 * shows what their format holds.
 */

import type { Handlers, BackendContext } from '../context.js';
import { badRequest, fail } from '../errors.js';
import { toPayload } from '../messages/payload.js';
import { requireString } from '../validate.js';
import type { ExplorerRecords, ExplorerTarget } from '../../src-common/contract/explorer.js';
import type { MessageHeader } from '../../src-common/contract/messages.js';
import type { ExplorerAnswer, ExplorerFailure, ExplorerJob, RawExplorerRecords } from '../../src-common/engine-channel/explorer-protocol.js';

type Method = 'explorer.open' | 'explorer.batches' | 'explorer.records' | 'explorer.indexes';

const DEFAULT_PAGE = 100;
const DEFAULT_INDEX_ENTRIES = 1000;
const DEFAULT_PAYLOAD_BYTES = 16 * 1024;
const MAX_PAYLOAD_BYTES = 1024 * 1024;

function failWith(failure: ExplorerFailure): never {
  switch (failure.code) {
    case 'not-found': return fail('not-found', failure.message);
    case 'permission':
    case 'not-kafka':
    case 'bad-request': return fail('bad-request', failure.message, { field: 'path' });
    default: return fail('internal', failure.message);
  }
}

async function run<K extends ExplorerJob['kind']>(ctx: BackendContext, job: Extract<ExplorerJob, { kind: K }>): Promise<NonNullable<Extract<ExplorerAnswer<K>, { ok: true }>['value']>> {
  const answer = await ctx.explorer.run<K>(job);
  if (!answer.ok) failWith(answer.failure);
  return answer.value;
}

function target(p: Partial<ExplorerTarget>): ExplorerTarget {
  const path = requireString(p.path, 'path');
  const partition = typeof p.partition === 'string' ? p.partition : badRequest('partition', 'the partition folder name (\'\' for an opened partition folder)');
  if (!Number.isSafeInteger(p.segment) || (p.segment as number) < 0) badRequest('segment', 'a segment base offset');
  return { path, partition, segment: p.segment as number };
}

function optionalInt(value: unknown, field: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > max) badRequest(field, `an integer in 0..${max}`);
  return value as number;
}

function toRecords(raw: RawExplorerRecords, maxBytes: number): ExplorerRecords {
  const payload = (b: Uint8Array | null): ReturnType<typeof toPayload> | null =>
    b === null ? null : toPayload(Buffer.from(b.buffer, b.byteOffset, b.byteLength), maxBytes);
  return {
    batch: raw.batch,
    error: raw.error,
    records: raw.records.map((r) => ({
      offset: r.offset, timestamp: r.timestamp, key: payload(r.key), value: payload(r.value), control: r.control,
      headers: r.headers.map((h): MessageHeader => ({ key: h.key, value: payload(h.value) })),
    })),
  };
}

export const segmentExplorerHandlers: Handlers<Method> = {
  'explorer.open': async (p, ctx) => {
    let path: string;
    if (p.embedded === true) {
      const link = ctx.engine();
      if (!link) fail('engine-unavailable', ctx.engineError() ?? 'the embedded broker is not started');
      path = link.dataDir;
    } else {
      path = requireString(p.path, 'path');
    }
    return run(ctx, { kind: 'open', path });
  },
  'explorer.batches': async (p, ctx) => run(ctx, {
    kind: 'batches', target: target(p), fromPosition: optionalInt(p.fromPosition, 'fromPosition', 0, Number.MAX_SAFE_INTEGER),
    limit: optionalInt(p.limit, 'limit', DEFAULT_PAGE, 500) || DEFAULT_PAGE,
    ...(p.fromOffset === undefined ? {} : { fromOffset: optionalInt(p.fromOffset, 'fromOffset', 0, Number.MAX_SAFE_INTEGER) }),
  }),
  'explorer.records': async (p, ctx) => {
    const maxBytes = optionalInt(p.maxPayloadBytes, 'maxPayloadBytes', DEFAULT_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES) || DEFAULT_PAYLOAD_BYTES;
    if (!Number.isSafeInteger(p.position) || p.position < 0) badRequest('position', 'the batch\'s byte position in the .log');
    return toRecords(await run(ctx, { kind: 'records', target: target(p), position: p.position }), maxBytes);
  },
  'explorer.indexes': async (p, ctx) => run(ctx, {
    kind: 'indexes', target: target(p), limit: optionalInt(p.limit, 'limit', DEFAULT_INDEX_ENTRIES, 5000) || DEFAULT_INDEX_ENTRIES,
  }),
};
