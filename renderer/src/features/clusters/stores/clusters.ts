// Saved clusters (embedded first), host info, and the connection form actions.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createAction, createResource } from '../../../lib/async-state.js';
import type { ClusterSecrets, ClusterSettings, ClusterSummary, ConnectionTestResult } from '../../../../../src-common/contract/clusters.js';
import type { EngineStatus, HostInfo } from '../../../../../src-common/contract/engine.js';

export const useClustersStore = defineStore('clusters', () => {
  const list = createResource(async () => (await backend().call('clusters.list', {})).clusters);
  const host = ref<HostInfo | null>(null);
  /** Whether the embedded broker runs (not with `serve --no-broker`, or when it failed to start) and why not. */
  const engine = createResource(async (): Promise<EngineStatus> => backend().call('engine.status', {}));
  let unsubscribe: (() => void) | null = null;

  const clusters = computed<ClusterSummary[]>(() => list.data.value ?? []);
  const byId = (id: string): ClusterSummary | undefined => clusters.value.find((cluster) => cluster.id === id);

  /** Loads the list once and keeps it current from the 'clusters.changed' stream. */
  async function init(): Promise<void> {
    if (!unsubscribe) {
      unsubscribe = backend().subscribe('clusters.changed', ({ clusters: next }) => {
        list.data.value = next;
      });
    }
    await list.load();
    if (!host.value) {
      try {
        host.value = await backend().call('host.info', {});
      } catch {
        // Host info only drives hints (secret storage); the list error banner covers real failures.
      }
    }
  }

  const save = createAction(
    async (input: { clusterId: string | null; settings: ClusterSettings; secrets: ClusterSecrets; persistSecrets: boolean }) => {
      const summary = input.clusterId
        ? await backend().call('clusters.update', { clusterId: input.clusterId, settings: input.settings, secrets: input.secrets, persistSecrets: input.persistSecrets })
        : await backend().call('clusters.add', { settings: input.settings, secrets: input.secrets, persistSecrets: input.persistSecrets });
      await list.load();
      return summary;
    },
  );

  const remove = createAction(async (clusterId: string) => {
    await backend().call('clusters.remove', { clusterId });
    await list.load();
  });

  const testing = ref(false);
  const testResult = ref<ConnectionTestResult | null>(null);
  const testError = ref<unknown>(null);

  /** Tests either a saved cluster or unsaved form settings; the result carries Kafka errors, the catch transport ones. */
  async function testConnection(params: { clusterId: string } | { settings: ClusterSettings; secrets: ClusterSecrets; clusterId?: string }): Promise<ConnectionTestResult | null> {
    testing.value = true;
    testResult.value = null;
    testError.value = null;
    try {
      testResult.value = await backend().call('clusters.test', params);
      return testResult.value;
    } catch (error) {
      testError.value = error;
      return null;
    } finally {
      testing.value = false;
    }
  }

  function clearTest(): void {
    testResult.value = null;
    testError.value = null;
  }

  return { list, clusters, byId, host, engine, init, save, remove, testing, testResult, testError, testConnection, clearTest };
});
