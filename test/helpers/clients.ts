// Runs the real Kafka clients (kcat, python, Go programs) as child processes for
// the compatibility tests. Every run is bounded: a timeout SIGKILLs the child, and
// children still alive when the test process exits are killed too, so a hung
// client can never wedge CI.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunOptions {
  timeoutMs: number;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Buffer;
  /** Leave stdin open (for writing to `child.stdin` later) instead of closing it at once. */
  keepStdinOpen?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with each stderr chunk as it arrives (e.g. to detect "Reached end"). */
  onStderr?: (chunk: string) => void;
  onStdout?: (chunk: string) => void;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  timedOut: boolean;
}

/** A client process that was started and is still being waited on. */
export interface RunningClient {
  child: ChildProcess;
  done: Promise<RunResult>;
  kill(): void;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts `cmd` and returns immediately; `done` settles when it exits or times out. */
export function start(cmd: string, args: readonly string[], opts: RunOptions): RunningClient {
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? repoRoot,
    env: opts.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  const out: Buffer[] = [];
  let stderr = '';
  let timedOut = false;
  child.stdout?.on('data', (b: Buffer) => {
    out.push(b);
    opts.onStdout?.(b.toString('utf8'));
  });
  child.stderr?.on('data', (b: Buffer) => {
    const s = b.toString('utf8');
    stderr += s;
    opts.onStderr?.(s);
  });
  // EPIPE when a client exits before reading all of stdin is reported via its exit code.
  child.stdin?.on('error', () => undefined);
  if (opts.input !== undefined) child.stdin?.end(opts.input);
  else if (!opts.keepStdinOpen) child.stdin?.end();

  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs);

  const done = new Promise<RunResult>((resolvePromise) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      live.delete(child);
      const stdoutBytes = Buffer.concat(out);
      resolvePromise({ code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr, timedOut });
    };
    child.on('error', (err) => {
      stderr += `spawn error: ${err.message}\n`;
      finish(null, null);
    });
    child.on('close', finish);
  });
  return { child, done, kill: () => child.kill('SIGKILL') };
}

export function run(cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return start(cmd, args, opts).done;
}

/** Throws with the client's own output when it did not exit 0: that output is the bug report. */
export function assertOk(what: string, r: RunResult): RunResult {
  if (r.code !== 0) {
    const why = r.timedOut ? 'timed out' : `exited with code ${String(r.code)} signal ${String(r.signal)}`;
    throw new Error(`${what} ${why}\n--- stderr ---\n${r.stderr.slice(-4000)}\n--- stdout ---\n${r.stdout.slice(-2000)}`);
  }
  return r;
}

// ---------------------------------------------------------------- availability

function commandWorks(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
  return r.status === 0;
}

const missingHint = 'run scripts/setup-test-deps.sh as root to install it';

/** Debian's python3: its dist-packages hold the apt-installed Kafka clients (a pyenv python3 on PATH would not see them). */
export const python3 = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Each returns null when the client is usable, else a skip reason for node:test. */
export function kcatMissing(): string | null {
  return commandWorks('kcat', ['-V']) ? null : `kcat not installed (${missingHint})`;
}

export function confluentKafkaMissing(): string | null {
  return commandWorks(python3, ['-c', 'import confluent_kafka'])
    ? null
    : `python3-confluent-kafka not installed (${missingHint})`;
}

export function kafkaPythonMissing(): string | null {
  return commandWorks(python3, ['-c', 'import kafka']) ? null : `python3-kafka not installed (${missingHint})`;
}

/** kafka-python compresses through optional Python modules, each its own Debian package. */
export function kafkaPythonCodecMissing(codec: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'): string | null {
  const needs = { none: null, gzip: null, snappy: ['snappy', 'python3-snappy'], lz4: ['lz4.frame', 'python3-lz4'], zstd: ['zstandard', 'python3-zstandard'] }[codec];
  if (needs === null) return kafkaPythonMissing();
  return kafkaPythonMissing() ?? (commandWorks(python3, ['-c', `import ${needs[0]}`]) ? null : `${needs[1]} not installed (${missingHint})`);
}

export const goPath = '/usr/share/gocode';

export function saramaMissing(): string | null {
  if (!commandWorks('go', ['version'])) return `go not installed (${missingHint})`;
  if (!existsSync(join(goPath, 'src/github.com/Shopify/sarama'))) {
    return `golang-github-shopify-sarama-dev not installed (${missingHint})`;
  }
  return null;
}

// ---------------------------------------------------------------- client runners

export function kcat(args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return run('kcat', args, opts);
}

export const pythonDir = join(repoRoot, 'test/engine/clients/python');

/** Starts a script from test/engine/clients/python with Debian's python3; see start(). */
export function startPython(script: string, args: readonly string[], opts: RunOptions): RunningClient {
  // Unbuffered so partial output survives a timeout kill.
  const env = { ...(opts.env ?? process.env), PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };
  return start(python3, [join(pythonDir, script), ...args], { ...opts, env });
}

export function python(script: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return startPython(script, args, opts).done;
}

/**
 * Builds a Go program in GOPATH mode against the Debian-packaged sources under
 * /usr/share/gocode: CI can reach no Go module proxy, so modules are not an option.
 * The build cache lives in the OS temp dir, shared across runs for speed.
 */
export async function buildGo(source: string, outName: string, timeoutMs = 300_000): Promise<string> {
  const outDir = join(tmpdir(), 'kafkadesk-go-bin');
  const cache = join(tmpdir(), 'kafkadesk-go-cache');
  mkdirSync(outDir, { recursive: true });
  mkdirSync(cache, { recursive: true });
  const out = join(outDir, outName);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GO111MODULE: 'off',
    GOPATH: goPath,
    GOCACHE: cache,
    GOFLAGS: '',
    GOPROXY: 'off',
  };
  assertOk(`go build ${source}`, await run('go', ['build', '-o', out, resolve(repoRoot, source)], { timeoutMs, env }));
  return out;
}

/** Parses newline-delimited JSON output, failing with the raw text when a line isn't JSON. */
export function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as T;
      } catch {
        throw new Error(`not a JSON line: ${l.slice(0, 500)}`);
      }
    });
}

/** The JSON object a client script prints as its last line of output. */
export function lastJsonLine<T>(what: string, stdout: string): T {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`${what} printed no JSON report:\n${stdout}`);
  }
}

/** Polls `cond` until it returns true or `timeoutMs` passes; throws with `what` on timeout. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
