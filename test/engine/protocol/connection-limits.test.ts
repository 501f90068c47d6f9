/**
 * The broker bounds what connections can make it hold: `queued.max.request.bytes` caps request bytes in memory (many
 * half-sent large frames once grew the broker by ~100 MB each, held forever), `connections.max.idle.ms` closes idle
 * connections, `max.connections.per.ip` refuses extra ones. The broker process is measured from outside (RSS).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { probeKafka, startChildBroker, type ChildBroker } from '../../helpers/broker.js';
import { waitFor } from '../../helpers/clients.js';
import { RateLimitedWarnings } from '../../../src-engine/server/connection-limits.js';

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
}

function open(broker: ChildBroker): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: broker.host, port: broker.port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: Socket, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Writes `bytes` of a frame that declares `declared` bytes, then stops: the broker must keep the partial frame. */
async function sendPartialFrame(socket: Socket, declared: number, bytes: number): Promise<void> {
  const size = Buffer.alloc(4);
  size.writeInt32BE(declared);
  socket.write(size);
  const chunk = Buffer.alloc(1024 * 1024, 7);
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise<void>((resolve) => socket.once('drain', resolve));
  }
}

const BUDGET = 32 * 1024 * 1024;

describe('connection limits', () => {
  let broker: ChildBroker;
  before(async () => {
    broker = await startChildBroker({
      extraArgs: [
        '--override', `queued.max.request.bytes=${BUDGET}`,
        '--override', 'connections.max.idle.ms=1500',
        '--override', 'max.connections.per.ip=12',
      ],
    });
  });
  after(async () => broker?.stop());

  test('five half-sent 99 MB frames do not grow the broker past its request budget; it keeps serving', async () => {
    const child = broker.child.pid as number;
    const before = rssBytes(child);
    const sockets = await Promise.all([0, 1, 2, 3, 4].map(() => open(broker)));
    // Each write completes into the kernel's buffers even when the broker stops reading; cap the wait.
    await Promise.race([
      Promise.all(sockets.map((s) => sendPartialFrame(s, 100 * 1024 * 1024 - 8, 99 * 1024 * 1024))),
      new Promise((resolve) => setTimeout(resolve, 4000)),
    ]);
    const grown = rssBytes(child) - before;
    // Unbounded, this was ~480 MB; the budget plus socket buffers and heap slack stays far below that.
    assert.ok(grown < 3 * BUDGET, `broker RSS grew by ${Math.round(grown / 1e6)} MB with a ${BUDGET / 1e6} MB budget`);
    assert.equal(await probeKafka(broker.host, broker.port), true, 'the broker answers other clients meanwhile');
    // The stalled senders are idle from the broker's point of view: connections.max.idle.ms closes them.
    const results = await Promise.all(sockets.map((s) => closed(s, 15_000)));
    assert.deepEqual(results, [true, true, true, true, true]);
    for (const s of sockets) s.destroy();
  });

  test('an idle connection is closed after connections.max.idle.ms', async () => {
    const socket = await open(broker);
    assert.equal(await closed(socket, 10_000), true);
  });

  test('connections past max.connections.per.ip are refused; the admitted ones work', async () => {
    const admitted = await Promise.all(Array.from({ length: 12 }, () => open(broker)));
    const extra = await open(broker);
    assert.equal(await closed(extra, 5000), true, 'the 13th connection from 127.0.0.1 is closed');
    assert.equal(admitted.some((s) => s.destroyed), false);
    for (const s of admitted) s.destroy();
    // Once they are gone, new connections are admitted again.
    await Promise.all(admitted.map((s) => closed(s, 5000)));
    await waitFor('a connection admitted again once the broker saw them close', () => probeKafka(broker.host, broker.port), 5000);
  });
});

test('connection warnings are rate-limited: a burst a window, then one line with the count', () => {
  const lines: string[] = [];
  let now = 0;
  const log = { warn: (m: string) => lines.push(m), info: () => undefined, error: () => undefined, debug: () => undefined };
  const warnings = new RateLimitedWarnings(log as never, 3, 10_000, () => now);
  for (let i = 0; i < 100; i++) warnings.warn(`bad ${i}`);
  assert.deepEqual(lines, ['bad 0', 'bad 1', 'bad 2']);
  now = 10_000;
  warnings.warn('later');
  assert.deepEqual(lines.slice(3), ['... 97 more connection warnings in the last 10 s were not logged', 'later']);
});
