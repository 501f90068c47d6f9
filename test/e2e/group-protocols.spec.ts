// Both group protocols in the GUI: a KIP-848 group driven step by step with raw ConsumerGroupHeartbeats (so the
// state is exact) shows its type, group epoch, server assignor, member epochs, subscriptions, and current vs target
// assignment with the partitions pending revocation / assignment highlighted; the list tells both types apart. The
// rebalance timeline of a KIP-848 group: exact from the coordinator's events on the embedded broker, derived from
// polling (and labelled approximate) when the same broker is added as a remote cluster.
import { test, expect, type Page } from '@playwright/test';
import { heartbeat, joinRequest, TopicIds } from '../helpers/consumer-protocol.js';
import { RawClient } from '../helpers/raw-client.js';
import { callApi, callApiEventually, goTo, openApp } from './fixtures.js';

const RUN = Date.now().toString(36);

async function brokerOf(page: Page): Promise<{ host: string; port: number }> {
  const text = await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText();
  const [host = '', port = '0'] = (text.split(',')[0]?.trim() ?? '').split(':');
  return { host, port: Number(port) };
}

test('a KIP-848 group: epochs, assignor, current vs target with pending revocation highlighted', async ({ page }) => {
  await openApp(page);
  const topic = `e2e-kip848-${RUN}`;
  const group = `e2e-kip848-g-${RUN}`;
  await callApiEventually(page, 'topics.create', { clusterId: 'embedded', name: topic, partitions: 4, replicationFactor: 1 });
  const { host, port } = await brokerOf(page);
  const raw = await RawClient.connect(host, port);
  try {
    const ids = await TopicIds.load(raw, [topic]);
    const a = await heartbeat(raw, ids, group, joinRequest('member-a', [topic], { serverAssignor: 'uniform' }));
    await heartbeat(raw, ids, group, { memberId: 'member-a', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1, 2, 3] }) });
    const b = await heartbeat(raw, ids, group, joinRequest('member-b', [topic]));

    await goTo(page, '#/c/embedded/groups');
    await expect(page.getByTestId(`group-type-${group}`)).toHaveText('consumer', { timeout: 20_000 });
    await expect(page.getByTestId(`group-row-${group}`)).toContainText(`uniform (server) · epoch ${b.epoch}`);

    await goTo(page, `#/c/embedded/groups/${group}/members`);
    await expect(page.getByTestId('group-protocol')).toContainText(`epoch ${b.epoch}`);
    await expect(page.getByTestId('group-protocol')).toContainText('server assignor uniform');
    const rowA = page.getByTestId('consumer-member-member-a');
    const rowB = page.getByTestId('consumer-member-member-b');
    await expect(rowA.locator('td').nth(3)).toHaveText(String(a.epoch));
    await expect(rowB.locator('td').nth(3)).toHaveText(String(b.epoch));
    await expect(rowA.locator('.part.revoking')).toHaveText(['2', '3']);
    await expect(rowB.locator('.part.waiting')).toHaveText(['2', '3']);
    await expect(rowA.locator('td').nth(4)).toHaveText(topic);
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `test-results/e2e/kip848-members-${viewport.width}.png`, fullPage: true });
    }

    // The KIP-848 timeline from the coordinator's events: A revokes 2,3 (pending revocation), B waits for them
    // (pending assignment), then B leaves; one lane per member, windows labelled with epoch and cause.
    await heartbeat(raw, ids, group, { memberId: 'member-a', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1, 2, 3] }) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await heartbeat(raw, ids, group, { memberId: 'member-a', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await heartbeat(raw, ids, group, { memberId: 'member-b', memberEpoch: b.epoch, topicPartitions: [] });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await heartbeat(raw, ids, group, { memberId: 'member-b', memberEpoch: -1 });
    await heartbeat(raw, ids, group, { memberId: 'member-a', memberEpoch: b.epoch, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('tab-rebalances').click();
    const chart = page.getByTestId('rebalance-chart');
    await expect(chart.locator('text').filter({ hasText: /\(member-a\)$/ })).toHaveCount(1);
    await expect(chart.locator('text').filter({ hasText: /\(member-b\)$/ })).toHaveCount(1);
    await expect(chart.locator('text').filter({ hasText: /^epoch \d/ }).first()).toBeVisible();
    // The first windows are milliseconds apart, so they may share one label ("epoch 1–3"); the leave has its own.
    const labels = await chart.locator('text').filter({ hasText: /^epoch \d/ }).allTextContents();
    expect(labels.some((l) => /member joined|–/.test(l)), labels.join(' | ')).toBeTruthy();
    expect(labels).toContain(`epoch ${b.epoch + 1} · member left`);
    await expect(page.getByTestId('rebalance-legend')).toContainText('pending revocation');
    await expect(page.getByTestId('rebalance-summary')).toContainText('KIP-848 never stops the world');
    await expect(page.getByTestId('member-pending-table').locator('tr', { hasText: 'member-a' }).locator('td').nth(1)).not.toHaveText('0 ms');
    await expect(page.getByTestId('member-pending-table').locator('tr', { hasText: 'member-b' }).locator('td').nth(2)).not.toHaveText('0 ms');
    await expect(page.getByTestId('group-event-table')).toContainText(`group epoch ${b.epoch + 1}: member left (member-b)`);
    await expect(page.getByTestId('group-event-table')).toContainText('pending revocation');
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `test-results/e2e/kip848-timeline-${viewport.width}.png`, fullPage: true });
    }
  } finally {
    raw.close();
  }
});

