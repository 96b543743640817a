import { expect, test as setup } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { generate } from 'otplib';
import { ADMIN_STORAGE, STATE_FILE } from './env';
import { ADMIN, expectAccessible, state } from './helpers';

/**
 * The first administrator's path on a fresh install: the one-time setup link, the organisation,
 * MFA enrolment with an authenticator code, recovery codes, then the dashboard.
 * The signed-in state is saved for the other specs.
 */
setup('first administrator sets up the organisation, enrols MFA and reaches the dashboard', async ({ page }) => {
  const { setupUrl } = state();
  await page.goto(setupUrl);
  await expect(page.getByRole('heading', { level: 1, name: '初期設定' })).toBeVisible();
  await expectAccessible(page, 'setup');

  await page.getByLabel('団体名').fill('e2e試験市');
  await page.getByLabel('都道府県').selectOption('13');
  await page.getByLabel('全国地方公共団体コード（6桁）').fill('132012');
  await page.getByLabel('メールアドレス').fill(ADMIN.email);
  await page.getByLabel('氏名').fill(ADMIN.name);
  await page.getByLabel(/^パスワード/).fill(ADMIN.password);
  await page.getByRole('button', { name: /登録して多要素認証/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: '多要素認証の登録' })).toBeVisible();
  const secret = (await page.locator('code').first().textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectAccessible(page, 'mfa enrolment');
  await page.getByLabel('確認コード（6桁）').fill(await generate({ secret }));
  await page.getByRole('button', { name: '登録する' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '回復コード' })).toBeVisible();
  await expect(page.locator('li.font-mono, ul[aria-label="回復コード"] li')).toHaveCount(10);
  await page.getByRole('button', { name: '保管しました' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
  await expect(page.getByTestId('org-name')).toHaveText('e2e試験市');
  writeFileSync(STATE_FILE, JSON.stringify({ ...state(), totpSecret: secret }));
  await page.context().storageState({ path: ADMIN_STORAGE });
});
