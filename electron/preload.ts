/**
 * The only bridge between the sandboxed renderer and the main process: `window.kafkadesk = { call, subscribe }`.
 * Bundled to CommonJS (sandboxed preloads cannot load ES modules); imports nothing but electron and constants.
 */

import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallEnvelope, type EventFrame, type KafkaDeskBridge } from '../src-common/contract/wire.js';

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Set<Handler>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, frame: EventFrame) => {
  for (const handler of handlers.get(frame.event) ?? []) {
    try {
      handler(frame.payload);
    } catch (error) {
      console.error(`kafkadesk: handler for ${frame.event} failed`, error);
    }
  }
});

const bridge: KafkaDeskBridge = {
  call: (method, params) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params) as Promise<CallEnvelope>,
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

contextBridge.exposeInMainWorld('kafkadesk', bridge);
