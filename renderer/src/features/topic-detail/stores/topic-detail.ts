// One topic: partitions/offsets, configs, consumer groups reading it, and (embedded broker) segments.
import { defineStore } from 'pinia';
import { backend } from '../../../backend/use-backend.js';
import { createAction, createResource } from '../../../lib/async-state.js';
import type { ConfigAlterOp } from '../../../../../src-common/contract/topics.js';

export const useTopicDetailStore = defineStore('topic-detail', () => {
  const detail = createResource((clusterId: string, topic: string) => backend().call('topics.get', { clusterId, topic }));
  const configs = createResource(async (clusterId: string, topic: string) =>
    (await backend().call('configs.describe', { clusterId, resource: { type: 'topic', name: topic } })).entries,
  );
  const consumers = createResource(async (clusterId: string, topic: string) =>
    (await backend().call('topics.consumers', { clusterId, topic })).groups,
  );
  const segments = createResource(async (clusterId: string, topic: string, partition: number) =>
    (await backend().call('topics.segments', { clusterId, topic, partition })).segments,
  );

  const alterConfig = createAction(async (clusterId: string, topic: string, op: ConfigAlterOp) => {
    const { entries } = await backend().call('configs.alter', { clusterId, resource: { type: 'topic', name: topic }, ops: [op] });
    configs.data.value = entries;
  });

  /** Drops everything so a different topic never flashes the previous one's data. */
  function resetAll(): void {
    detail.reset();
    configs.reset();
    consumers.reset();
    segments.reset();
  }

  return { detail, configs, consumers, segments, alterConfig, resetAll };
});
