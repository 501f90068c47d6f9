/** The TCP listener: accepts connections (within Kafka's connection limits) and hands each to a Connection. */
import { createServer, type Server, type Socket } from 'node:net';
import { Connection } from './connection.js';
import type { ApiHandler } from './handler.js';
import type { Cluster } from '../cluster/cluster.js';
import { BROKER_CONFIGS } from '../config/broker-configs.js';
import {
  ConnectionAdmission, parsePerIpOverrides, RateLimitedWarnings, RequestMemoryBudget, type ConnectionLimitSettings,
} from './connection-limits.js';

export class BrokerServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly sockets = new Set<Socket>();
  private nextConnectionId = 1;
  private readonly admission: ConnectionAdmission;
  private readonly budget: RequestMemoryBudget;
  private readonly warnings: RateLimitedWarnings;

  constructor(
    private readonly cluster: Cluster,
    private readonly handlers: ReadonlyMap<number, ApiHandler>,
  ) {
    this.admission = new ConnectionAdmission(() => this.limits());
    this.budget = new RequestMemoryBudget(this.limits().queuedMaxRequestBytes);
    this.warnings = new RateLimitedWarnings(cluster.log);
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => cluster.log.error(`listener error: ${err.message}`));
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host, port, exclusive: true }, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        if (addr === null || typeof addr === 'string') throw new Error('unexpected listener address');
        resolve({ host: addr.address, port: addr.port });
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** The listener's limits as configured (static broker configs; read per accept so tests may start small). */
  private limits(): ConnectionLimitSettings {
    const configs = this.cluster.brokerConfigsInForce;
    const num = (name: string): number => Number(configs.get(name) ?? BROKER_CONFIGS.get(name)?.defaultValue ?? NaN);
    return {
      maxConnections: num('max.connections'),
      maxConnectionsPerIp: num('max.connections.per.ip'),
      perIpOverrides: parsePerIpOverrides(configs.get('max.connections.per.ip.overrides')),
      idleMs: num('connections.max.idle.ms'),
      queuedMaxRequestBytes: num('queued.max.request.bytes'),
    };
  }

  private accept(socket: Socket): void {
    const ip = socket.remoteAddress ?? '?';
    const refused = this.admission.admit(ip);
    if (refused) {
      this.warnings.warn(`refusing a connection from ${ip}:${socket.remotePort ?? 0}: ${refused}`);
      socket.destroy();
      return;
    }
    const maxFrameBytes = Number(this.cluster.brokerConfigsInForce.get('socket.request.max.bytes') ?? this.cluster.options.maxRequestBytes);
    const conn = new Connection(socket, this.nextConnectionId++, this.cluster, this.handlers, this.cluster.log, maxFrameBytes, {
      budget: this.budget, warnings: this.warnings, idleMs: this.limits().idleMs,
    });
    this.connections.add(conn);
    this.sockets.add(socket);
    socket.on('close', () => {
      this.admission.leave(ip);
      this.connections.delete(conn);
      this.sockets.delete(socket);
    });
  }

  /** Request bytes held in memory by all connections now (for tests and insight). */
  get queuedRequestBytes(): number {
    return this.budget.usedBytes;
  }
}
