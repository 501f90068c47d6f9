/** The engine's event stream (group life, topic changes, log maintenance) and throughput meter. */
import { EventEmitter } from 'node:events';
import type { EngineEvent, ThroughputSample } from '../../src-common/engine-events.js';

type Unstamped<E> = E extends unknown ? Omit<E, 'at'> : never;
export type EngineEventInput = Unstamped<EngineEvent>;

export interface EngineEventMap {
  event: [EngineEvent];
  throughput: [ThroughputSample];
}

export class EngineEvents extends EventEmitter<EngineEventMap> {
  publish(e: EngineEventInput): void {
    this.emit('event', { ...e, at: Date.now() } as EngineEvent);
  }
}

/** Counts produce/fetch traffic and emits one ThroughputSample per second while anyone listens. */
export class ThroughputMeter {
  private produceRecords = 0;
  private produceBytes = 0;
  private fetchBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly events: EngineEvents) {
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  recordProduce(records: number, bytes: number): void {
    this.produceRecords += records;
    this.produceBytes += bytes;
  }

  recordFetch(bytes: number): void {
    this.fetchBytes += bytes;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    if (this.events.listenerCount('throughput') > 0) {
      this.events.emit('throughput', {
        at: Date.now(),
        produceRecords: this.produceRecords,
        produceBytes: this.produceBytes,
        fetchBytes: this.fetchBytes,
      });
    }
    this.produceRecords = 0;
    this.produceBytes = 0;
    this.fetchBytes = 0;
  }
}
