/** The GUI <-> backend contract. Import types from here; pick a client with createBackendClient. */

import type { BackendClient } from './api.js';
import { HttpBackendClient } from './http-client.js';
import { IpcBackendClient } from './ipc-client.js';
import type { KafkaDeskBridge } from './wire.js';

export * from './api.js';
export * from './clusters.js';
export * from './engine.js';
export * from './errors.js';
export * from './groups.js';
export * from './lag-history.js';
export * from './key-skew.js';
export * from './explorer.js';
export * from './messages.js';
export * from './schema-registry.js';
export * from './security.js';
export * from './tasks.js';
export * from './traffic.js';
export * from './topics.js';
export * from './wire.js';
export { HttpBackendClient } from './http-client.js';
export { IpcBackendClient } from './ipc-client.js';
export type { EngineEvent, GroupEvent, LogEvent, TopicEvent, ThroughputSample } from '../engine-events.js';

/**
 * Electron exposes `window.kafkadesk`; browser mode gets the token from the page URL (?token=...). Pass `window`.
 */
export function createBackendClient(host: { kafkadesk?: KafkaDeskBridge; location: { href: string } }): BackendClient {
  if (host.kafkadesk) return new IpcBackendClient(host.kafkadesk);
  return HttpBackendClient.fromPageUrl(host.location.href);
}
