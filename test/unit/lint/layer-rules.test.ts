/**
 * The layer rules in eslint.config.js (no-restricted-imports per folder) catch an import across layers, and let
 * the allowed ones through. Tiny fixtures are linted as if they lived at the given paths.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { repoRoot } from '../../helpers/clients.js';

const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${repoRoot}/${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const use = (spec: string): string => `import * as m from '${spec}';\nexport const used = m;\n`;

test('a layer importing a forbidden one is an error', { timeout: 120_000 }, async () => {
  const violations: [string, string][] = [
    ['renderer/src/lint-fixture.ts', '../../src-backend/service.js'],
    ['renderer/src/lint-fixture.ts', 'node:fs'],
    ['src-common/lint-fixture.ts', '../src-engine/index.js'],
    ['src-common/lint-fixture.ts', 'node:path'],
    ['src-common/lint-fixture.ts', 'vue'],
    ['src-protocol/lint-fixture.ts', '../src-common/contract/wire.js'],
    ['src-engine/lint-fixture.ts', '../src-backend/errors.js'],
    ['src-engine/lint-fixture.ts', 'electron'],
    ['src-backend/kafka/lint-fixture.ts', '../../src-engine/storage/records.js'],
    ['src-backend/lint-fixture.ts', '../electron/trust.js'],
    ['electron/lint-fixture.ts', '../src-engine/index.js'],
  ];
  for (const [path, spec] of violations) {
    const messages = await restrictedImports(path, use(spec));
    assert.equal(messages.length, 1, `${path} importing ${spec} must be refused`);
  }
  // The broker runs in its own process: the backend may not start one in-process.
  const inProcess = await restrictedImports('src-backend/lint-fixture.ts', "import { startBroker } from '../src-engine/index.js';\nexport const used = startBroker;\n");
  assert.equal(inProcess.length, 1, 'src-backend importing startBroker must be refused');
});

test('allowed imports pass', { timeout: 120_000 }, async () => {
  const allowed: [string, string][] = [
    ['renderer/src/lint-fixture.ts', '../../src-common/contract/wire.js'],
    ['renderer/src/lint-fixture.ts', 'vue'],
    ['src-backend/kafka/lint-fixture.ts', '../../src-protocol/codec/reader.js'],
    ['src-engine/lint-fixture.ts', '../src-protocol/codec/reader.js'],
    ['electron/lint-fixture.ts', '../src-backend/service.js'],
  ];
  for (const [path, spec] of allowed) {
    assert.deepEqual(await restrictedImports(path, use(spec)), [], `${path} may import ${spec}`);
  }
  const configDefinitions = "import { BROKER_CONFIGS } from '../src-engine/index.js';\nexport const used = BROKER_CONFIGS;\n";
  assert.deepEqual(await restrictedImports('src-backend/lint-fixture.ts', configDefinitions), [], 'src-backend may import config definitions');
});
