// Config editor state for one topic: the described entries, the pending change set, client-side problems per
// field, and the broker's verdict (validate-only dry run, then one IncrementalAlterConfigs on Apply).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createResource } from '../../../lib/async-state.js';
import { errorMessage } from '../../../lib/errors.js';
import { isBackendError } from '../../../../../src-common/contract/errors.js';
import type { TopicLogForecast } from '../../../../../src-common/contract/engine.js';
import type { ConfigEntry } from '../../../../../src-common/contract/topics.js';
import { diffRows, toAlterOps, withChange, withoutChange, type PendingChange } from '../change-set.js';
import { configNameInMessage, validateConfigValue } from '../config-validation.js';
import { applyPreset, type ConfigPreset } from '../presets.js';
import { forecastChanges, touchesRetention } from '../retention-preview.js';

export type ApplyPhase = 'idle' | 'validating' | 'ready' | 'refused' | 'applying';
/**
 * The retention/compaction what-if of the review: 'none' (the change does not touch retention or compaction),
 * 'loading', 'ready' (forecast set), 'remote' (a remote Kafka cluster: not available), 'failed' (message set).
 */
export type PreviewState = 'none' | 'loading' | 'ready' | 'remote' | 'failed';

export const useTopicConfigsStore = defineStore('topic-configs', () => {
  const target = ref<{ clusterId: string; topic: string } | null>(null);
  const entries = createResource(async (clusterId: string, topic: string) =>
    (await backend().call('configs.describe', { clusterId, resource: { type: 'topic', name: topic } })).entries,
  );
  const changes = shallowRef<Map<string, PendingChange>>(new Map());
  /** The broker's refusal, keyed by the config it names ('' when it names none). */
  const serverErrors = shallowRef<Record<string, string>>({});
  const phase = ref<ApplyPhase>('idle');
  /** Embedded broker only: the engine's forecast with the config in force and with the pending changes. */
  const preview = shallowRef<TopicLogForecast | null>(null);
  const previewState = ref<PreviewState>('none');
  const previewError = ref<string | null>(null);
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

  /** Asks the engine what retention and the cleaner would do with the pending values (nothing is applied). */
  async function loadPreview(): Promise<void> {
    const t = target.value;
    if (!t) return;
    const snapshot = changes.value;
    previewState.value = 'loading';
    try {
      const forecast = await backend().call('engine.logForecast', { topic: t.topic, changes: forecastChanges(snapshot) });
      if (snapshot !== changes.value) return;
      preview.value = forecast;
      previewState.value = 'ready';
    } catch (caught) {
      if (snapshot !== changes.value) return;
      previewState.value = 'failed'; // a what-if is a bonus; the review works without it
      previewError.value = errorMessage(caught);
    }
  }

  /**
   * Opens the review: a validate-only alter, so the broker's refusal shows before anything changes; when the change
   * touches retention or compaction also the engine's what-if (embedded broker only; remote clusters say so).
   */
  async function review(embedded: boolean): Promise<void> {
    if (changes.value.size === 0 || hasClientErrors.value) return;
    phase.value = 'validating';
    serverErrors.value = {};
    preview.value = null;
    previewError.value = null;
    previewState.value = !touchesRetention(changes.value) ? 'none' : embedded ? 'loading' : 'remote';
    if (previewState.value === 'loading') void loadPreview();
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
    previewState, previewError, open, close, reload, stage, unstage, stagePreset, discardAll, review, apply, closeReview,
  };
});
