// Typed wrappers for the modern client drivers in test/clients/ (Java kafka-clients 4.x,
// confluent-kafka 2.x, kafka-python 3.x, franz-go, IBM/sarama). Every driver takes one JSON
// command as its argument and prints JSON lines (protocol: test/clients/README.md); bytes travel
// as base64. scripts/clients/setup.sh installs and builds them; here it runs once per test process
// in --offline mode (never downloads, rebuilds a driver whose sources changed) and says per client
// how to run it or why it is missing, which becomes the test's skip reason.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertOk, repoRoot, start, waitFor, type RunResult, type RunningClient } from './clients.js';

export type ModernClient = 'java' | 'confluent-kafka' | 'kafka-python' | 'franz-go' | 'sarama';
export const modernClients: readonly ModernClient[] = ['java', 'confluent-kafka', 'kafka-python', 'franz-go', 'sarama'];

/** What each driver is, for test names. */
export const modernClientLabel: Record<ModernClient, string> = {
  java: 'Java kafka-clients 4.4',
  'confluent-kafka': 'confluent-kafka 2.16 (librdkafka 2.16)',
  'kafka-python': 'kafka-python 3.0',
  'franz-go': 'franz-go 1.22',
  sarama: 'IBM/sarama 1.61',
};

type SetupStatus = Record<ModernClient, { command: string[] } | { missing: string }>;
let status: SetupStatus | undefined;

function setupStatus(): SetupStatus {
  if (status) return status;
  const script = join(repoRoot, 'scripts/clients/setup.sh');
  const r = spawnSync('bash', [script, '--offline'], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
  const last = (r.stdout ?? '').trim().split('\n').at(-1) ?? '';
  try {
    status = JSON.parse(last) as SetupStatus;
  } catch {
    const why = `scripts/clients/setup.sh --offline printed no status (${r.error?.message ?? `exit ${String(r.status)}`}): ${(r.stderr ?? '').slice(-500)}`;
    status = Object.fromEntries(modernClients.map((c) => [c, { missing: why }])) as SetupStatus;
  }
  return status;
}

/** null when the driver can run, else a skip reason for node:test. */
export function modernClientMissing(client: ModernClient): string | null {
  const s = setupStatus()[client];
  return 'missing' in s ? `${modernClientLabel[client]}: ${s.missing}` : null;
}

function driverCommand(client: ModernClient): string[] {
  const s = setupStatus()[client];
  if ('missing' in s) throw new Error(`${client} driver unavailable: ${s.missing}`);
  return s.command;
}

// ---------------------------------------------------------------- protocol types

export type Bytes = Buffer | string | null;
export interface HeaderIn {
  key: string;
  value: Bytes;
}
export interface RecordIn {
  key?: Bytes;
  value?: Bytes;
  headers?: HeaderIn[];
  partition?: number;
  /** CreateTime in ms. */
  timestamp?: number;
}
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export type Isolation = 'read_uncommitted' | 'read_committed';

interface CommandBase {
  bootstrap: string;
  /** Extra client settings under the client's own names (Java/librdkafka properties, kafka-python kwargs); ignored by the Go drivers. */
  config?: Record<string, string | number | boolean>;
  timeoutMs?: number;
}
export interface ProduceCommand extends CommandBase {
  topic: string;
  records: RecordIn[];
  acks?: -1 | 0 | 1;
  /** Default false (each driver sets it explicitly; a transactional producer is always idempotent). */
  idempotent?: boolean;
  compression?: Compression;
  transactionalId?: string;
  /** How the one transaction ends (default commit); only with transactionalId. */
  endTransaction?: 'commit' | 'abort';
}
export interface ConsumeCommand extends CommandBase {
  topic: string;
  /** Default: every partition of the topic. */
  partitions?: number[];
  from?: 'earliest' | 'latest' | number;
  count: number;
  isolation?: Isolation;
}
export interface GroupConsumeCommand extends CommandBase {
  topics: string[];
  group: string;
  /** Stop after this many records (default: no limit). */
  count?: number;
  /** Stop after this long (default: timeoutMs, 60 s). */
  durationMs?: number;
  isolation?: Isolation;
  /** auto.offset.reset. */
  from?: 'earliest' | 'latest';
  /** sync: commit each poll's records (default); auto: the client's auto-commit; none. */
  commit?: 'sync' | 'auto' | 'none';
  /** range | roundrobin | sticky | cooperative-sticky (classic); uniform | range (protocol consumer, server-side). */
  assignor?: string;
  /** classic (default) or consumer (KIP-848), where the client supports it. */
  protocol?: 'classic' | 'consumer';
  instanceId?: string;
  sessionTimeoutMs?: number;
}
export interface TopicSpec {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
}
export type AdminCommand = CommandBase &
  (
    | { action: 'create-topics'; topics: TopicSpec[]; validateOnly?: boolean }
    | { action: 'delete-topics' | 'describe-topics'; topics: string[] }
    | { action: 'describe-configs'; topics?: string[]; brokers?: number[] }
    | { action: 'alter-configs'; topic: string; set?: Record<string, string>; delete?: string[] }
  );

export interface KafkaErrorInfo {
  /** Kafka's error code, or null for a client-side failure. */
  code: number | null;
  name: string;
  message: string;
}
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}
export interface TopicPartitionRef {
  topic: string;
  partition: number;
}
export interface ConfigValue {
  value: string | null;
  source: string;
  readOnly: boolean;
  sensitive: boolean;
}
export type DriverLine =
  | { type: 'produced'; index: number; partition: number; offset: number; error: null }
  | { type: 'produced'; index: number; error: KafkaErrorInfo }
  | ({ type: 'record' } & ConsumedRecord)
  | { type: 'assignment'; event: 'assigned' | 'revoked' | 'lost'; changed: TopicPartitionRef[]; partitions: TopicPartitionRef[] }
  | { type: 'committed'; offsets: (TopicPartitionRef & { offset: number })[] }
  | { type: 'topic-created' | 'topic-deleted' | 'configs-altered'; name: string; error: KafkaErrorInfo | null }
  | {
      type: 'topic';
      name: string;
      error: KafkaErrorInfo | null;
      topicId?: string;
      internal?: boolean;
      partitions?: { partition: number; leader: number; replicas: number[]; isr: number[] }[];
    }
  | { type: 'configs'; resourceType: 'topic' | 'broker'; name: string; error: KafkaErrorInfo | null; configs?: Record<string, ConfigValue> }
  | { type: 'done'; count?: number; timedOut?: boolean }
  | { type: 'error'; error: KafkaErrorInfo };

