/**
 * A real backend service over a real embedded broker (temp dirs, random ports) and a typed client for it, so tests
 * read like the renderer's code.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendClient, BackendEventName, BackendEvents, BackendMethod, BackendParams, BackendResult } from '../../src-common/contract/api.js';
import { BackendCallError } from '../../src-common/contract/errors.js';
import type { TaskInfo } from '../../src-common/contract/tasks.js';
import { startEmbeddedEngine, type EngineLink } from '../../src-backend/engine-link.js';
import { KeyFileSecretStore, type SecretStore } from '../../src-backend/secret-store.js';
import { createBackendService, type BackendService, type BackendServiceOptions } from '../../src-backend/service.js';

export interface TestBackend {
  client: BackendClient;
  service: BackendService;
  engine: EngineLink;
  bootstrap: string;
  dir: string;
  configDir: string;
  /**
   * Stand-in for Electron's native save/open dialogs (which cannot run here): the next host.pickSavePath /
   * host.pickOpenPath answers with this path, as if the user had chosen it. The backend's grant logic is the real one.
   */
  dialog: { choose(path: string | null): void };
  close(): Promise<void>;
}

/** BackendClient straight over the service (what the IPC and HTTP transports do, minus the wire). */
export function localClient(service: BackendService): BackendClient {
  return {
    async call<M extends BackendMethod>(method: M, params: BackendParams<M>): Promise<BackendResult<M>> {
      // A JSON round trip, like every transport, so nothing non-serialisable slips into results.
      const envelope = JSON.parse(JSON.stringify(await service.call(method, JSON.parse(JSON.stringify(params)))));
      if (envelope.ok) return envelope.result as BackendResult<M>;
      throw new BackendCallError(envelope.error);
    },
    subscribe<E extends BackendEventName>(event: E, handler: (payload: BackendEvents[E]) => void): () => void {
      return service.onEvent((frame) => {
        if (frame.event === event) handler(frame.payload as BackendEvents[E]);
      });
    },
  };
}

export async function startTestBackend(
  options: {
    secretStore?: SecretStore; scanWorkers?: number; lagHistory?: BackendServiceOptions['lagHistory']; schemaRegistry?: boolean;
    /** Extra engine options (security: tlsAuto, users, configs) and the port they name; plain data. */
    brokerOptions?: Record<string, unknown>; port?: number;
  } = {},
): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-backend-'));
  const configDir = join(dir, 'config');
  const started = await startEmbeddedEngine({
    dataDir: join(dir, 'data'),
    port: options.port ?? 0,
    ...(options.schemaRegistry ? { schemaRegistryPort: 0 } : {}),
    brokerOptions: { groupInitialRebalanceDelayMs: 0, autoCreateTopics: false, ...options.brokerOptions },
  });
  if (!started.ok) throw new Error(started.error);
  const engine = started.link;
  let chosen: string | null = null;
  const answer = async (): Promise<string | null> => {
    const path = chosen;
    chosen = null;
    return path;
  };
  const service = await createBackendService({
    configDir,
    secretStore: options.secretStore ?? new KeyFileSecretStore(join(configDir, 'secret.key')),
    engine,
    host: { mode: 'browser', appVersion: 'test', platform: process.platform, tempDir: join(dir, 'exports'), pickSavePath: answer, pickOpenPath: answer },
    ...(options.scanWorkers === undefined ? {} : { scanWorkers: options.scanWorkers }),
    ...(options.lagHistory ? { lagHistory: options.lagHistory } : {}),
  });
  return {
    client: localClient(service),
    service,
    engine,
    bootstrap: `${engine.host}:${engine.port}`,
    dir,
    configDir,
    dialog: { choose: (path) => { chosen = path; } },
    async close() {
      await service.dispose();
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitUntil<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A backend task once it has stopped running (done, failed or cancelled). */
export function taskFinished(client: BackendClient, taskId: string, timeoutMs = 60_000): Promise<TaskInfo> {
  return waitUntil(async () => {
    const t = await client.call('tasks.get', { taskId });
    return t.state === 'running' ? null : t;
  }, timeoutMs, `task ${taskId}`);
}

export const text = (data: string): { encoding: 'text'; data: string } => ({ encoding: 'text', data });
