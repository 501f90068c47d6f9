// An in-process broker for the consumer-group tests that also records the engine's group
// events (the GUI's rebalance timeline), plus assertions over those events.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { EngineEvent, GroupEvent } from '../../../src-common/engine-events.js';
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';
import { waitFor } from '../../helpers/clients.js';

const { Kafka, logLevel } = kafkajs;

export interface GroupTestBroker {
  handle: BrokerHandle;
  bootstrap: string;
  dataDir: string;
  events: EngineEvent[];
  kafka(clientId?: string): InstanceType<typeof Kafka>;
  /** Group events of one group, in order. */
  groupEvents(group: string): GroupEvent[];
  syncs(group: string): Extract<GroupEvent, { type: 'sync-completed' }>[];
  /** Waits until the group is Stable with `members` members (per the engine's own view). */
  waitStable(group: string, members: number, timeoutMs?: number): Promise<void>;
  /** Waits until the group has no members left (Empty). */
  waitEmpty(group: string, timeoutMs?: number): Promise<void>;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startGroupBroker(opts: { dataDir?: string; port?: number; initialDelayMs?: number; configs?: Record<string, string> } = {}): Promise<GroupTestBroker> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kafkadesk-groups-'));
  const handle = await startBroker({
    dataDir,
    port: opts.port ?? 0,
    host: '127.0.0.1',
    groupInitialRebalanceDelayMs: opts.initialDelayMs ?? 0,
    configs: opts.configs,
  });
  const events: EngineEvent[] = [];
  const onEvent = (e: EngineEvent): void => void events.push(e);
  handle.events.on('event', onEvent);
  const bootstrap = `${handle.host}:${handle.port}`;
  const isGroupEvent = (e: EngineEvent): e is GroupEvent & { at: number } => 'group' in e;
  const b: GroupTestBroker = {
    handle,
    bootstrap,
    dataDir,
    events,
    kafka: (clientId = 'kafkadesk-group-test') =>
      new Kafka({ clientId, brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } }),
    groupEvents: (group) => events.filter(isGroupEvent).filter((e) => e.group === group),
    syncs: (group) => b.groupEvents(group).filter((e): e is Extract<GroupEvent, { type: 'sync-completed' }> => e.type === 'sync-completed'),
    async waitStable(group, members, timeoutMs = 30_000) {
      await waitFor(
        `group ${group} Stable with ${members} member(s)`,
        () => {
          const d = handle.insight.describeGroup(group);
          return d !== null && d.state === 'Stable' && d.members.length === members;
        },
        timeoutMs,
      );
    },
    async waitEmpty(group, timeoutMs = 30_000) {
      await waitFor(`group ${group} Empty`, () => handle.insight.describeGroup(group)?.state === 'Empty', timeoutMs);
    },
    async stop(stopOpts = {}) {
      handle.events.off('event', onEvent);
      await handle.stop();
      if (!stopOpts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return b;
}

/** Every partition of `topic` is owned by exactly one member in this generation's assignment. */
export function assertExclusiveOwnership(sync: Extract<GroupEvent, { type: 'sync-completed' }>, topic: string, partitions: number): void {
  const owners = new Map<number, string[]>();
  for (const m of sync.members) {
    for (const a of m.assignment) {
      if (a.topic !== topic) continue;
      for (const p of a.partitions) owners.set(p, [...(owners.get(p) ?? []), m.memberId]);
    }
  }
  for (let p = 0; p < partitions; p++) {
    assert.equal(owners.get(p)?.length, 1, `generation ${sync.generation}: partition ${p} owners ${JSON.stringify(owners.get(p) ?? [])}`);
  }
}
