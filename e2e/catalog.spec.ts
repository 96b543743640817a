import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

/** The guideline catalog pages (issue 4): tree, search, item page, edition diff — in both languages, axe clean. */

test('the catalog tree shows the chapters of the current edition and opens by keyboard', async ({ page }) => {
  await page.goto('/catalog');
  await expect(page.getByRole('heading', { level: 1, name: 'ガイドラインカタログ' })).toBeVisible();
  await expect(page.getByLabel('版', { exact: true })).toHaveValue('R8.3');
  const chapter6 = page.getByRole('heading', { level: 3, name: /^6\s*技術的セキュリティ/ });
  await expect(chapter6).toBeVisible();
  const toggle = chapter6.getByRole('button');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('link', { name: /6\.1\(13\)\s*無線LAN及びネットワークの盗聴対策/ })).toBeVisible();
  await expectAccessible(page, '/catalog');
  await page.screenshot({ path: 'out/screenshots/catalog-tree.png', fullPage: false });
});

test('search finds short Japanese words (無害化, 廃棄) and leads to the item page', async ({ page }) => {
  await page.goto('/catalog');
  const box = page.getByRole('searchbox', { name: /検索語/ });
  await box.fill('無害化');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/catalog\/search\?q=/);
  await expect(page.getByRole('heading', { level: 2, name: /「無害化」の検索結果: \d+ 件/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /3\.\(2\)①\s*LGWAN接続系とインターネット接続系の分割/ })).toBeVisible();
  await expectAccessible(page, 'search 無害化');

  await page.getByRole('searchbox', { name: /検索語/ }).fill('廃棄');
  await page.getByRole('button', { name: '検索' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /「廃棄」の検索結果/ })).toBeVisible();
  await page.getByRole('link', { name: /4\.1\(7\)\s*機器の廃棄等/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /4\.1\(7\)\s*機器の廃棄等/ })).toBeVisible();
  await expect(page.getByText(/「破壊」（再利用しない）/).first()).toBeVisible();
});

test('an item page shows summary, tags, crosswalks both ways, audit items, history and the provisional badge', async ({ page }) => {
  await page.goto('/catalog/R8.3/KB-6.1.13');
  await expect(page.getByRole('heading', { level: 1, name: /6\.1\(13\)\s*無線LAN及びネットワークの盗聴対策/ })).toBeVisible();
  await expect(page.getByText('確認済み').first()).toBeVisible();
  const cross = page.getByRole('table', { name: /この項目と管理策の対応/ });
  await expect(cross.getByRole('row', { name: /A\.8\.20/ })).toBeVisible();
  await expect(cross.getByRole('link', { name: '6.1(8)' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /AI-S16/ })).toBeVisible();
  const history = page.getByRole('table', { name: /各版でのこの項目の有無と変更/ });
  await expect(history.getByRole('row', { name: /令和7年3月（R7.3）\s*変更/ })).toBeVisible();
  await expectAccessible(page, 'item KB-6.1.13');
  await page.screenshot({ path: 'out/screenshots/catalog-item.png', fullPage: true });

  await page.goto('/catalog/R8.3/KB-6.1.1');
  await expect(page.getByText('暫定').first()).toBeVisible();
  await page.goto('/catalog/R5.3/KB-3.2.3');
  await expect(page.getByRole('alert')).toContainText('KB-3.2.3');
});

test('the edition diff lists added, removed and changed items with fields side by side', async ({ page }) => {
  await page.goto('/catalog/diff');
  await page.getByLabel('比較元（古い版）').selectOption('R7.3');
  await page.getByLabel('比較先（新しい版）').selectOption('R8.3');
  await page.getByRole('button', { name: '比較する' }).click();
  // R8.3 changed the commentary of existing items and added no numbered items (facts Corrections no.4).
  await expect(page.getByText(/追加 0 件・削除 0 件・変更 5 件/)).toBeVisible();
  await expect(page.getByRole('table', { name: /KB-4\.4\.5/ })).toBeVisible();
  const changed = page.getByRole('table', { name: /KB-4\.1\.7/ });
  await expect(changed.getByRole('columnheader', { name: '変更前' })).toBeVisible();
  await expect(changed.getByRole('row', { name: /summary\.ja/ })).toBeVisible();
  await expectAccessible(page, 'diff R7.3 → R8.3');
  await page.screenshot({ path: 'out/screenshots/catalog-diff.png', fullPage: false });
});

test('the catalog pages work in English too', async ({ page }) => {
  await page.goto('/catalog');
  await page.getByRole('button', { name: /表示言語を切り替える/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Guideline catalog' })).toBeVisible();
  await expectAccessible(page, '/catalog (en)');
  await page.goto('/catalog/R8.3/KB-4.1.7');
  await expect(page.getByRole('heading', { level: 2, name: "Summary (Shirube's wording)" })).toBeVisible();
  await expectAccessible(page, 'item (en)');
  await page.getByRole('button', { name: /Switch display language/ }).click();
});
