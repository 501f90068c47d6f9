/** The config and broker data folders are made 0700 even when they existed with looser permissions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedEngine } from '../../src-backend/engine-link.js';
import { KeyFileSecretStore } from '../../src-backend/secret-store.js';
import { createBackendService } from '../../src-backend/service.js';

test('existing world-readable config and data folders are tightened to 0700', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-perms-'));
  const configDir = join(dir, 'config');
  const dataDir = join(dir, 'data');
  mkdirSync(configDir, { mode: 0o755 });
  mkdirSync(dataDir, { mode: 0o755 });
  const started = await startEmbeddedEngine({ dataDir, port: 0 });
  assert.ok(started.ok);
  const service = await createBackendService({
    configDir, secretStore: new KeyFileSecretStore(join(configDir, 'secret.key')), engine: started.link,
    host: { mode: 'browser', appVersion: 'test', platform: process.platform, tempDir: join(dir, 'exports') },
  });
  try {
    assert.equal(statSync(configDir).mode & 0o777, 0o700);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
  } finally {
    await service.dispose();
    await started.link.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
