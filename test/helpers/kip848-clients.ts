/**
 * Real KIP-848 clients for the consumer-protocol tests: confluent-kafka 2.x from PyPI (its wheel
 * bundles librdkafka >= 2.10, which speaks `group.protocol=consumer`), from the virtualenv that
 * scripts/clients/setup.sh builds under `.cache/clients/venv`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './clients.js';

export const modernPython = join(repoRoot, '.cache/clients/venv/bin/python');

/** Why confluent-kafka with KIP-848 support cannot run here (a skip reason), or null. */
export function confluentKip848Missing(): string | null {
  if (!existsSync(modernPython)) return `no ${modernPython}: run scripts/clients/setup.sh (confluent-kafka 2.x from PyPI)`;
  const r = spawnSync(modernPython, ['-c', 'import confluent_kafka as c; print(c.libversion()[1])'], { encoding: 'utf8' });
  const v = Number(r.stdout.trim());
  // librdkafka's version int is 0xMMmmrrpp; KIP-848 (ConsumerGroupHeartbeat v1) is generally available from 2.10.
  if (r.status !== 0 || !Number.isFinite(v)) return `confluent_kafka does not import in ${modernPython}`;
  if (v < 0x020a0000) return `librdkafka ${(v >> 24) & 0xff}.${(v >> 16) & 0xff} is older than 2.10 (no group.protocol=consumer)`;
  return null;
}
