/**
 * One raw Kafka connection to one broker: TCP or TLS socket, SASL, size-prefixed frames with correlation ids, and
 * the broker's ApiVersions. Requests and responses are encoded with the codecs generated from Kafka's schemas
 * (src-protocol/generated), so the backend can send any API kafkajs has no method for.
 */

import net from 'node:net';
import tls from 'node:tls';
import { Reader } from '../../src-protocol/codec/reader.js';
import { Writer } from '../../src-protocol/codec/writer.js';
import { errorName } from '../../src-protocol/error-codes.js';
import { writeRequestHeader } from '../../src-protocol/generated/request-header.js';
import { readResponseHeader } from '../../src-protocol/generated/response-header.js';
import { readApiVersionsResponse, writeApiVersionsRequest, type ApiVersionsRequest, type ApiVersionsResponse } from '../../src-protocol/generated/18-api-versions.js';
import { readSaslHandshakeResponse, writeSaslHandshakeRequest, type SaslHandshakeRequest, type SaslHandshakeResponse } from '../../src-protocol/generated/17-sasl-handshake.js';
import { readSaslAuthenticateResponse, writeSaslAuthenticateRequest, type SaslAuthenticateRequest, type SaslAuthenticateResponse } from '../../src-protocol/generated/36-sasl-authenticate.js';
import { saslExchange, type SaslCredentials } from './sasl.js';

/** An API as this connection uses it: its codecs and the version range the backend speaks. */
export interface WireApi<Req, Res> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version (-1: none): decides the request and response header versions. */
  readonly flexibleFrom: number;
  write(w: Writer, version: number, request: Req): void;
  read(r: Reader, version: number): Res;
}

export function wireApi<Req, Res>(
  key: number, name: string,
  versions: { min: number; max: number; flexibleFrom: number },
  write: (w: Writer, v: number, m: Req) => void,
  read: (r: Reader, v: number) => Res,
  maxVersion = versions.max,
): WireApi<Req, Res> {
  return { key, name, minVersion: versions.min, maxVersion, flexibleFrom: versions.flexibleFrom, write, read };
}

const API_VERSIONS = wireApi<ApiVersionsRequest, ApiVersionsResponse>(18, 'ApiVersions', { min: 0, max: 3, flexibleFrom: 3 }, writeApiVersionsRequest, readApiVersionsResponse);
const SASL_HANDSHAKE = wireApi<SaslHandshakeRequest, SaslHandshakeResponse>(17, 'SaslHandshake', { min: 1, max: 1, flexibleFrom: -1 }, writeSaslHandshakeRequest, readSaslHandshakeResponse);
const SASL_AUTHENTICATE = wireApi<SaslAuthenticateRequest, SaslAuthenticateResponse>(36, 'SaslAuthenticate', { min: 0, max: 2, flexibleFrom: 2 }, writeSaslAuthenticateRequest, readSaslAuthenticateResponse);

/** A Kafka error code in a response, named like Kafka's Errors (e.type === 'OFFSET_OUT_OF_RANGE'). */
export class KafkaWireError extends Error {
  readonly type: string;
  constructor(readonly code: number, message?: string) {
    super(message ?? errorName(code));
    this.type = errorName(code);
    this.name = 'KafkaWireError';
  }
}

/** The connection broke or timed out; retriable after reconnecting. */
export class WireConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireConnectionError';
  }
}

export interface WireSettings {
  host: string;
  port: number;
  clientId: string;
  /** TLS options (ca, cert, key, servername, rejectUnauthorized) or undefined for plain TCP. */
  tls?: tls.ConnectionOptions;
  sasl?: SaslCredentials;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

interface Pending {
  api: WireApi<unknown, unknown>;
  version: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class WireConnection {
  private nextCorrelationId = 1;
  private readonly pending = new Map<number, Pending>();
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private closedWith: Error | null = null;
  /** API key -> the broker's [min, max] versions. */
  private versions = new Map<number, { min: number; max: number }>();

  private constructor(private readonly socket: net.Socket, private readonly settings: WireSettings) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(new WireConnectionError(`${settings.host}:${settings.port}: ${error.message}`)));
    socket.on('close', () => this.fail(new WireConnectionError(`connection to ${settings.host}:${settings.port} closed`)));
  }

