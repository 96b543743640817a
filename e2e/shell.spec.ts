import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

test('the dashboard shows real figures, switches language, and passes axe', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
  // The first administrator is the only user so far: one active user, no administrator without MFA.
  await expect(page.getByText(/^本日 令和\d+年\d+月\d+日（令和\d+年度）$/)).toBeVisible();
  // The figures on the card are the ones the API reports, not placeholders.
  const summary = await (await page.request.get('/api/dashboard')).json();
  const users = page.getByRole('region', { name: '利用者' });
  await expect(users.getByRole('definition').first()).toHaveText(summary.users.active.toLocaleString());
  await expect(users.getByText('MFA未登録の管理者')).toBeVisible();
  await expectAccessible(page, 'dashboard (ja)');
  await page.screenshot({ path: 'out/screenshots/dashboard-ja.png', fullPage: true });

  await page.getByRole('button', { name: /表示言語を切り替える/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page, 'dashboard (en)');
  await page.screenshot({ path: 'out/screenshots/dashboard-en.png', fullPage: true });
  await page.getByRole('button', { name: /Switch display language/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible();
});

test('core administration pages render and pass axe', async ({ page }) => {
  for (const [path, heading] of [
    ['/organization', '組織・部局・課室'],
    ['/users', '利用者と役割'],
    ['/permissions', '権限・責任等一覧'],
    ['/audit-trail', 'システム管理記録'],
    ['/account', 'アカウント'],
    ['/api-docs', 'API文書'],
    ['/notifications', '通知'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page, path);
  }
});

test('an administrator adds a department and a section, then invites a user', async ({ page }) => {
  await page.goto('/organization');
  await page.getByLabel(/^組織コード/).fill('D-E2E');
  await page.getByLabel(/^名称/).fill('企画部');
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByText('企画部')).toBeVisible();
  await page.getByLabel('種類', { exact: true }).selectOption('section');
  await page.getByLabel(/^所属する部局/).selectOption({ label: '企画部' });
  await page.getByLabel(/^組織コード/).fill('S-E2E');
  await page.getByLabel(/^名称/).fill('情報政策課');
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByText('情報政策課')).toBeVisible();

  await page.goto('/users');
  const form = page.getByRole('region', { name: '利用者の登録' });
  await form.getByLabel(/^メールアドレス/).fill('staff@e2e.shirube.test');
  await form.getByLabel(/^氏名/).fill('職員 花子');
  await form.getByLabel('所属課室').selectOption({ label: '情報政策課' });
  await form.getByLabel('最初の役割').selectOption('staff');
  await form.getByRole('button', { name: '登録する', exact: true }).click();
  await expect(form.getByText('招待リンク', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: '職員 花子' })).toBeVisible();
  await expectAccessible(page, 'users after invite');
});

test('the audit trail records what happened and its chain verifies', async ({ page }) => {
  await page.goto('/audit-trail');
  await expect(page.getByRole('cell', { name: 'setup.first_admin' })).toBeVisible();
  await page.getByRole('button', { name: '改ざん検査' }).click();
  await expect(page.getByText(/改ざん・欠落はありません/)).toBeVisible();
});
