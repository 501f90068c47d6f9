/** Fan-out of backend events to every transport connection. */

import type { BackendEventName, BackendEvents } from '../src-common/contract/api.js';
import type { EventFrame } from '../src-common/contract/wire.js';

export type EventListener = (frame: EventFrame) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  emit<E extends BackendEventName>(event: E, payload: BackendEvents[E]): void {
    const frame = { event, payload } as EventFrame;
    for (const listener of this.listeners) {
      try {
        listener(frame);
      } catch (error) {
        console.error(`event listener failed for ${event}`, error);
      }
    }
  }

  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
