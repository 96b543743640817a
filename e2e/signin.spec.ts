import { expect, test } from '@playwright/test';
import { generate } from 'otplib';
import { ADMIN, expectAccessible, state } from './helpers';

// A fresh browser with no saved session: the administrator signs in with password and an authenticator code.
test.use({ storageState: { cookies: [], origins: [] } });

test('the first administrator signs in with password and TOTP, and signs out', async ({ page }) => {
  const { totpSecret } = state();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1, name: 'サインイン' })).toBeVisible();
  await expectAccessible(page, 'login');

  await page.getByLabel(/^メールアドレス/).fill(ADMIN.email);
  await page.getByLabel(/^パスワード/).fill('wrong password entirely');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByRole('alert')).toContainText('メールアドレスまたはパスワードが正しくありません');

  await page.getByLabel(/^パスワード/).fill(ADMIN.password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '多要素認証' })).toBeVisible();
  await expectAccessible(page, 'mfa verify');
  // The enrolment used the current time step; the next step is within the accepted drift and not yet used.
  const code = await generate({ secret: totpSecret as string, epoch: Math.floor(Date.now() / 1000) + 30 });
  await page.getByLabel(/^確認コード/).fill(code);
  await page.getByRole('button', { name: '確認する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
  await page.screenshot({ path: 'out/screenshots/signin-dashboard.png' });

  await page.getByRole('button', { name: 'サインアウト' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login$/);
});
