// Chooses the transport once at startup: Electron IPC when the preload bridge exists, otherwise HTTP/WebSocket
// against `npm run serve` (same origin) with the per-run token.
import type { BackendClient } from '../../../src-common/contract/api.js';
import { HttpBackendClient } from '../../../src-common/contract/http-client.js';
import { IpcBackendClient } from '../../../src-common/contract/ipc-client.js';
import { resolveToken, searchWithoutToken } from './token.js';

export function createBackendClient(): BackendClient {
  if (window.kafkadesk) return new IpcBackendClient(window.kafkadesk);
  const token = resolveToken({ search: window.location.search, storage: window.sessionStorage }) ?? '';
  const cleanSearch = searchWithoutToken(window.location.search);
  if (cleanSearch !== window.location.search) {
    // Keep the hash (the view state) but drop ?token= from the address bar and from copied links.
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${cleanSearch}${window.location.hash}`);
  }
  return new HttpBackendClient({ baseUrl: window.location.origin, token });
}
