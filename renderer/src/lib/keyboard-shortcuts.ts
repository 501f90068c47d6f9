// App-wide keys: "/" focuses the view's search field, Ctrl/Cmd-K opens the command palette, and the two-key jumps
// "g o" (overview), "g t" (topics), "g g" (consumer groups). Keys typed into a field are left alone.

export interface ShortcutActions {
  openPalette(): void;
  jump(view: 'overview' | 'topics' | 'groups'): void;
}

const JUMPS: Record<string, 'overview' | 'topics' | 'groups'> = { o: 'overview', t: 'topics', g: 'groups' };
/** How long "g" waits for its second key. */
const CHORD_MS = 1500;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** The view's main search field: marked with data-search, else the first visible search input. */
export function focusSearch(root: ParentNode = document): boolean {
  const candidates = [...root.querySelectorAll<HTMLInputElement>('[data-search], input[type="search"]')];
  const field = candidates.find((el) => el.offsetParent !== null && !el.disabled);
  if (!field) return false;
  field.focus();
  field.select();
  return true;
}

export function installShortcuts(actions: ShortcutActions): () => void {
  let chordUntil = 0;
  const onKey = (event: KeyboardEvent): void => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      actions.openPalette();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (document.querySelector('[aria-modal="true"]')) return;
    const now = Date.now();
    if (chordUntil > now) {
      chordUntil = 0;
      const view = JUMPS[event.key];
      if (view) { event.preventDefault(); actions.jump(view); }
      return;
    }
    if (event.key === '/') {
      if (focusSearch()) event.preventDefault();
    } else if (event.key === 'g') {
      chordUntil = now + CHORD_MS;
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
