// Broker readiness and address parsing, kept free of engine imports so the
// harness's own unit tests can run without a broker.
import { connect } from 'node:net';
import { waitFor } from './clients.js';

/**
 * Resolves true when host:port answers an ApiVersions v0 request with a response
 * carrying our correlation id: "accepts TCP" is not "serves Kafka".
 */
export function probeKafka(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const correlationId = 0x4b44; // arbitrary, checked on the way back
    const clientId = Buffer.from('kafkadesk-probe');
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
    body.writeInt16BE(18, 0); // ApiVersions
    body.writeInt16BE(0, 2); // v0: every broker accepts it
    body.writeInt32BE(correlationId, 4);
    body.writeInt16BE(clientId.length, 8);
    clientId.copy(body, 10);
    const frame = Buffer.alloc(4);
    frame.writeInt32BE(body.length, 0);

    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolvePromise(ok);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    socket.on('connect', () => socket.write(Buffer.concat([frame, body])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 8) settle(received.readInt32BE(4) === correlationId);
    });
    socket.on('error', () => settle(false));
    socket.on('close', () => settle(false));
  });
}

export async function waitUntilServing(host: string, port: number, timeoutMs = 30_000): Promise<void> {
  await waitFor(`broker at ${host}:${port} to answer ApiVersions`, () => probeKafka(host, port, 1000), timeoutMs, 100);
}


const addressPattern = /(\d{1,3}(?:\.\d{1,3}){3}|localhost|\[[0-9a-fA-F:]+\]):(\d{1,5})/;

/** Finds the address in the CLI's startup output: a JSON line with host/port, or "host:port" in text. */
export function parseAddress(text: string): { host: string; port: number } | null {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('{')) {
      try {
        const o = JSON.parse(trimmed) as { host?: unknown; port?: unknown };
        if (typeof o.port === 'number' && o.port > 0) {
          return { host: typeof o.host === 'string' ? o.host : '127.0.0.1', port: o.port };
        }
      } catch {
        // not JSON after all; fall through to the text pattern
      }
    }
    const m = addressPattern.exec(trimmed);
    if (m?.[1] !== undefined && m[2] !== undefined && Number(m[2]) > 0) {
      return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
    }
  }
  return null;
}
