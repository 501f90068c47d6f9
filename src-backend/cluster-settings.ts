/**
 * Cluster settings and secrets arriving over a transport: copied field by field with types and size limits (the wire is
 * untyped; a spread of whatever arrived once saved 10,000 nested levels and broke every later save), and the rule for
 * when a stored secret may be reused.
 */

import type { ClusterSecrets, ClusterSettings, SaslMechanism, TlsSettings } from '../src-common/contract/clusters.js';
import type { RegistrySettings } from '../src-common/contract/schema-registry.js';
import { badRequest } from './errors.js';
import { requireObject } from './validate.js';

const MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];
const MAX_NAME = 200;
const MAX_HOSTS = 100;
const MAX_HOST_PORT = 300;
const MAX_PEM = 256 * 1024;
const MAX_SECRET = 64 * 1024;
export const SECRET_KEYS = ['saslPassword', 'tlsKey', 'tlsKeyPassphrase', 'schemaRegistryPassword'] as const;

function text(value: unknown, field: string, max: number, required: boolean): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) badRequest(field, 'must be a non-empty string');
    return undefined;
  }
  if (typeof value !== 'string') badRequest(field, 'must be a string');
  if (value.length > max) badRequest(field, `must be at most ${max} characters`);
  return value;
}

function flag(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') badRequest(field, 'must be true or false');
  return value;
}

function millis(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 600_000) badRequest(field, 'must be an integer in 100..600000 (ms)');
  return value;
}

function bootstrapList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) badRequest('settings.bootstrap', 'at least one host:port');
  if (value.length > MAX_HOSTS) badRequest('settings.bootstrap', `at most ${MAX_HOSTS} entries`);
  return value.map((b, i) => {
    const field = `settings.bootstrap[${i}]`;
    const entry = (text(typeof b === 'string' ? b.trim() : b, field, MAX_HOST_PORT, true) as string);
    if (!/^[^\s:/]+:\d{1,5}$/.test(entry) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(entry)) badRequest(field, 'expected host:port');
    const port = Number(entry.slice(entry.lastIndexOf(':') + 1));
    if (port < 1 || port > 65535) badRequest(field, 'port must be 1..65535');
    return entry;
  });
}

function tlsSettings(value: unknown): TlsSettings | null {
  if (value === undefined || value === null) return null;
  const t = requireObject(value, 'settings.tls');
  const out: TlsSettings = {
    enabled: flag(t.enabled, 'settings.tls.enabled', false),
    rejectUnauthorized: flag(t.rejectUnauthorized, 'settings.tls.rejectUnauthorized', true),
  };
  const ca = text(t.ca, 'settings.tls.ca', MAX_PEM, false);
  const cert = text(t.cert, 'settings.tls.cert', MAX_PEM, false);
  const servername = text(t.servername, 'settings.tls.servername', 253, false);
  if (ca !== undefined) out.ca = ca;
  if (cert !== undefined) out.cert = cert;
  if (servername !== undefined) out.servername = servername;
  return out;
}

function registrySettings(value: unknown): RegistrySettings | null {
  if (value === undefined || value === null) return null;
  const r = requireObject(value, 'settings.schemaRegistry');
  const url = text(r.url, 'settings.schemaRegistry.url', 2000, true) as string;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return badRequest('settings.schemaRegistry.url', 'expected http(s)://host:port[/path]');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') badRequest('settings.schemaRegistry.url', 'must start with http:// or https://');
  const out: RegistrySettings = { url };
  const username = text(r.username, 'settings.schemaRegistry.username', 1024, false);
  const ca = text(r.ca, 'settings.schemaRegistry.ca', MAX_PEM, false);
  if (username !== undefined) out.username = username;
  if (r.rejectUnauthorized !== undefined && r.rejectUnauthorized !== null) out.rejectUnauthorized = flag(r.rejectUnauthorized, 'settings.schemaRegistry.rejectUnauthorized', true);
  if (ca !== undefined) out.ca = ca;
  return out;
}

