/**
 * Both halves of the IPC bridge as plain functions over minimal IPC shapes, so preload.ts and main.ts stay one-liners
 * and the logic is testable without Electron.
 */

import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallEnvelope, type EventFrame, type KafkaDeskBridge } from '../src-common/contract/wire.js';

/** What the preload uses of ipcRenderer. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** `window.kafkadesk`: calls go through invoke, events fan out from one IPC listener to per-event handlers. */
export function createRendererBridge(ipc: RendererIpc): KafkaDeskBridge {
  type Handler = (payload: unknown) => void;
  const handlers = new Map<string, Set<Handler>>();
  ipc.on(IPC_EVENT_CHANNEL, (_event, frame) => {
    const f = frame as EventFrame;
    for (const handler of handlers.get(f.event) ?? []) {
      try {
        handler(f.payload);
      } catch (error) {
        console.error(`kafkadesk: handler for ${f.event} failed`, error);
      }
    }
  });
  return {
    call: (method, params) => ipc.invoke(IPC_CALL_CHANNEL, method, params) as Promise<CallEnvelope>,
    subscribe(event, handler) {
      if (typeof event !== 'string' || typeof handler !== 'function') throw new TypeError('subscribe(event: string, handler: function)');
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) handlers.delete(event);
      };
    },
  };
}

/** What main uses of ipcMain, and of the service. */
export interface MainIpc<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
}
export interface CallTarget {
  call(method: string, params: unknown): Promise<CallEnvelope>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}

/**
 * Serves kafkadesk:call for trusted senders and forwards every backend event to `send` (all windows).
 * Returns a function that stops the forwarding.
 */
export function registerBackendIpc<E>(
  ipc: MainIpc<E>, service: CallTarget, isTrusted: (event: E) => boolean, send: (channel: string, frame: EventFrame) => void,
): () => void {
  ipc.handle(IPC_CALL_CHANNEL, async (event, method, params): Promise<CallEnvelope> => {
    if (!isTrusted(event)) return { ok: false, error: { code: 'unauthorized', message: 'untrusted sender' } };
    if (typeof method !== 'string') return { ok: false, error: { code: 'bad-request', message: 'method must be a string' } };
    return service.call(method, params);
  });
  return service.onEvent((frame) => send(IPC_EVENT_CHANNEL, frame));
}
