import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

/**
 * Incidents in the browser: the CSIRT head is registered, a leak of 150 residents' records is
 * reported, the PPC and prefecture clocks appear, one report is recorded as sent, a recurrence
 * measure is recorded and the incident is closed.
 */

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36).toUpperCase();
const local = (hoursAgo: number) => {
  const d = new Date(Date.now() - hoursAgo * 3_600_000 + 9 * 3_600_000);
  return d.toISOString().slice(0, 16);
};

test('the CSIRT roster and readiness', async ({ page }) => {
  await page.goto('/csirt');
  await expect(page.getByRole('heading', { level: 1, name: 'CSIRT体制' })).toBeVisible();
  await expect(page.getByText('判定できません')).toBeVisible();
  await page.getByLabel('担当者').fill(`政策 太郎 ${run}`);
  await page.getByLabel('開始日').fill('2026-04-01');
  await page.getByRole('button', { name: '役割を登録する' }).click();
  await expect(page.getByRole('cell', { name: `政策 太郎 ${run}` })).toBeVisible();
  await expectAccessible(page, 'csirt');
});

test('report an incident, see its clocks, record a report sent, close it with a measure', async ({ page }) => {
  await page.goto('/incidents/new');
  await page.getByLabel('件名').fill(`住民情報の誤送付 ${run}`);
  await page.getByLabel('発生した事象').fill('150人分の通知を別の宛先に送信した。');
  await page.getByLabel('発生日時').fill(local(6));
  await page.getByLabel('発見日時').fill(local(5));
  await page.getByLabel(/組織が知った日時/).fill(local(4));
  await page.getByLabel('本人の数').fill('150');
  await page.getByLabel('個人情報が含まれる').check();
  await expectAccessible(page, 'incident report form');
  await page.getByRole('button', { name: '報告する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`住民情報の誤送付 ${run}`) })).toBeVisible();
  await expect(page.getByText('個人情報保護委員会への速報（個人情報保護法）')).toBeVisible();
  await expect(page.getByText('都道府県への第一報（総務省へは都道府県を経由）')).toBeVisible();
  await expectAccessible(page, 'incident page');

  const row = page.getByRole('row').filter({ hasText: '個人情報保護委員会への速報（個人情報保護法）' });
  await row.getByLabel('送付日時').fill(local(1));
  await row.getByRole('button', { name: '送付済みにする' }).click();
  await expect(row.getByText(/記録済み/)).toBeVisible();

  // Closing without a measure is refused with the reason.
  await page.getByLabel('状態を変更').selectOption('closed');
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByText(/再発防止策/).first()).toBeVisible();
  await page.getByLabel('対策').fill('送信前の宛先確認を二人で行う');
  await page.getByLabel('担当', { exact: true }).fill('市民課');
  await page.getByLabel('期限').fill('2027-03-31');
  await page.getByRole('button', { name: '再発防止策を記録する' }).click();
  await expect(page.getByText(/送信前の宛先確認を二人で行う/)).toBeVisible();
  await page.getByLabel('状態を変更').selectOption('closed');
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByText(/「.*」から「完了」に変更しました/)).toBeVisible();
});

test('the register and the statistics', async ({ page }) => {
  await page.goto('/incidents');
  await expect(page.getByRole('cell', { name: `住民情報の誤送付 ${run}`, exact: true })).toBeVisible();
  await expectAccessible(page, 'incident register');
  await page.goto('/incidents/statistics');
  await expect(page.getByRole('heading', { level: 1, name: 'インシデント統計' })).toBeVisible();
  await expect(page.getByRole('img', { name: '分類別の件数（グラフ）' })).toBeVisible();
  await expectAccessible(page, 'incident statistics');
});
