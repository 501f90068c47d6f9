// Both group protocols in the GUI: a KIP-848 group driven step by step with raw ConsumerGroupHeartbeats (so the
// state is exact) shows its type, group epoch, server assignor, member epochs, subscriptions, and current vs target
// assignment with the partitions pending revocation / assignment highlighted; the list tells both types apart.
import { test, expect, type Page } from '@playwright/test';
import { heartbeat, joinRequest, TopicIds } from '../helpers/consumer-protocol.js';
import { RawClient } from '../helpers/raw-client.js';
import { callApiEventually, goTo, openApp } from './fixtures.js';

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
    await page.getByTestId('tab-rebalances').click();
    await expect(page.getByTestId('kip848-timeline-note')).toContainText('KIP-848 group');
    await page.getByTestId('tab-members').click();
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `test-results/e2e/kip848-members-${viewport.width}.png`, fullPage: true });
    }
  } finally {
    raw.close();
  }
});
