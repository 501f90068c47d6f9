/**
 * Kafka's listener configs (`listeners`, `listener.security.protocol.map`, `advertised.listeners`,
 * `inter.broker.listener.name`) resolved into the endpoints the broker binds, as Kafka's
 * `SocketServerConfigs.listenerListToEndPoints` does. Bad values stop the start with a message naming the config.
 */
import { ConfigError } from '../config/config-def.js';

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
const PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];
const DEFAULT_MAP = 'PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL';

export interface ListenerEndpoint {
  /** Upper-case listener name, e.g. PLAINTEXT or CLIENT. */
  readonly name: string;
  readonly protocol: SecurityProtocol;
  readonly host: string;
  readonly port: number;
}

export interface ResolvedListeners {
  readonly listeners: readonly ListenerEndpoint[];
  /** What Metadata tells clients per listener name (port 0 = the bound port). */
  readonly advertised: ReadonlyMap<string, { host: string | null; port: number }>;
  readonly interBrokerListener: string;
}

export const usesTls = (p: SecurityProtocol): boolean => p === 'SSL' || p === 'SASL_SSL';
export const usesSasl = (p: SecurityProtocol): boolean => p === 'SASL_PLAINTEXT' || p === 'SASL_SSL';

function parseProtocolMap(raw: string): Map<string, SecurityProtocol> {
  const map = new Map<string, SecurityProtocol>();
  for (const entry of raw.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const colon = entry.indexOf(':');
    const name = entry.slice(0, colon).trim().toUpperCase();
    const protocol = entry.slice(colon + 1).trim().toUpperCase() as SecurityProtocol;
    if (colon <= 0 || !PROTOCOLS.includes(protocol)) {
      throw new ConfigError('listener.security.protocol.map', `Invalid value ${raw} for configuration listener.security.protocol.map: `
        + `'${entry}' is not NAME:PROTOCOL with PROTOCOL one of ${PROTOCOLS.join(', ')}`);
    }
    map.set(name, protocol);
  }
  return map;
}

const ENDPOINT = /^([A-Za-z0-9_-]+):\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s]*):(\d+)$/;

function parseEndpoints(config: string, raw: string, protocols: ReadonlyMap<string, SecurityProtocol>, defaultHost: string): ListenerEndpoint[] {
  const out: ListenerEndpoint[] = [];
  for (const entry of raw.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const m = ENDPOINT.exec(entry);
    const port = m ? Number(m[3]) : NaN;
    if (!m || port > 65535) {
      throw new ConfigError(config, `Error creating broker listeners from '${raw}' (${config}): Unable to parse ${entry} to a broker endpoint`);
    }
    const name = m[1]!.toUpperCase();
    const protocol = protocols.get(name);
    if (protocol === undefined) {
      throw new ConfigError(config, `Error creating broker listeners from '${raw}' (${config}): No security protocol defined for listener ${name} `
        + '(add it to listener.security.protocol.map)');
    }
    // An empty host means "the default interface" in Kafka; a developer broker keeps to --host (127.0.0.1) for it.
    const host = m[2] === '' ? defaultHost : m[2]!.replace(/^\[|\]$/g, '');
    out.push({ name, protocol, host, port });
  }
  if (out.length === 0) throw new ConfigError(config, `${config} must name at least one listener`);
  const names = out.map((e) => e.name);
  const dupName = names.find((n, i) => names.indexOf(n) !== i);
  if (dupName) throw new ConfigError(config, `${config}: each listener must have a different name, ${dupName} is given twice`);
  if (config === 'listeners') {
    const ports = out.map((e) => `${e.host}:${e.port}`).filter((p) => !p.endsWith(':0'));
    const dupPort = ports.find((p, i) => ports.indexOf(p) !== i);
    if (dupPort) throw new ConfigError(config, `listeners: each listener must have a different port, ${dupPort} is given twice`);
  }
  return out;
}

/**
 * The listeners of a broker from its static configs. Without `listeners`, one PLAINTEXT listener on
 * `host:port` (the `--port` shorthand).
 */
export function resolveListeners(configs: Readonly<Record<string, string>>, host: string, port: number): ResolvedListeners {
  const protocols = parseProtocolMap(configs['listener.security.protocol.map'] ?? DEFAULT_MAP);
  const listeners = configs.listeners !== undefined && configs.listeners.trim() !== ''
    ? parseEndpoints('listeners', configs.listeners, protocols, host)
    : [{ name: 'PLAINTEXT', protocol: 'PLAINTEXT' as const, host, port }];
  const advertised = new Map<string, { host: string | null; port: number }>();
  for (const l of listeners) advertised.set(l.name, { host: null, port: 0 });
  if (configs['advertised.listeners'] !== undefined && configs['advertised.listeners'].trim() !== '') {
    for (const a of parseEndpoints('advertised.listeners', configs['advertised.listeners'], protocols, '')) {
      if (!advertised.has(a.name)) {
        throw new ConfigError('advertised.listeners', `advertised.listeners names ${a.name}, which is not one of listeners (${listeners.map((l) => l.name).join(', ')})`);
      }
      advertised.set(a.name, { host: a.host === '' ? null : a.host, port: a.port });
    }
  }
  const inter = configs['inter.broker.listener.name']?.trim().toUpperCase();
  if (inter !== undefined && inter !== '' && !listeners.some((l) => l.name === inter)) {
    throw new ConfigError('inter.broker.listener.name', `inter.broker.listener.name must be a listener name defined in listeners, got ${inter}`);
  }
  return { listeners, advertised, interBrokerListener: inter || listeners[0]!.name };
}

/** A per-listener config (`listener.name.<l>.<name>`) over the broker-wide one, as Kafka's listener prefix works. */
export function listenerConfig(configs: ReadonlyMap<string, string>, listener: string, name: string): string | undefined {
  return configs.get(`listener.name.${listener.toLowerCase()}.${name}`) ?? configs.get(name);
}
