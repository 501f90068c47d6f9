/**
 * The inter-broker client: one TCP connection to a peer broker speaking the Kafka protocol with the generated
 * codecs. Requests are pipelined and matched by correlation id; any socket error fails every pending request and
 * the connection is dropped (the caller reconnects on its next tick).
 */
import { connect, type Socket } from 'node:net';
import { Reader } from '../../src-protocol/codec/reader.js';
import { Writer } from '../../src-protocol/codec/writer.js';
import { API_BY_KEY, writeRequestHeader } from '../../src-protocol/generated/index.js';

interface Pending {
  resolve(frame: Buffer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class PeerClient {
  private socket: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private buffered: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private closed = false;

  constructor(readonly host: string, readonly port: number, private readonly clientId: string) {}

  private open(): Promise<Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        this.socket = socket;
        this.connecting = null;
        resolve(socket);
      });
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', (err) => this.fail(err));
      socket.on('close', () => this.fail(new Error(`connection to ${this.host}:${this.port} closed`)));
      socket.once('error', (err) => {
        this.connecting = null;
        reject(err);
      });
    });
    return this.connecting;
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
      const frame = this.buffered.subarray(4, 4 + this.buffered.readInt32BE(0));
      this.buffered = this.buffered.subarray(4 + frame.length);
      const id = frame.readInt32BE(0);
      const p = this.pending.get(id);
      if (!p) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.resolve(frame);
    }
  }

  private fail(err: Error): void {
    this.socket?.destroy();
    this.socket = null;
    this.buffered = Buffer.alloc(0);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  async send<Req, Res>(key: number, version: number, request: Req, timeoutMs: number): Promise<Res> {
    if (this.closed) throw new Error('peer client closed');
    const def = API_BY_KEY.get(key);
    if (!def) throw new Error(`unknown API key ${key}`);
    const socket = await this.open();
    const flexible = def.flexibleFrom >= 0 && version >= def.flexibleFrom;
    const correlationId = this.nextCorrelationId++;
    const w = new Writer();
    writeRequestHeader(w, flexible ? 2 : 1, { requestApiKey: key, requestApiVersion: version, correlationId, clientId: this.clientId });
    (def.writeRequest as (w: Writer, v: number, m: Req) => void)(w, version, request);
    const payload = w.toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length, 0);
    const frame = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new Error(`API ${key} to ${this.host}:${this.port} timed out`));
      }, timeoutMs);
      this.pending.set(correlationId, { resolve, reject, timer });
      socket.write(Buffer.concat([size, payload]));
    });
    const r = new Reader(frame, 4);
    if (flexible) r.skipTaggedFields();
    return (def.readResponse as (r: Reader, v: number) => Res)(r, version);
  }

  close(): void {
    this.closed = true;
    this.fail(new Error('peer client closed'));
  }
}
