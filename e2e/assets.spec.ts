import { readFileSync } from 'node:fs';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

/**
 * The asset register in the browser: list with the class chart and filters, registering and
 * classifying an asset (level explanations, contradiction warnings with catalog links, history,
 * handling rules), the printable label, the import wizard (errors by row and column, preview,
 * commit), the Excel export, reclassification of the older scheme, and the dashboard card.
 */

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36).toUpperCase();
const ORIGIN = () => `http://127.0.0.1:${process.env.SHIRUBE_E2E_PORT ?? 3199}`;
const SECTION = `資産試験課${run}`;
const SECTION_CODE = `S-AST-${run}`;

async function api<T>(request: APIRequestContext, method: 'POST' | 'PATCH' | 'PUT', url: string, data: unknown): Promise<T> {
  const token = (await (await request.get('/api/me')).json()).csrfToken;
  const res = await request.fetch(url, { method, data, headers: { 'x-csrf-token': token, origin: ORIGIN() } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

let sectionId = '';
let assetId = '';

test('set up a section and a few assets through the API', async ({ page }) => {
  const r = page.request;
  const dept = await api<{ id: string }>(r, 'POST', '/api/units', { kind: 'department', code: `D-AST-${run}`, name: `資産試験部${run}` });
  await api(r, 'POST', '/api/units', { kind: 'section', parentId: dept.id, code: SECTION_CODE, name: SECTION });
  const units = (await (await r.get('/api/units')).json()) as Array<{ id: string; name: string }>;
  sectionId = units.find((u) => u.name === SECTION)?.id ?? '';
  expect(sectionId).not.toBe('');
  await api(r, 'POST', '/api/assets', {
    code: `SYS-JUKI-${run}`,
    name: '住民記録システム（e2e）',
    kind: 'system',
    ownerSectionId: sectionId,
    segment: 'mynumber',
    hosting: 'dataCentre',
    backupNote: '日次で別拠点へ',
    flags: { residentData: true, myNumber: true },
    classification: { confidentiality: '3B', integrity: '2', availability: '2', reason: '住民の個人情報を扱うため' },
  });
  await api(r, 'POST', '/api/assets', {
    code: `WEB-${run}`,
    name: '広報サイトの原稿（e2e）',
    kind: 'dataset',
    ownerSectionId: sectionId,
    segment: 'internet',
    hosting: 'cloud',
    classification: { confidentiality: '1', integrity: '1', availability: '1', reason: '公開情報' },
  });
  await api(r, 'POST', '/api/assets', {
    code: `OLD-${run}`,
    name: '旧台帳から移した介護記録（e2e）',
    kind: 'dataset',
    ownerSectionId: sectionId,
    segment: 'mynumber',
    flags: { residentData: true, specialCare: true },
    backupNote: '介護システムに含まれる',
    // Before R6.10 residents' personal data sat in 機密性2 (old 3 was secret documents only): proposed as 3B.
    classification: { schemeEdition: 'R5.3', confidentiality: '2', integrity: '2', availability: '2', reason: '旧台帳' },
  });
});

test('the register lists, filters and charts the assets', async ({ page }) => {
  await page.goto('/assets');
  await expect(page.getByRole('heading', { level: 1, name: '情報資産台帳' })).toBeVisible();
  await expect(page.getByRole('img', { name: /配置セグメント × 機密性/ })).toBeVisible();
  await expect(page.getByRole('link', { name: `SYS-JUKI-${run}` })).toBeVisible();
  await expectAccessible(page, 'asset register');
  await page.screenshot({ path: 'out/screenshots/assets-list.png', fullPage: true });

  await page.getByLabel('機密性', { exact: true }).selectOption('3B');
  await expect(page).toHaveURL(/confidentiality=3B/);
  await expect(page.getByRole('link', { name: `SYS-JUKI-${run}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `WEB-${run}` })).toHaveCount(0);
  await page.getByLabel('コード・名称で検索').fill(`WEB-${run}`);
  await page.getByRole('button', { name: '検索' }).click();
  await expect(page.getByText('条件に合う情報資産はありません。')).toBeVisible();
  await page.getByRole('button', { name: '条件を消す' }).click();
  await page.getByLabel('並べ替え').selectOption('-confidentiality');
  await expect(page).toHaveURL(/sort=-confidentiality/);
});

test('register an asset, classify it, and see warnings, handling rules and history', async ({ page }) => {
  await page.goto('/assets/new');
  await expect(page.getByRole('heading', { level: 1, name: '情報資産を登録' })).toBeVisible();
  await page.getByLabel(/^資産コード/).fill(`DS-ZEI-${run}`);
  await page.getByLabel(/^名称/).fill('課税台帳（e2e）');
  await page.getByLabel(/^所管課室/).selectOption({ label: `${SECTION}（${SECTION_CODE}）` });
  await page.getByLabel('配置セグメント').selectOption('mynumber');
  await page.getByLabel('関連システム').fill(`SYS-JUKI-${run}`);
  await page.getByLabel('住民情報').check();
  await expectAccessible(page, 'new asset');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `DS-ZEI-${run} 課税台帳（e2e）` })).toBeVisible();
  assetId = page.url().split('/').pop() ?? '';
  await expect(page.getByText('まだ分類されていません。')).toBeVisible();
  // Level explanations with examples from the catalog.
  await expect(page.getByText(/住民記録・税などのシステムに保存された住民の個人情報/)).toBeVisible();

  // A deliberately contradictory classification: resident data in the My Number segment at 2.
  await page.getByRole('radio', { name: '自治体機密性2' }).check();
  await page.getByRole('radio', { name: '完全性1' }).check();
  await page.getByRole('radio', { name: '可用性2' }).check();
  await page.getByLabel(/^分類の理由/).fill('集計用の抜粋として扱うため');
  await page.getByRole('button', { name: '分類を保存' }).click();
  const checks = page.getByRole('region', { name: '分類の確認事項' });
  await expect(checks.getByText('マイナンバー利用事務系の住民情報が3B未満')).toBeVisible();
  await expect(checks.getByText('可用性2なのにバックアップの記載がない')).toBeVisible();
  await expect(checks.getByText('暫定').first()).toBeVisible();
  await expect(checks.getByRole('link', { name: /情報資産の分類/ }).first()).toHaveAttribute('href', /\/catalog\/R8\.3\/KB-2\.1$/);
  const handling = page.getByRole('region', { name: '取扱制限' });
  await expect(handling.getByText('送信・暗号化')).toBeVisible();
  await expect(handling.getByText('除去（または破壊）')).toBeVisible();
  await expectAccessible(page, 'asset detail with findings');
  await page.screenshot({ path: 'out/screenshots/assets-detail-findings.png', fullPage: true });

  // Reclassify correctly: the findings go away and the history keeps both.
  await page.getByRole('radio', { name: '自治体機密性3B' }).check();
  await page.getByRole('radio', { name: '可用性1' }).check();
  await page.getByLabel(/^分類の理由/).fill('住民の課税情報を含むと確認したため');
  await page.getByRole('button', { name: '分類を保存' }).click();
  await expect(checks.getByText('矛盾は見つかりませんでした。')).toBeVisible();
  const history = page.getByRole('region', { name: '分類の履歴' });
  await expect(history.getByRole('cell', { name: '住民の課税情報を含むと確認したため' })).toBeVisible();
  await expect(history.getByRole('cell', { name: '集計用の抜粋として扱うため' })).toBeVisible();
  await expectAccessible(page, 'asset detail');
  await page.screenshot({ path: 'out/screenshots/assets-detail.png', fullPage: true });
});

test('an asset in the cloud names its service from the external-service register', async ({ page }) => {
  const serviceName = `申請受付クラウド${run}`;
  await api(page.request, 'POST', '/api/vendors/services', { name: serviceName, providerName: '架空クラウド株式会社', model: 'SaaS', kind: 'ismap', dataCountry: 'JP', governingLaw: 'JP', jurisdiction: 'JP', declaredC: '2' });
  await page.goto('/assets/new');
  await page.getByLabel(/^資産コード/).fill(`DS-CLOUD-${run}`);
  await page.getByLabel(/^名称/).fill('電子申請の受付データ（e2e）');
  await page.getByLabel(/^所管課室/).selectOption({ label: `${SECTION}（${SECTION_CODE}）` });
  await page.getByLabel('設置形態').selectOption('cloud');
  await page.getByLabel('外部サービス', { exact: true }).selectOption({ label: `${serviceName}（架空クラウド株式会社）` });
  await expectAccessible(page, 'new asset in the cloud');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `DS-CLOUD-${run} 電子申請の受付データ（e2e）` })).toBeVisible();
  await expect(page.getByText(`${serviceName}（架空クラウド株式会社）`)).toBeVisible();
});

test('print a label: the class is large, and the shell is left out of the print', async ({ page }) => {
  await page.goto(`/assets/${assetId}/label`);
  await expect(page.getByRole('heading', { level: 1, name: '分類の表示（ラベル）' })).toBeVisible();
  await expect(page.getByTestId('label-class')).toHaveText('3B');
  const size = await page.getByTestId('label-class').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThan(100);
  await expect(page.getByRole('img', { name: /読み取ると台帳の画面を開きます/ })).toBeVisible();
  await expectAccessible(page, 'label (A4)');
  await page.screenshot({ path: 'out/screenshots/assets-label-a4.png', fullPage: true });
  await page.getByRole('radio', { name: /ラベルシール/ }).check();
  await expect(page.getByTestId('label-class')).toHaveText('3B');
  await expectAccessible(page, 'label (sticker)');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header').first()).toBeHidden();
  await expect(page.getByRole('navigation').first()).toBeHidden();
  await expect(page.getByRole('button', { name: '印刷する' })).toBeHidden();
  await page.screenshot({ path: 'out/screenshots/assets-label-sticker-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

test('import: errors by row and column first, then a preview, then an all-or-nothing commit', async ({ page }) => {
  await page.goto('/assets/import');
  await expect(page.getByRole('heading', { level: 1, name: '台帳の取込み' })).toBeVisible();
  await expectAccessible(page, 'import wizard');
  const head = '資産コード,名称,種別,所管課室コード,配置セグメント,機密性,完全性,可用性,分類の理由';
  const bad = `${head}\r\nIMP-1-${run},取込みの例,データ・文書,${SECTION_CODE},LGWAN接続系,4,1,1,\r\nIMP-2-${run},所管のない例,データ・文書,,LGWAN接続系,2,1,1,\r\n`;
  await page.getByLabel('取り込むファイル').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: /内容を確認する/ }).click();
  const errors = page.getByRole('table', { name: '誤りの一覧（行・列ごと）' });
  await expect(errors.getByRole('row', { name: /2 F（機密性） 機密性「4」という区分はありません/ })).toBeVisible();
  await expect(errors.getByRole('row', { name: /3 D（所管課室コード）/ })).toBeVisible();
  await expectAccessible(page, 'import errors');
  await page.screenshot({ path: 'out/screenshots/assets-import-errors.png', fullPage: true });

  await page.getByRole('button', { name: '別のファイルを選ぶ' }).click();
  const good = `${head}\r\nIMP-1-${run},取込みの例,データ・文書,${SECTION_CODE},LGWAN接続系,2,1,1,取込みで分類\r\nIMP-2-${run},取込みの例その2,記録媒体,${SECTION_CODE},LGWAN接続系,3C,1,1,\r\n`;
  await page.getByLabel('取り込むファイル').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: /内容を確認する/ }).click();
  await expect(page.getByText('2 行: 新規 2 件、更新 0 件、変更なし 0 件、分類の決定・変更 2 件')).toBeVisible();
  await expect(page.getByRole('table', { name: /先頭 2 行の取込み内容/ })).toBeVisible();
  await expectAccessible(page, 'import preview');
  await page.screenshot({ path: 'out/screenshots/assets-import-preview.png', fullPage: true });
  // Nothing is written by the preview.
  expect((await (await page.request.get(`/api/assets?q=IMP-1-${run}`)).json()).total).toBe(0);
  await page.getByRole('button', { name: 'この内容で取り込む' }).click();
  await expect(page.getByText(/取り込みました/)).toBeVisible();
  expect((await (await page.request.get(`/api/assets?q=IMP-&ownerSectionId=${sectionId}`)).json()).total).toBe(2);
});

test('export to Excel from the register', async ({ page }) => {
  await page.goto(`/assets?ownerSectionId=${sectionId}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excelで出力' }).click()]);
  expect(download.suggestedFilename()).toMatch(/情報資産台帳_\d{8}\.xlsx$/);
  const bytes = readFileSync((await download.path()) as string);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
});

test('reclassify an asset left in the older scheme', async ({ page }) => {
  await page.goto('/assets/reclassify');
  await expect(page.getByRole('heading', { level: 1, name: /旧分類/ })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(`OLD-${run}`) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('combobox')).toHaveValue('3B');
  await expectAccessible(page, 'reclassification');
  await page.screenshot({ path: 'out/screenshots/assets-reclassify.png', fullPage: true });
  // Apply only this asset: leave any others for later.
  const table = page.getByRole('table', { name: /旧分類/ });
  const mine = await row.getByRole('combobox').getAttribute('id');
  for (const other of await table.getByRole('combobox').all()) {
    if ((await other.getAttribute('id')) !== mine) await other.selectOption('');
  }
  await page.getByLabel(/見直しの理由/).fill('令和6年10月版の分類への移行');
  await page.getByRole('button', { name: '選んだ区分で分類し直す' }).click();
  await expect(page.getByText(/件を分類し直しました/)).toBeVisible();
  const list = (await (await page.request.get(`/api/assets?q=OLD-${run}`)).json()) as { items: Array<{ confidentiality: string; schemeEdition: string }> };
  expect(list.items[0]).toMatchObject({ confidentiality: '3B', schemeEdition: 'R8.3' });
});

test('the dashboard shows the asset card with real counts and the chart', async ({ page }) => {
  await page.goto('/');
  const card = page.getByRole('region', { name: '情報資産' });
  await expect(card).toBeVisible();
  await expect(card.getByRole('img', { name: /配置セグメント × 機密性/ })).toBeVisible();
  const total = (await (await page.request.get('/api/assets/summary')).json()).total as number;
  await expect(card.getByRole('definition').first()).toHaveText(total.toLocaleString());
  await expectAccessible(page, 'dashboard with assets');
  await page.screenshot({ path: 'out/screenshots/assets-dashboard.png', fullPage: true });
});
