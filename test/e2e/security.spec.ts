// The Security pages in the real GUI against a secured engine broker (SASL_SSL + SCRAM + StandardAuthorizer), added as
// a remote cluster: listeners, add a SCRAM user, add an ACL, the check answers allowed, then denied after a DENY, the
// filters in the URL, delete the DENY and the user. The embedded broker (no authorizer) shows "no authorizer".
import { expect, test, type Page } from '@playwright/test';
import { callApi, goTo, openApp } from './fixtures.js';
import { freePort, startSecuredBroker, type SecuredBroker } from './secured-broker.js';
import { startServe } from './serve-process.js';

let broker: SecuredBroker;
let clusterId: string;

test.beforeAll(async () => {
  broker = await startSecuredBroker('admin-secret');
});
test.afterAll(async () => broker?.stop());

async function addCluster(page: Page): Promise<void> {
  const summary = await callApi<{ id: string }>(page, 'clusters.add', {
    settings: {
      name: `secured-${Date.now()}`, bootstrap: [broker.saslBootstrap], sasl: { mechanism: 'scram-sha-512', username: 'admin' },
      tls: { enabled: true, rejectUnauthorized: true, ca: broker.ca },
    },
    secrets: { saslPassword: 'admin-secret' },
  });
  clusterId = summary.id;
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('theme-toggle').selectOption(theme);
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.screenshot({ path: `test-results/e2e/security-${name}-${w}x${h}-${theme}.png` });
    }
  }
  await setTheme(page, 'light');
  await page.setViewportSize({ width: 1400, height: 900 });
}

async function addAcl(page: Page, permission: 'ALLOW' | 'DENY', principal: string, operation: string, topic: string): Promise<void> {
  await page.getByTestId('acl-add').click();
  const dialog = page.getByTestId('acl-dialog');
  await dialog.getByTestId('acl-permission').selectOption({ label: permission });
  await dialog.getByTestId('acl-principal').fill(principal);
  await dialog.getByTestId('acl-operation').selectOption({ label: operation });
  await dialog.getByTestId('acl-resource-name').fill(topic);
  await page.screenshot({ path: `test-results/e2e/security-acl-dialog-${permission}.png` });
  await dialog.getByTestId('acl-save').click();
  await expect(dialog).toBeHidden();
}

