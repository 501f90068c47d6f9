/** The TCP listener: accepts connections and hands each to a Connection. */
import { createServer, type Server, type Socket } from 'node:net';
import { Connection } from './connection.js';
import type { ApiHandler } from './handler.js';
import type { Cluster } from '../cluster/cluster.js';

export class BrokerServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly sockets = new Set<Socket>();
  private nextConnectionId = 1;

  constructor(
    private readonly cluster: Cluster,
    private readonly handlers: ReadonlyMap<number, ApiHandler>,
  ) {
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

  private accept(socket: Socket): void {
    const conn = new Connection(socket, this.nextConnectionId++, this.cluster, this.handlers, this.cluster.log, this.cluster.options.maxRequestBytes);
    this.connections.add(conn);
    this.sockets.add(socket);
    socket.on('close', () => {
      this.connections.delete(conn);
      this.sockets.delete(socket);
    });
  }
}
