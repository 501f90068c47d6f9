// sarama 1.22.1 (Debian's Go package) on SASL listeners: PLAIN over SASL_SSL with SaslHandshake v1 + SaslAuthenticate
// (V2_0_0_0) and with the pre-KIP-43 v0 handshake and raw tokens (V0_11_0_0); SCRAM-SHA-256/512 through sarama's
// SCRAMClient hook; a wrong password refused.
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBroker, tempDataDir, type InProcessBroker } from '../../helpers/broker.js';
import { buildGo, jsonLines, run, saramaMissing } from '../../helpers/clients.js';
import { uniqueTopic } from '../../helpers/topics.js';

describe('sarama 1.22.1 over SASL', { skip: saramaMissing() ?? false }, () => {
  let broker: InProcessBroker;
  let binary: string;
  before(async () => {
    binary = await buildGo('test/engine/clients/go/sarama_sasl.go', 'sarama_sasl');
    broker = await startTestBroker({
      dataDir: tempDataDir(), tlsAuto: true, users: [{ name: 'gopher', password: 'go-secret' }],
      configs: { listeners: 'SASL_SSL://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0', 'advertised.listeners': 'SASL_SSL://localhost:0,SASL_PLAINTEXT://localhost:0', 'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512' },
    });
  });
  after(async () => broker?.stop());
  const addr = (name: string): string => `localhost:${broker.listeners.find((l) => l.name === name)!.port}`;

  const cases = [
    { mechanism: 'PLAIN', version: '2.0.0', tls: true },
    { mechanism: 'PLAIN', version: '0.11.0.0', tls: false },
    { mechanism: 'SCRAM-SHA-256', version: '2.0.0', tls: true },
    { mechanism: 'SCRAM-SHA-512', version: '1.0.0', tls: false },
  ];
  for (const c of cases) {
    test(`${c.mechanism}, Version ${c.version}, ${c.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT'}: produce and consume`, { timeout: 120_000 }, async () => {
      const topic = uniqueTopic('sarama-sasl');
      const r = await run(binary, ['-broker', addr(c.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT'), '-topic', topic, '-user', 'gopher', '-password', 'go-secret',
        '-mechanism', c.mechanism, '-version', c.version, ...(c.tls ? ['-ca', broker.caCertPath!] : [])], { timeoutMs: 90_000 });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(jsonLines<{ kind: string; value: string }>(r.stdout).map((l) => [l.kind, l.value]), [['consumed', `hello ${c.mechanism}`]]);
    });
  }
  test('a wrong password is refused', { timeout: 120_000 }, async () => {
    const r = await run(binary, ['-broker', addr('SASL_PLAINTEXT'), '-topic', uniqueTopic('sarama-bad'), '-user', 'gopher', '-password', 'nope', '-mechanism', 'SCRAM-SHA-512'], { timeoutMs: 90_000 });
    assert.notEqual(r.code, 0);
  });
});
