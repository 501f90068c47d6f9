/** Engine-only insight (embedded broker) and host information. */

import type { EngineEvent } from '../engine-events.js';

export interface EngineStatus {
  running: boolean;
  host: string | null;
  port: number | null;
  dataDir: string | null;
  startedAt: number | null;
  /** Why the engine is not running (e.g. not built yet, port error). */
  error: string | null;
}

export interface EngineEventsQuery {
  /** Only events about this group (group events) / topic (topic and log events). */
  group?: string;
  topic?: string;
  /** Only these event types, e.g. ['member-joined', 'rebalance-started']. */
  types?: EngineEvent['type'][];
  /** Only events with at > since. */
  since?: number;
  /** Newest N (default 500, the backend keeps the last 5000). */
  limit?: number;
}

export interface HostInfo {
  mode: 'electron' | 'browser';
  appVersion: string;
  /** Where saved clusters live. */
  configDir: string;
  /**
   * 'os' = Electron safeStorage (OS keychain), secrets persist by default. 'key-file' = browser mode: secrets stay in
   * memory unless persistSecrets is set, then they are stored encrypted with a key file readable only by the user.
   */
  secretStorage: 'os' | 'key-file';
  platform: string;
}