/** Known fields only, typed and bounded; anything else that arrived is dropped. */
export function parseClusterSettings(value: unknown): ClusterSettings {
  const s = requireObject(value, 'settings');
  let sasl: ClusterSettings['sasl'] = null;
  if (s.sasl !== null && s.sasl !== undefined) {
    const raw = requireObject(s.sasl, 'settings.sasl');
    const mechanism = raw.mechanism as SaslMechanism;
    if (!MECHANISMS.includes(mechanism)) badRequest('settings.sasl.mechanism', MECHANISMS.join(', '));
    sasl = { mechanism, username: text(raw.username, 'settings.sasl.username', 1024, true) as string };
  }
  const settings: ClusterSettings = {
    name: text(s.name, 'settings.name', MAX_NAME, true) as string,
    bootstrap: bootstrapList(s.bootstrap),
    sasl,
    tls: tlsSettings(s.tls),
  };
  const clientId = text(s.clientId, 'settings.clientId', 255, false);
  const connectionTimeoutMs = millis(s.connectionTimeoutMs, 'settings.connectionTimeoutMs');
  const requestTimeoutMs = millis(s.requestTimeoutMs, 'settings.requestTimeoutMs');
  const color = text(s.color, 'settings.color', 32, false);
  const schemaRegistry = registrySettings(s.schemaRegistry);
  if (schemaRegistry) settings.schemaRegistry = schemaRegistry;
  if (clientId !== undefined) settings.clientId = clientId;
  if (connectionTimeoutMs !== undefined) settings.connectionTimeoutMs = connectionTimeoutMs;
  if (requestTimeoutMs !== undefined) settings.requestTimeoutMs = requestTimeoutMs;
  if (s.readOnly !== undefined && s.readOnly !== null) settings.readOnly = flag(s.readOnly, 'settings.readOnly', false);
  if (color !== undefined) {
    if (!/^#[0-9a-fA-F]{3,8}$/.test(color)) badRequest('settings.color', 'expected a #rgb or #rrggbb colour');
    settings.color = color;
  }
  return settings;
}

/** Write-only secrets: a string sets, null clears, absent keeps. */
export function parseClusterSecrets(value: unknown): ClusterSecrets | undefined {
  if (value === undefined || value === null) return undefined;
  const s = requireObject(value, 'secrets');
  const out: ClusterSecrets = {};
  for (const key of SECRET_KEYS) {
    const v = s[key];
    if (v === undefined) continue;
    if (v === null) out[key] = null;
    else if (typeof v !== 'string') badRequest(`secrets.${key}`, 'must be a string or null');
    else if (v.length > (key === 'tlsKey' ? MAX_PEM : MAX_SECRET)) badRequest(`secrets.${key}`, 'too long');
    else out[key] = v;
  }
  return out;
}

/** Where a secret would go: the brokers, the SASL identity and the TLS trust that protect it. */
function target(s: ClusterSettings): string {
  return JSON.stringify({
    bootstrap: [...s.bootstrap].map((b) => b.toLowerCase()).sort(),
    sasl: s.sasl ? [s.sasl.mechanism, s.sasl.username] : null,
    tls: s.tls?.enabled ? [s.tls.rejectUnauthorized, s.tls.ca ?? '', s.tls.cert ?? '', s.tls.servername ?? ''] : null,
    registry: s.schemaRegistry ? [s.schemaRegistry.url, s.schemaRegistry.username ?? '', s.schemaRegistry.rejectUnauthorized ?? true, s.schemaRegistry.ca ?? ''] : null,
  });
}

export function sameSecretTarget(a: ClusterSettings, b: ClusterSettings): boolean {
  return target(a) === target(b);
}

/**
 * The secrets to use with `proposed`: the stored ones only while bootstrap, SASL and TLS settings equal the saved ones
 * (otherwise a changed bootstrap would receive the saved password); given values always win. A stored secret that is
 * needed but may not be reused is an error naming the field, so the user types it again.
 */
export function secretsFor(saved: ClusterSettings, proposed: ClusterSettings, stored: ClusterSecrets, given: ClusterSecrets | undefined): ClusterSecrets {
  if (sameSecretTarget(saved, proposed)) return { ...stored, ...(given ?? {}) };
  const fresh: ClusterSecrets = { ...(given ?? {}) };
  const needs: [keyof ClusterSecrets, boolean][] = [
    ['saslPassword', proposed.sasl !== null],
    ['tlsKey', Boolean(proposed.tls?.enabled && proposed.tls.cert)],
    ['schemaRegistryPassword', Boolean(proposed.schemaRegistry?.username)],
  ];
  for (const [key, needed] of needs) {
    if (needed && stored[key] && fresh[key] === undefined) {
      badRequest(`secrets.${key}`, 'the saved secret is only used with the saved bootstrap, SASL and TLS settings; enter it again for the changed ones');
    }
  }
  // Everything not given is cleared, never carried over to the new target.
  for (const key of SECRET_KEYS) if (fresh[key] === undefined) fresh[key] = null;
  return fresh;
}
