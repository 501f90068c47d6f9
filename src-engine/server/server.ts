/**
 * The broker's listeners (one TCP or TLS server per `listeners` entry): accepts connections within Kafka's
 * connection limits (shared by all listeners, as Kafka's are broker-wide) and hands each to a Connection.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { Connection } from './connection.js';
import type { ListenerEndpoint } from '../security/listeners.js';
import type { ListenerTls } from '../security/tls-config.js';
import { mapPrincipalName, subjectName, parseMappingRules } from '../security/tls-config.js';
import { SaslSession, type SaslMechanism } from '../security/sasl-session.js';
import type { ApiHandler } from './handler.js';
import type { Cluster } from '../cluster/cluster.js';
import { BROKER_CONFIGS } from '../config/broker-configs.js';
import {
  ConnectionAdmission, parsePerIpOverrides, RateLimitedWarnings, RequestMemoryBudget, type ConnectionLimitSettings,
} from './connection-limits.js';

/** One listener's security: TLS material (SSL, SASL_SSL) and SASL settings (SASL_*). */
export interface ListenerSecurity {
  readonly tls: ListenerTls | null;
  readonly sasl: { readonly mechanisms: readonly SaslMechanism[]; readonly reauthMs: number } | null;
  /** ssl.principal.mapping.rules of this listener. */
  readonly principalMappingRules?: string;
}

export class BrokerServer {
  private readonly servers: Server[] = [];
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
  }

  /** Opens one listener; resolves with the bound address. */
  listen(endpoint: ListenerEndpoint, security: ListenerSecurity): Promise<{ host: string; port: number }> {
    const rules = parseMappingRules(security.principalMappingRules);
    const where = `listener ${endpoint.name} (${endpoint.protocol})`;
    let server: Server;
    if (security.tls) {
      const tls = security.tls;
      server = createTlsServer(tls.options, (socket) => {
        if (tls.clientAuth === 'requested' && socket.getPeerX509Certificate() && !socket.authorized) {
          this.warnings.warn(`${where}: refusing ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}, its client certificate is not trusted: ${String(socket.authorizationError)}`);
          socket.destroy();
          return;
        }
        const subject = socket.authorized ? subjectName(socket) : null;
        this.accept(socket, endpoint, security, subject === null ? null : `User:${mapPrincipalName(rules, subject)}`);
      });
      server.on('tlsClientError', (err: Error & { reason?: string }, socket: TLSSocket) => {
        // OpenSSL's reason ("wrong version number", "peer did not return a certificate") says it best.
        const why = err.reason ?? err.message;
        this.warnings.warn(`${where}: TLS handshake with ${socket.remoteAddress ?? 'a client'}:${socket.remotePort ?? '?'} failed: ${why}`
          + (/wrong version number|http request|unknown protocol|packet length too long/i.test(why) ? ' (a plaintext client on a TLS port?)' : ''));
      });
    } else {
      server = createServer((socket) => this.accept(socket, endpoint, security, null));
    }
    server.on('error', (err) => this.cluster.log.error(`${where} error: ${err.message}`));
    this.servers.push(server);
    const { host, port } = endpoint;
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(new Error(`${where} on ${host}:${port}: ${err.message}`, { cause: err }));
      server.once('error', onError);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', onError);
        const addr = server.address();
        if (addr === null || typeof addr === 'string') throw new Error('unexpected listener address');
        resolve({ host: addr.address, port: addr.port });
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async close(): Promise<void> {
    const closed = this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const s of this.sockets) s.destroy();
    await Promise.all(closed);
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

  private accept(socket: Socket, endpoint: ListenerEndpoint, security: ListenerSecurity, tlsPrincipal: string | null): void {
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
    }, {
      listener: endpoint.name,
      protocol: endpoint.protocol,
      sasl: security.sasl ? new SaslSession(security.sasl.mechanisms, this.cluster.security.users, security.sasl.reauthMs) : null,
      tlsPrincipal,
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
