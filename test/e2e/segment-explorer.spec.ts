// The segment explorer in the real GUI: a kafkajs transactional producer commits and aborts into the embedded
// broker; the explorer opens the broker's live data dir read-only, drills partition -> segment -> batch -> record,
// shows the ABORT marker with the offset it takes, keeps the drill-down in the URL (a reload restores it) and
// explains a path that is not a Kafka dir. Screenshots at 1280x720 and 1920x1080.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { goTo, openApp } from './fixtures.js';

const TOPIC = `e2e-explorer-${Date.now().toString(36)}`;

test('open the embedded broker\'s data dir, drill to a record, see a marker', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const address = (await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText()).split(',')[0]?.trim() ?? '';
  const kafka = new Kafka({ brokers: [address], clientId: 'e2e-explorer', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer({ transactionalId: `${TOPIC}-tx`, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (const [values, commit] of [[['{"order":1,"item":"apple"}', '{"order":2,"item":"pear"}'], true], [['{"order":3,"item":"cancelled"}'], false]] as const) {
    const txn = await producer.transaction();
    await txn.send({ topic: TOPIC, messages: values.map((value, i) => ({ key: `o${i}`, value, headers: { source: 'e2e' } })) });
    await (commit ? txn.commit() : txn.abort());
  }
  await producer.disconnect();
  await expect.poll(async () => Number((await admin.fetchTopicOffsets(TOPIC))[0]?.high ?? 0), { timeout: 15_000 }).toBe(5);
  await admin.disconnect();

  await goTo(page, '#/c/embedded/overview');
  await page.getByTestId('nav-segment-explorer').click();
  await expect(page).toHaveURL(/#\/c\/embedded\/segment-explorer/);
  await page.getByTestId('explorer-open-embedded').click();
  await expect(page.getByTestId('explorer-summary')).toContainText('data directory');
  await expect(page).toHaveURL(/path=/);
  await page.getByTestId('explorer-partition-filter').fill(TOPIC);
  await page.getByTestId(`explorer-partition-${TOPIC}-0`).click();
  await page.getByTestId('explorer-segment-0').click();
  await expect(page.getByTestId('explorer-batch-table')).toBeVisible();
  await expect(page.getByTestId('explorer-segment-0')).toContainText('OK');
  // c0 c1 | COMMIT@2 | a0 | ABORT@4
  await expect(page.getByTestId('explorer-batch-4')).toContainText('control');
  await expect(page.getByTestId('explorer-batch-0')).toContainText('valid');
  await page.getByTestId('explorer-batch-4').click();
  await expect(page.getByTestId('explorer-marker')).toHaveText('ABORT marker');
  await expect(page.getByTestId('explorer-record-4')).toContainText('takes offset 4');
  await page.getByTestId('explorer-batch-0').click();
  await page.getByTestId('explorer-record-1').click();
  await expect(page.getByTestId('explorer-record-detail')).toContainText('pear');
  await expect(page).toHaveURL(/partition=.*segment=0/);
  await expect(page).toHaveURL(/batch=0/);

  await page.getByTestId('explorer-show-indexes').click();
  await expect(page.getByTestId('explorer-txnindex')).toContainText('ok');

  // The drill-down is in the URL: a reload comes back to the same batch.
  await page.reload();
  await expect(page.getByTestId('explorer-records')).toContainText('Batch at position 0');
  await expect(page.getByTestId('explorer-record-1')).toContainText('pear');

  // Jump by offset (through the .index): the page starts at the batch holding it, and the URL says where.
  await page.getByTestId('explorer-goto-offset').fill('3');
  await page.getByTestId('explorer-goto-offset').press('Enter');
  await expect(page).toHaveURL(/from=\d+/);
  await expect(page.getByTestId('explorer-batch-table').locator('tbody tr').first()).toHaveAttribute('data-testid', 'explorer-batch-3');
  await expect(page.getByTestId('explorer-batch-0')).toHaveCount(0);
  await page.getByTestId('explorer-first-page').click();
  await expect(page.getByTestId('explorer-batch-0')).toBeVisible();

  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('explorer-summary').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/e2e/segment-explorer-top-${w}x${h}.png` });
    await page.getByTestId('explorer-batch-4').click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `test-results/e2e/segment-explorer-${w}x${h}.png`, fullPage: true });
  }
});

test('a path that is not a Kafka data dir gets a clear error', async ({ page }) => {
  await openApp(page);
  await goTo(page, '#/c/embedded/segment-explorer');
  await page.getByTestId('explorer-path').fill('/nonexistent/kafka-logs');
  await page.getByTestId('explorer-open').click();
  await expect(page.getByTestId('explorer-open-error')).toContainText('does not exist');
  await page.getByTestId('explorer-path').fill('/proc/self');
  await page.getByTestId('explorer-open').click();
  await expect(page.getByTestId('explorer-open-error')).toContainText('not a Kafka data directory');
});

test('a damaged copy of a partition folder: the CRC mismatch is located and the original is untouched', async ({ page }) => {
  await openApp(page);
  await goTo(page, '#/c/embedded/segment-explorer');
  await page.getByTestId('explorer-open-embedded').click();
  await expect(page).toHaveURL(/path=/);
  const dataDir = new URL(page.url().replace('#/', '')).searchParams.get('path') ?? '';
  const folder = fs.readdirSync(dataDir).find((f) => f.startsWith(TOPIC));
  expect(folder, 'the first test wrote the topic').toBeTruthy();
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkadesk-e2e-explorer-'));
  try {
    const partitionCopy = path.join(copy, folder ?? '');
    const originalLog = path.join(dataDir, folder ?? '', '00000000000000000000.log');
    const original = fs.readFileSync(originalLog);
    fs.cpSync(path.join(dataDir, folder ?? ''), partitionCopy, { recursive: true });
    const log = path.join(partitionCopy, '00000000000000000000.log');
    const bytes = fs.readFileSync(log);
    // The third batch (offset 3, the aborted record) starts at 230: flip a byte of its records.
    bytes.writeUInt8(bytes.readUInt8(230 + 70) ^ 0xff, 230 + 70);
    fs.writeFileSync(log, bytes);
    await page.getByTestId('explorer-path').fill(partitionCopy);
    await page.getByTestId('explorer-open').click();
    await expect(page.getByTestId('explorer-summary')).toContainText('partition folder');
    await expect(page.getByTestId('explorer-error-count')).toContainText('1 error');
    await page.getByTestId('explorer-segment-0').click();
    await expect(page.getByTestId('explorer-batch-3')).toContainText('mismatch');
    await expect(page.getByTestId('explorer-batch-4')).toContainText('valid');
    await expect(page.getByTestId('explorer-problems').first()).toContainText('00000000000000000000.log @ 230');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(400); // the chart follows the new size
    await page.screenshot({ path: 'test-results/e2e/segment-explorer-damaged-1280x720.png' });
    expect(fs.readFileSync(originalLog).equals(original), 'the broker\'s own log is unchanged').toBe(true);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
