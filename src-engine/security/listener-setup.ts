/**
 * From the static broker configs to what each listener needs at start: its endpoint, TLS material, SASL
 * mechanisms and re-authentication limit. Any problem is a start-up error naming the config.
 */
import { ConfigError } from '../config/config-def.js';
import type { Logger } from '../logger.js';
import type { ListenerSecurity } from '../server/server.js';
import { ensureDevCa, type DevCa } from './dev-ca.js';
import { listenerConfig, resolveListeners, usesSasl, usesTls, type ListenerEndpoint, type ResolvedListeners } from './listeners.js';
import type { SaslMechanism } from './sasl-session.js';
import { listenerTls } from './tls-config.js';

const SERVED: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

export interface ListenerPlan {
  readonly resolved: ResolvedListeners;
  readonly setups: readonly { endpoint: ListenerEndpoint; security: ListenerSecurity }[];
  /** The dev CA when `--tls auto` made or reused one. */
  readonly devCa: DevCa | null;
}

function saslMechanisms(configs: ReadonlyMap<string, string>, listener: ListenerEndpoint, log: Logger): SaslMechanism[] {
  const raw = listenerConfig(configs, listener.name, 'sasl.enabled.mechanisms') ?? 'GSSAPI';
  const asked = raw.split(',').map((m) => m.trim().toUpperCase()).filter((m) => m !== '');
  const unsupported = asked.filter((m) => !(SERVED as readonly string[]).includes(m));
  const served = asked.filter((m): m is SaslMechanism => (SERVED as readonly string[]).includes(m));
  if (unsupported.length > 0) log.warn(`listener ${listener.name}: SASL mechanisms ${unsupported.join(', ')} are not served by this broker (only ${SERVED.join(', ')})`);
  if (served.length === 0) {
    throw new ConfigError('sasl.enabled.mechanisms', `listener ${listener.name} (${listener.protocol}) has no SASL mechanism this broker serves: `
      + `set sasl.enabled.mechanisms (or listener.name.${listener.name.toLowerCase()}.sasl.enabled.mechanisms) to some of ${SERVED.join(', ')}`);
  }
  return served;
}

export function planListeners(configs: ReadonlyMap<string, string>, opts: { host: string; port: number; dataDir: string; tlsAuto: boolean; advertisedHost?: string }, log: Logger): ListenerPlan {
  const resolved = resolveListeners(Object.fromEntries(configs), opts.host, opts.port);
  let devCa: DevCa | null = null;
  const devCaOnce = (): DevCa | null => {
    if (!opts.tlsAuto) return null;
    const hosts = [...resolved.listeners.map((l) => l.host), ...[...resolved.advertised.values()].map((a) => a.host ?? ''), opts.advertisedHost ?? ''];
    devCa ??= ensureDevCa(opts.dataDir, hosts);
    return devCa;
  };
  const reauth = Number(configs.get('connections.max.reauth.ms') ?? '0');
  const setups = resolved.listeners.map((endpoint) => {
    const tls = usesTls(endpoint.protocol) ? listenerTls(configs, endpoint, devCaOnce) : null;
    const sasl = usesSasl(endpoint.protocol) ? { mechanisms: saslMechanisms(configs, endpoint, log), reauthMs: Number(listenerConfig(configs, endpoint.name, 'connections.max.reauth.ms') ?? reauth) } : null;
    const rules = listenerConfig(configs, endpoint.name, 'ssl.principal.mapping.rules');
    return { endpoint, security: { tls, sasl, ...(rules !== undefined ? { principalMappingRules: rules } : {}) } };
  });
  return { resolved, setups, devCa };
}
