/**
 * `kafkadesk broker --brokers N --data-dir DIR --port P`: writes the cluster's membership into
 * `DIR/broker-<id>/` (ids 1..N, ports P..P+N-1, one cluster id kept across runs) and runs each broker as its own
 * OS process (`--node-id <id>`, the form a user restarts one broker with). SIGINT/SIGTERM stop them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readMembership, writeMembership, type ClusterMembership } from './membership.js';

export function brokerDataDir(dataDir: string, nodeId: number): string {
  return join(dataDir, `broker-${nodeId}`);
}

/** The membership for N brokers, reusing the cluster id (and addresses) stored by an earlier run. */
export function prepareMembership(dataDir: string, brokers: number, host: string, basePort: number): ClusterMembership {
  const existing = readMembership(brokerDataDir(dataDir, 1));
  const membership: ClusterMembership = {
    clusterId: existing?.clusterId ?? randomBytes(16).toString('base64url'),
    members: Array.from({ length: brokers }, (_, i) => ({ nodeId: i + 1, host, port: basePort + i })),
  };
  for (const m of membership.members) {
    mkdirSync(brokerDataDir(dataDir, m.nodeId), { recursive: true });
    writeMembership(brokerDataDir(dataDir, m.nodeId), membership);
  }
  return membership;
}

export async function runClusterLauncher(script: string, dataDir: string, membership: ClusterMembership, passThrough: string[]): Promise<void> {
  const children = new Map<number, ChildProcess>();
  let stopping = false;
  const exited = membership.members.map((m) => new Promise<void>((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, 'broker', '--data-dir', dataDir, '--node-id', String(m.nodeId),
      '--port', String(m.port), '--host', m.host, ...passThrough], { stdio: ['ignore', 'inherit', 'inherit'] });
    children.set(m.nodeId, child);
    child.on('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`broker ${m.nodeId} (pid ${child.pid}) exited (${signal ?? code}); restart it with --node-id ${m.nodeId}\n`);
      resolve();
    });
  }));
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await Promise.all(exited);
}
