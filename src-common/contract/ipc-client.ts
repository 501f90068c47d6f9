/** BackendClient over the Electron preload bridge (`window.kafkadesk`). */

import type {
  BackendClient, BackendEventName, BackendEvents, BackendMethod, BackendParams, BackendResult,
} from './api.js';
import { BackendCallError } from './errors.js';
import type { KafkaDeskBridge } from './wire.js';

export class IpcBackendClient implements BackendClient {
  constructor(private readonly bridge: KafkaDeskBridge) {}

  async call<M extends BackendMethod>(method: M, params: BackendParams<M>): Promise<BackendResult<M>> {
    const envelope = await this.bridge.call(method, params);
    if (envelope.ok) return envelope.result as BackendResult<M>;
    throw new BackendCallError(envelope.error);
  }

  subscribe<E extends BackendEventName>(event: E, handler: (payload: BackendEvents[E]) => void): () => void {
    return this.bridge.subscribe(event, (payload) => handler(payload as BackendEvents[E]));
  }
}
