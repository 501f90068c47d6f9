/**
 * security.listeners: a broker's listeners from its own configs (DescribeConfigs: listeners, advertised.listeners,
 * listener.security.protocol.map, sasl.enabled.mechanisms, ssl.client.auth and their listener.name.<l>.* forms) and
 * the one the console itself came in through (DescribeCluster answers with the broker's address on that listener).
 */

import type { ListenerInfo, ListenersView } from '../../../src-common/contract/security.js';
import { ConfigResourceTypes } from '../../kafka/kafkajs.js';
import type { ClusterConnection } from '../../kafka/connection.js';
import { DESCRIBE_CLUSTER } from '../../kafka/wire-apis.js';
import { KafkaWireError } from '../../kafka/wire-connection.js';
import { fail } from '../../errors.js';
import { errorName } from '../../../src-protocol/error-codes.js';

/** Kafka's default listener.security.protocol.map. */
const DEFAULT_PROTOCOLS = 'PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL';

interface Endpoint { name: string; host: string; port: number }

/** `NAME://host:port,...` (IPv6 hosts in brackets), as Kafka's CoreUtils.listenerListToEndPoints reads it. */
export function parseEndpoints(value: string | null | undefined): Endpoint[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean).flatMap((entry) => {
    const m = /^([A-Za-z0-9_.-]+):\/\/(\[[^\]]*\]|[^:]*):(-?\d+)$/.exec(entry);
    return m ? [{ name: m[1]!.toUpperCase(), host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) }] : [];
  });
}

function parseProtocolMap(value: string | null | undefined): Map<string, string> {
  return new Map((value || DEFAULT_PROTOCOLS).split(',').map((s) => s.trim().split(':')).filter((kv) => kv.length === 2)
    .map(([k, v]) => [k!.toUpperCase(), v!.toUpperCase()]));
}

const list = (value: string | null | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export async function brokerConfigs(connection: ClusterConnection, brokerId: number): Promise<Map<string, string | null>> {
  const admin = await connection.admin();
  const result = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: String(brokerId) }] });
  const r = result.resources[0] ?? fail('not-found', `no config resource broker ${brokerId}`);
  if (r.errorCode) fail('kafka', r.errorMessage || `DescribeConfigs failed: ${errorName(r.errorCode)}`, { kafkaCode: r.errorCode, kafkaName: errorName(r.errorCode) });
  return new Map(r.configEntries.map((e) => [e.configName, e.configValue ?? null]));
}

/** The cluster's brokers as the console's listener advertises them. */
export async function describeCluster(connection: ClusterConnection): Promise<{ brokers: { brokerId: number; host: string; port: number }[] }> {
  const broker = await connection.wire().controller();
  const response = await broker.send(DESCRIBE_CLUSTER, { includeClusterAuthorizedOperations: false, endpointType: 1 });
  if (response.errorCode !== 0) throw new KafkaWireError(response.errorCode, response.errorMessage ?? undefined);
  return { brokers: response.brokers.map((b) => ({ brokerId: b.brokerId, host: b.host, port: b.port })) };
}

export interface ConsoleConnection { bootstrap: string[]; saslMechanism: string | null; tls: boolean }

export async function listListeners(connection: ClusterConnection, console: ConsoleConnection): Promise<ListenersView> {
  const cluster = await describeCluster(connection);
  const broker = cluster.brokers.slice().sort((a, b) => a.brokerId - b.brokerId)[0] ?? fail('not-found', 'the cluster lists no brokers');
  const configs = await brokerConfigs(connection, broker.brokerId);
  const perListener = (listener: string, name: string): string | null | undefined =>
    configs.get(`listener.name.${listener.toLowerCase()}.${name}`) ?? configs.get(name);
  const protocols = parseProtocolMap(configs.get('listener.security.protocol.map'));
  // Without `listeners` a broker has one PLAINTEXT listener (Kafka's default PLAINTEXT://:9092): the address it answered on.
  const configured = parseEndpoints(configs.get('listeners'));
  const bound = configured.length > 0 ? configured : [{ name: 'PLAINTEXT', host: broker.host, port: broker.port }];
  const advertised = new Map(parseEndpoints(configs.get('advertised.listeners')).map((e) => [e.name, e]));
  const interBroker = (configs.get('inter.broker.listener.name') || bound[0]?.name || '').toUpperCase();
  const bootstrapPorts = new Set(console.bootstrap.map((b) => Number(b.slice(b.lastIndexOf(':') + 1))));
  // The broker's address in DescribeCluster is the one advertised on the listener this connection uses.
  const seenAs = (e: Endpoint, adv: Endpoint | undefined): boolean => {
    const a = adv ?? e;
    return a.port === broker.port && (a.host === broker.host || a.host === '');
  };
  const listeners: ListenerInfo[] = bound.map((e) => {
    const protocol = protocols.get(e.name) ?? null;
    const adv = advertised.get(e.name);
    const sasl = protocol?.startsWith('SASL_') ?? false;
    const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
    return {
      name: e.name,
      securityProtocol: protocol,
      host: e.host,
      port: e.port,
      advertised: adv ? `${adv.host}:${adv.port}` : null,
      saslMechanisms: sasl ? list(perListener(e.name, 'sasl.enabled.mechanisms') ?? 'GSSAPI') : [],
      sslClientAuth: tls ? (perListener(e.name, 'ssl.client.auth') ?? 'none') : null,
      consoleConnected: false,
      interBroker: e.name === interBroker,
    };
  });
  const connectedIndex = bound.findIndex((e) => seenAs(e, advertised.get(e.name)));
  const fallbackIndex = connectedIndex >= 0 ? connectedIndex : bound.findIndex((e) => bootstrapPorts.has(e.port));
  if (fallbackIndex >= 0) listeners[fallbackIndex]!.consoleConnected = true;
  return {
    brokerId: broker.brokerId, listeners,
    consoleBootstrap: console.bootstrap, consoleSaslMechanism: console.saslMechanism, consoleTls: console.tls,
  };
}
