// Listener configs resolved as Kafka does, and start-up errors that name the bad config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveListeners } from '../../../src-engine/security/listeners.js';
import { startBroker } from '../../../src-engine/index.js';
import { tempDataDir } from '../../helpers/broker.js';

test('several listeners, a custom name through listener.security.protocol.map, advertised.listeners', () => {
  const r = resolveListeners({
    listeners: 'PLAINTEXT://127.0.0.1:9092,CLIENT://:9093,SASL_SSL://[::1]:9095',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CLIENT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    'advertised.listeners': 'CLIENT://kafka.local:19093',
    'inter.broker.listener.name': 'plaintext',
  }, '127.0.0.1', 0);
  assert.deepEqual(r.listeners, [
    { name: 'PLAINTEXT', protocol: 'PLAINTEXT', host: '127.0.0.1', port: 9092 },
    { name: 'CLIENT', protocol: 'SASL_PLAINTEXT', host: '127.0.0.1', port: 9093 },
    { name: 'SASL_SSL', protocol: 'SASL_SSL', host: '::1', port: 9095 },
  ]);
  assert.deepEqual(r.advertised.get('CLIENT'), { host: 'kafka.local', port: 19093 });
  assert.deepEqual(r.advertised.get('PLAINTEXT'), { host: null, port: 0 });
  assert.equal(r.interBrokerListener, 'PLAINTEXT');
});

test('without listeners: one PLAINTEXT listener on host/port (the --port shorthand)', () => {
  assert.deepEqual(resolveListeners({}, '127.0.0.1', 9092).listeners, [{ name: 'PLAINTEXT', protocol: 'PLAINTEXT', host: '127.0.0.1', port: 9092 }]);
});

for (const [configs, config, pattern] of [
  [{ listeners: 'PLAINTEXT:/127.0.0.1:9092' }, 'listeners', /Unable to parse PLAINTEXT:\/127.0.0.1:9092 to a broker endpoint/],
  [{ listeners: 'FOO://127.0.0.1:9092' }, 'listeners', /No security protocol defined for listener FOO/],
  [{ listeners: 'PLAINTEXT://127.0.0.1:9092,SSL://127.0.0.1:9092' }, 'listeners', /different port/],
  [{ listeners: 'PLAINTEXT://127.0.0.1:9092,PLAINTEXT://127.0.0.1:9093' }, 'listeners', /different name/],
  [{ listeners: 'A://127.0.0.1:1', 'listener.security.protocol.map': 'A:TLS' }, 'listener.security.protocol.map', /NAME:PROTOCOL/],
  [{ listeners: 'PLAINTEXT://127.0.0.1:1', 'advertised.listeners': 'SSL://x:1' }, 'advertised.listeners', /not one of listeners/],
  [{ listeners: 'PLAINTEXT://127.0.0.1:1', 'inter.broker.listener.name': 'SSL' }, 'inter.broker.listener.name', /must be a listener name/],
] as const) {
  test(`refused: ${JSON.stringify(configs)}`, () => {
    assert.throws(() => resolveListeners(configs as Record<string, string>, '127.0.0.1', 0), (err: Error & { configName?: string }) => {
      assert.equal(err.configName, config);
      assert.match(err.message, pattern);
      return true;
    });
  });
}

test('startBroker refuses a TLS listener without a keystore (and without --tls auto), naming the configs', async () => {
  await assert.rejects(startBroker({ dataDir: tempDataDir(), port: 0, configs: { listeners: 'SSL://127.0.0.1:0' } }), /ssl\.keystore\.location.*--tls auto/);
});

test('startBroker refuses a SASL listener without a served mechanism', async () => {
  await assert.rejects(startBroker({ dataDir: tempDataDir(), port: 0, configs: { listeners: 'SASL_PLAINTEXT://127.0.0.1:0' } }), /sasl\.enabled\.mechanisms/);
});
