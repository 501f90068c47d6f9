#!/usr/bin/env node
/**
 * `kafkadesk broker --data-dir DIR --port 9092 [--host 127.0.0.1]`: the embedded broker, headless.
 * Prints its address once it serves and stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBroker } from './index.js';
import { listenerPorts, parseOverrides, parseUser } from './cli-args.js';
import { consoleLogger, type LogLevel } from './logger.js';
import { brokerDataDir, prepareMembership, runClusterLauncher } from './replication/launcher.js';
import { readMembership } from './replication/membership.js';

const USAGE = `Usage: kafkadesk broker [--data-dir DIR] [--port N] [--host ADDR] [--advertised-host NAME]
                        [--no-auto-create-topics] [--num-partitions N] [--log-level debug|info|warn|error]
                        [--override name=value ...] [--schema-registry-port N] [--brokers N] [--node-id ID]
                        [--user NAME:PASSWORD ...] [--tls auto]
  --data-dir   where topics are stored (default ~/.kafkadesk/data)
  --port       TCP port (default 9092; 0 picks a free one)
  --host       interface to bind (default 127.0.0.1; use 0.0.0.0 only if you mean it)
  --schema-registry-port  serve the embedded Schema Registry (Confluent's REST API) on this port; off unless given
  --brokers    run a replicated cluster of N broker processes (ids 1..N, ports PORT..PORT+N-1, DIR/broker-<id>/)
  --node-id    start broker ID of a cluster made with --brokers alone (uses DIR/broker-<id>/; it rejoins)
  --override   a Kafka broker config, e.g. log.retention.check.interval.ms=1000 (repeatable, as kafka-server-start);
               listeners=PLAINTEXT://127.0.0.1:9092,SASL_SSL://127.0.0.1:9093 and the other security configs too
  --user       a SASL user for PLAIN and SCRAM-SHA-256/512, stored salted in the data dir (repeatable)
  --tls auto   TLS listeners without a keystore get a development CA + server certificate under DATA_DIR/tls/
  See docs/BROKER-SECURITY.md.`;

function portOf(text: string, flag: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${flag} must be 0-65535, got ${text}`);
  return port;
}

/** With `listeners` given, `--port` may only name one of its ports. */
function checkPortAgainstListeners(portFlag: string | undefined, listeners: string | undefined): void {
  if (portFlag === undefined || listeners === undefined) return;
  const ports = listenerPorts(listeners);
  if (!ports.includes(String(Number(portFlag)))) {
    throw new Error(`--port ${portFlag} is not one of the ports in listeners (${listeners}); leave --port out or name one of them`);
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'broker') {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = command === undefined || command === '--help' ? 0 : 2;
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'advertised-host': { type: 'string' },
      'no-auto-create-topics': { type: 'boolean' },
      'num-partitions': { type: 'string' },
      'group-initial-rebalance-delay-ms': { type: 'string' },
      'log-level': { type: 'string' },
      override: { type: 'string', multiple: true },
      'schema-registry-port': { type: 'string' },
      user: { type: 'string', multiple: true },
      tls: { type: 'string' },
      brokers: { type: 'string' },
      'node-id': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const level = (values['log-level'] ?? 'info') as LogLevel;
  const logger = consoleLogger(level);
  const port = values.port === undefined ? 9092 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const overrides = values.override ? parseOverrides(values.override) : undefined;
  checkPortAgainstListeners(values.port, overrides?.listeners);
  if (values.tls !== undefined && values.tls !== 'auto') throw new Error(`--tls takes only "auto", got ${values.tls}`);
  const dataDir = values['data-dir'] ?? join(homedir(), '.kafkadesk', 'data');
  const brokers = values.brokers === undefined ? 1 : Number(values.brokers);
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > 32) throw new Error(`--brokers must be 1-32, got ${values.brokers}`);
  // Each broker's registration carries one address (its inter-broker PLAINTEXT one), so Metadata could not answer
  // per listener: refuse the combination rather than hand SASL/TLS clients the wrong address.
  if ((brokers > 1 || values['node-id'] !== undefined) && (overrides?.listeners !== undefined || values.tls !== undefined)) {
    throw new Error('--brokers N runs PLAINTEXT brokers only for now: leave out listeners=… and --tls (see docs/CLUSTER.md)');
  }
  if (brokers > 1 && values['node-id'] === undefined) {
    const membership = prepareMembership(dataDir, brokers, values.host ?? '127.0.0.1', port);
    const passThrough = rest.filter((_, i) => !isLauncherArg(rest, i));
    await runClusterLauncher(process.argv[1]!, dataDir, membership, passThrough);
    return;
  }
  const nodeId = values['node-id'] === undefined ? undefined : Number(values['node-id']);
  const membership = nodeId === undefined ? null : readMembership(brokerDataDir(dataDir, nodeId));
  if (nodeId !== undefined && !membership) throw new Error(`${brokerDataDir(dataDir, nodeId)} holds no cluster membership: start the cluster with --brokers N first`);
  const handle = await startBroker({
    dataDir: nodeId === undefined ? dataDir : brokerDataDir(dataDir, nodeId),
    ...(nodeId !== undefined ? { nodeId } : {}),
    ...(membership ? { membership } : {}),
    port: membership && values.port === undefined ? (membership.members.find((m) => m.nodeId === nodeId)?.port ?? port) : port,
    host: values.host ?? '127.0.0.1',
    ...(values['advertised-host'] ? { advertisedHost: values['advertised-host'] } : {}),
    autoCreateTopics: !values['no-auto-create-topics'],
    ...(values['num-partitions'] ? { numPartitions: Number(values['num-partitions']) } : {}),
    ...(values['group-initial-rebalance-delay-ms'] ? { groupInitialRebalanceDelayMs: Number(values['group-initial-rebalance-delay-ms']) } : {}),
    ...(overrides ? { configs: overrides } : {}),
    ...(values.user ? { users: values.user.map(parseUser) } : {}),
    ...(values.tls === 'auto' ? { tlsAuto: true } : {}),
    ...(values['schema-registry-port'] !== undefined ? { schemaRegistryPort: portOf(values['schema-registry-port'], '--schema-registry-port') } : {}),
    logger,
  });
  if (membership) process.stdout.write(`broker ${handle.nodeId} listening on ${handle.host}:${handle.port} pid ${process.pid}\n`);
  else process.stdout.write(`KafkaDesk broker listening on ${handle.host}:${handle.port} (started in ${handle.startupMs.toFixed(0)} ms)\n`);
  if (handle.listeners.length > 1 || handle.listeners[0]?.protocol !== 'PLAINTEXT') {
    for (const l of handle.listeners) process.stdout.write(`  listener ${l.name} (${l.protocol}) on ${l.host}:${l.port}\n`);
  }
  if (handle.devCa) process.stdout.write(`  clients trust the dev CA ${handle.devCa.caCertPath} (SHA-256 ${handle.devCa.fingerprint})\n`);
  if (handle.schemaRegistryUrl) process.stdout.write(`Schema Registry listening on ${handle.schemaRegistryUrl}\n`);
  const shutdown = (signal: string): void => {
    logger.info(`${signal} received, stopping`);
    handle.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`stop failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/** Flags the launcher sets per broker itself (with their values), not passed through. */
function isLauncherArg(args: string[], i: number): boolean {
  const own = ['--brokers', '--data-dir', '--port', '--host', '--node-id'];
  const a = args[i]!;
  if (own.some((f) => a === f || a.startsWith(`${f}=`))) return true;
  const prev = args[i - 1];
  return prev !== undefined && own.includes(prev);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`kafkadesk: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
