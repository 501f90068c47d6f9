/**
 * The backend's Schema Registry service (BackendContext.schemas): which registry a cluster uses (the embedded one, or
 * the saved cluster's settings.schemaRegistry with its password from the secret store), the schema cache, the
 * per-topic decodings, and decoders built from them.
 */

import { EMBEDDED_CLUSTER_ID } from '../../src-common/contract/clusters.js';
import type { ClusterRegistry } from '../cluster-registry.js';
import type { EngineLink } from '../engine-link.js';
import { fail } from '../errors.js';
import { PayloadDecoder, type DecodeSpec } from './payload-decoder.js';
import { RegistryClient, type RegistryEndpoint } from './registry-client.js';
import { SchemaSources } from './schema-source.js';
import { TopicDecodings } from './topic-decodings.js';

export class SchemaRegistryService {
  readonly sources = new SchemaSources();
  readonly decodings: TopicDecodings;

  constructor(
    configDir: string,
    private readonly clusters: ClusterRegistry,
    private readonly engine: () => EngineLink | null,
  ) {
    this.decodings = new TopicDecodings(configDir);
  }

  /** The cluster's registry, or null when it has none. */
  endpoint(clusterId: string): RegistryEndpoint | null {
    if (clusterId === EMBEDDED_CLUSTER_ID) {
      const url = this.engine()?.schemaRegistryUrl ?? null;
      return url ? { url } : null;
    }
    const saved = this.clusters.saved(clusterId);
    const settings = saved.settings.schemaRegistry;
    if (!settings?.url) return null;
    const endpoint: RegistryEndpoint = { url: settings.url };
    if (settings.username) endpoint.username = settings.username;
    if (saved.secrets.schemaRegistryPassword) endpoint.password = saved.secrets.schemaRegistryPassword;
    if (settings.rejectUnauthorized !== undefined) endpoint.rejectUnauthorized = settings.rejectUnauthorized;
    if (settings.ca) endpoint.ca = settings.ca;
    return endpoint;
  }

  /** The registry's client; 'not-found' when the cluster has no registry. */
  client(clusterId: string): RegistryClient {
    const endpoint = this.endpoint(clusterId);
    if (!endpoint) {
      fail('not-found', clusterId === EMBEDDED_CLUSTER_ID ? 'the embedded Schema Registry is not running'
        : 'this cluster has no Schema Registry (add its URL in the cluster settings)');
    }
    return this.sources.for(endpoint).client;
  }

  spec(clusterId: string, topic: string): DecodeSpec {
    return { topic, decoding: this.decodings.get(clusterId, topic), registry: this.endpoint(clusterId) };
  }

  decoder(clusterId: string, topic: string): PayloadDecoder {
    return new PayloadDecoder(this.spec(clusterId, topic), this.sources);
  }
}

export { PayloadDecoder, type DecodeSpec } from './payload-decoder.js';
export { RegistryClient, RegistryHttpError, type RegistryEndpoint } from './registry-client.js';
