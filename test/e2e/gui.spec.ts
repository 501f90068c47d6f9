// Drives the real GUI against the real backend: clusters, topics, produce, browse (cursor paging), search,
// topic detail tabs, consumer groups, URL-restorable views.
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { callApi, callApiEventually, goTo, openApp } from './fixtures.js';

const TOPIC = `e2e-${Date.now().toString(36)}`;

test.describe.configure({ mode: 'serial' });

test('clusters view lists the embedded broker and reports connection errors clearly', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('cluster-card-embedded')).toBeVisible();
  await page.getByTestId('cluster-add').click();
  await page.getByTestId('cluster-name').fill('nowhere');
  await page.getByTestId('cluster-bootstrap').fill('127.0.0.1:1');
  await page.getByTestId('cluster-test').click();
  await expect(page.getByTestId('cluster-test-result')).toContainText(/Connection failed/, { timeout: 30_000 });
  await expect(page.getByTestId('cluster-test-result').getByTestId('error-banner')).toBeVisible();
  // TLS material can be loaded from files.
  await page.getByTestId('cluster-tls').check();
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  await page.locator('.pem', { has: page.getByTestId('cluster-tls-ca') }).locator('input[type=file]')
    .setInputFiles({ name: 'ca.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) });
  await expect(page.getByTestId('cluster-tls-ca')).toHaveValue(pem.trim());
});

test('overview shows brokers and counts', async ({ page }) => {
  await openApp(page, '#/c/embedded/overview');
  await expect(page.getByTestId('stat-brokers')).toContainText('1');
  await expect(page.getByTestId('broker-table')).toContainText('controller');
  await expect(page.getByTestId('activity-feed')).toBeVisible();
});

test('create a topic, produce records, browse them page by page without repeats', async ({ page }) => {
  await openApp(page, '#/c/embedded/topics');
  await page.getByTestId('topic-create').click();
  await page.getByTestId('create-topic-name').fill(TOPIC);
  await page.getByTestId('create-topic-partitions').fill('2');
  await page.getByTestId('create-topic-submit').click();
  await expect(page.getByTestId('topic-title')).toHaveText(TOPIC);

  await page.getByTestId('topic-open-produce').click();
  await page.getByTestId('produce-key').fill('customer-1');
  await page.getByTestId('produce-value').fill('{"amount": 42, "status": "paid"}');
  await page.getByTestId('produce-copies').fill('25');
  await page.getByTestId('produce-send').click();
  await expect(page.getByTestId('produce-result')).toContainText('Sent 25 record(s)');
  await page.getByTestId('produce-value').fill('{"amount": 7, "status": "pending"}');
  await page.getByTestId('produce-copies').fill('5');
  await page.getByTestId('produce-send').click();
  await expect(page.getByTestId('produce-result')).toContainText('Sent 5 record(s)');

  await goTo(page, `#/c/embedded/topics/${TOPIC}/messages?start=earliest&size=10`);
  await expect(page.getByTestId('page-summary')).toContainText('10 records');
  const seen = new Set<string>();
  for (let pageIndex = 0; pageIndex < 3; pageIndex++) {
    await expect(page.getByTestId('page-summary')).toContainText('10 records');
    const rows = await page.locator('[data-testid^="message-row-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
    for (const row of rows) {
      expect(seen.has(row ?? ''), `row ${row} repeated`).toBe(false);
      seen.add(row ?? '');
    }
    if (pageIndex < 2) {
      // Wait for the next page itself (the previous one stays on screen while it loads).
      const before = await page.getByTestId('page-summary').innerText();
      await page.getByTestId('page-next').click();
      await expect(page.getByTestId('page-summary')).not.toHaveText(before);
    }
  }
  expect(seen.size).toBe(30);
  // Back returns to the previous page (paging pushes history entries with the cursor).
  await page.goBack();
  await expect(page).toHaveURL(/cursor=/);
});

test('the message detail shows JSON and survives a reload (view state in the URL)', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages?start=earliest&fmt=json`);
  await page.locator('[data-testid^="message-row-"]').first().click();
  await expect(page.getByTestId('message-detail')).toBeVisible();
  await expect(page.getByTestId('message-value')).toContainText('"amount"');
  await expect(page).toHaveURL(/sel=\d+%3A\d+|sel=\d+:\d+/);
  await page.reload();
  await expect(page.getByTestId('message-detail')).toBeVisible();
  await expect(page.getByTestId('messages-format')).toHaveValue('json');
});

test('search runs in the backend over the whole range with progress', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages`);
  await page.getByTestId('messages-show-filters').click();
  await page.getByTestId('filter-json').fill('$.amount <');
  await expect(page.getByTestId('filter-json-error')).toBeVisible();
  await page.getByTestId('filter-json').fill('$.amount < 10');
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('search-state')).toContainText('whole range scanned');
  await expect(page.getByTestId('search-progress')).toContainText('matched 5');
  await expect(page.locator('[data-testid^="message-row-"]')).toHaveCount(5);
  // Selecting a record only changes `sel` in the URL: it must not start the scan again.
  let searches = 0;
  page.on('request', (request) => { if (request.postData()?.includes('"messages.search"')) searches++; });
  await page.locator('[data-testid^="message-row-"]').nth(2).click();
  await expect(page.getByTestId('message-detail')).toBeVisible();
  await page.waitForTimeout(500);
  expect(searches).toBe(0);
});

