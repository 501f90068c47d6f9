// True when the current route's cluster is marked read-only: views disable mutating actions up front
// (the backend refuses them anyway).
import { computed, type ComputedRef } from 'vue';
import { useRoute } from 'vue-router';
import { useClustersStore } from './stores/clusters.js';
import { firstString } from '../../lib/route-params.js';

export const READ_ONLY_HINT = 'This cluster is marked read-only';

export function useReadOnly(): ComputedRef<boolean> {
  const route = useRoute();
  const clusters = useClustersStore();
  return computed(() => {
    const id = firstString(route.params.clusterId);
    return id ? clusters.byId(id)?.readOnly === true : false;
  });
}
