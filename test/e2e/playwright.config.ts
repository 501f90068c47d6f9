// End-to-end tests: the real GUI (dist/renderer) served by `serve` (the real backend and embedded broker),
// driven in Debian's Chromium. global-setup starts the server on free ports and exports its URL.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/e2e',
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    // Traces stream files into outputDir during the test; keep them opt-in (PWTRACE=1) so a concurrent run that
    // cleans test-results/ cannot break an unrelated test.
    trace: process.env.PWTRACE ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