// ---------------------------------------------------------------- running a driver

const b64 = (b: Bytes | undefined): string | null =>
  b === null || b === undefined ? null : (typeof b === 'string' ? Buffer.from(b, 'utf8') : b).toString('base64');
const unb64 = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'base64'));

function wireCommand(op: string, cmd: object): string {
  const c = { ...cmd } as Record<string, unknown>;
  if ('records' in c) {
    c.records = (cmd as ProduceCommand).records.map((r) => ({
      ...r,
      key: b64(r.key),
      value: b64(r.value),
      headers: (r.headers ?? []).map((h) => ({ key: h.key, value: b64(h.value) })),
    }));
  }
  return JSON.stringify({ op, ...c });
}

function parseLine(raw: string): DriverLine {
  const line = JSON.parse(raw) as DriverLine;
  if (line.type === 'record') {
    const wire = line as unknown as { key: string | null; value: string | null; headers: { key: string; value: string | null }[] };
    return { ...line, key: unb64(wire.key), value: unb64(wire.value), headers: wire.headers.map((h) => ({ key: h.key, value: unb64(h.value) })) };
  }
  return line;
}

export function parseDriverOutput(stdout: string): DriverLine[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map(parseLine);
}

export interface DriverRun {
  lines: DriverLine[];
  result: RunResult;
}

export interface RunningDriver {
  client: RunningClient;
  /** Lines printed so far. */
  lines(): DriverLine[];
  /** stderr so far (the client's own log). */
  stderr(): string;
}

/** Starts `client` with one command; stdin stays open (group-consume stops on a "stop" line). */
export function startDriver(client: ModernClient, op: string, cmd: CommandBase): RunningDriver {
  const [exe = '', ...args] = driverCommand(client);
  let buffered = '';
  const lines: DriverLine[] = [];
  let stderr = '';
  const running = start(exe, [...args, wireCommand(op, cmd)], {
    onStderr: (chunk) => {
      stderr = (stderr + chunk).slice(-64_000);
    },
    timeoutMs: (cmd.timeoutMs ?? 60_000) + 60_000,
    keepStdinOpen: true,
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    onStdout: (chunk) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const p of parts) if (p.trim().startsWith('{')) lines.push(parseLine(p));
    },
  });
  return { client: running, lines: () => lines, stderr: () => stderr };
}

/** Runs one command to its end; lines are returned whatever the exit code. */
export async function runDriver(client: ModernClient, op: string, cmd: CommandBase): Promise<DriverRun> {
  const d = startDriver(client, op, cmd);
  d.client.child.stdin?.end();
  const result = await d.client.done;
  return { lines: parseDriverOutput(result.stdout), result };
}

