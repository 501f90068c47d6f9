/** Live streams: engine events, engine-measured throughput, export download over HTTP. */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import type { EngineEvent, ThroughputSample } from '../../src-common/engine-events.js';
import { startHttpTransport, type HttpTransport } from '../../src-backend/http/server.js';
import { startTestBackend, text, waitUntil, type TestBackend, taskFinished } from './harness.js';

let b: TestBackend;

before(async () => {
  b = await startTestBackend();
});
after(async () => b?.close());

describe('live streams', () => {
  test("'engine.event' forwards topic events of the embedded broker and engine.events keeps them", async () => {
    const seen: EngineEvent[] = [];
    const off = b.client.subscribe('engine.event', (e) => {
      assert.equal(e.clusterId, C);
      seen.push(e.event);
    });
    await b.client.call('topics.create', { clusterId: C, name: 'evented', partitions: 2, replicationFactor: 1 });
    await waitUntil(async () => seen.some((e) => e.type === 'topic-created' && e.topic === 'evented'), 5000, 'topic-created event');
    off();
    const { events } = await b.client.call('engine.events', { topic: 'evented', types: ['topic-created'] });
    assert.equal(events.length, 1);
    assert.ok(events[0] && events[0].at > 0);
  });

  test('the embedded broker keeps a throughput history before the GUI first asks for it', async () => {
    const pushed: ThroughputSample[] = [];
    const off = b.client.subscribe('metrics.throughput', (m) => {
      if (m.clusterId === C) pushed.push(m.sample);
    });
    await waitUntil(async () => {
      await b.client.call('messages.produce', { clusterId: C, topic: 'evented', partition: 1, key: null, value: text('early'), copies: 20 });
      return pushed.some((s) => s.produceRecords > 0);
    }, 8000, 'a sample recorded without any metrics.throughput call').catch(() => undefined);
    off();
    const askedAt = Date.now();
    const { samples } = await b.client.call('metrics.throughput', { clusterId: C });
    assert.ok(samples.some((s) => s.at < askedAt && s.produceRecords > 0), `history: ${JSON.stringify(samples)}`);
  });

  test("'metrics.throughput' samples produce traffic once the GUI asks for the chart", async () => {
    const samples: ThroughputSample[] = [];
    const off = b.client.subscribe('metrics.throughput', (m) => {
      if (m.clusterId === C) samples.push(m.sample);
    });
    await b.client.call('metrics.throughput', { clusterId: C });
    // Keep traffic flowing until a sample shows it (samples are taken on the monitor's own clock).
    await waitUntil(async () => {
      await b.client.call('messages.produce', { clusterId: C, topic: 'evented', partition: 0, key: null, value: text('tick'), copies: 50 });
      return samples.some((s) => s.produceRecords > 0);
    }, 8000, 'a throughput sample with produced records').catch(() => undefined);
    off();
    assert.ok(samples.some((s) => s.produceRecords > 0), `samples: ${JSON.stringify(samples)}`);
    const { samples: kept } = await b.client.call('metrics.throughput', { clusterId: C });
    assert.ok(kept.length >= 1);
  });
});

describe('export download over HTTP', () => {
  let http: HttpTransport;
  const TOKEN = 'download-token';

  test('a temp-file export is downloadable once through its ticket, never with the session token in the URL', async () => {
    http = await startHttpTransport({ service: b.service, token: TOKEN, port: 0, staticDir: null });
    try {
      // serve.ts wires downloadUrl; emulate that wiring on this backend's host adapter.
      b.service.context.host.downloadUrl = (ticket) => `/api/download/${ticket}`;
      const { taskId } = await b.client.call('messages.export', {
        clusterId: C, topic: 'evented', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' },
        format: 'jsonl', payloadEncoding: 'text', path: null, maxRecords: 10,
      });
      const done = await taskFinished(b.client, taskId);
      assert.equal(done.stopReason, 'max-records');
      assert.equal(done.exportResult?.records, 10);
      const url = `http://127.0.0.1:${http.port}${done.exportResult?.downloadUrl}`;
      assert.doesNotMatch(url, new RegExp(TOKEN));
      assert.equal((await fetch(`http://127.0.0.1:${http.port}/api/download/not-a-ticket`)).status, 404);
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="evented-.*\.jsonl"/);
      assert.equal((await res.text()).trim().split('\n').length, 10);
      // One-time: a second fetch of the same link is refused.
      assert.equal((await fetch(url)).status, 404);
      // Disposing the task deletes the temporary file.
      await b.client.call('tasks.dispose', { taskId });
      assert.equal(existsSync(done.exportResult?.filePath ?? ''), false);
    } finally {
      await http.close();
    }
  });
});
