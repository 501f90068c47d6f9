// App-wide display preferences, persisted in localStorage: timestamps in local time or UTC (a recurring request for
// Kafka consoles) and the colour theme (light, dark, or following the OS's prefers-color-scheme, the default).
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { TimeZoneMode } from '../lib/format.js';

const STORAGE_KEY = 'kafkadesk.ui';

export type ThemeMode = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface StoredSettings {
  timeZone?: TimeZoneMode;
  theme?: ThemeMode;
}

interface MediaQueryLike {
  matches: boolean;
  addEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
}

function storage(): KeyValueStorage | undefined {
  return (globalThis as { localStorage?: KeyValueStorage }).localStorage;
}

function load(): StoredSettings {
  try {
    const raw = storage()?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSettings) : {};
  } catch {
    return {};
  }
}

function darkQuery(): MediaQueryLike | null {
  const matchMedia = (globalThis as { matchMedia?: (query: string) => MediaQueryLike }).matchMedia;
  return matchMedia ? matchMedia('(prefers-color-scheme: dark)') : null;
}

export const useUiSettings = defineStore('ui-settings', () => {
  const stored = load();
  const timeZone = ref<TimeZoneMode>(stored.timeZone === 'utc' ? 'utc' : 'local');
  const theme = ref<ThemeMode>(stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system');
  const query = darkQuery();
  const systemPrefersDark = ref(query?.matches ?? false);
  query?.addEventListener('change', (event) => { systemPrefersDark.value = event.matches; });
  const resolvedTheme = computed<ResolvedTheme>(() => (theme.value === 'system' ? (systemPrefersDark.value ? 'dark' : 'light') : theme.value));

  watch([timeZone, theme], ([zone, mode]) => {
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify({ timeZone: zone, theme: mode } satisfies StoredSettings));
    } catch {
      // storage unavailable (private mode): the setting just won't persist
    }
  });
  return { timeZone, theme, resolvedTheme };
});
