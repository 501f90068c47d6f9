// Real clients on the engine's SASL and TLS listeners: kcat (librdkafka 2.0), confluent-kafka 2.x, kafka-python 3.x
// and the Java client 4.4 — SCRAM over SASL_SSL with the dev CA, PLAIN over SASL_PLAINTEXT, a wrong password, and a
// CA the client does not trust.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBroker, tempDataDir, type InProcessBroker } from '../../helpers/broker.js';
import { kcat, kcatMissing } from '../../helpers/clients.js';
import { consume, modernClientLabel, modernClientMissing, produce, type ModernClient } from '../../helpers/modern-clients.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { ensureDevCa } from '../../../src-engine/security/dev-ca.js';

let broker: InProcessBroker;
let otherCa: string;
const dataDir = tempDataDir();
const addr = (name: string): string => {
  const l = broker.listeners.find((x) => x.name === name)!;
  return `localhost:${l.port}`;
};

before(async () => {
  broker = await startTestBroker({
    dataDir,
    tlsAuto: true,
    users: [{ name: 'alice', password: 'alice-secret' }],
    configs: {
      listeners: 'SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0',
      'advertised.listeners': 'SASL_PLAINTEXT://localhost:0,SASL_SSL://localhost:0',
      'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    },
  });
  // A CA of its own that never signed the broker's certificate.
  const other = tempDataDir('kafkadesk-other-ca-');
  otherCa = ensureDevCa(other, []).caCertPath;
});
after(async () => broker.stop());

type Settings = { protocol: 'SASL_SSL' | 'SASL_PLAINTEXT'; mechanism: string; password: string; ca?: string };

function settingsFor(client: ModernClient, s: Settings): Record<string, string> {
  const ca = s.ca ?? broker.caCertPath!;
  if (client === 'kafka-python') {
    return {
      security_protocol: s.protocol, sasl_mechanism: s.mechanism, sasl_plain_username: 'alice', sasl_plain_password: s.password,
      ...(s.protocol === 'SASL_SSL' ? { ssl_cafile: ca } : {}),
    };
  }
  if (client === 'java') {
    const module = s.mechanism === 'PLAIN' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    return {
      'security.protocol': s.protocol, 'sasl.mechanism': s.mechanism,
      'sasl.jaas.config': `${module} required username="alice" password="${s.password}";`,
      ...(s.protocol === 'SASL_SSL' ? { 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': ca } : {}),
    };
  }
  return {
    'security.protocol': s.protocol, 'sasl.mechanism': s.mechanism, 'sasl.username': 'alice', 'sasl.password': s.password,
    ...(s.protocol === 'SASL_SSL' ? { 'ssl.ca.location': ca } : {}),
  };
}

const cases: [Settings['protocol'], string][] = [['SASL_SSL', 'SCRAM-SHA-256'], ['SASL_SSL', 'SCRAM-SHA-512'], ['SASL_PLAINTEXT', 'PLAIN']];

for (const client of ['java', 'confluent-kafka', 'kafka-python'] as const) {
  const skip = modernClientMissing(client) ?? false;
  for (const [protocol, mechanism] of cases) {
    test(`${modernClientLabel[client]}: ${mechanism} over ${protocol}, produce and consume`, { skip, timeout: 180_000 }, async () => {
      const topic = uniqueTopic(`sec-${client}`);
      const config = settingsFor(client, { protocol, mechanism, password: 'alice-secret' });
      const bootstrap = addr(protocol);
      const placed = await produce(client, { bootstrap, topic, config, records: [{ key: 'k', value: `${client} ${mechanism}` }] });
      assert.equal(placed[0]!.offset, 0);
      const got = await consume(client, { bootstrap, topic, config, count: 1, from: 'earliest' });
      assert.equal(got.records[0]!.value?.toString(), `${client} ${mechanism}`);
    });
  }
  test(`${modernClientLabel[client]}: a wrong password fails authentication`, { skip, timeout: 180_000 }, async () => {
    const config = settingsFor(client, { protocol: 'SASL_SSL', mechanism: 'SCRAM-SHA-512', password: 'wrong' });
    await assert.rejects(produce(client, { bootstrap: addr('SASL_SSL'), topic: uniqueTopic('sec-bad'), config, records: [{ value: 'x' }], timeoutMs: 20_000 }),
      /auth|SASL|credentials|timed out|Timeout/i);
  });
  test(`${modernClientLabel[client]}: a CA that did not sign the broker's certificate is refused`, { skip, timeout: 180_000 }, async () => {
    const config = settingsFor(client, { protocol: 'SASL_SSL', mechanism: 'SCRAM-SHA-512', password: 'alice-secret', ca: otherCa });
    await assert.rejects(produce(client, { bootstrap: addr('SASL_SSL'), topic: uniqueTopic('sec-ca'), config, records: [{ value: 'x' }], timeoutMs: 20_000 }),
      /ssl|certificate|handshake|timed out|Timeout|verify/i);
  });
}

test('kcat (librdkafka 2.0): SCRAM-SHA-512 over SASL_SSL round trip, wrong password refused', { skip: kcatMissing() ?? false, timeout: 120_000 }, async () => {
  const topic = uniqueTopic('sec-kcat');
  const x = (password: string): string[] => ['-b', addr('SASL_SSL'), '-X', 'security.protocol=SASL_SSL', '-X', 'sasl.mechanisms=SCRAM-SHA-512',
    '-X', 'sasl.username=alice', '-X', `sasl.password=${password}`, '-X', `ssl.ca.location=${broker.caCertPath!}`];
  const p = await kcat([...x('alice-secret'), '-P', '-t', topic], { timeoutMs: 60_000, input: 'one\ntwo\n' });
  assert.equal(p.code, 0, p.stderr);
  const c = await kcat([...x('alice-secret'), '-C', '-t', topic, '-o', 'beginning', '-e', '-c', '2'], { timeoutMs: 60_000 });
  assert.equal(c.code, 0, c.stderr);
  assert.equal(c.stdout, 'one\ntwo\n');
  const bad = await kcat([...x('nope'), '-L', '-m', '5'], { timeoutMs: 60_000 });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /Authentication failed|SASL/i);
});
