// Config editor state for one topic: the described entries, the pending change set, client-side problems per
// field, and the broker's verdict (validate-only dry run, then one IncrementalAlterConfigs on Apply).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createResource } from '../../../lib/async-state.js';
import { errorMessage } from '../../../lib/errors.js';
import { isBackendError } from '../../../../../src-common/contract/errors.js';
import type { ConfigEntry } from '../../../../../src-common/contract/topics.js';
import { diffRows, toAlterOps, withChange, withoutChange, type PendingChange } from '../change-set.js';
import { configNameInMessage, validateConfigValue } from '../config-validation.js';
import { applyPreset, type ConfigPreset } from '../presets.js';
import { retentionPreview, touchesRetention, type RetentionPreview } from '../retention-preview.js';

export type ApplyPhase = 'idle' | 'validating' | 'ready' | 'refused' | 'applying';

export const useTopicConfigsStore = defineStore('topic-configs', () => {
  const target = ref<{ clusterId: string; topic: string } | null>(null);
  const entries = createResource(async (clusterId: string, topic: string) =>
    (await backend().call('configs.describe', { clusterId, resource: { type: 'topic', name: topic } })).entries,
  );
  const changes = shallowRef<Map<string, PendingChange>>(new Map());
  /** The broker's refusal, keyed by the config it names ('' when it names none). */
  const serverErrors = shallowRef<Record<string, string>>({});
  const phase = ref<ApplyPhase>('idle');
  /** Embedded broker only: what the next retention check would delete before/after the change (null: not computed). */
  const preview = shallowRef<RetentionPreview | null>(null);
  /** Set after a successful apply, for a short confirmation. */
  const lastApplied = ref<string[] | null>(null);

  const list = computed<ConfigEntry[]>(() => entries.data.value ?? []);
  const byName = computed(() => new Map(list.value.map((e) => [e.name, e])));

  /** Client-side problems of the pending set values (checked before anything is sent). */
  const clientErrors = computed<Record<string, string>>(() => {
    const out: Record<string, string> = {};
    for (const [name, change] of changes.value) {
      const entry = byName.value.get(name);
      if (change.op !== 'set' || !entry) continue;
      const problem = validateConfigValue(entry, change.value);
      if (problem) out[name] = problem;
    }
    return out;
  });
  const diff = computed(() => diffRows(changes.value, list.value));
  const hasClientErrors = computed(() => Object.keys(clientErrors.value).length > 0);

  let stopEvents: (() => void) | null = null;
  /** Embedded broker: configs changed elsewhere (another client, the CLI) show up without a manual refresh. */
  function followChanges(): void {
    if (stopEvents) return;
    stopEvents = backend().subscribe('engine.event', ({ clusterId, event }) => {
      const t = target.value;
      if (!t || clusterId !== t.clusterId || event.type !== 'config-changed' || (event.topic !== null && event.topic !== t.topic)) return;
      if (phase.value !== 'applying') reload();
    });
  }
  function close(): void {
    stopEvents?.();
    stopEvents = null;
  }

  /** Coming back to the same topic keeps the pending changes and refreshes the values underneath them. */
  function open(clusterId: string, topic: string): void {
    const same = target.value?.clusterId === clusterId && target.value.topic === topic;
    target.value = { clusterId, topic };
    followChanges();
    if (!same) {
      discardAll();
      lastApplied.value = null;
      entries.reset();
    }
    void entries.load(clusterId, topic);
  }
  function reload(): void {
    if (target.value) void entries.load(target.value.clusterId, target.value.topic);
  }

  function clearServerError(name: string): void {
    if (!(name in serverErrors.value) && !('' in serverErrors.value)) return;
    const next = { ...serverErrors.value };
    delete next[name];
    delete next[''];
    serverErrors.value = next;
  }
  function stage(entry: ConfigEntry, change: PendingChange): void {
    changes.value = withChange(changes.value, entry, change);
    clearServerError(entry.name);
    lastApplied.value = null;
  }
  function unstage(name: string): void {
    changes.value = withoutChange(changes.value, name);
    clearServerError(name);
  }
  function stagePreset(preset: ConfigPreset): void {
    changes.value = applyPreset(changes.value, preset, list.value);
    serverErrors.value = {};
    lastApplied.value = null;
  }
  function discardAll(): void {
    changes.value = new Map();
    serverErrors.value = {};
    phase.value = 'idle';
  }

  function recordRefusal(caught: unknown): void {
    const kafkaName = isBackendError(caught) ? caught.kafkaName : undefined;
    const message = kafkaName ? `${errorMessage(caught)} (${kafkaName})` : errorMessage(caught);
    const name = configNameInMessage(message, changes.value.keys());
    serverErrors.value = { [name && changes.value.has(name) ? name : '']: message };
    phase.value = 'refused';
  }

  async function send(validateOnly: boolean): Promise<ConfigEntry[]> {
    if (!target.value) throw new Error('no topic selected');
    const { clusterId, topic } = target.value;
    const result = await backend().call('configs.alter', { clusterId, resource: { type: 'topic', name: topic }, ops: toAlterOps(changes.value), validateOnly });
    return result.entries;
  }

  /** Reads every partition's segments (embedded broker) and forecasts retention with the old and new values. */
  async function loadPreview(partitions: number): Promise<void> {
    const t = target.value;
    if (!t) return;
    const snapshot = changes.value;
    try {
      const all = await Promise.all(Array.from({ length: partitions }, async (_, partition) =>
        (await backend().call('topics.segments', { clusterId: t.clusterId, topic: t.topic, partition })).segments));
      if (snapshot === changes.value) preview.value = retentionPreview(list.value, snapshot, all, Date.now());
    } catch {
      preview.value = null; // a what-if is a bonus; the review works without it
    }
  }

  /**
   * Opens the review: a validate-only alter, so the broker's refusal shows before anything changes; on the embedded
   * broker (`partitions` given) also the retention what-if when the change touches retention.
   */
  async function review(partitions: number | null = null): Promise<void> {
    if (changes.value.size === 0 || hasClientErrors.value) return;
    phase.value = 'validating';
    serverErrors.value = {};
    preview.value = null;
    if (partitions !== null && touchesRetention(changes.value)) void loadPreview(partitions);
    try {
      await send(true);
      phase.value = 'ready';
    } catch (caught) {
      recordRefusal(caught);
    }
  }

  /** Sends the whole change set as one incremental alter; on success the fresh entries replace the old. */
  async function apply(): Promise<boolean> {
    if (changes.value.size === 0 || hasClientErrors.value) return false;
    phase.value = 'applying';
    try {
      const applied = [...changes.value.keys()];
      entries.data.value = await send(false);
      changes.value = new Map();
      serverErrors.value = {};
      phase.value = 'idle';
      lastApplied.value = applied;
      return true;
    } catch (caught) {
      recordRefusal(caught);
      return false;
    }
  }
  function closeReview(): void {
    if (phase.value !== 'applying') phase.value = 'idle';
  }

  return {
    target, entries, list, byName, changes, clientErrors, serverErrors, diff, hasClientErrors, phase, lastApplied, preview,
    open, close, reload, stage, unstage, stagePreset, discardAll, review, apply, closeReview,
  };
});