test('a remote cluster: the KIP-848 timeline is derived from polling and says it is approximate', async ({ page }) => {
  await openApp(page);
  const topic = `e2e-kip848-remote-${RUN}`;
  const group = `e2e-kip848-remote-g-${RUN}`;
  await callApiEventually(page, 'topics.create', { clusterId: 'embedded', name: topic, partitions: 4, replicationFactor: 1 });
  const { host, port } = await brokerOf(page);
  const remote = await callApi<{ id: string }>(page, 'clusters.add', { settings: { name: `loopback-groups-${RUN}`, bootstrap: [`${host}:${port}`], sasl: null, tls: null } });
  const raw = await RawClient.connect(host, port);
  try {
    const ids = await TopicIds.load(raw, [topic]);
    const card = page.getByTestId('group-protocol');
    const a = await heartbeat(raw, ids, group, joinRequest('member-a', [topic]));
    await heartbeat(raw, ids, group, { memberId: 'member-a', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1, 2, 3] }) });
    await goTo(page, `#/c/${remote.id}/groups/${group}/rebalances`);
    await expect(page.getByTestId('timeline-approximate')).toContainText('derived from polling');
    await expect(card).toContainText(`epoch ${a.epoch}`, { timeout: 20_000 });
    // Each step waits for a poll to see it (the page polls every 5 s), as a user watching a remote group would.
    const b = await heartbeat(raw, ids, group, joinRequest('member-b', [topic]));
    await heartbeat(raw, ids, group, { memberId: 'member-a', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1, 2, 3] }) });
    await expect(card).toContainText(`epoch ${b.epoch}`, { timeout: 20_000 });
    await heartbeat(raw, ids, group, { memberId: 'member-a', memberEpoch: a.epoch, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    await heartbeat(raw, ids, group, { memberId: 'member-b', memberEpoch: b.epoch, topicPartitions: [] });
    await heartbeat(raw, ids, group, { memberId: 'member-b', memberEpoch: -1 });
    await heartbeat(raw, ids, group, { memberId: 'member-a', memberEpoch: b.epoch, topicPartitions: ids.owned({ [topic]: [0, 1] }) });
    await expect(card).toContainText(`epoch ${b.epoch + 1}`, { timeout: 20_000 });
    const chart = page.getByTestId('rebalance-chart');
    await expect(chart.locator('text').filter({ hasText: /\(member-a\)$/ })).toHaveCount(1);
    await expect(chart.locator('text').filter({ hasText: /\(member-b\)$/ })).toHaveCount(1);
    const labels = await chart.locator('text').filter({ hasText: /^epoch \d/ }).allTextContents();
    expect(labels.some((l) => /member joined|–/.test(l)), labels.join(' | ')).toBeTruthy();
    await expect(page.getByTestId('group-event-table')).toContainText('seen by polling');
    await expect(page.getByTestId('tab-rebalances')).toContainText('approximate');
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `test-results/e2e/kip848-timeline-remote-${viewport.width}.png`, fullPage: true });
    }
  } finally {
    raw.close();
    await callApi(page, 'clusters.remove', { clusterId: remote.id });
  }
});
