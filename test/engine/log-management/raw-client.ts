// A one-request-at-a-time Kafka client built on the engine's generated codecs, for APIs kafkajs
// does not implement (IncrementalAlterConfigs) and for exact checks of response fields.
import { connect, type Socket } from 'node:net';
import { Reader } from '../../../src-engine/protocol/codec/reader.js';
import { Writer } from '../../../src-engine/protocol/codec/writer.js';

export interface RawApi<Req, Res> {
  key: number;
  flexibleFrom: number;
  write(w: Writer, v: number, m: Req): void;
  read(r: Reader, v: number): Res;
}

export class RawClient {
  private buffered = Buffer.alloc(0);
  private waiting: ((frame: Buffer) => void) | null = null;
  private correlationId = 1;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.drain();
    });
  }

  static async connect(host: string, port: number): Promise<RawClient> {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  private drain(): void {
    if (this.buffered.length < 4 || this.waiting === null) return;
    const size = this.buffered.readInt32BE(0);
    if (this.buffered.length < 4 + size) return;
    const frame = this.buffered.subarray(4, 4 + size);
    this.buffered = this.buffered.subarray(4 + size);
    const done = this.waiting;
    this.waiting = null;
    done(frame);
  }

  async send<Req, Res>(api: RawApi<Req, Res>, version: number, request: Req): Promise<Res> {
    const flexible = version >= api.flexibleFrom;
    const w = new Writer();
    const correlationId = this.correlationId++;
    w.int16(api.key);
    w.int16(version);
    w.int32(correlationId);
    w.nullableString('raw-client', false);
    if (flexible) w.uvarint(0);
    api.write(w, version, request);
    const body = w.toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length, 0);
    const frame = await new Promise<Buffer>((resolve) => {
      this.waiting = resolve;
      this.socket.write(Buffer.concat([size, body]));
      this.drain();
    });
    const r = new Reader(frame);
    if (r.int32() !== correlationId) throw new Error('correlation id mismatch');
    if (flexible) r.skipTaggedFields();
    return api.read(r, version);
  }

  close(): void {
    this.socket.destroy();
  }
}
