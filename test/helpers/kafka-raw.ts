/**
 * A small Kafka wire client built on the engine's generated codecs, for request versions and
 * fields the real clients here never send (topic-id Fetch, batched group APIs, exact fields).
 * Pipelining-safe: responses are matched to requests by correlation id.
 */
import { connect, type Socket } from 'node:net';
import { Reader } from '../../src-engine/protocol/codec/reader.js';
import { Writer } from '../../src-engine/protocol/codec/writer.js';
import { API_BY_KEY, writeRequestHeader } from '../../src-engine/protocol/generated/index.js';

export class KafkaRawClient {
  private buffered = Buffer.alloc(0);
  private readonly pending = new Map<number, (frame: Buffer) => void>();
  private nextCorrelationId = 1;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const frame = this.buffered.subarray(4, 4 + this.buffered.readInt32BE(0));
        this.buffered = this.buffered.subarray(4 + frame.length);
        const id = frame.readInt32BE(0);
        this.pending.get(id)?.(frame);
        this.pending.delete(id);
      }
    });
  }

  static async connect(host: string, port: number): Promise<KafkaRawClient> {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new KafkaRawClient(socket);
  }

  /** Sends one request (body typed by the caller, e.g. `FetchRequest`) and decodes its response. */
  request<Res>(apiKey: number, version: number, body: object, timeoutMs = 10_000): Promise<Res> {
    const def = API_BY_KEY.get(apiKey);
    if (!def) throw new Error(`unknown API key ${apiKey}`);
    const flexible = def.flexibleFrom >= 0 && version >= def.flexibleFrom;
    const correlationId = this.nextCorrelationId++;
    const w = new Writer();
    writeRequestHeader(w, flexible ? 2 : 1, { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: 'raw-test' });
    (def.writeRequest as (w: Writer, v: number, m: object) => void)(w, version, body);
    const payload = w.toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length, 0);
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${def.name} v${version} timed out`)), timeoutMs);
      this.pending.set(correlationId, (frame) => {
        clearTimeout(timer);
        const r = new Reader(frame, 4);
        // ApiVersions responses always carry header v0 (KIP-511).
        if (flexible && apiKey !== 18) r.skipTaggedFields();
        resolve(def.readResponse(r, version) as Res);
      });
      this.socket.write(Buffer.concat([size, payload]));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