  /** Connects, authenticates and learns the broker's API versions. */
  static async open(settings: WireSettings): Promise<WireConnection> {
    const socket = await connectSocket(settings);
    const connection = new WireConnection(socket, settings);
    try {
      await connection.negotiateVersions();
      if (settings.sasl) await connection.authenticate(settings.sasl);
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** The version both sides speak, or null when the broker does not support the API in our range. */
  versionFor(api: WireApi<unknown, unknown>): number | null {
    const broker = this.versions.get(api.key);
    if (!broker) return null;
    const version = Math.min(broker.max, api.maxVersion);
    return version >= Math.max(broker.min, api.minVersion) ? version : null;
  }

  supports(api: WireApi<unknown, unknown>): boolean {
    return this.versionFor(api) !== null;
  }

  /** Sends one request at the highest common version (or `version`) and resolves with its decoded response. */
  send<Req, Res>(api: WireApi<Req, Res>, request: Req, version = this.versionFor(api as WireApi<unknown, unknown>)): Promise<Res> {
    if (version === null) return Promise.reject(new KafkaWireError(35, `broker does not support ${api.name} v${api.minVersion}-${api.maxVersion}`));
    if (this.closedWith) return Promise.reject(this.closedWith);
    const correlationId = this.nextCorrelationId++;
    const flexible = api.flexibleFrom >= 0 && version >= api.flexibleFrom;
    const body = new Writer();
    writeRequestHeader(body, flexible ? 2 : 1, { requestApiKey: api.key, requestApiVersion: version, correlationId, clientId: this.settings.clientId });
    api.write(body, version, request);
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(body.length);
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new WireConnectionError(`${api.name} to ${this.settings.host}:${this.settings.port} timed out after ${this.settings.requestTimeoutMs} ms`));
      }, this.settings.requestTimeoutMs);
      this.pending.set(correlationId, { api: api as WireApi<unknown, unknown>, version, resolve: resolve as (v: unknown) => void, reject, timer });
      this.socket.cork();
      this.socket.write(size);
      for (const chunk of body.toChunks()) this.socket.write(chunk);
      this.socket.uncork();
    });
  }

  close(): void {
    this.fail(new WireConnectionError('connection closed'));
  }

  private async negotiateVersions(): Promise<void> {
    let response = await this.send(API_VERSIONS, { clientSoftwareName: 'kafkadesk', clientSoftwareVersion: '1' }, API_VERSIONS.maxVersion);
    // A broker older than v3 answers UNSUPPORTED_VERSION (in v0 format) with its own range: ask again at v0.
    if (response.errorCode === 35) response = await this.send(API_VERSIONS, { clientSoftwareName: '', clientSoftwareVersion: '' }, 0);
    if (response.errorCode !== 0) throw new KafkaWireError(response.errorCode);
    this.versions = new Map(response.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
  }

  private async authenticate(credentials: SaslCredentials): Promise<void> {
    const exchange = saslExchange(credentials);
    const handshake = await this.send(SASL_HANDSHAKE, { mechanism: exchange.mechanism });
    if (handshake.errorCode !== 0) {
      throw new KafkaWireError(handshake.errorCode, `SASL mechanism ${exchange.mechanism} refused; the broker offers ${handshake.mechanisms.join(', ')}`);
    }
    let message: Buffer | null = exchange.first();
    while (message) {
      const answer = await this.send(SASL_AUTHENTICATE, { authBytes: message });
      if (answer.errorCode !== 0) throw new KafkaWireError(answer.errorCode, answer.errorMessage ?? undefined);
      message = exchange.next(answer.authBytes);
    }
  }

  private onData(chunk: Buffer): void {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    while (this.receivedBytes >= 4) {
      // Join the chunks only once the whole frame is here: joining on every chunk copies a large Fetch
      // response (many 64 KiB chunks) over and over, quadratic in its size.
      if ((this.received[0] as Buffer).length < 4) this.received = [Buffer.concat(this.received)];
      const size = (this.received[0] as Buffer).readInt32BE(0);
      if (this.receivedBytes < 4 + size) return;
      const head = this.received.length === 1 ? (this.received[0] as Buffer) : Buffer.concat(this.received, this.receivedBytes);
      const frame = head.subarray(4, 4 + size);
      const rest = head.subarray(4 + size);
      this.received = rest.length > 0 ? [rest] : [];
      this.receivedBytes = rest.length;
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Buffer): void {
    const correlationId = frame.readInt32BE(0);
    const pending = this.pending.get(correlationId);
    if (!pending) return; // timed out already
    this.pending.delete(correlationId);
    clearTimeout(pending.timer);
    const { api, version } = pending;
    // ApiVersions responses always use header v0 so that any client can read them (KIP-511).
    const flexible = api.key !== API_VERSIONS.key && api.flexibleFrom >= 0 && version >= api.flexibleFrom;
    try {
      const reader = new Reader(frame);
      readResponseHeader(reader, flexible ? 1 : 0);
      const errorFirst = api.key === API_VERSIONS.key ? frame.readInt16BE(4) : 0;
      // An UNSUPPORTED_VERSION ApiVersions answer is in v0 format whatever we asked.
      pending.resolve(api.read(reader, errorFirst === 35 ? 0 : version));
    } catch (error) {
      pending.reject(error as Error);
    }
  }

  private fail(error: Error): void {
    if (this.closedWith) return;
    this.closedWith = error;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
    this.socket.destroy();
  }
}

function connectSocket(settings: WireSettings): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const { host, port } = settings;
    const socket = settings.tls
      ? tls.connect({ ...settings.tls, host, port, servername: settings.tls.servername ?? (net.isIP(host) ? undefined : host) })
      : net.connect({ host, port });
    const ready = settings.tls ? 'secureConnect' : 'connect';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new WireConnectionError(`connecting to ${host}:${port} timed out after ${settings.connectionTimeoutMs} ms`));
    }, settings.connectionTimeoutMs);
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new WireConnectionError(`connecting to ${host}:${port}: ${error.message}`));
    });
  });
}
