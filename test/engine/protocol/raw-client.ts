/**
 * A raw TCP Kafka client for abusing the broker: sends arbitrary bytes, collects response frames,
 * and reports whether (and when) the broker closed the connection.
 */
import { connect, type Socket } from 'node:net';
import kafkajs from 'kafkajs';
import { Reader } from '../../../src-protocol/codec/reader.js';
import { Writer } from '../../../src-protocol/codec/writer.js';
import { API_BY_KEY, readApiVersionsResponse, writeRequestHeader } from '../../../src-protocol/generated/index.js';

export class RawConnection {
  private buffered = Buffer.alloc(0);
  private readonly frames: Buffer[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  /** True when the broker (not us) ended the connection. */
  closedByPeer = false;
  private destroyedByUs = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + size) break;
        this.frames.push(this.buffered.subarray(4, 4 + size));
        this.buffered = this.buffered.subarray(4 + size);
      }
      this.wake();
    });
    // ECONNRESET is how a broker that destroys a socket with unread input looks from here.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      if (!this.destroyedByUs) this.closedByPeer = true;
      this.wake();
    });
  }

  static open(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port, noDelay: true }, () => {
        s.off('error', reject);
        resolve(new RawConnection(s));
      });
      s.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private waitChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Writes bytes; swallows EPIPE on a connection the broker already dropped. */
  write(b: Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(b, () => resolve());
    });
  }

  /** The next complete response frame (without its size prefix), or null on close/timeout. */
  async nextFrame(timeoutMs = 5000): Promise<Buffer | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = this.frames.shift();
      if (f) return f;
      if (this.closed || Date.now() >= deadline) return null;
      await this.waitChange(deadline - Date.now());
    }
  }

  /** Resolves true when the broker closed the connection within the time limit. */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await this.waitChange(deadline - Date.now());
    return this.closedByPeer;
  }

  pendingFrames(): number {
    return this.frames.length;
  }

  destroy(): void {
    this.destroyedByUs = !this.closed;
    this.socket.destroy();
  }
}

export function sizePrefixed(payload: Buffer, size = payload.length): Buffer {
  const b = Buffer.alloc(4 + payload.length);
  b.writeInt32BE(size, 0);
  payload.copy(b, 4);
  return b;
}

/** A complete request frame built with our generated writers (header v1, or v2 when the version is flexible). */
export function requestFrame(apiKey: number, version: number, correlationId: number, body: unknown, clientId: string | null = 'raw-test'): Buffer {
  const def = API_BY_KEY.get(apiKey);
  if (!def) throw new Error(`no API ${apiKey}`);
  const w = new Writer();
  const flexible = def.flexibleFrom >= 0 && version >= def.flexibleFrom;
  writeRequestHeader(w, flexible ? 2 : 1, { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId });
  (def.writeRequest as (w: Writer, v: number, m: unknown) => void)(w, version, body);
  return sizePrefixed(w.toBuffer());
}

/** kafka-python style ApiVersions v0 frame (empty body). */
export function apiVersionsV0(correlationId: number): Buffer {
  return requestFrame(18, 0, correlationId, { clientSoftwareName: '', clientSoftwareVersion: '' });
}

/** A fresh connection gets a correct ApiVersions v0 answer: the broker is alive and serving. */
export async function assertServedRaw(host: string, port: number): Promise<void> {
  const c = await RawConnection.open(host, port);
  try {
    await c.write(apiVersionsV0(0x5eed));
    const f = await c.nextFrame(5000);
    if (!f) throw new Error('broker did not answer a well-formed ApiVersions v0 request');
    const r = new Reader(f);
    if (r.int32() !== 0x5eed) throw new Error('wrong correlation id');
    const res = readApiVersionsResponse(r, 0);
    if (res.errorCode !== 0 || !res.apiKeys.some((k) => k.apiKey === 3)) throw new Error(`bad ApiVersions answer ${JSON.stringify(res)}`);
  } finally {
    c.destroy();
  }
}

/** A real client's full round trip (connect, ApiVersions, Metadata): kafkajs admin listTopics. */
export async function assertServedKafkajs(host: string, port: number): Promise<string[]> {
  const kafka = new kafkajs.Kafka({ clientId: 'malformed-frames-check', brokers: [`${host}:${port}`], logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 2 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}
