// Form model of the add/edit-cluster dialog and its conversion to the contract's settings + secrets.
import type { ClusterDetail, ClusterSecrets, ClusterSettings, SaslMechanism } from '../../../../src-common/contract/clusters.js';

export interface ClusterFormModel {
  name: string;
  bootstrapText: string;
  clientId: string;
  saslMechanism: SaslMechanism | 'none';
  saslUsername: string;
  saslPassword: string;
  tlsEnabled: boolean;
  tlsSkipVerify: boolean;
  tlsCa: string;
  tlsCert: string;
  tlsKey: string;
  tlsKeyPassphrase: string;
  tlsServername: string;
  readOnly: boolean;
  color: string;
  /** Schema Registry (empty URL = none). */
  registryUrl: string;
  registryUsername: string;
  registryPassword: string;
  registrySkipVerify: boolean;
  registryCa: string;
}

export function emptyClusterForm(): ClusterFormModel {
  return {
    name: '', bootstrapText: '', clientId: 'kafkadesk', saslMechanism: 'none', saslUsername: '', saslPassword: '',
    tlsEnabled: false, tlsSkipVerify: false, tlsCa: '', tlsCert: '', tlsKey: '', tlsKeyPassphrase: '', tlsServername: '',
    readOnly: false, color: '',
    registryUrl: '', registryUsername: '', registryPassword: '', registrySkipVerify: false, registryCa: '',
  };
}

/** Secrets are never returned by the backend, so secret fields start empty ("keep the stored one"). */
export function formFromDetail(detail: ClusterDetail): ClusterFormModel {
  const { settings } = detail;
  return {
    ...emptyClusterForm(),
    name: settings.name,
    bootstrapText: settings.bootstrap.join(', '),
    clientId: settings.clientId ?? '',
    saslMechanism: settings.sasl?.mechanism ?? 'none',
    saslUsername: settings.sasl?.username ?? '',
    tlsEnabled: settings.tls?.enabled ?? false,
    tlsSkipVerify: settings.tls ? !settings.tls.rejectUnauthorized : false,
    tlsCa: settings.tls?.ca ?? '',
    tlsCert: settings.tls?.cert ?? '',
    tlsServername: settings.tls?.servername ?? '',
    readOnly: settings.readOnly ?? false,
    color: settings.color ?? '',
    registryUrl: settings.schemaRegistry?.url ?? '',
    registryUsername: settings.schemaRegistry?.username ?? '',
    registrySkipVerify: settings.schemaRegistry?.rejectUnauthorized === false,
    registryCa: settings.schemaRegistry?.ca ?? '',
  };
}

/** "a:9092, b:9092\nc:9092" -> ["a:9092","b:9092","c:9092"]. */
export function parseBootstrap(text: string): string[] {
  return text.split(/[\s,;]+/).map((entry) => entry.trim()).filter(Boolean);
}

/** Returns a list of human-readable problems; empty when the form can be submitted. */
export function validateClusterForm(form: ClusterFormModel): string[] {
  const problems: string[] = [];
  if (!form.name.trim()) problems.push('Name is required.');
  const servers = parseBootstrap(form.bootstrapText);
  if (servers.length === 0) problems.push('At least one bootstrap server (host:port) is required.');
  for (const server of servers) {
    if (!/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/.test(server)) problems.push(`"${server}" is not host:port.`);
  }
  if (form.saslMechanism !== 'none' && !form.saslUsername.trim()) problems.push('SASL needs a username.');
  if (form.tlsKey.trim() && !form.tlsCert.trim()) problems.push('A client key needs its client certificate.');
  if (form.registryUrl.trim() && !/^https?:\/\/[^\s/]+/.test(form.registryUrl.trim())) problems.push('The Schema Registry URL starts with http:// or https://.');
  return problems;
}

/** `editing` = the stored cluster has secrets; empty secret inputs then mean "keep" (omitted), not "clear". */
export function toSettingsAndSecrets(form: ClusterFormModel): { settings: ClusterSettings; secrets: ClusterSecrets } {
  const settings: ClusterSettings = {
    name: form.name.trim(),
    bootstrap: parseBootstrap(form.bootstrapText),
    sasl: form.saslMechanism === 'none' ? null : { mechanism: form.saslMechanism, username: form.saslUsername.trim() },
    tls: form.tlsEnabled
      ? {
          enabled: true,
          rejectUnauthorized: !form.tlsSkipVerify,
          ...(form.tlsCa.trim() ? { ca: form.tlsCa.trim() } : {}),
          ...(form.tlsCert.trim() ? { cert: form.tlsCert.trim() } : {}),
          ...(form.tlsServername.trim() ? { servername: form.tlsServername.trim() } : {}),
        }
      : null,
    readOnly: form.readOnly,
    ...(form.clientId.trim() ? { clientId: form.clientId.trim() } : {}),
    ...(form.color.trim() ? { color: form.color.trim() } : {}),
    schemaRegistry: form.registryUrl.trim()
      ? {
          url: form.registryUrl.trim(),
          ...(form.registryUsername.trim() ? { username: form.registryUsername.trim() } : {}),
          ...(form.registrySkipVerify ? { rejectUnauthorized: false } : {}),
          ...(form.registryCa.trim() ? { ca: form.registryCa.trim() } : {}),
        }
      : null,
  };
  const secrets: ClusterSecrets = {};
  if (form.saslPassword) secrets.saslPassword = form.saslPassword;
  if (form.tlsKey.trim()) secrets.tlsKey = form.tlsKey.trim();
  if (form.tlsKeyPassphrase) secrets.tlsKeyPassphrase = form.tlsKeyPassphrase;
  if (form.registryPassword) secrets.schemaRegistryPassword = form.registryPassword;
  return { settings, secrets };
}
