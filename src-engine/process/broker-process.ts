/**
 * Entry of a broker process (forked by the backend's supervisor): waits for `start`, runs startBroker() with those
 * options, then serves the channel (src-common/engine-channel): insight calls, engine events, throughput samples.
 * Stops cleanly on `stop`, SIGTERM, or when its parent is gone, so no broker outlives its app.
 */

import type { BrokerProcessOptions, ToBroker } from '../../src-common/engine-channel/index.js';
import { isInsightMethod, isToBroker } from '../../src-common/engine-channel/index.js';
import type { ThroughputSample } from '../../src-common/engine-events.js';
import { startBroker, type BrokerHandle } from '../index.js';
import { consoleLogger } from '../logger.js';
import { insightServer } from './insight-views.js';
import { parentPort, type ParentPort } from './parent-port.js';

type Insight = ReturnType<typeof insightServer>;

class BrokerProcess {
  private handle: BrokerHandle | null = null;
  private insight: Insight | null = null;
  private starting = false;
  private stopping: Promise<void> | null = null;
  private readonly forwardThroughput = (sample: ThroughputSample): void => this.port.send({ kind: 'throughput', sample });

  constructor(private readonly port: ParentPort) {}

  receive(message: unknown): void {
    if (!isToBroker(message)) return;
    switch (message.kind) {
      case 'start':
        void this.start(message.options);
        return;
      case 'call':
        void this.answer(message);
        return;
      case 'throughput':
        this.handle?.events.off('throughput', this.forwardThroughput);
        if (message.subscribed) this.handle?.events.on('throughput', this.forwardThroughput);
        return;
      case 'stop':
        void this.stop(0);
    }
  }

  private async start(options: BrokerProcessOptions): Promise<void> {
    if (this.starting || this.handle) return;
    this.starting = true;
    try {
      const handle = await startBroker({
        ...options.brokerOptions,
        dataDir: options.dataDir,
        host: options.host,
        port: options.port,
        ...(options.schemaRegistryPort !== undefined ? { schemaRegistryPort: options.schemaRegistryPort } : {}),
        logger: consoleLogger(options.logLevel ?? 'warn'),
      });
      this.handle = handle;
      this.insight = insightServer(handle.insight);
      handle.events.on('event', (event) => this.port.send({ kind: 'event', event }));
      this.port.send({
        kind: 'ready',
        info: {
          pid: process.pid, host: handle.host, port: handle.port, clusterId: handle.clusterId, nodeId: handle.nodeId,
          schemaRegistryUrl: handle.schemaRegistryUrl, startupMs: handle.startupMs,
          caCertPath: handle.devCa?.caCertPath ?? null,
        },
      });
    } catch (error) {
      this.port.send({ kind: 'start-failed', error: (error as Error).message });
      process.exitCode = 1;
      process.exit();
    }
  }

  private async answer(call: Extract<ToBroker, { kind: 'call' }>): Promise<void> {
    const { id } = call;
    if (!this.insight) {
      this.port.send({ kind: 'result', id, ok: false, error: { code: 'not-running', message: 'the broker has not started' } });
      return;
    }
    if (!isInsightMethod(call.method)) {
      this.port.send({ kind: 'result', id, ok: false, error: { code: 'unknown-method', message: `unknown insight call ${String(call.method)}` } });
      return;
    }
    try {
      const fn = this.insight[call.method] as (...args: unknown[]) => unknown;
      this.port.send({ kind: 'result', id, ok: true, value: await fn(...call.args) });
    } catch (error) {
      this.port.send({ kind: 'result', id, ok: false, error: { code: 'internal', message: (error as Error).message } });
    }
  }

  stop(code: number): Promise<void> {
    this.stopping ??= (async () => {
      this.port.send({ kind: 'stopping' });
      try {
        await this.handle?.stop();
      } catch (error) {
        process.stderr.write(`kafkadesk broker: stop failed: ${(error as Error).message}\n`);
        code = 1;
      }
      process.exit(code);
    })();
    return this.stopping;
  }
}

const port = parentPort();
if (!port) {
  process.stderr.write('kafkadesk broker process: started without an IPC channel (use `kafkadesk broker` from a shell)\n');
  process.exit(2);
}
const broker = new BrokerProcess(port);
port.onMessage((message) => broker.receive(message));
port.onParentGone(() => void broker.stop(0));
process.once('SIGTERM', () => void broker.stop(0));
// A terminal's Ctrl-C reaches the whole process group: the parent stops this broker itself (a broker stopping on
// its own would look like a crash to the supervisor).
process.on('SIGINT', () => undefined);
