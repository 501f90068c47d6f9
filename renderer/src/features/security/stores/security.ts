// The Security pages' store: listeners, SCRAM users, ACLs and the dev CA of one cluster, and the changes the pages
// make (each reloads what it changed). Passwords pass straight through to the backend and are never kept here.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { AclBinding } from '../../../../../src-common/security/acl-rules.js';
import type { ScramMechanism, UpsertScramUserParams } from '../../../../../src-common/contract/security.js';
import { backend } from '../../../backend/use-backend.js';
import { createResource } from '../../../lib/async-state.js';

export const useSecurityStore = defineStore('security', () => {
  const clusterId = shallowRef<string | null>(null);
  const listeners = createResource(async (id: string) => backend().call('security.listeners', { clusterId: id }));
  const users = createResource(async (id: string) => (await backend().call('security.users', { clusterId: id })).users);
  const acls = createResource(async (id: string) => backend().call('security.acls', { clusterId: id }));
  const devCa = createResource(async (id: string) => (await backend().call('security.devCa', { clusterId: id })).devCa);

  /** Switching clusters drops the previous cluster's data at once (never shown under another cluster's name). */
  function use(id: string): void {
    if (clusterId.value === id) return;
    clusterId.value = id;
    for (const r of [listeners, users, acls, devCa]) r.reset();
  }
  const current = (): string => clusterId.value ?? '';

  async function upsertUser(params: Omit<UpsertScramUserParams, 'clusterId'>): Promise<void> {
    await backend().call('security.upsertUser', { ...params, clusterId: current() });
    await users.load(current());
  }
  async function deleteUser(name: string, mechanisms: ScramMechanism[]): Promise<void> {
    await backend().call('security.deleteUser', { clusterId: current(), name, mechanisms });
    await users.load(current());
  }
  async function createAcl(binding: AclBinding): Promise<void> {
    await backend().call('security.createAcl', { clusterId: current(), binding });
    await acls.load(current());
  }
  async function deleteAcl(binding: AclBinding): Promise<number> {
    const { deleted } = await backend().call('security.deleteAcl', { clusterId: current(), binding });
    await acls.load(current());
    return deleted;
  }

  return { clusterId, listeners, users, acls, devCa, use, upsertUser, deleteUser, createAcl, deleteAcl };
});