test('security pages: user, ACL, the check allowed then denied, delete', async ({ page }) => {
  await openApp(page);
  await addCluster(page);

  await goTo(page, `#/c/${clusterId}/security/listeners`);
  await expect(page.getByTestId('nav-security')).toHaveClass(/active/);
  await expect(page.getByTestId('listener-SASL_SSL')).toContainText('SCRAM-SHA-512, SCRAM-SHA-256');
  await expect(page.getByTestId('listener-SASL_SSL').getByTestId('listener-console')).toBeVisible();
  await expect(page.getByTestId('listener-PLAINTEXT').getByTestId('listener-console')).toHaveCount(0);
  await shoot(page, 'listeners');

  // Users: add one with both mechanisms and 8192 iterations.
  await page.getByTestId('tab-users').click();
  await expect(page.getByTestId('user-row-admin')).toBeVisible();
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-name').fill('e2e-user');
  await page.getByTestId('user-password').fill('e2e-password');
  await page.getByTestId('user-iterations').fill('8192');
  await page.screenshot({ path: 'test-results/e2e/security-user-dialog.png' });
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId('user-dialog')).toBeHidden();
  await expect(page.getByTestId('user-row-e2e-user')).toContainText('SCRAM-SHA-512 · 8192 iterations');
  await expect(page.getByTestId('user-row-e2e-user')).toContainText('SCRAM-SHA-256 · 8192 iterations');
  // Too few iterations: the form says so before anything is sent.
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-name').fill('x');
  await page.getByTestId('user-password').fill('y');
  await page.getByTestId('user-iterations').fill('100');
  await expect(page.getByTestId('user-problem')).toContainText('4096');
  await expect(page.getByTestId('user-save')).toBeDisabled();
  await page.getByTestId('user-dialog').getByRole('button', { name: 'Cancel' }).click();
  await shoot(page, 'users');

  // ACLs: ALLOW READ on topic orders → the check says allowed (READ, and DESCRIBE by implication).
  await page.getByTestId('tab-acls').click();
  await expect(page.getByTestId('acls-authorizer')).toContainText('StandardAuthorizer');
  await addAcl(page, 'ALLOW', 'User:e2e-user', 'READ', 'orders');
  await expect(page.getByTestId('acl-row')).toHaveCount(1);
  await page.getByTestId('check-principal').fill('User:e2e-user');
  await page.getByTestId('check-resource-name').fill('orders');
  await page.getByTestId('check-operation').selectOption({ label: 'READ' });
  await expect(page.getByTestId('check-verdict')).toHaveText('Allowed');
  await page.getByTestId('check-operation').selectOption({ label: 'DESCRIBE' });
  await expect(page.getByTestId('check-verdict')).toHaveText('Allowed');
  await page.getByTestId('check-operation').selectOption({ label: 'WRITE' });
  await expect(page.getByTestId('check-verdict')).toHaveText('Denied');

  // A DENY wins.
  await addAcl(page, 'DENY', 'User:e2e-user', 'READ', 'orders');
  await expect(page.getByTestId('acl-row')).toHaveCount(2);
  await page.getByTestId('check-operation').selectOption({ label: 'READ' });
  await expect(page.getByTestId('check-verdict')).toHaveText('Denied');
  await expect(page.getByTestId('check-explanation')).toContainText('DENY User:e2e-user READ on TOPIC LITERAL "orders"');
  await shoot(page, 'acls');

  // Filters live in the URL.
  await page.getByTestId('acl-filter-permission').selectOption('DENY');
  await expect(page).toHaveURL(/perm=DENY/);
  await expect(page.getByTestId('acl-row')).toHaveCount(1);

  // Delete exactly the DENY binding (confirmed): the check is allowed again.
  await page.getByTestId('acl-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('DENY User:e2e-user READ');
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('confirm-dialog')).toBeHidden();
  await expect(page.getByTestId('acls-empty')).toContainText('No ACL matches');
  await page.getByTestId('acl-filter-permission').selectOption('ANY');
  await expect(page.getByTestId('acl-row')).toHaveCount(1);
  await expect(page.getByTestId('check-verdict')).toHaveText('Allowed');

  // Client config for the SASL_SSL listener and the new user: the password is a placeholder.
  await page.getByTestId('tab-client-config').click();
  await page.getByTestId('snippet-user').fill('e2e-user');
  await expect(page.getByTestId('snippet-java')).toContainText('security.protocol=SASL_SSL');
  await expect(page.getByTestId('snippet-java')).toContainText('ScramLoginModule required username="e2e-user" password="<password>"');
  await expect(page.getByTestId('snippet-librdkafka')).toContainText('sasl.mechanisms=SCRAM-SHA-512');
  await expect(page.locator('body')).not.toContainText('e2e-password');
  await shoot(page, 'client-config');

  // Change the user's password (SCRAM-SHA-512 only now, 4096 iterations), then delete the user.
  await page.getByTestId('tab-users').click();
  await page.getByTestId('user-edit-e2e-user').click();
  await expect(page.getByTestId('user-name')).toBeDisabled();
  await page.getByTestId('user-mech-SCRAM-SHA-256').uncheck();
  await page.getByTestId('user-password').fill('another-password');
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId('user-dialog')).toBeHidden();
  await expect(page.getByTestId('user-row-e2e-user')).toContainText('SCRAM-SHA-512 · 4096 iterations');
  await page.getByTestId('user-delete-e2e-user').click();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('user-row-e2e-user')).toHaveCount(0);
  // Leave the shared server as it was for the specs after this one.
  await callApi(page, 'clusters.remove', { clusterId });
});

test('the embedded broker without an authorizer: "no authorizer configured"', async ({ page }) => {
  await openApp(page, '#/c/embedded/security/acls');
  await expect(page.getByTestId('acls-disabled')).toContainText('No authorizer configured');
  await page.getByTestId('tab-client-config').click();
  await expect(page.getByTestId('dev-ca-none')).toBeVisible();
  await expect(page.getByTestId('snippet-librdkafka')).toContainText('security.protocol=PLAINTEXT');
});

test('serve --tls auto: the embedded broker\'s dev CA, its fingerprint and a snippet that trusts it', async ({ page }) => {
  const [plain, sasl] = [await freePort(), await freePort()];
  const serve = await startServe(['--no-schema-registry', '--tls', 'auto', '--user', 'app:app-secret',
    '--override', `listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://127.0.0.1:${sasl}`, '--override', 'sasl.enabled.mechanisms=SCRAM-SHA-256']);
  try {
    await page.goto(`${serve.url}#/c/embedded/security/client-config`);
    await expect(page.getByTestId('dev-ca-path')).toContainText('tls/ca.crt');
    await expect(page.getByTestId('dev-ca-fingerprint')).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const path = (await page.getByTestId('dev-ca-path').textContent())!.trim();
    await expect(page.getByTestId('snippet-listener')).toHaveValue('SASL_SSL');
    await page.getByTestId('snippet-user').fill('app');
    await expect(page.getByTestId('snippet-librdkafka')).toContainText(`ssl.ca.location=${path}`);
    await expect(page.getByTestId('snippet-java')).toContainText(`ssl.truststore.location=${path}`);
    await expect(page.getByTestId('snippet-kafkajs')).toContainText("mechanism: 'scram-sha-256', username: 'app', password: '<password>'");
    await shoot(page, 'dev-ca');
    await page.getByTestId('tab-listeners').click();
    await expect(page.getByTestId('listener-PLAINTEXT').getByTestId('listener-console')).toBeVisible();
    await expect(page.getByTestId('listener-SASL_SSL')).toContainText('SCRAM-SHA-256');
  } finally {
    await serve.stop();
  }
});
