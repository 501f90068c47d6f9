/**
 * The committed codecs are what the generator makes from the vendored schemas: a schema update or a generator change
 * without `npm run gen:protocol` fails here. Also guards the repository's self-containment: no source reads a path
 * outside the repository (the schemas once lived beside it, only in CI's checkout).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './schema-model.js';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

test('src-protocol/generated is what scripts/gen-protocol makes from src-protocol/schemas', () => {
  const out = mkdtempSync(join(tmpdir(), 'kafkadesk-gen-'));
  try {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/gen-protocol/main.mjs'), '--out', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const committedDir = join(REPO_ROOT, 'src-protocol/generated');
    const committed = filesUnder(committedDir);
    assert.deepEqual(filesUnder(out), committed, 'generated file set differs: run npm run gen:protocol');
    const stale = committed.filter((f) => readFileSync(join(out, f), 'utf8') !== readFileSync(join(committedDir, f), 'utf8'));
    assert.deepEqual(stale, [], `stale generated files (run npm run gen:protocol): ${stale.join(', ')}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the vendored schemas keep Apache Kafka\'s LICENSE and NOTICE beside them', () => {
  const names = readdirSync(join(REPO_ROOT, 'src-protocol/schemas'));
  for (const required of ['LICENSE', 'NOTICE', 'messages']) assert.ok(names.includes(required), `${required} missing`);
});

test('no source, script or test reads a path outside the repository', () => {
  const offenders: string[] = [];
  const roots = ['src-protocol', 'src-engine', 'src-common', 'src-backend', 'electron', 'renderer', 'scripts', 'test', 'bench', '.ci', 'package.json'];
  const outside = /(?:\.\.\/)+shared\/(?:kafka-protocol|research|hooks)/;
  const visit = (p: string): void => {
    const abs = join(REPO_ROOT, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(abs)) if (!['node_modules', 'generated', 'schemas'].includes(entry)) visit(join(p, entry));
    } else if (/\.(ts|mts|mjs|js|cjs|vue|sh|json)$|^run$/.test(p.split('/').pop() ?? '')) {
      if (p.endsWith('generated-up-to-date.test.ts')) return;
      if (outside.test(readFileSync(abs, 'utf8'))) offenders.push(p);
    }
  };
  for (const r of roots) visit(r);
  assert.deepEqual(offenders, []);
});
