// Issue 15: the topic list with all its columns fits a 1280×720 laptop: its table does not scroll sideways (lower-
// priority columns collapse) and the row menu opens on screen; at 1920 every column is shown.
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, goTo, openApp } from './fixtures.js';
import { root } from './serve-process.js';

const TOPIC = `fit-a-rather-long-topic-name-${Date.now().toString(36)}`;
const SHOTS = join(root, 'test-results', 'shots');

async function tableOverflow(page: Page): Promise<number> {
  return page.getByTestId('topic-table').evaluate((table) => {
    const wrap = table.parentElement as unknown as { scrollWidth: number; clientWidth: number };
    return wrap.scrollWidth - wrap.clientWidth;
  });
}

test('topic list: no sideways scroll at 1280×720, menus on screen, all columns at 1920', async ({ page }) => {
  await openApp(page);
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: TOPIC, partitions: 3, replicationFactor: 1 });
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await goTo(page, '#/c/embedded/topics?internal=1');
      await expect(page.getByTestId(`topic-row-${TOPIC}`)).toBeVisible();
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SHOTS, `topic-list-fit-${scheme}-${size.width}x${size.height}.png`) });
      expect(await tableOverflow(page), `topic table scrolls sideways at ${size.width}`).toBeLessThanOrEqual(1);
    }
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.getByTestId('topic-sort-consumeRate')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 720 });
  // Essential columns stay; the row menu opens inside the viewport.
  await expect(page.getByTestId('topic-sort-consumeRate')).toBeHidden();
  for (const key of ['name', 'partitions', 'messageCount', 'sizeBytes', 'lag']) await expect(page.getByTestId(`topic-sort-${key}`)).toBeVisible();
  const row = page.getByTestId(`topic-row-${TOPIC}`);
  await row.getByTestId(`topic-menu-${TOPIC}`).click();
  const menu = page.getByRole('menu').first();
  await expect(menu).toBeVisible();
  const box = await menu.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(720);
});
