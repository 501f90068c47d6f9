// A tiny "resource" helper for stores: data + loading + error, with protection against out-of-order responses
// (a slow answer for an old cluster/topic must not overwrite the answer for the current one).
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';

export interface Resource<T, A extends unknown[]> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: ShallowRef<unknown>;
  /** Loads and stores the result; resolves to it, or to null if it failed or was superseded. Never throws. */
  load: (...args: A) => Promise<T | null>;
  reset: () => void;
}

export function createResource<T, A extends unknown[]>(loader: (...args: A) => Promise<T>): Resource<T, A> {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let generation = 0;

  async function load(...args: A): Promise<T | null> {
    const mine = ++generation;
    loading.value = true;
    try {
      const result = await loader(...args);
      if (mine !== generation) return null;
      data.value = result;
      error.value = null;
      return result;
    } catch (caught) {
      if (mine === generation) error.value = caught;
      return null;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function reset(): void {
    generation++;
    data.value = null;
    error.value = null;
    loading.value = false;
  }

  return { data, loading, error, load, reset };
}

/** Runs a mutation with its own busy/error refs; rethrows so callers can keep a dialog open on failure. */
export function createAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const busy = ref(false);
  const error = shallowRef<unknown>(null);
  async function run(...args: A): Promise<R> {
    busy.value = true;
    error.value = null;
    try {
      return await action(...args);
    } catch (caught) {
      error.value = caught;
      throw caught;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run, clearError: () => { error.value = null; } };
}
