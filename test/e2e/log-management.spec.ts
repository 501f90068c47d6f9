// Log management in the GUI against the embedded broker: the config editor (preset → diff → broker dry run → one
// incremental alter, verified with kafkajs), a value the broker refuses (its message next to the field), and the
// Retention & compaction tab (segments timeline, Compact now → a cleaner run with before/after sizes).
// Screenshots of both views are saved as test artifacts.
import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { callApi, goTo, openApp } from './fixtures.js';

// kafkajs is CommonJS: ESM sees only its default export.
const { ConfigResourceTypes, Kafka: KafkaClient, logLevel } = kafkajs;
const TOPIC = `e2e-logm-${Date.now().toString(36)}`;

test.describe.configure({ mode: 'serial' });

/** A kafkajs client on the embedded broker (its address from engine.status). */
async function kafkaFor(page: Page): Promise<Kafka> {
  const status = await callApi<{ host: string | null; port: number | null }>(page, 'engine.status', {});
  return new KafkaClient({ brokers: [`${status.host ?? '127.0.0.1'}:${status.port ?? 0}`], clientId: 'e2e-logm', logLevel: logLevel.NOTHING });
}

async function topicConfig(kafka: Kafka, name: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: TOPIC }] });
    return described.resources[0]?.configEntries.find((e) => e.configName === name)?.configValue;
  } finally {
    await admin.disconnect();
  }
}

test('config editor: a preset plus an inline edit go through the diff as one incremental alter', async ({ page }, testInfo) => {
  await openApp(page);
  const kafka = await kafkaFor(page);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }] });
  await admin.disconnect();

  await goTo(page, `#/c/embedded/topics/${TOPIC}/configs`);
  await expect(page.getByTestId('config-table')).toContainText('cleanup.policy');

  // Client-side validation: refused before anything is sent, in Kafka's words; human units are accepted.
  await page.getByTestId('config-edit-retention.ms').click();
  await page.getByTestId('config-edit-input').fill('-5');
  await expect(page.getByTestId('config-draft-error')).toContainText('Value must be at least -1');
  await expect(page.getByTestId('config-stage')).toBeDisabled();
  await page.getByTestId('config-edit-input').press('Escape');

  // Small segments so records land in closed (cleanable) segments; "1 KiB" becomes 1024.
  await page.getByTestId('config-edit-segment.bytes').click();
  await page.getByTestId('config-edit-input').fill('1 KiB');
  await page.getByTestId('config-stage').click();
  await expect(page.getByTestId('config-pending-segment.bytes')).toContainText('1024');

  await page.getByTestId('config-preset-compacted-changelog').click();
  await expect(page.getByTestId('config-pending-cleanup.policy')).toContainText('compact');
  await expect(page.getByTestId('config-pending-count')).toContainText('3 pending changes');

  // The URL keeps the filter state.
  await page.getByTestId('config-only-overrides').check();
  await expect(page).toHaveURL(/overrides=1/);
  await page.screenshot({ path: testInfo.outputPath('config-editor.png'), fullPage: true });

  await page.getByTestId('config-review').click();
  const dialog = page.getByTestId('config-diff-dialog');
  await expect(dialog.getByTestId('config-diff-row-cleanup.policy')).toContainText('delete');
  await expect(dialog.getByTestId('config-diff-row-cleanup.policy')).toContainText('compact');
  await expect(dialog.getByTestId('config-diff-row-segment.bytes')).toContainText('1024');
  await expect(dialog.getByTestId('config-diff-status')).toContainText('accepts');
  await page.screenshot({ path: testInfo.outputPath('config-diff.png') });
  await dialog.getByTestId('config-apply').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('config-applied')).toContainText('cleanup.policy');
  await expect(page.getByTestId('config-row-cleanup.policy')).toContainText('override');

  expect(await topicConfig(kafka, 'cleanup.policy')).toBe('compact');
  expect(await topicConfig(kafka, 'segment.bytes')).toBe('1024');
  expect(await topicConfig(kafka, 'min.cleanable.dirty.ratio')).toBe('0.1');
});

