// Producing records and loading a source record for "re-send".
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createAction } from '../../../lib/async-state.js';
import type { KafkaMessage, ProduceParams, ProduceResult } from '../../../../../src-common/contract/messages.js';

export const useProduceStore = defineStore('produce', () => {
  const lastResult = shallowRef<ProduceResult | null>(null);
  const produce = createAction(async (params: ProduceParams) => {
    lastResult.value = null;
    lastResult.value = await backend().call('messages.produce', params);
    return lastResult.value;
  });
  const loadSource = createAction(async (clusterId: string, topic: string, partition: number, offset: number): Promise<KafkaMessage> => {
    const { message } = await backend().call('messages.get', { clusterId, topic, partition, offset });
    if (!message) throw new Error(`Record ${partition}:${offset} no longer exists (retention, compaction or purge).`);
    return message;
  });
  return { lastResult, produce, loadSource };
});
