/** Saved-cluster settings -> kafkajs options (SASL mechanisms, TLS material, secrets). */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKafkaConfig } from '../../src-backend/kafka/connection.js';

test('SASL mechanisms and passwords map to kafkajs', () => {
  for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
    const config = buildKafkaConfig({ name: 'x', bootstrap: ['b:9093'], sasl: { mechanism, username: 'u' }, tls: null }, { saslPassword: 'pw' });
    assert.deepEqual(config.sasl, { mechanism, username: 'u', password: 'pw' });
    assert.equal(config.ssl, undefined);
  }
});

test('TLS: CA, client certificate and key, passphrase, SNI, verification switch', () => {
  const config = buildKafkaConfig(
    { name: 'x', bootstrap: ['b:9093'], sasl: null, tls: { enabled: true, rejectUnauthorized: false, ca: 'CA-PEM', cert: 'CERT-PEM', servername: 'kafka.internal' } },
    { tlsKey: 'KEY-PEM', tlsKeyPassphrase: 'secret' },
  );
  assert.deepEqual(config.ssl, { rejectUnauthorized: false, ca: ['CA-PEM'], cert: 'CERT-PEM', key: 'KEY-PEM', passphrase: 'secret', servername: 'kafka.internal' });
  assert.equal(config.sasl, undefined);
});

test('TLS off means plaintext even with TLS fields filled in', () => {
  const config = buildKafkaConfig({ name: 'x', bootstrap: ['b:9092'], sasl: null, tls: { enabled: false, rejectUnauthorized: true, ca: 'CA' } }, {});
  assert.equal(config.ssl, undefined);
  assert.equal(config.clientId, 'kafkadesk');
});
