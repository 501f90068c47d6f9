/**
 * A small Kafka wire client built on the engine's generated codecs, for APIs and versions the
 * real clients here never send (IncrementalAlterConfigs, topic-id Fetch, exact field checks).
 * Responses are matched to requests by correlation id, so requests may be pipelined.
 */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Reader } from '../../src-protocol/codec/reader.js';
import { Writer } from '../../src-protocol/codec/writer.js';
import { API_BY_KEY, ApiKey, writeRequestHeader } from '../../src-protocol/generated/index.js';

export interface RawApi<Req, Res> {
  key: number;
  flexibleFrom: number;
  write(w: Writer, v: number, m: Req): void;
  read(r: Reader, v: number): Res;
}

/** The generated codecs of one API, typed by the caller: `rawApi<FetchRequest, FetchResponse>(1)`. */
export function rawApi<Req, Res>(key: number): RawApi<Req, Res> {
  const def = API_BY_KEY.get(key);
  if (!def) throw new Error(`unknown API key ${key}`);
  return {
    key,
    flexibleFrom: def.flexibleFrom,
    write: def.writeRequest as (w: Writer, v: number, m: Req) => void,
    read: def.readResponse as (r: Reader, v: number) => Res,
  };
}

export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly pending = new Map<number, (frame: Buffer) => void>();
  private nextCorrelationId = 1;

  /** Settles when the broker (or we) closed the connection. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const frame = this.buffered.subarray(4, 4 + this.buffered.readInt32BE(0));
        this.buffered = this.buffered.subarray(4 + frame.length);
        if (this.rawWaiter) {
          const w = this.rawWaiter;
          this.rawWaiter = null;
          w(frame);
          continue;
        }
        const id = frame.readInt32BE(0);
        this.pending.get(id)?.(frame);
        this.pending.delete(id);
      }
    });
  }

  static async connect(host: string, port: number, tls?: ConnectionOptions): Promise<RawClient> {
    const socket = tls ? tlsConnect({ host, port, ...tls }) : connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once(tls ? 'secureConnect' : 'connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  /** Writes one size-prefixed frame as is (raw SASL tokens after a v0 handshake) and resolves with the next frame. */
  rawExchange(payload: Buffer, timeoutMs = 10_000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('raw frame timed out')), timeoutMs);
      this.rawWaiter = (frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
      const size = Buffer.alloc(4);
      size.writeInt32BE(payload.length, 0);
      this.socket.write(Buffer.concat([size, payload]));
    });
  }

  private rawWaiter: ((frame: Buffer) => void) | null = null;

  send<Req, Res>(api: RawApi<Req, Res>, version: number, request: Req, timeoutMs = 10_000): Promise<Res> {
    const flexible = api.flexibleFrom >= 0 && version >= api.flexibleFrom;
    const correlationId = this.nextCorrelationId++;
    const w = new Writer();
    writeRequestHeader(w, flexible ? 2 : 1, { requestApiKey: api.key, requestApiVersion: version, correlationId, clientId: 'raw-client' });
    api.write(w, version, request);
    const payload = w.toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length, 0);
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`API ${api.key} v${version} timed out`)), timeoutMs);
      this.pending.set(correlationId, (frame) => {
        clearTimeout(timer);
        const r = new Reader(frame, 4);
        // ApiVersions responses always carry header v0 (KIP-511).
        if (flexible && api.key !== ApiKey.ApiVersions) r.skipTaggedFields();
        resolve(api.read(r, version));
      });
      this.socket.write(Buffer.concat([size, payload]));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
