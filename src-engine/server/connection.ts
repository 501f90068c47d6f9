/**
 * One client connection: frames in, requests decoded and handled one at a time (as Kafka does,
 * so responses leave in request order), responses written as vectored chunks. Any protocol
 * violation closes this connection only.
 */
import type { Socket } from 'node:net';
import { Reader, ProtocolDecodeError } from '../../src-protocol/codec/reader.js';
import { Writer } from '../../src-protocol/codec/writer.js';
import { API_BY_KEY, ApiKey, readRequestHeader, writeResponseHeader } from '../../src-protocol/generated/index.js';
import { writeApiVersionsResponse } from '../../src-protocol/generated/18-api-versions.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { FrameSplitter, FrameTooLargeError } from './framing.js';
import { CLOSE_CONNECTION, NO_RESPONSE, type ApiHandler, type ConnectionInfo, type RequestContext } from './handler.js';
import type { Cluster } from '../cluster/cluster.js';
import type { Logger } from '../logger.js';
import type { BudgetHolder, RateLimitedWarnings, RequestMemoryBudget } from './connection-limits.js';
import { ANONYMOUS } from '../security/broker-security.js';
import type { SaslSession } from '../security/sasl-session.js';

/** The listener-wide limits a connection answers to (owned by the BrokerServer). */
export interface ConnectionGuards {
  budget: RequestMemoryBudget;
  warnings: RateLimitedWarnings;
  /** connections.max.idle.ms */
  idleMs: number;
}

/** Who the connection is, as far as the listener knows at accept time. */
export interface ConnectionSecurity {
  readonly listener: string;
  readonly protocol: string;
  /** A new SASL session on SASL listeners. */
  readonly sasl: SaslSession | null;
  /** User:<subject> from a verified client certificate (mTLS), else null. */
  readonly tlsPrincipal: string | null;
}

/** APIs a client may send while (re-)authenticating, past an expired session. */
const AUTH_APIS: ReadonlySet<number> = new Set([ApiKey.SaslHandshake, ApiKey.ApiVersions, ApiKey.SaslAuthenticate]);

/** Stop reading from a client that pipelines more than this many undispatched frames. */
const MAX_QUEUED_FRAMES = 256;

export class Connection implements BudgetHolder {
  private readonly frames: FrameSplitter;
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private processing = false;
  private closed = false;
  /** Reading stops for either reason: too many queued frames, or the memory budget is spent. */
  private pausedForQueue = false;
  private pausedForMemory = false;
  readonly info: ConnectionInfo;
  private closeAfterWrite: string | null = null;
  private firstData = true;

  constructor(
    private readonly socket: Socket,
    id: number,
    private readonly cluster: Cluster,
    private readonly handlers: ReadonlyMap<number, ApiHandler>,
    private readonly log: Logger,
    maxFrameBytes: number,
    private readonly guards: ConnectionGuards,
    private readonly security: ConnectionSecurity,
  ) {
    const sasl = security.sasl;
    this.info = {
      id, remoteAddress: socket.remoteAddress ?? '?', remotePort: socket.remotePort ?? 0, listener: security.listener, sasl,
      get principal() {
        const user = sasl?.user;
        return user != null ? `User:${user}` : (security.tlsPrincipal ?? ANONYMOUS);
      },
      closeAfterResponse: (reason) => {
        this.closeAfterWrite ??= reason;
      },
    };
    this.frames = new FrameSplitter(maxFrameBytes);
    socket.setNoDelay(true);
    socket.setTimeout(guards.idleMs);
    socket.on('timeout', () => this.close(`idle for connections.max.idle.ms (${guards.idleMs} ms)`));
    socket.on('data', (data) => this.onData(data));
    socket.on('error', (err) => this.log.debug(`connection ${id}: ${err.message}`));
    socket.on('close', () => {
      this.closed = true;
      this.queue.length = 0;
      this.guards.budget.release(this);
    });
  }

  close(reason?: string): void {
    if (this.closed) return;
    if (reason) this.guards.warnings.warn(`closing connection ${this.info.id} from ${this.info.remoteAddress}:${this.info.remotePort}: ${reason}`);
    this.closed = true;
    this.queue.length = 0;
    this.guards.budget.release(this);
    this.socket.destroy();
  }

  pauseReading(): void {
    this.pausedForMemory = true;
    this.socket.pause();
  }

  resumeReading(): void {
    this.pausedForMemory = false;
    if (!this.pausedForQueue && !this.closed) this.socket.resume();
  }

