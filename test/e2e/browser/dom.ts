// The few DOM shapes the specs' page.evaluate callbacks use. The test tsconfig has no DOM lib (the tests run in
// Node); these callbacks run in the browser, where globalThis is the window.

export interface DomRect { top: number; right: number; width: number; height: number }
export interface DomElement {
  tagName: string;
  className: string;
  parentElement: DomElement | null;
  scrollWidth: number;
  clientWidth: number;
  dataset: Record<string, string | undefined>;
  getBoundingClientRect(): DomRect;
}
export interface DomWindow {
  document: {
    documentElement: DomElement;
    querySelector(selector: string): DomElement | null;
    querySelectorAll(selector: string): Iterable<DomElement>;
  };
  getComputedStyle(element: DomElement): { overflowX: string; backgroundColor: string };
}

