// The message list keeps a small DOM and reaches the last row with 100,000 records loaded.
import { test, expect } from '@playwright/test';
import { openApp } from './fixtures.js';

test('100,000 rows: bounded DOM, scroll to the end, select a far row', async ({ page }) => {
  await openApp(page, '#/lab/virtual-list?n=100000');
  await expect(page.getByTestId('lab-count')).toContainText('100,000');
  const rows = page.locator('[data-testid^="message-row-"]');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(120);

  const scroller = page.getByTestId('message-list').locator('.scroller');
  for (const fraction of [0.25, 0.5, 0.75, 1]) {
    await scroller.evaluate((el, f) => { el.scrollTop = (el.scrollHeight - el.clientHeight) * f; }, fraction);
    await page.waitForTimeout(50);
    expect(await rows.count()).toBeLessThan(120);
  }
  // Last record: index 99,999 -> partition 99999 % 6 = 3, offset floor(99999 / 6) = 16666.
  const last = page.getByTestId('message-row-3-16666');
  await expect(last).toBeVisible();
  await last.click();
  await expect(page.getByTestId('message-detail')).toContainText('offset 16666');
  await scroller.focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('message-detail')).toContainText('offset 16666');
  await expect(page.getByTestId('message-detail')).toContainText('Partition 2');
});
