/**
 * The only bridge between the sandboxed renderer and the main process: `window.kafkadesk = { call, subscribe }`.
 * Bundled to CommonJS (sandboxed preloads cannot load ES modules); imports nothing but electron and bundled code.
 */

import { contextBridge, ipcRenderer } from 'electron';
import { createRendererBridge } from './bridge.js';

contextBridge.exposeInMainWorld('kafkadesk', createRendererBridge(ipcRenderer));
