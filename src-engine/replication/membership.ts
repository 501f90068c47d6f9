/**
 * A cluster's static membership (its controller-quorum voters and their addresses), stored in each broker's data
 * directory as `cluster-membership.json` so a broker started alone (`--node-id 2`) knows its peers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../storage/checkpoint-file.js';

export interface ClusterMember {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export interface ClusterMembership {
  readonly clusterId: string;
  readonly members: readonly ClusterMember[];
}

export const MEMBERSHIP_FILE = 'cluster-membership.json';

export function readMembership(dataDir: string): ClusterMembership | null {
  const file = join(dataDir, MEMBERSHIP_FILE);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ClusterMembership>;
  if (typeof parsed.clusterId !== 'string' || !Array.isArray(parsed.members)) throw new Error(`${file}: not a cluster membership file`);
  return { clusterId: parsed.clusterId, members: parsed.members };
}

export function writeMembership(dataDir: string, membership: ClusterMembership): void {
  writeFileAtomically(join(dataDir, MEMBERSHIP_FILE), `${JSON.stringify(membership, null, 2)}\n`);
}

/** Votes needed for a controller (a strict majority of the members). */
export function majority(membership: ClusterMembership): number {
  return Math.floor(membership.members.length / 2) + 1;
}
