/**
 * BackendClient over HTTP (POST /api/call) + WebSocket (/api/events), for browser mode (`npm run serve`). Runs in any
 * browser or in Node >= 22; fetch/WebSocket can be injected (tests, Node 20 with the `ws` package).
 */

import type {
  BackendClient, BackendEventName, BackendEvents, BackendMethod, BackendParams, BackendResult,
} from './api.js';
import { BackendCallError, isBackendError } from './errors.js';
import { CALL_PATH, EVENTS_PATH, TOKEN_HEADER, type CallEnvelope, type EventFrame } from './wire.js';

/** The subset of the WebSocket API used here (browser WebSocket and `ws` both satisfy it). */
export interface MinimalWebSocket {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}
export type WebSocketFactory = (url: string) => MinimalWebSocket;

interface MinimalResponse {
  status: number;
  text(): Promise<string>;
}
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<MinimalResponse>;

export interface HttpBackendClientOptions {
  /** e.g. 'http://127.0.0.1:5173' (no trailing slash needed). */
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  webSocket?: WebSocketFactory;
  /** Delay before reconnecting the event socket (doubles up to 10 s). */
  reconnectDelayMs?: number;
}

type AnyHandler = (payload: unknown) => void;

export class HttpBackendClient implements BackendClient {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly fetchImpl: FetchLike;
  private readonly openSocket: WebSocketFactory;
  private readonly handlers = new Map<string, Set<AnyHandler>>();
  private socket: MinimalWebSocket | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectDelayMs: number;
  private readonly initialReconnectDelayMs: number;

  constructor(options: HttpBackendClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    const g = globalThis as unknown as { fetch?: FetchLike; WebSocket?: new (url: string) => MinimalWebSocket };
    const fetchImpl = options.fetch ?? g.fetch?.bind(globalThis);
    if (!fetchImpl) throw new Error('HttpBackendClient needs fetch');
    this.fetchImpl = fetchImpl;
    const WebSocketCtor = g.WebSocket;
    this.openSocket = options.webSocket ?? ((url) => {
      if (!WebSocketCtor) throw new Error('HttpBackendClient needs WebSocket for events');
      return new WebSocketCtor(url);
    });
    this.initialReconnectDelayMs = options.reconnectDelayMs ?? 500;
    this.reconnectDelayMs = this.initialReconnectDelayMs;
  }

  /** Builds a client from the page URL the backend printed (`http://127.0.0.1:PORT/?token=...`). */
  static fromPageUrl(href: string, options: Partial<HttpBackendClientOptions> = {}): HttpBackendClient {
    const url = new URL(href);
    const token = options.token ?? url.searchParams.get('token') ?? '';
    return new HttpBackendClient({ ...options, baseUrl: options.baseUrl ?? url.origin, token });
  }

  async call<M extends BackendMethod>(method: M, params: BackendParams<M>): Promise<BackendResult<M>> {
    let response: MinimalResponse;
    try {
      response = await this.fetchImpl(this.baseUrl + CALL_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: this.token },
        body: JSON.stringify({ method, params }),
      });
    } catch (error) {
      throw new BackendCallError({ code: 'cluster-unreachable', message: `backend unreachable: ${String(error)}` });
    }
    const text = await response.text();
    let envelope: CallEnvelope;
    try {
      envelope = JSON.parse(text) as CallEnvelope;
    } catch {
      throw new BackendCallError({ code: 'internal', message: `HTTP ${response.status}: ${text.slice(0, 200)}` });
    }
    if (envelope.ok) return envelope.result as BackendResult<M>;
    throw new BackendCallError(isBackendError(envelope.error) ? envelope.error : { code: 'internal', message: text });
  }

  subscribe<E extends BackendEventName>(event: E, handler: (payload: BackendEvents[E]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    const h = handler as AnyHandler;
    set.add(h);
    this.ensureSocket();
    return () => {
      set.delete(h);
      if (set.size === 0) this.handlers.delete(event);
      if (this.handlers.size === 0) this.closeSocket();
    };
  }

  /** Closes the event socket; later subscribe() calls reopen it. */
  close(): void {
    this.handlers.clear();
    this.closeSocket();
  }

  private eventsUrl(): string {
    const url = new URL(this.baseUrl + EVENTS_PATH);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.token);
    return url.toString();
  }

  private ensureSocket(): void {
    if (this.socket || this.reconnectTimer) return;
    const socket = this.openSocket(this.eventsUrl());
    this.socket = socket;
    socket.onopen = () => {
      this.reconnectDelayMs = this.initialReconnectDelayMs;
    };
    socket.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let frame: EventFrame;
      try {
        frame = JSON.parse(ev.data) as EventFrame;
      } catch {
        return;
      }
      for (const h of this.handlers.get(frame.event) ?? []) {
        try {
          h(frame.payload);
        } catch (error) {
          console.error(`handler for ${frame.event} failed`, error);
        }
      }
    };
    socket.onerror = () => undefined; // onclose follows and schedules the reconnect
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.handlers.size === 0) return;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.ensureSocket();
      }, this.reconnectDelayMs);
      this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 10_000);
    };
  }

  private closeSocket(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
