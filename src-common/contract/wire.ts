/** What the transports put on the wire. Shared by the HTTP/WebSocket server, Electron IPC and their clients. */

import type { BackendEventName, BackendEvents } from './api.js';
import type { BackendError } from './errors.js';

export type CallEnvelope<T = unknown> = { ok: true; result: T } | { ok: false; error: BackendError };

/** POST /api/call body. */
export interface CallRequest {
  method: string;
  params: unknown;
}

/** One WebSocket text frame on /api/events. */
export interface EventFrame<E extends BackendEventName = BackendEventName> {
  event: E;
  payload: BackendEvents[E];
}

/** HTTP transport: header carrying the per-run token (the WebSocket passes it as ?token=). */
export const TOKEN_HEADER = 'x-kafkadesk-token';
export const CALL_PATH = '/api/call';
export const EVENTS_PATH = '/api/events';
export const DOWNLOAD_PATH = '/api/download';
/** POST the raw bytes of a file to import (browser mode); answers { uploadId } for messages.import. */
export const UPLOAD_PATH = '/api/upload';

/** Electron IPC channels. */
export const IPC_CALL_CHANNEL = 'kafkadesk:call';
export const IPC_EVENT_CHANNEL = 'kafkadesk:event';

/**
 * What the Electron preload exposes as `window.kafkadesk`. `call` resolves with an envelope (IPC drops the fields of
 * thrown errors), IpcBackendClient unwraps it.
 */
export interface KafkaDeskBridge {
  call(method: string, params: unknown): Promise<CallEnvelope>;
  subscribe(event: string, handler: (payload: unknown) => void): () => void;
}
