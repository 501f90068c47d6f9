// kcat (librdkafka 2.0.2) invocations shared by the kcat tests. Messages are
// framed with ASCII record/unit separators instead of newlines so values may
// contain newlines and tabs and still round-trip byte for byte.
import { assertOk, jsonLines, kcat, start, type RunningClient } from '../../helpers/clients.js';

export const MSG_DELIM = '\x1e';
export const KEY_DELIM = '\x1f';
export const CLIENT_TIMEOUT_MS = 60_000;

/** Options librdkafka needs so a broken broker fails the test quickly instead of retrying for minutes. */
const commonX = ['-X', 'socket.timeout.ms=15000', '-X', 'metadata.max.age.ms=10000'];

export interface KcatMessage {
  topic: string;
  partition: number;
  offset: number;
  tstype: string;
  ts: number;
  broker: number;
  /** kcat 1.7.1 prints headers as a flat [name, value, name, value, ...] array (its -h text says object). */
  headers?: string[];
  key: string | null;
  payload: string | null;
}

export interface ProduceOptions {
  partition?: number;
  codec?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  /** Sent with every message of the run, in this order (-H name=value); names may repeat. */
  headers?: [string, string][];
  extra?: string[];
}

/** Produces `messages` (key null = no key) with one kcat -P run; fails with kcat's output if it does. */
export async function kcatProduce(
  bootstrap: string,
  topic: string,
  messages: readonly { key: string | null; value: string | Buffer }[],
  opts: ProduceOptions = {},
): Promise<void> {
  const withKeys = messages.some((m) => m.key !== null);
  if (withKeys && messages.some((m) => m.key === null)) throw new Error('kcatProduce: mix of keyed and unkeyed messages');
  const input = Buffer.concat(
    messages.map((m) =>
      Buffer.concat([
        withKeys ? Buffer.from(`${m.key ?? ''}${KEY_DELIM}`) : Buffer.alloc(0),
        Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value),
        Buffer.from(MSG_DELIM),
      ]),
    ),
  );
  const args = ['-P', '-b', bootstrap, '-t', topic, '-D', '\\x1e', ...commonX, '-X', 'message.timeout.ms=30000'];
  if (withKeys) args.push('-K', '\\x1f');
  if (opts.partition !== undefined) args.push('-p', String(opts.partition));
  if (opts.codec !== undefined && opts.codec !== 'none') args.push('-z', opts.codec);
  for (const [k, v] of opts.headers ?? []) args.push('-H', `${k}=${v}`);
  args.push(...(opts.extra ?? []));
  const r = assertOk(`kcat ${args.join(' ')}`, await kcat(args, { input, timeoutMs: CLIENT_TIMEOUT_MS }));
  // kcat reports failed deliveries on stderr but may still exit 0.
  if (/Delivery failed|Failed to produce/i.test(r.stderr)) {
    throw new Error(`kcat produce reported errors:\n${r.stderr}`);
  }
}

/** kcat -C ... -e -J: consume until end of partition(s), return the JSON envelopes. */
export async function kcatConsume(
  bootstrap: string,
  topic: string,
  offset: string,
  opts: { partition?: number; extra?: string[] } = {},
): Promise<KcatMessage[]> {
  // check.crcs: librdkafka verifies every batch's CRC32C, so a broker that rewrote
  // bytes under the CRC (anything but baseOffset/length/leader epoch) fails here.
  const args = ['-C', '-b', bootstrap, '-t', topic, '-o', offset, '-e', '-J', '-q', '-X', 'check.crcs=true', ...commonX];
  if (opts.partition !== undefined) args.push('-p', String(opts.partition));
  args.push(...(opts.extra ?? []));
  const r = assertOk(`kcat ${args.join(' ')}`, await kcat(args, { timeoutMs: CLIENT_TIMEOUT_MS }));
  return jsonLines<KcatMessage>(r.stdout);
}

/** kcat -C with raw output: every payload followed by the record separator, nothing else. */
export async function kcatConsumeRaw(bootstrap: string, topic: string): Promise<Buffer> {
  const args = ['-C', '-b', bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q', '-D', '\\x1e', '-X', 'check.crcs=true', ...commonX];
  return assertOk(`kcat ${args.join(' ')}`, await kcat(args, { timeoutMs: CLIENT_TIMEOUT_MS })).stdoutBytes;
}

/** Starts a long-running kcat consumer (no -e); the caller kills it or waits for -c to end it. */
export function kcatConsumerProcess(args: readonly string[], onStderr: (s: string) => void): RunningClient {
  return start('kcat', [...args, ...commonX], { timeoutMs: CLIENT_TIMEOUT_MS, onStderr });
}
