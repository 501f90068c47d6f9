// A replicated test cluster: N real broker processes (the CLI's `--node-id` form, as `--brokers N` runs them)
// sharing one data directory root, each killable and restartable on its own.
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { prepareMembership } from '../../src-engine/replication/launcher.js';
import { startChildBroker, tempDataDir, type ChildBroker } from './broker.js';

export interface TestCluster {
  dataDir: string;
  brokers: Map<number, ChildBroker>;
  bootstrap: string[];
  kill9(nodeId: number): Promise<void>;
  restart(nodeId: number): Promise<ChildBroker>;
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A run of `size` consecutive free ports, as the launcher assigns them (PORT..PORT+N-1). */
async function freePortRun(size: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const free = await Promise.all(Array.from({ length: size }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
}

export async function startTestCluster(size: number, overrides: string[] = []): Promise<TestCluster> {
  const dataDir = tempDataDir('kafkadesk-cluster-');
  const base = await freePortRun(size);
  const membership = prepareMembership(dataDir, size, '127.0.0.1', base);
  const extra = (id: number): string[] => ['--node-id', String(id), '--no-auto-create-topics', ...(process.env.CLUSTER_LOG_LEVEL ? ['--log-level', process.env.CLUSTER_LOG_LEVEL] : []), ...overrides.flatMap((o) => ['--override', o])];
  const brokers = new Map<number, ChildBroker>();
  await Promise.all(membership.members.map(async (m) => {
    brokers.set(m.nodeId, await startChildBroker({ dataDir, port: m.port, extraArgs: extra(m.nodeId) }));
  }));
  return {
    dataDir,
    brokers,
    bootstrap: membership.members.map((m) => `127.0.0.1:${m.port}`),
    async kill9(nodeId) {
      await brokers.get(nodeId)!.kill9();
    },
    async restart(nodeId) {
      const m = membership.members.find((x) => x.nodeId === nodeId)!;
      const b = await startChildBroker({ dataDir, port: m.port, extraArgs: extra(nodeId) });
      brokers.set(nodeId, b);
      return b;
    },
    async stop() {
      await Promise.all([...brokers.values()].map((b) => b.stop({ keepData: true })));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