  /** Tells the budget how many request bytes this connection holds: partial frames plus queued requests. */
  private account(): void {
    if (!this.closed) this.guards.budget.update(this, this.frames.bufferedBytes + this.queuedBytes);
  }

  private onData(data: Buffer): void {
    if (this.firstData) {
      this.firstData = false;
      if (data.length >= 2 && data[0] === 0x16 && data[1] === 0x03 && this.security.protocol !== 'SSL' && this.security.protocol !== 'SASL_SSL') {
        this.close(`a TLS handshake arrived on ${this.security.protocol} listener ${this.security.listener} (is the client configured for SSL against a plaintext port?)`);
        return;
      }
    }
    let frames: Buffer[];
    try {
      frames = this.frames.push(data);
    } catch (err) {
      this.close(err instanceof FrameTooLargeError ? err.message : String(err));
      return;
    }
    for (const f of frames) {
      this.queue.push(f);
      this.queuedBytes += f.length;
    }
    this.account();
    if (frames.length === 0) return;
    if (this.queue.length > MAX_QUEUED_FRAMES) {
      this.pausedForQueue = true;
      this.socket.pause();
    }
    if (!this.processing) void this.drainQueue();
  }

  private async drainQueue(): Promise<void> {
    this.processing = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const frame = this.queue.shift()!;
        if (this.pausedForQueue && this.queue.length < MAX_QUEUED_FRAMES / 2) {
          this.pausedForQueue = false;
          if (!this.pausedForMemory) this.socket.resume();
        }
        await this.handleFrame(frame);
        this.queuedBytes -= frame.length;
        this.account();
      }
    } finally {
      this.processing = false;
    }
  }

  private async handleFrame(frame: Buffer): Promise<void> {
    if (frame.length < 8) {
      this.close(`request frame of ${frame.length} bytes is too short for a header`);
      return;
    }
    const sasl = this.security.sasl;
    if (sasl?.rawTokens && !sasl.authenticated) {
      this.handleRawSaslToken(sasl, frame);
      return;
    }
    const apiKey = frame.readInt16BE(0);
    const apiVersion = frame.readInt16BE(2);
    const def = API_BY_KEY.get(apiKey);
    const handler = this.handlers.get(apiKey);
    if (!def || !handler) {
      this.close(`unsupported API key ${apiKey}`);
      return;
    }
    if (sasl && !sasl.allows(apiKey)) {
      // Kafka's SaslServerAuthenticator: anything else before authentication is an invalid request; the channel closes.
      this.close(`unexpected ${def.name} request on ${this.security.protocol} listener ${this.security.listener} before SASL authentication completed`);
      return;
    }
    if (sasl?.expired() && !AUTH_APIS.has(apiKey)) {
      this.close(`SASL session of ${this.info.principal} expired (connections.max.reauth.ms) and the client did not re-authenticate`);
      return;
    }
    const flexible = def.flexibleFrom >= 0 && apiVersion >= def.flexibleFrom;
    const r = new Reader(frame);
    let correlationId: number;
    let clientId: string | null;
    try {
      if (apiKey === ApiKey.ApiVersions && (apiVersion > handler.maxVersion || apiVersion < handler.minVersion)) {
        // KIP-511: answer an unknown ApiVersions version with a v0 body so the client can retry.
        correlationId = frame.readInt32BE(4);
        this.sendApiVersionsFallback(correlationId);
        return;
      }
      if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
        this.close(`unsupported version ${apiVersion} of ${def.name} (supported ${handler.minVersion}-${handler.maxVersion})`);
        return;
      }
      const header = readRequestHeader(r, flexible ? 2 : 1);
      correlationId = header.correlationId;
      clientId = header.clientId;
    } catch (err) {
      this.close(`malformed request header: ${(err as Error).message}`);
      return;
    }
    let request: unknown;
    try {
      request = def.readRequest(r, apiVersion);
    } catch (err) {
      this.close(`malformed ${def.name} v${apiVersion} request: ${(err as Error).message}`);
      return;
    }
    // The traffic inspector: one boolean check per request while it is closed.
    const started = this.cluster.traffic.armed ? Date.now() : 0;
    let afterWrite: (() => void)[] | null = null;
    const ctx: RequestContext = {
      apiKey, apiVersion, correlationId, clientId, connection: this.info, cluster: this.cluster,
      afterResponse: (done) => (afterWrite ??= []).push(done),
    };
    const settle = (): void => {
      if (afterWrite) for (const done of afterWrite) done();
      afterWrite = null;
    };
    let response: unknown;
    try {
      response = await handler.handle(ctx, request);
    } catch (err) {
      settle();
      // A handler bug must not take the broker down; the client sees a closed connection and retries.
      this.log.error(`${def.name} v${apiVersion} handler failed: ${(err as Error).stack ?? String(err)}`);
      this.close(`internal error in ${def.name}`);
      return;
    }
    if (response === CLOSE_CONNECTION) {
      settle();
      this.close(`${def.name} v${apiVersion} failed and acks=0 leaves no response to report it`);
      return;
    }
    if (response === NO_RESPONSE || this.closed) {
      settle();
      if (started !== 0) this.recordTraffic(started, def.name, apiKey, apiVersion, correlationId, clientId, frame.length, 0, null);
      return;
    }
    const w = new Writer(512);
    // ApiVersions responses always use header v0 (KIP-511); others use v1 when flexible.
    const headerVersion = flexible && apiKey !== ApiKey.ApiVersions ? 1 : 0;
    writeResponseHeader(w, headerVersion, { correlationId });
    try {
      (def.writeResponse as (w: Writer, v: number, m: unknown) => void)(w, apiVersion, response);
    } catch (err) {
      settle();
      this.log.error(`${def.name} v${apiVersion} response encoding failed: ${(err as Error).stack ?? String(err)}`);
      this.close(`internal error encoding ${def.name}`);
      return;
    }
    if (started !== 0) this.recordTraffic(started, def.name, apiKey, apiVersion, correlationId, clientId, frame.length, w.length, response);
    await this.send(w, afterWrite ? settle : undefined);
    if (this.closeAfterWrite !== null) this.closeWhenFlushed(this.closeAfterWrite);
  }

  private recordTraffic(at: number, apiName: string, apiKey: number, apiVersion: number, correlationId: number, clientId: string | null,
    requestBytes: number, responseBytes: number, response: unknown): void {
    this.cluster.traffic.record({
      at, connectionId: this.info.id, clientId, remote: `${this.info.remoteAddress}:${this.info.remotePort}`, listener: this.info.listener,
      principal: this.info.principal, apiKey, apiName, apiVersion, correlationId, requestBytes, responseBytes,
      latencyMs: Date.now() - at, response,
    });
  }

  /** Lets the response just written reach the client, then closes (nothing more is read meanwhile). */
  private closeWhenFlushed(reason: string): void {
    this.queue.length = 0;
    this.socket.pause();
    this.socket.removeAllListeners('data');
    this.socket.end(() => this.close(reason));
  }

  /** Pre-KIP-43 framing after a v0 SaslHandshake: size-prefixed raw SASL tokens both ways, no Kafka headers. */
  private handleRawSaslToken(sasl: SaslSession, token: Buffer): void {
    const result = sasl.token(token);
    if (result.errorCode !== ErrorCode.NONE) {
      this.close(`SASL authentication failed: ${result.errorMessage ?? 'error'}`);
      return;
    }
    if (result.done) sasl.rawTokens = false;
    const w = new Writer(result.reply.length + 8);
    w.raw(result.reply);
    void this.send(w);
  }

  private sendApiVersionsFallback(correlationId: number): void {
    const w = new Writer(512);
    writeResponseHeader(w, 0, { correlationId });
    writeApiVersionsResponse(w, 0, {
      errorCode: ErrorCode.UNSUPPORTED_VERSION,
      // Like Kafka, list only ApiVersions itself: enough for the client to pick a version and retry.
      apiKeys: [{ apiKey: ApiKey.ApiVersions, minVersion: this.handlers.get(ApiKey.ApiVersions)!.minVersion, maxVersion: this.handlers.get(ApiKey.ApiVersions)!.maxVersion }],
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1,
      finalizedFeatures: [],
      zkMigrationReady: false,
    });
    void this.send(w);
  }

  /** Writes one response as a single vectored write; `written` runs when the kernel has it (or it failed). */
  private send(w: Writer, written?: () => void): Promise<void> | undefined {
    const chunks = w.toChunks();
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(w.length, 0);
    this.socket.cork();
    let ok = this.socket.write(size);
    for (let i = 0; i < chunks.length; i++) {
      // Node completes a corked batch as one writev: the last chunk's callback fires after all of it.
      ok = i === chunks.length - 1 && written ? this.socket.write(chunks[i]!, () => written()) : this.socket.write(chunks[i]!);
    }
    if (chunks.length === 0 && written) written();
    this.socket.uncork();
    if (ok) return undefined;
    // Natural backpressure: the next request waits until a slow reader drained this response.
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }
}

export { ProtocolDecodeError };
