// Where the app opens: the last view the user had open (kept by the backend across restarts, shared by the
// Electron window and browser tabs) while its cluster still exists; else the embedded broker's overview when it
// runs (the usual case), else the clusters list, which then says why the embedded broker is missing.
import type { Router, RouteLocationRaw } from 'vue-router';
import { EMBEDDED_CLUSTER_ID } from '../../../../src-common/contract/clusters.js';
import { backend } from '../../backend/use-backend.js';
import { useClustersStore } from './stores/clusters.js';

export async function landingRoute(): Promise<RouteLocationRaw> {
  const clusters = useClustersStore();
  const [status, remembered, list] = await Promise.all([
    clusters.engine.load(),
    backend().call('ui.lastView', {}).then((r) => r.lastView).catch(() => null),
    clusters.list.data ?? clusters.list.load(),
  ]);
  if (remembered && (list ?? []).some((c) => c.id === remembered.clusterId) && (remembered.clusterId !== EMBEDDED_CLUSTER_ID || status?.running)) {
    return remembered.path;
  }
  return status?.running ? { name: 'overview', params: { clusterId: EMBEDDED_CLUSTER_ID } } : { name: 'clusters' };
}

/** Tells the backend about every view under a cluster (debounced: paging and typing change the URL often). */
export function rememberViews(router: Router): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  router.afterEach((to) => {
    const clusterId = typeof to.params.clusterId === 'string' ? to.params.clusterId : null;
    if (!clusterId || to.name === 'not-found') return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      void backend().call('ui.setLastView', { view: { clusterId, path: to.fullPath } }).catch(() => undefined);
    }, 500);
  });
}