/** Thrown when a driver reports an error line: carries Kafka's error code and name. */
export class DriverError extends Error {
  constructor(
    readonly client: ModernClient,
    readonly error: KafkaErrorInfo,
    readonly result: RunResult,
  ) {
    super(`${client}: ${error.name} (${String(error.code)}): ${error.message}\n--- stderr ---\n${result.stderr.slice(-3000)}`);
  }
}

async function runOk(client: ModernClient, op: string, cmd: CommandBase): Promise<DriverLine[]> {
  const { lines, result } = await runDriver(client, op, cmd);
  const err = lines.find((l) => l.type === 'error');
  if (err && err.type === 'error') throw new DriverError(client, err.error, result);
  assertOk(`${client} ${op}`, result);
  return lines;
}

const ofType = <T extends DriverLine['type']>(lines: DriverLine[], type: T): Extract<DriverLine, { type: T }>[] =>
  lines.filter((l): l is Extract<DriverLine, { type: T }> => l.type === type);

export type ProduceOutcome = { partition: number; offset: number } | { error: KafkaErrorInfo };

/** Each record's outcome in order: where it went, or Kafka's error for it (e.g. KIP-467 record errors). */
export async function produceEach(client: ModernClient, cmd: ProduceCommand): Promise<ProduceOutcome[]> {
  const lines = await runOk(client, 'produce', cmd);
  return ofType(lines, 'produced')
    .sort((a, b) => a.index - b.index)
    .map((l) => ('partition' in l ? { partition: l.partition, offset: l.offset } : { error: l.error }));
}

/** Where each record went; throws DriverError when any record failed. */
export async function produce(client: ModernClient, cmd: ProduceCommand): Promise<{ partition: number; offset: number }[]> {
  const { lines, result } = await runDriver(client, 'produce', cmd);
  const failed = lines.find((l) => l.type === 'error' || (l.type === 'produced' && l.error !== null));
  if (failed && (failed.type === 'error' || failed.type === 'produced') && failed.error) throw new DriverError(client, failed.error, result);
  assertOk(`${client} produce`, result);
  return ofType(lines, 'produced')
    .sort((a, b) => a.index - b.index)
    .map((l) => ('partition' in l ? { partition: l.partition, offset: l.offset } : { partition: -1, offset: -1 }));
}

export async function consume(client: ModernClient, cmd: ConsumeCommand): Promise<{ records: ConsumedRecord[]; timedOut: boolean }> {
  const lines = await runOk(client, 'consume', cmd);
  const done = ofType(lines, 'done').at(-1);
  return { records: ofType(lines, 'record'), timedOut: done?.timedOut ?? true };
}

export async function admin(client: ModernClient, cmd: AdminCommand): Promise<DriverLine[]> {
  return (await runOk(client, 'admin', cmd)).filter((l) => l.type !== 'done');
}

export interface GroupConsumer {
  lines(): DriverLine[];
  records(): ConsumedRecord[];
  /** The member's current assignment (after its latest change). */
  assignment(): TopicPartitionRef[];
  waitFor(what: string, cond: (lines: DriverLine[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Asks the member to stop (commit, leave the group) and waits for it to exit. */
  stop(): Promise<DriverLine[]>;
  /** Waits for the member to stop by itself (count or duration). */
  done(): Promise<DriverLine[]>;
}

export function startGroupConsumer(client: ModernClient, cmd: GroupConsumeCommand): GroupConsumer {
  const d = startDriver(client, 'group-consume', cmd);
  let exited = false;
  const finished = d.client.done.then((result) => {
    exited = true;
    const lines = parseDriverOutput(result.stdout);
    const err = ofType(lines, 'error').at(0);
    if (err) throw new DriverError(client, err.error, result);
    assertOk(`${client} group-consume`, result);
    return lines;
  });
  finished.catch(() => undefined); // reported by done()/stop(); not an unhandled rejection meanwhile
  return {
    lines: d.lines,
    records: () => ofType(d.lines(), 'record'),
    assignment: () => ofType(d.lines(), 'assignment').at(-1)?.partitions ?? [],
    async waitFor(what, cond, timeoutMs = 60_000) {
      try {
        await waitFor(what, () => {
          if (cond(d.lines())) return true;
          if (exited) throw new Error(`${client} group member exited before ${what}`);
          return false;
        }, timeoutMs);
      } catch (err) {
        // What the member did so far is the bug report.
        const seen = d.lines().filter((l) => l.type !== 'record').map((l) => JSON.stringify(l)).slice(-20).join('\n');
        throw new Error(`${(err as Error).message}\n--- ${client} lines ---\n${seen}\n--- stderr ---\n${d.stderr().slice(-3000)}`, { cause: err });
      }
    },
    async stop() {
      if (!exited) d.client.child.stdin?.write('stop\n');
      return finished;
    },
    done: () => finished,
  };
}