test('a value the broker refuses shows its INVALID_CONFIG message next to the field', async ({ page }, testInfo) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/configs?q=gzip`);
  await expect(page.getByTestId('config-filter')).toHaveValue('gzip');
  await page.getByTestId('config-edit-compression.gzip.level').click();
  // An INT the client accepts; only the broker knows gzip's 1..9 (or -1) rule.
  await page.getByTestId('config-edit-input').fill('12');
  await page.getByTestId('config-stage').click();
  await page.getByTestId('config-review').click();
  await expect(page.getByTestId('config-diff-refusal')).toContainText('Invalid value 12 for configuration compression.gzip.level');
  await expect(page.getByTestId('config-apply')).toBeDisabled();
  await page.getByRole('button', { name: 'Back to editing' }).click();
  await expect(page.getByTestId('config-error-compression.gzip.level')).toContainText('Value must be between 1 and 9');
  // cleanup.policy is edited with checkboxes (a list of compact/delete).
  await page.getByTestId('config-filter').fill('');
  await page.getByTestId('config-edit-cleanup.policy').click();
  await page.getByTestId('config-edit-item-delete').check();
  await page.screenshot({ path: testInfo.outputPath('config-refused.png'), fullPage: true });
  await page.getByTestId('config-stage').click();
  await expect(page.getByTestId('config-pending-cleanup.policy')).toContainText('compact,delete');
  await page.getByTestId('config-discard').click();
  expect(await topicConfig(await kafkaFor(page), 'compression.gzip.level')).toBe('-1');
});

test('Retention & compaction: segments over time, Compact now gives a cleaner run with before/after sizes', async ({ page }, testInfo) => {
  await openApp(page);
  const kafka = await kafkaFor(page);
  const producer = kafka.producer();
  await producer.connect();
  // Updates to 3 keys, one batch per send so 1 KiB segments roll several times.
  for (let i = 0; i < 60; i++) {
    await producer.send({ topic: TOPIC, messages: [{ key: `key-${i % 3}`, value: `update ${i} ${'x'.repeat(60)}` }] });
  }
  await producer.disconnect();

  await goTo(page, `#/c/embedded/topics/${TOPIC}/retention`);
  await expect(page.getByTestId('retention-timeline')).toBeVisible();
  await expect(page.getByTestId('retention-summary')).toContainText('cleanup.policy compact');
  await expect(page.getByTestId('dirty-ratio')).toContainText('threshold (min.cleanable.dirty.ratio) 10%');
  await page.screenshot({ path: testInfo.outputPath('compaction-before.png'), fullPage: true });

  await page.getByTestId('compact-now').click();
  await expect(page.getByTestId('compact-result')).toContainText('Cleaned:');
  const row = page.getByTestId('cleaner-run-row').first();
  await expect(row).toContainText('forced');
  await expect(row.getByTestId('cleaner-run-bytes')).toContainText('→');
  const records = await row.getByTestId('cleaner-run-records').innerText();
  const [before, after] = records.split('→').map((s) => Number(s.replace(/[^\d]/g, '')));
  expect(before).toBeGreaterThan(after ?? Infinity);
  await expect(page.getByTestId('cleaner-runs-chart')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('retention-compaction.png'), fullPage: true });
});

