// The message list keeps a small DOM and reaches the last row with 100,000 records loaded. The lab page that feeds
// it synthetic rows exists only under `vite dev` (the built app must not have it), so this file runs the real
// renderer under Vite's dev server, proxied to the suite's backend, and checks that the built app has no such page.
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { appUrl, goTo, openApp } from './fixtures.js';
import { root } from './serve-process.js';

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

let vite: ChildProcess | null = null;
let devOrigin = '';

test.beforeAll(async () => {
  const port = await freePort();
  devOrigin = `http://127.0.0.1:${port}`;
  vite = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), '--config', 'renderer/vite.config.ts', '--port', String(port), '--strictPort'], {
    cwd: root,
    env: { ...process.env, KAFKADESK_BACKEND: new URL(appUrl()).origin, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((ready, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`vite dev did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      // Vite colours the port even without a TTY at times: compare without ANSI escapes.
      if (output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').includes(devOrigin)) { clearTimeout(timer); ready(); }
    };
    vite?.stdout?.on('data', onData);
    vite?.stderr?.on('data', onData);
    vite?.on('exit', (code) => reject(new Error(`vite exited early (${code}):\n${output}`)));
  });
});

test.afterAll(() => {
  vite?.kill('SIGTERM');
});

test('the built app has no lab page', async ({ page }) => {
  await openApp(page);
  await goTo(page, '#/lab/virtual-list?n=10');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.getByTestId('lab-count')).toHaveCount(0);
});

test('100,000 rows: bounded DOM, scroll to the end, select a far row (vite dev)', async ({ page }) => {
  test.setTimeout(120_000);
  const token = new URL(appUrl()).searchParams.get('token') ?? '';
  await page.goto(`${devOrigin}/?token=${encodeURIComponent(token)}#/lab/virtual-list?n=100000`, { timeout: 90_000 });
  await expect(page.getByTestId('lab-count')).toContainText('100,000', { timeout: 60_000 });
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
