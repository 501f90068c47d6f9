// Every main view fits a 1280×720 laptop and a 1920×1080 screen: nothing runs off the right edge (the message
// detail pane used to end ~58 px off-screen with Copy/Re-send clipped). Screenshots land in test-results/shots/.
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, callApiEventually, goTo, openApp } from './fixtures.js';
import { root } from './serve-process.js';
import type { DomWindow } from './browser/dom.js';

const TOPIC = `layout-${Date.now().toString(36)}`;
const SHOTS = join(root, 'test-results', 'shots');
const SIZES = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }];

const VIEWS: { name: string; hash: string; ready: string }[] = [
  { name: 'overview', hash: '#/c/embedded/overview', ready: 'overview-stats' },
  { name: 'topics', hash: '#/c/embedded/topics', ready: 'topic-table' },
  { name: 'topic', hash: `#/c/embedded/topics/${TOPIC}`, ready: 'topic-title' },
  { name: 'topic-configs', hash: `#/c/embedded/topics/${TOPIC}/configs`, ready: 'topic-title' },
  { name: 'topic-retention', hash: `#/c/embedded/topics/${TOPIC}/retention`, ready: 'topic-title' },
  { name: 'messages', hash: `#/c/embedded/topics/${TOPIC}/messages?start=earliest&size=50&sel=0:3`, ready: 'message-detail' },
  { name: 'search', hash: `#/c/embedded/topics/${TOPIC}/messages?mode=search&start=earliest`, ready: 'filter-panel' },
  { name: 'tail', hash: `#/c/embedded/topics/${TOPIC}/messages?mode=tail`, ready: 'tail-bar' },
  { name: 'produce', hash: `#/c/embedded/topics/${TOPIC}/produce`, ready: 'produce-send' },
  { name: 'groups', hash: '#/c/embedded/groups', ready: 'main-content' },
  { name: 'clusters', hash: '#/clusters', ready: 'cluster-card-embedded' },
];

/** Elements whose right edge is past the viewport (or the page scrolling sideways), described for the failure message. */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as DomWindow;
    const doc = document.documentElement;
    const problems: string[] = [];
    if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1) problems.push(`main scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);
    for (const el of document.querySelectorAll('main *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // Content inside a scroll container that scrolls sideways on purpose (wide tables) is not overflow.
      let clipped = false;
      for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX === 'auto' || style.overflowX === 'scroll' || style.overflowX === 'hidden') { clipped = true; break; }
      }
      if (!clipped && box.right > doc.clientWidth + 1) problems.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}`);
    }
    return problems.slice(0, 10);
  });
}

test.describe.configure({ mode: 'serial' });

test('every main view fits 1280×720 and 1920×1080 without horizontal overflow', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  await openApp(page);
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: TOPIC, partitions: 3, replicationFactor: 1 });
  await callApiEventually(page, 'messages.produce', {
    clusterId: 'embedded', topic: TOPIC, partition: null,
    key: { encoding: 'text', data: 'customer-with-a-rather-long-key-0001' },
    value: { encoding: 'text', data: JSON.stringify({ amount: 42, status: 'paid', note: 'x'.repeat(300) }) },
    headers: [{ key: 'trace-id', value: { encoding: 'text', data: 'f'.repeat(64) } }],
    copies: 60,
  });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const view of VIEWS) {
      await goTo(page, view.hash);
      await expect(page.getByTestId(view.ready).first()).toBeVisible();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, `${view.name}-${size.width}x${size.height}.png`) });
      expect(await horizontalOverflow(page), `${view.name} at ${size.width}×${size.height}`).toEqual([]);
    }
  }
  // The detail pane's actions stay on screen at the laptop size.
  await page.setViewportSize({ width: 1280, height: 720 });
  await goTo(page, `#/c/embedded/topics/${TOPIC}/messages?start=earliest&size=50&sel=0:3`);
  for (const id of ['message-copy-link', 'message-resend']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box, id).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
  }
});

test('dark theme: the main views fit too (screenshots for review)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const view of VIEWS.filter((v) => ['overview', 'topics', 'messages'].includes(v.name))) {
      await goTo(page, view.hash);
      await expect(page.getByTestId(view.ready).first()).toBeVisible();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, `dark-${view.name}-${size.width}x${size.height}.png`) });
      expect(await horizontalOverflow(page), `dark ${view.name} at ${size.width}×${size.height}`).toEqual([]);
    }
  }
});
