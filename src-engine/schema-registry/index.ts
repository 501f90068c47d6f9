/**
 * The embedded Schema Registry: Confluent's REST API, its records in the cluster's `_schemas` topic. Started by
 * startBroker when a port is given, owned by the broker handle and stopped with it.
 */
import type { Cluster } from '../cluster/cluster.js';
import { startRegistryServer, type RegistryServer } from './http.js';
import { SchemaRegistry } from './registry.js';
import { schemasLogOf } from './schemas-log.js';

export { SchemaRegistry, RegistryError } from './registry.js';
export type { RegistryServer } from './http.js';

export async function startSchemaRegistry(cluster: Cluster, host: string, port: number): Promise<RegistryServer> {
  const registry = new SchemaRegistry(schemasLogOf(cluster));
  return startRegistryServer(registry, host, port, (message) => cluster.log.error(message));
}
