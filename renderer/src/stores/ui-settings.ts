// App-wide display preferences, persisted in localStorage: timestamps in local time or UTC
// (a recurring request for Kafka consoles).
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { TimeZoneMode } from '../lib/format.js';

const STORAGE_KEY = 'kafkadesk.ui';

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface StoredSettings {
  timeZone?: TimeZoneMode;
}

function load(): StoredSettings {
  try {
    const raw = (globalThis as { localStorage?: KeyValueStorage }).localStorage?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSettings) : {};
  } catch {
    return {};
  }
}

export const useUiSettings = defineStore('ui-settings', () => {
  const stored = load();
  const timeZone = ref<TimeZoneMode>(stored.timeZone === 'utc' ? 'utc' : 'local');
  watch(timeZone, (zone) => {
    try {
      (globalThis as { localStorage?: KeyValueStorage }).localStorage?.setItem(STORAGE_KEY, JSON.stringify({ timeZone: zone }));
    } catch {
      // storage unavailable (private mode): the setting just won't persist
    }
  });
  return { timeZone };
});