test('Retention: expired segments are marked with their reason, Enforce retention now deletes them and the view refreshes live', async ({ page }, testInfo) => {
  const topic = `${TOPIC}-ret`;
  await openApp(page);
  const kafka = await kafkaFor(page);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '1024' }, { name: 'retention.ms', value: '3600000' }] }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const old = Date.now() - 3 * 3_600_000;
  for (let i = 0; i < 30; i++) {
    // The first 20 records are 3 h old (past retention.ms = 1 h), the rest are fresh.
    const timestamp = String(i < 20 ? old + i * 1000 : Date.now());
    await producer.send({ topic, messages: [{ key: `k${i}`, value: `v${i} ${'y'.repeat(60)}`, timestamp }] });
  }
  await producer.disconnect();

  await goTo(page, `#/c/embedded/topics/${topic}/retention`);
  await expect(page.getByTestId('retention-next')).toContainText('due now');
  await expect(page.getByTestId('compaction-summary')).toContainText('ignores this topic');
  await expect(page.getByTestId('compact-now')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('retention-due.png'), fullPage: true });

  // What-if in the config diff: with 7 days instead of 1 hour nothing would be deleted now.
  await page.getByTestId('tab-configs').click();
  await page.getByTestId('config-edit-retention.ms').click();
  await page.getByTestId('config-edit-input').fill('7d');
  await page.getByTestId('config-stage').click();
  await page.getByTestId('config-review').click();
  await expect(page.getByTestId('config-diff-preview')).toContainText('would delete 0 segment(s)');
  await expect(page.getByTestId('config-diff-preview')).toContainText('now: 2 segment(s)');
  await page.screenshot({ path: testInfo.outputPath('config-what-if.png') });
  await page.getByRole('button', { name: 'Back to editing' }).click();
  await page.getByTestId('config-discard').click();
  await page.getByTestId('tab-retention').click();
  await expect(page.getByTestId('retention-next')).toContainText('due now');

  await page.getByTestId('enforce-retention').click();
  await expect(page.getByTestId('retention-result')).toContainText(/deleted [1-9]\d* segment/);
  await expect(page.getByTestId('retention-next')).not.toContainText('due now');
  // The engine's segments-deleted event reached the view.
  await expect(page.getByTestId('retention-live')).toContainText('segments-deleted');
});

test('remote clusters: the config editor works over kafkajs (DescribeConfigs/IncrementalAlterConfigs); engine insight is embedded-only', async ({ page }, testInfo) => {
  const topic = `${TOPIC}-remote`;
  await openApp(page);
  const kafka = await kafkaFor(page);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
  const status = await callApi<{ host: string | null; port: number | null }>(page, 'engine.status', {});
  const remote = await callApi<{ id: string }>(page, 'clusters.add', {
    settings: { name: 'loopback-configs', bootstrap: [`${status.host ?? '127.0.0.1'}:${status.port ?? 0}`], sasl: null, tls: null },
  });

  await goTo(page, `#/c/${remote.id}/topics/${topic}/configs`);
  await expect(page.getByTestId('tab-retention')).toHaveCount(0);
  await expect(page.getByTestId('config-table')).toContainText('retention.ms');
  await page.getByTestId('config-preset-keep-7-days').click();
  await page.getByTestId('config-edit-retention.bytes').click();
  await page.getByTestId('config-edit-input').fill('512 MiB');
  await page.getByTestId('config-stage').click();
  await page.getByTestId('config-review').click();
  await expect(page.getByTestId('config-diff-row-retention.bytes')).toContainText('536870912');
  // The retention what-if is the embedded broker's own forecast: a remote cluster says it is not available.
  await expect(page.getByTestId('config-diff-preview-unavailable')).toContainText('not available on remote clusters');
  await expect(page.getByTestId('config-diff-preview')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('config-what-if-remote.png') });
  await page.getByTestId('config-apply').click();
  await expect(page.getByTestId('config-applied')).toBeVisible();
  const described = await callApi<{ entries: { name: string; value: string | null }[] }>(page, 'configs.describe', { clusterId: 'embedded', resource: { type: 'topic', name: topic } });
  expect(described.entries.find((e) => e.name === 'retention.ms')?.value).toBe('604800000');
  expect(described.entries.find((e) => e.name === 'retention.bytes')?.value).toBe('536870912');

  // Reset to default (DELETE) through the same reviewed path.
  await page.getByTestId('config-reset-retention.bytes').click();
  await page.getByTestId('config-review').click();
  await expect(page.getByTestId('config-diff-row-retention.bytes')).toContainText('reset');
  await page.getByTestId('config-apply').click();
  await expect(page.getByTestId('config-row-retention.bytes')).toContainText('default');

  await goTo(page, `#/c/${remote.id}/topics/${topic}/retention`);
  await expect(page.getByTestId('empty-state')).toContainText('needs the embedded broker');
  await callApi(page, 'clusters.remove', { clusterId: remote.id });
});
