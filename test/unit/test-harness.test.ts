// The test harness itself: bounded child processes, the broker-address parser and
// the Kafka readiness probe. A harness bug would make every client test lie.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, describe, test } from 'node:test';
import { parseAddress, probeKafka } from '../helpers/broker-probe.js';
import { run, waitFor } from '../helpers/clients.js';

describe('test harness', () => {
  test('run() kills a child that outlives its timeout', async () => {
    const started = Date.now();
    const r = await run(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(Date.now() - started < 10_000);
  });

  test('run() collects stdout bytes, stderr and the exit code, and feeds stdin', async () => {
    const script = 'process.stdin.pipe(process.stdout); process.stderr.write("err"); process.stdin.on("end", () => process.exit(3));';
    const r = await run(process.execPath, ['-e', script], { timeoutMs: 10_000, input: Buffer.from([0, 1, 2, 0xff]) });
    assert.equal(r.code, 3);
    assert.deepEqual([...r.stdoutBytes], [0, 1, 2, 0xff]);
    assert.equal(r.stderr, 'err');
    assert.equal(r.timedOut, false);
  });

  test('run() reports a missing executable instead of throwing', async () => {
    const r = await run('/nonexistent/kafkadesk-client', [], { timeoutMs: 5_000 });
    assert.equal(r.code, null);
    assert.match(r.stderr, /spawn error/);
  });

  test('waitFor() polls until true and times out with the condition named', async () => {
    let n = 0;
    await waitFor('three polls', () => ++n >= 3, 5_000, 1);
    assert.equal(n, 3);
    await assert.rejects(waitFor('never', () => false, 50, 5), /waiting for never/);
  });

  test('parseAddress() reads the CLI banner, JSON, and bracketed IPv6', () => {
    assert.deepEqual(parseAddress('KafkaDesk broker listening on 127.0.0.1:40123 (started in 12 ms)\n'), { host: '127.0.0.1', port: 40123 });
    assert.deepEqual(parseAddress('{"host":"localhost","port":9092}'), { host: 'localhost', port: 9092 });
    assert.deepEqual(parseAddress('listening on [::1]:9093'), { host: '::1', port: 9093 });
    assert.equal(parseAddress('starting...\n'), null);
    assert.equal(parseAddress('listening on 127.0.0.1:0'), null);
  });

  describe('probeKafka()', () => {
    const servers: Server[] = [];
    after(() => {
      for (const s of servers) s.close();
    });
    const listen = async (onData: (sock: import('node:net').Socket, data: Buffer) => void): Promise<number> => {
      const server = createServer((sock) => sock.on('data', (d: Buffer) => onData(sock, d)));
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const addr = server.address();
      if (addr === null || typeof addr === 'string') throw new Error('no port');
      return addr.port;
    };

    test('is true for a server that answers with the request correlation id', async () => {
      const port = await listen((sock, data) => {
        const resp = Buffer.alloc(10);
        resp.writeInt32BE(6, 0);
        data.copy(resp, 4, 8, 12); // correlation id follows size, api key and version
        sock.write(resp);
      });
      assert.equal(await probeKafka('127.0.0.1', port), true);
    });

    test('is false for a server that accepts but never answers, and for a closed port', async () => {
      const port = await listen(() => undefined);
      assert.equal(await probeKafka('127.0.0.1', port, 300), false);
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const addr = closed.address();
      await new Promise<void>((r) => closed.close(() => r()));
      if (addr === null || typeof addr === 'string') throw new Error('no port');
      assert.equal(await probeKafka('127.0.0.1', addr.port, 1000), false);
    });
  });
});
