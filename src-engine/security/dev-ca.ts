/**
 * `--tls auto`: a development CA and a server certificate for localhost / 127.0.0.1 (and the advertised hosts)
 * under DATA_DIR/tls/, made once with the openssl CLI and reused at later starts. `ca.crt` is what clients trust.
 * The server certificate is re-issued (by the same CA) when the host names it must cover change.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface DevCa {
  readonly dir: string;
  readonly caCertPath: string;
  readonly serverCertPath: string;
  readonly serverKeyPath: string;
  /** SHA-256 fingerprint of the CA certificate (as `openssl x509 -fingerprint -sha256` prints it). */
  readonly caFingerprint: string;
  /** True when this start created the CA. */
  readonly created: boolean;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`--tls auto needs the openssl command: ${r.error.message}`, { cause: r.error });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.trim()}`);
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function sanList(hosts: readonly string[]): string {
  const unique = [...new Set(['localhost', '127.0.0.1', ...hosts.filter((h) => h !== '' && h !== '0.0.0.0' && h !== '::')])];
  return unique.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
}

/** Issues a certificate signed by the dev CA (server or client), returning its key and cert paths. */
export function issueCertificate(ca: { dir: string }, name: string, subject: string, opts: { san?: string; clientOnly?: boolean } = {}): { keyPath: string; certPath: string } {
  const keyPath = join(ca.dir, `${name}.key`);
  const certPath = join(ca.dir, `${name}.crt`);
  const csr = join(ca.dir, `${name}.csr`);
  const ext = join(ca.dir, `${name}.ext`);
  openssl(['req', ...EC_KEY, '-keyout', keyPath, '-out', csr, '-subj', subject], ca.dir);
  writeFileSync(ext, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${opts.clientOnly ? 'clientAuth' : 'serverAuth,clientAuth'}`,
    ...(opts.san ? [`subjectAltName=${opts.san}`] : []),
  ].join('\n'));
  openssl(['x509', '-req', '-in', csr, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '825', '-sha256', '-extfile', ext, '-out', certPath], ca.dir);
  rmSync(csr, { force: true });
  rmSync(ext, { force: true });
  return { keyPath, certPath };
}

export function ensureDevCa(dataDir: string, hosts: readonly string[]): DevCa {
  const dir = join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caCertPath = join(dir, 'ca.crt');
  let created = false;
  if (!existsSync(caCertPath) || !existsSync(join(dir, 'ca.key'))) {
    openssl(['req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-sha256', '-subj', '/O=KafkaDesk/CN=KafkaDesk development CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
    rmSync(join(dir, 'server.crt'), { force: true });
    created = true;
  }
  const san = sanList(hosts);
  const sanFile = join(dir, 'server.san');
  const serverCertPath = join(dir, 'server.crt');
  const serverKeyPath = join(dir, 'server.key');
  if (!existsSync(serverCertPath) || !existsSync(serverKeyPath) || !existsSync(sanFile) || readFileSync(sanFile, 'utf8') !== san) {
    issueCertificate({ dir }, 'server', '/O=KafkaDesk/CN=localhost', { san });
    writeFileSync(sanFile, san);
  }
  const caFingerprint = new X509Certificate(readFileSync(caCertPath)).fingerprint256;
  return { dir, caCertPath, serverCertPath, serverKeyPath, caFingerprint, created };
}

