/**
 * TLS settings of an SSL / SASL_SSL listener from Kafka's ssl.* configs (PEM only: inline
 * `ssl.keystore.certificate.chain` + `ssl.keystore.key`, or `ssl.keystore.location` / `ssl.truststore.location`
 * files), per listener through `listener.name.<l>.ssl.*`, or the dev CA of `--tls auto`.
 */
import { readFileSync } from 'node:fs';
import type { TLSSocket, TlsOptions } from 'node:tls';
import { ConfigError } from '../config/config-def.js';
import { listenerConfig, type ListenerEndpoint } from './listeners.js';
import type { DevCa } from './dev-ca.js';

export type ClientAuth = 'required' | 'requested' | 'none';

export interface ListenerTls {
  readonly options: TlsOptions;
  readonly clientAuth: ClientAuth;
  /** Where the server certificate came from, for the start-up log. */
  readonly source: string;
}

function readPem(config: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(config, `${config}: cannot read ${path}: ${(err as Error).message}`, );
  }
}

const PEM_KEY = /-----BEGIN (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----/;
const PEM_CERTS = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** TLS options for one listener; `devCa` supplies the material when no keystore is configured (`--tls auto`). */
export function listenerTls(configs: ReadonlyMap<string, string>, listener: ListenerEndpoint, devCa: () => DevCa | null): ListenerTls {
  const get = (name: string): string | undefined => listenerConfig(configs, listener.name, name);
  const type = (get('ssl.keystore.type') ?? 'PEM').toUpperCase();
  let key: string | undefined = get('ssl.keystore.key');
  let cert: string | undefined = get('ssl.keystore.certificate.chain');
  let source = 'ssl.keystore.certificate.chain';
  const location = get('ssl.keystore.location');
  if ((key === undefined || cert === undefined) && location !== undefined) {
    if (type !== 'PEM') throw new ConfigError('ssl.keystore.type', `ssl.keystore.type ${type} is not supported (listener ${listener.name}); use PEM`);
    const pem = readPem('ssl.keystore.location', location);
    key = PEM_KEY.exec(pem)?.[0];
    cert = (pem.match(PEM_CERTS) ?? []).join('\n');
    if (key === undefined || cert === '') throw new ConfigError('ssl.keystore.location', `ssl.keystore.location ${location} must hold a PEM private key and certificate chain`);
    source = location;
  }
  let ca: string | undefined = get('ssl.truststore.certificates');
  const trustLocation = get('ssl.truststore.location');
  if (ca === undefined && trustLocation !== undefined) ca = readPem('ssl.truststore.location', trustLocation);
  if (key === undefined || cert === undefined) {
    const dev = devCa();
    if (dev === null) {
      throw new ConfigError('ssl.keystore.location', `listener ${listener.name} (${listener.protocol}) needs a keystore: set ssl.keystore.location or `
        + 'ssl.keystore.certificate.chain + ssl.keystore.key (PEM), or start with --tls auto for a development CA');
    }
    key = readFileSync(dev.serverKeyPath, 'utf8');
    cert = readFileSync(dev.serverCertPath, 'utf8');
    ca ??= readFileSync(dev.caCertPath, 'utf8');
    source = `${dev.dir} (--tls auto)`;
  }
  const clientAuth = (get('ssl.client.auth') ?? 'none') as ClientAuth;
  if (!['required', 'requested', 'none'].includes(clientAuth)) {
    throw new ConfigError('ssl.client.auth', `Invalid value ${clientAuth} for configuration ssl.client.auth: String must be one of: required, requested, none`);
  }
  const protocols = (get('ssl.enabled.protocols') ?? 'TLSv1.2,TLSv1.3').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const bad = protocols.find((p) => p !== 'TLSv1.2' && p !== 'TLSv1.3');
  if (bad || protocols.length === 0) throw new ConfigError('ssl.enabled.protocols', `ssl.enabled.protocols: ${bad ?? '(empty)'} is not supported (TLSv1.2, TLSv1.3)`);
  const ciphers = get('ssl.cipher.suites');
  const passphrase = get('ssl.key.password');
  const options: TlsOptions = {
    key, cert,
    ...(ca !== undefined ? { ca } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
    ...(ciphers ? { ciphers: ciphers.split(',').map((c) => c.trim()).join(':') } : {}),
    minVersion: protocols.includes('TLSv1.2') ? 'TLSv1.2' : 'TLSv1.3',
    maxVersion: protocols.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2',
    requestCert: clientAuth !== 'none',
    // "requested": a client without a certificate is let in (as ANONYMOUS); a bad certificate is still refused below.
    rejectUnauthorized: clientAuth === 'required',
  };
  return { options, clientAuth, source };
}

/** The certificate subject as Java's X500Principal.getName() prints it (RFC 2253: most specific first). */
export function subjectName(socket: TLSSocket): string | null {
  const cert = socket.getPeerX509Certificate();
  if (!cert) return null;
  return cert.subject.split('\n').reverse().map((rdn) => rdn.replace(/([,+"\\<>;])/g, '\\$1')).join(',');
}

interface MappingRule {
  readonly pattern: RegExp | null;
  readonly replacement: string;
  readonly caseChange: '' | 'L' | 'U';
}

/** Kafka's `ssl.principal.mapping.rules`: RULE:pattern/replacement/[LU] entries, or DEFAULT (the subject itself). */
export function parseMappingRules(raw: string | undefined): readonly MappingRule[] {
  const text = (raw ?? 'DEFAULT').trim();
  const rules: MappingRule[] = [];
  for (const part of text.split(/,\s*(?=RULE:|DEFAULT)/)) {
    const p = part.trim();
    if (p === 'DEFAULT') {
      rules.push({ pattern: null, replacement: '', caseChange: '' });
      continue;
    }
    const m = /^RULE:((?:\\.|[^\\/])*)\/((?:\\.|[^\\/])*)\/([LU]?)$/.exec(p);
    if (!m) throw new ConfigError('ssl.principal.mapping.rules', `Invalid rule: ${p} (expected RULE:pattern/replacement/[LU] or DEFAULT)`);
    rules.push({ pattern: new RegExp(`^(?:${m[1]!})$`), replacement: m[2]!, caseChange: m[3] as '' | 'L' | 'U' });
  }
  return rules;
}

export function mapPrincipalName(rules: readonly MappingRule[], subject: string): string {
  for (const r of rules) {
    if (r.pattern === null) return subject;
    const m = r.pattern.exec(subject);
    if (!m) continue;
    const name = r.replacement.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '');
    return r.caseChange === 'L' ? name.toLowerCase() : r.caseChange === 'U' ? name.toUpperCase() : name;
  }
  // Kafka: no rule matched → NoMatchingRule, the connection fails; here ANONYMOUS-free mapping keeps the subject.
  return subject;
}
