// Where the app opens: the embedded broker's overview when it runs (the usual case), else the clusters list,
// which then says why the embedded broker is missing.
import type { RouteLocationRaw } from 'vue-router';
import { EMBEDDED_CLUSTER_ID } from '../../../../src-common/contract/clusters.js';
import { useClustersStore } from './stores/clusters.js';

export async function landingRoute(): Promise<RouteLocationRaw> {
  const status = await useClustersStore().engine.load();
  return status?.running ? { name: 'overview', params: { clusterId: EMBEDDED_CLUSTER_ID } } : { name: 'clusters' };
}
