// The broker CLI's security flags: --port must name a listener's port, bad listener configs stop the start naming
// the config, --user and --tls auto serve a SASL_SSL listener a real client (kcat) uses with the printed CA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kcat, kcatMissing, run } from '../../helpers/clients.js';
import { startChildBroker, tempDataDir } from '../../helpers/broker.js';

const cli = (args: string[]): Promise<{ code: number | null; stderr: string }> =>
  run(process.execPath, ['--import', 'tsx', 'src-engine/cli.ts', 'broker', '--data-dir', tempDataDir(), ...args], { timeoutMs: 60_000 });

test('--port that is not one of the listeners ports is refused', async () => {
  const r = await cli(['--port', '9999', '--override', 'listeners=PLAINTEXT://127.0.0.1:0']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--port 9999 is not one of the ports in listeners/);
});

test('an unknown listener name stops the start, naming the config', async () => {
  const r = await cli(['--override', 'listeners=CLIENT://127.0.0.1:0']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /No security protocol defined for listener CLIENT/);
});

test('--user and --tls auto: the CLI prints its listeners and the CA; kcat produces over SASL_SSL', { skip: kcatMissing() ?? false, timeout: 120_000 }, async () => {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const broker = await startChildBroker({
    port,
    extraArgs: ['--tls', 'auto', '--user', 'app:app-secret', '--override', `listeners=PLAINTEXT://127.0.0.1:${port},SASL_SSL://127.0.0.1:${port + 1}`,
      '--override', 'sasl.enabled.mechanisms=SCRAM-SHA-256'],
  });
  try {
    const out = broker.output();
    assert.match(out, new RegExp(`listener SASL_SSL \\(SASL_SSL\\) on 127\\.0\\.0\\.1:${port + 1}`));
    const ca = join(broker.dataDir, 'tls', 'ca.crt');
    assert.ok(existsSync(ca));
    assert.match(out, /clients trust the dev CA .*ca\.crt \(SHA-256 [0-9A-F:]+\)/);
    const p = await kcat(['-b', `localhost:${port + 1}`, '-X', 'security.protocol=SASL_SSL', '-X', 'sasl.mechanisms=SCRAM-SHA-256',
      '-X', 'sasl.username=app', '-X', 'sasl.password=app-secret', '-X', `ssl.ca.location=${ca}`, '-P', '-t', 'cli-sasl'], { timeoutMs: 60_000, input: 'hello\n' });
    assert.equal(p.code, 0, p.stderr);
  } finally {
    await broker.stop();
  }
});