test('topic detail tabs: partitions, configs, segments hierarchy, distribution', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}`);
  await expect(page.getByTestId('partition-table').locator('tbody tr')).toHaveCount(2);
  await page.getByTestId('tab-configs').click();
  await expect(page.getByTestId('config-table')).toContainText('retention.ms');
  await page.getByTestId('tab-segments').click();
  await expect(page.getByTestId('segment-hierarchy')).toContainText('Segment');
  await expect(page.getByTestId('segment-table')).toContainText('active');
  await page.getByTestId('tab-distribution').click();
  await expect(page.getByTestId('distribution-chart')).toBeVisible();
  await page.getByTestId('distribution-sample').click();
  await expect(page.getByTestId('top-keys-table')).toContainText('customer-1');
});

test('a wrong token gets a clear full-page explanation', async ({ page }) => {
  const url = new URL(process.env.KAFKADESK_E2E_URL ?? '');
  url.searchParams.set('token', 'wrong');
  await page.goto(url.toString());
  await expect(page.getByTestId('backend-problem')).toContainText('access link');
  // The token is not left in the address bar.
  expect(page.url()).not.toContain('token=');
});

test('timestamps switch between local time and UTC and the choice persists', async ({ page }) => {
  // (The lab page this used is dev-only now; the topic seeded above has records.)
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages?start=earliest&size=10`);
  await expect(page.getByTestId('page-summary')).toContainText('10 records');
  await page.getByTestId('timezone-toggle').selectOption('utc');
  await expect(page.getByTestId('message-list')).toContainText('Z');
  await page.reload();
  await expect(page.getByTestId('timezone-toggle')).toHaveValue('utc');
  await page.getByTestId('timezone-toggle').selectOption('local');
  await expect(page.getByTestId('message-list')).not.toContainText('.000Z');
});

test('a saved remote cluster (the embedded broker over kafkajs) works and read-only disables changes', async ({ page }) => {
  await openApp(page);
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: `${TOPIC}-remote`, partitions: 1, replicationFactor: 1 });
  const bootstrap = (await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText()).trim();
  await page.getByTestId('cluster-add').click();
  await page.getByTestId('cluster-name').fill('loopback-ro');
  await page.getByTestId('cluster-bootstrap').fill(bootstrap);
  await page.getByTestId('cluster-read-only').check();
  await page.getByTestId('cluster-test').click();
  await expect(page.getByTestId('cluster-test-result')).toContainText('Connected');
  await page.getByTestId('cluster-save').click();
  await expect(page.getByTestId('cluster-form')).toHaveCount(0);
  let card = page.locator('[data-testid^="cluster-card-"]', { hasText: 'loopback-ro' });
  await expect(card).toContainText('read-only');
  // Edit: the form loads the saved settings (secrets are never sent back) and saves changes.
  await card.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByTestId('cluster-name')).toHaveValue('loopback-ro');
  await expect(page.getByTestId('cluster-bootstrap')).toHaveValue(bootstrap);
  await page.getByTestId('cluster-name').fill('loopback-ro-2');
  await page.getByTestId('cluster-save').click();
  await expect(page.getByTestId('cluster-form')).toHaveCount(0);
  card = page.locator('[data-testid^="cluster-card-"]', { hasText: 'loopback-ro-2' });
  await expect(card).toContainText('read-only');
  await card.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('stat-brokers')).toContainText('1');
  await page.getByTestId('nav-topics').click();
  await expect(page.getByTestId('topic-create')).toBeDisabled();
  // Remote clusters have no segment tab (the embedded broker's files are not visible through Kafka's protocol).
  await page.getByTestId(`topic-row-${TOPIC}-remote`).getByRole('link', { name: `${TOPIC}-remote` }).click();
  await expect(page.getByTestId('tab-partitions')).toBeVisible();
  await expect(page.getByTestId('tab-segments')).toHaveCount(0);
});

