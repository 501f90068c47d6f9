/**
 * A pipelined Kafka connection speaking the wire protocol through the engine's generated codecs:
 * many requests in flight, responses matched by correlation id. Lets benchmarks drive the
 * broker at protocol level without a client library's own overhead.
 */
import { connect, type Socket } from 'node:net';
import { Reader } from '../../src-protocol/codec/reader.js';
import { Writer } from '../../src-protocol/codec/writer.js';

interface Pending {
  flexible: boolean;
  read: (r: Reader) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class RawKafkaConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buf: Buffer = Buffer.alloc(0);

  private constructor(private readonly sock: Socket, private readonly clientId: string) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => this.onData(d));
    sock.on('error', (e) => this.failAll(e));
    sock.on('close', () => this.failAll(new Error('connection closed')));
  }

  static open(host: string, port: number, clientId: string): Promise<RawKafkaConnection> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(new RawKafkaConnection(s, clientId)));
      s.once('error', reject);
    });
  }

  request<T>(apiKey: number, version: number, flexible: boolean, write: (w: Writer) => void, read: (r: Reader) => T): Promise<T> {
    const id = this.nextId++;
    const w = new Writer(256);
    w.int32(0);
    w.int16(apiKey);
    w.int16(version);
    w.int32(id);
    w.nullableString(this.clientId, false);
    if (flexible) w.uvarint(0);
    write(w);
    const frame = w.toBuffer();
    frame.writeInt32BE(frame.length - 4, 0);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { flexible, read, resolve: resolve as (v: unknown) => void, reject });
      this.sock.write(frame);
    });
  }

  close(): void {
    this.sock.destroy();
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) return;
      const frame = this.buf.subarray(4, 4 + size);
      this.buf = this.buf.subarray(4 + size);
      const r = new Reader(frame);
      const id = r.int32();
      const p = this.pending.get(id);
      if (!p) continue;
      this.pending.delete(id);
      if (p.flexible) r.skipTaggedFields();
      try {
        p.resolve(p.read(r));
      } catch (e) {
        p.reject(e as Error);
      }
    }
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
