// The one BackendClient of this window. A module-level singleton (rather than provide/inject) so Pinia stores
// and unit tests can reach it without a component instance; tests install a real or fake client with setBackend.
import type { App } from 'vue';
import type { BackendClient } from '../../../src-common/contract/api.js';

let current: BackendClient | null = null;

export function setBackend(client: BackendClient): void {
  current = client;
}

export function backend(): BackendClient {
  if (!current) throw new Error('Backend client not initialised (setBackend was not called)');
  return current;
}

export function provideBackend(_app: App, client: BackendClient): void {
  setBackend(client);
}
