/**
 * security.devCa: the embedded broker's development CA (`--tls auto`), whose path the broker process reports in its
 * ready message (src-common/engine-channel); the fingerprint is read here with node:crypto's X509Certificate.
 */

import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { DevCaInfo } from '../../../src-common/contract/security.js';
import { fail } from '../../errors.js';

export function readDevCa(caCertPath: string | null): DevCaInfo | null {
  if (!caCertPath) return null;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(caCertPath));
  } catch (error) {
    return fail('internal', `cannot read the dev CA at ${caCertPath}: ${(error as Error).message}`);
  }
  return { caCertPath, fingerprint: cert.fingerprint256, subject: cert.subject.replace(/\n/g, ', '), validTo: new Date(cert.validTo).toISOString() };
}
