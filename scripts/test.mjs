#!/usr/bin/env node
// `npm test`: installs the test system dependencies, builds if the end-to-end
// suite needs it, runs every suite in order, and ends with one line
// "N passed, N failed, N skipped" aggregated over all of them. Exits non-zero if
// anything failed, including a suite that crashed without reporting counts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results', 'runner');
// A whole suite may not run longer than this: the CI budget is 90 minutes.
const SUITE_TIMEOUT_MS = Number(process.env.KAFKADESK_SUITE_TIMEOUT_MS ?? 25 * 60_000);
// node:test applies --test-timeout to each test file as a whole too (a file is one
// test of the runner), so this is a per-file ceiling: a hung file fails instead of
// eating the suite budget. Tests that may hang set their own, tighter { timeout }.
const TEST_TIMEOUT_MS = Number(process.env.KAFKADESK_TEST_TIMEOUT_MS ?? 600_000);

const totals = { passed: 0, failed: 0, skipped: 0 };
const report = [];

function log(msg) {
  process.stdout.write(`\n=== ${msg}\n`);
}

/** Runs a command with inherited stdio; resolves to its exit code (null on signal/timeout). */
function runInherited(cmd, args, { env = process.env, timeoutMs = SUITE_TIMEOUT_MS } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => {
      process.stdout.write(`\n!!! ${cmd} ${args.join(' ')} exceeded ${timeoutMs} ms; killing it\n`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      process.stdout.write(`!!! could not start ${cmd}: ${err.message}\n`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise(code);
    });
  });
}

function findTests(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(p);
      } else if (/\.test\.(ts|mts|js|mjs)$/.test(entry.name)) {
        out.push(relative(root, p));
      }
    }
  };
  walk(abs);
  return out.sort();
}

/** Reads node:test's closing "# pass N" / "# fail N" ... lines from its TAP output. */
function parseTapSummary(text) {
  const count = (name) => {
    const matches = [...text.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))];
    const last = matches.at(-1);
    return last ? Number(last[1]) : null;
  };
  const pass = count('pass');
  const fail = count('fail');
  if (pass === null || fail === null) return null;
  return {
    passed: pass,
    // A cancelled test (its file crashed or timed out) did not pass.
    failed: fail + (count('cancelled') ?? 0),
    // todo tests are known gaps, reported as skipped so they stay visible.
    skipped: (count('skipped') ?? 0) + (count('todo') ?? 0),
  };
}

async function runNodeSuite(name, dir) {
  const files = findTests(dir);
  if (files.length === 0) {
    log(`${name}: no tests in ${dir}, skipping`);
    return;
  }
  log(`${name}: ${files.length} file(s) in ${dir}`);
  const tapFile = join(resultsDir, `${name}.tap`);
  rmSync(tapFile, { force: true });
  const args = [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ];
  const code = await runInherited(process.execPath, args);
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  record(name, code, tap ? parseTapSummary(tap) : null, failedTestNames(tap));
}

/** Names of failed tests (and of their failed parents), so the summary says what broke. */
function failedTestNames(tap) {
  const names = [];
  for (const m of tap.matchAll(/^\s*not ok \d+ - (.*)$/gm)) {
    const line = m[1] ?? '';
    if (/ # TODO\b/.test(line)) continue;
    names.push(line.replace(/ # .*$/, '').replace(/\\#/g, '#'));
  }
  return [...new Set(names)];
}

async function runPlaywright() {
  const config = 'test/e2e/playwright.config.ts';
  if (!existsSync(join(root, config))) {
    log(`e2e: ${config} not present, skipping`);
    return;
  }
  log(`e2e: playwright test -c ${config}`);
  const jsonFile = join(resultsDir, 'e2e.json');
  rmSync(jsonFile, { force: true });
  const env = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile };
  const code = await runInherited('npx', ['playwright', 'test', '-c', config, '--reporter=list,json'], { env });
  let summary = null;
  if (existsSync(jsonFile)) {
    try {
      const stats = JSON.parse(readFileSync(jsonFile, 'utf8')).stats ?? {};
      summary = {
        passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
        failed: stats.unexpected ?? 0,
        skipped: stats.skipped ?? 0,
      };
    } catch (err) {
      process.stdout.write(`!!! could not read ${jsonFile}: ${err.message}\n`);
    }
  }
  record('e2e', code, summary);
}

function record(name, code, summary, failedNames = []) {
  const s = summary ?? { passed: 0, failed: 0, skipped: 0 };
  // Exit code and counts must agree; a crash that reported no failure still fails.
  if (code !== 0 && s.failed === 0) s.failed = 1;
  totals.passed += s.passed;
  totals.failed += s.failed;
  totals.skipped += s.skipped;
  const note = summary ? '' : ' (no summary found)';
  report.push(`${name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, exit ${code}${note}`);
  for (const failed of failedNames.slice(0, 30)) report.push(`    failed: ${failed}`);
}

/** Newest mtime under the given paths (recursively). */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') visit(join(p, e));
    } else if (st.mtimeMs > max) max = st.mtimeMs;
  };
  for (const p of paths) visit(join(root, p));
  return max;
}

/** The e2e suite runs the built app; unit/engine/backend suites run TypeScript through tsx. */
async function buildIfNeeded() {
  if (!existsSync(join(root, 'test/e2e/playwright.config.ts'))) return true;
  const sources = ['src-engine', 'src-common', 'src-backend', 'electron', 'renderer', 'package.json', 'scripts/build-electron.mjs', 'scripts/build-cli.mjs'];
  if (existsSync(join(root, 'dist')) && newest(['dist']) >= newest(sources)) {
    log('build: dist/ is up to date');
    return true;
  }
  log('build: npm run build');
  const code = await runInherited('npm', ['run', 'build']);
  if (code !== 0) {
    totals.failed += 1;
    report.push(`build: npm run build failed (exit ${code}); e2e not run`);
    return false;
  }
  return true;
}

async function main() {
  mkdirSync(resultsDir, { recursive: true });

  log('setup: scripts/setup-test-deps.sh');
  const setup = spawnSync('bash', [join(root, 'scripts/setup-test-deps.sh')], { cwd: root, stdio: 'inherit' });
  if (setup.status !== 0) process.stdout.write('!!! setup-test-deps.sh failed; tests needing missing clients will skip\n');

  // `node scripts/test.mjs engine backend` runs only those suites (Node 20's runner has no globs).
  const wanted = new Set(process.argv.slice(2));
  const runs = (suite) => wanted.size === 0 || wanted.has(suite);
  const built = runs('e2e') ? await buildIfNeeded() : false;
  if (runs('unit')) await runNodeSuite('unit', 'test/unit');
  if (runs('engine')) await runNodeSuite('engine', 'test/engine');
  // Real Apache Kafka vs the engine, scenario by scenario (needs Java; skips without the reference Kafka).
  if (runs('diff')) await runNodeSuite('diff', 'test/diff');
  if (runs('backend')) await runNodeSuite('backend', 'test/backend');
  if (built) await runPlaywright();

  log('summary');
  for (const line of report) process.stdout.write(`  ${line}\n`);
  const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
  process.exitCode = totals.failed > 0 ? 1 : 0;
}

await main();
