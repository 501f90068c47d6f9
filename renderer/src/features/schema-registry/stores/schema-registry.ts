// The cluster's Schema Registry: info, subjects, one subject's versions, and the mutations of the registry page.
import { defineStore } from 'pinia';
import { backend } from '../../../backend/use-backend.js';
import { createAction, createResource } from '../../../lib/async-state.js';
import type { CompatibilityLevel, NewSchema } from '../../../../../src-common/contract/schema-registry.js';

export const useSchemaRegistryStore = defineStore('schema-registry', () => {
  const info = createResource((clusterId: string) => backend().call('registry.info', { clusterId }));
  const subjects = createResource((clusterId: string, deleted: boolean) => backend().call('registry.subjects', { clusterId, deleted }));
  const subject = createResource((clusterId: string, name: string, deleted: boolean) => backend().call('registry.subject', { clusterId, subject: name, deleted }));
  const check = createAction((clusterId: string, name: string, schema: NewSchema) =>
    backend().call('registry.checkCompatibility', { clusterId, subject: name, schema }));
  const register = createAction((clusterId: string, name: string, schema: NewSchema) =>
    backend().call('registry.register', { clusterId, subject: name, schema }));
  const remove = createAction((clusterId: string, name: string, version: number | undefined, permanent: boolean) =>
    backend().call('registry.delete', { clusterId, subject: name, ...(version !== undefined ? { version } : {}), permanent }));
  const setCompatibility = createAction((clusterId: string, name: string | null, level: CompatibilityLevel | null) =>
    backend().call('registry.setCompatibility', { clusterId, subject: name, level }));
  return { info, subjects, subject, check, register, remove, setCompatibility };
});