test('search by tombstones and a time range stays in the URL', async ({ page }) => {
  await openApp(page);
  const topic = `${TOPIC}-tomb`;
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: topic, partitions: 1, replicationFactor: 1 });
  await callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic, partition: 0, key: { encoding: 'text', data: 'a' }, value: { encoding: 'text', data: 'x' }, copies: 3 });
  await callApi(page, 'messages.produce', { clusterId: 'embedded', topic, partition: 0, key: { encoding: 'text', data: 'a' }, value: null });
  await goTo(page, `#/c/embedded/topics/${topic}/messages?mode=search`);
  await page.getByTestId('filter-tombstones').selectOption('only');
  await page.getByTestId('filter-apply').click();
  await expect(page).toHaveURL(/tomb=only/);
  await expect(page.getByTestId('search-state')).toContainText('whole range scanned');
  await expect(page.locator('[data-testid^="message-row-"]')).toHaveCount(1);
  await expect(page.getByTestId('message-list')).toContainText('tombstone');
  // An "until" in the past finds nothing, and says it scanned.
  await page.getByTestId('messages-until').fill('2001-01-01T00:00');
  await expect(page.getByTestId('messages-until')).toHaveValue(/^2001-01-01T00:00/);
  await page.getByTestId('messages-go').click();
  await expect(page).toHaveURL(/until=/);
  await expect(page.getByTestId('search-state')).toBeVisible();
  await expect(page.locator('[data-testid^="message-row-"]')).toHaveCount(0);
});

test('a missing topic or cluster says so, without a pointless Retry', async ({ page }) => {
  await openApp(page, '#/c/embedded/topics/no-such-topic-here');
  await expect(page.getByTestId('topic-missing')).toContainText('does not exist');
  await expect(page.getByTestId('error-retry')).toHaveCount(0);
  await goTo(page, '#/c/embedded/topics/no-such-topic-here/messages');
  await expect(page.getByTestId('topic-missing')).toContainText('does not exist');
  await expect(page.getByTestId('messages-produce')).toHaveCount(0);
  await openApp(page, '#/c/no-such-cluster/overview');
  await expect(page.getByTestId('empty-state')).toContainText('Unknown cluster');
});

test('copy a range to another topic, and re-import an export', async ({ page }) => {
  await openApp(page);
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: `${TOPIC}-copy`, partitions: 2, replicationFactor: 1 });
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: `${TOPIC}-imported`, partitions: 2, replicationFactor: 1 });
  await goTo(page, `#/c/embedded/topics/${TOPIC}/messages?start=earliest`);
  await page.getByTestId('messages-copy').click();
  await page.getByTestId('copy-target-topic').fill(`${TOPIC}-copy`);
  await page.getByTestId('copy-start').click();
  await expect(page.getByTestId('copy-result')).toContainText('Copied 30 records');
  await page.getByTestId('copy-dialog').getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByTestId('messages-export').click();
  await page.getByTestId('export-format').selectOption('jsonl');
  await page.getByTestId('export-start').click();
  // Browser mode: the export is downloaded through its one-time link, then uploaded back (no typed paths).
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-download').click();
  const downloaded = join(test.info().outputDir, 'export.jsonl');
  await (await downloading).saveAs(downloaded);
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close', exact: true }).click();

  await goTo(page, `#/c/embedded/topics/${TOPIC}-imported/messages?start=earliest`);
  await page.getByTestId('messages-import').click();
  await page.getByTestId('import-file').setInputFiles(downloaded);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toContainText('Imported 30 records');
});

test('live tail shows new records newest first, pause holds them, stop ends it', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages?mode=tail`);
  await expect(page.getByTestId('tail-live')).toBeVisible();
  const produce = (data: string) => callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic: TOPIC, partition: 0, key: null, value: { encoding: 'text', data } });
  await page.waitForTimeout(500);
  await produce('tail-1');
  await produce('tail-2');
  const rows = page.locator('[data-testid^="message-row-"]');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('tail-2');
  await page.getByTestId('tail-pause').click();
  await produce('tail-3');
  // The tail received it and held it aside: the list keeps its two rows.
  await expect(page.getByTestId('tail-bar')).toContainText('3 received');
  await expect(rows).toHaveCount(2);
  await page.getByTestId('tail-pause').click(); // resume: held records appear
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('tail-3');
  await page.getByTestId('tail-stop').click();
  await expect(page.getByTestId('tail-restart')).toBeVisible();
});

// Last: it deletes the topic the tests above share.
test('delete the topic with a typed confirmation', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}`);
  await page.getByTestId('topic-delete').click();
  await expect(page.getByTestId('confirm-button')).toBeDisabled();
  await page.getByTestId('confirm-input').fill(TOPIC);
  await page.getByTestId('confirm-button').click();
  await expect(page).toHaveURL(/#\/c\/embedded\/topics$/);
  await expect(page.getByTestId(`topic-row-${TOPIC}`)).toHaveCount(0);
});
