import { type APIRequestContext, expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

/**
 * Findings of the first-time user's review (issue 21, ../shared/reviews/ui-2026-12), one browser
 * session walking through several of them: abolishing a section asks first and can be undone
 * (M1), the printed label keeps its header (M2), form errors speak the field's Japanese label
 * (M3), number and length limits are enforced visibly (M4), the narrow-screen menu (M7), the
 * contractor's landing (M6) and the audit trail in words (M9).
 */

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36).toUpperCase();
const ORIGIN = () => `http://127.0.0.1:${process.env.SHIRUBE_E2E_PORT ?? 3199}`;
const SECTION = `介護保険課${run}`;

async function api<T>(request: APIRequestContext, method: 'POST' | 'PATCH' | 'PUT', url: string, data: unknown): Promise<T> {
  const token = (await (await request.get('/api/me')).json()).csrfToken;
  const res = await request.fetch(url, { method, data, headers: { 'x-csrf-token': token, origin: ORIGIN() } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

let sectionId = '';
let assetId = '';

test('M1: abolishing a section asks first, says what it owns, and can be undone', async ({ page }) => {
  const dept = await api<{ id: string }>(page.request, 'POST', '/api/units', { kind: 'department', code: `D-UI-${run}`, name: `福祉部${run}` });
  sectionId = (await api<{ id: string }>(page.request, 'POST', '/api/units', { kind: 'section', parentId: dept.id, code: `S-UI-${run}`, name: SECTION })).id;
  assetId = (
    await api<{ id: string }>(page.request, 'POST', '/api/assets', {
      code: `UI-${run}`,
      name: '要介護認定の資料（e2e）',
      kind: 'dataset',
      ownerSectionId: sectionId,
      classification: { confidentiality: '3B', integrity: '2', availability: '2', reason: '個人の心身の状況を含むため' },
    })
  ).id;

  await page.goto('/organization');
  await page.getByRole('button', { name: `${SECTION}を廃止する` }).click();
  const dialog = page.getByRole('dialog', { name: `${SECTION}を廃止しますか` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('unit-dependents')).toContainText('所管する使用中の情報資産: 1件');
  await expectAccessible(page, 'abolish confirmation');
  // Cancelling leaves the section as it was.
  await dialog.getByRole('button', { name: 'やめる' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: `${SECTION}を廃止する` })).toBeVisible();

  await page.getByRole('button', { name: `${SECTION}を廃止する` }).click();
  await dialog.getByRole('button', { name: '廃止する' }).click();
  await expect(dialog).toBeHidden();
  const abolished = page.getByTestId('abolished-units');
  await expect(abolished).toContainText(SECTION);
  await expect(abolished).toContainText('廃止');

  // The asset still names its section, marked abolished, and the register's filter still offers it.
  await page.goto(`/assets/${assetId}`);
  await expect(page.getByText(`${SECTION}（S-UI-${run}）`).first()).toBeVisible();
  await expect(page.locator('dd', { hasText: SECTION }).getByText('廃止')).toBeVisible();
  await page.goto('/assets');
  await expect(page.getByLabel('所管課室').locator('option', { hasText: `${SECTION}（S-UI-${run}） 廃止` })).toHaveCount(1);

  await page.goto('/organization');
  await page.getByRole('button', { name: `${SECTION}を元に戻す` }).click();
  await expect(page.getByRole('button', { name: `${SECTION}を廃止する` })).toBeVisible();
  await expect(page.getByTestId('abolished-units')).toHaveCount(0);
});

test('M2: the printed A4 label keeps its own header (organisation, asset, code, QR) and says each rule once', async ({ page }) => {
  await page.goto(`/assets/${assetId}/label`);
  const label = page.getByRole('region', { name: 'A4用紙' });
  await expect(label.getByRole('heading', { name: '要介護認定の資料（e2e）' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(label.getByRole('heading', { name: '要介護認定の資料（e2e）' })).toBeVisible();
  await expect(label.getByText(`UI-${run}`, { exact: true })).toBeVisible();
  await expect(label.getByRole('img', { name: /読み取る/ })).toBeVisible();
  await expect(label.getByText('e2e試験市', { exact: true })).toBeVisible();
  // The application's own header and navigation are not printed.
  await expect(page.getByTestId('org-name')).toBeHidden();
  await expect(page.getByRole('navigation')).toBeHidden();
  // No handling sentence is printed twice.
  for (const dd of await label.locator('dd').allTextContents()) {
    const sentences = dd.split(/(?<=。)\s*/).filter(Boolean);
    expect(new Set(sentences).size, dd).toBe(sentences.length);
  }
  await page.emulateMedia({ media: 'screen' });
});

test('M3, M4: errors name the field in Japanese, all at once, focus the first; numbers and lengths are checked visibly', async ({ page }) => {
  await page.goto('/assets/new');
  await page.getByLabel(/^資産コード/).fill(`FW-${run}`);
  await page.getByLabel(/^名称/).fill('全角数字の試験（e2e）');
  // Full-width digits mixed with letters: refused at once, in plain words, next to the field.
  await page.getByLabel(/^件数/).fill('１２３abc');
  await expect(page.getByText('半角または全角の数字で入力してください')).toBeVisible();
  // A long text is never cut: the counter shows it, and the field says how long it may be.
  const long = 'あ'.repeat(2100);
  await page.getByLabel(/^説明/).fill(long);
  expect((await page.getByLabel(/^説明/).inputValue()).length).toBe(2100);
  await expect(page.getByText('2100 / 2000文字')).toBeVisible();
  await expect(page.getByText('2000文字以内で入力してください（いま2100文字）。')).toBeVisible();
  await page.getByRole('button', { name: '登録', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: '入力内容に誤りがあります' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('所管課室: 選んでください。');
  await expect(alert).toContainText('件数: 数字で入力してください。');
  await expect(alert).toContainText('説明: 2000文字以内で入力してください。');
  await expect(alert).not.toContainText('ownerSectionId');
  await expect(alert).not.toContainText('UUID');
  // Focus is on the first field with an error.
  await expect(page.getByLabel(/^所管課室/)).toBeFocused();
  await expectAccessible(page, 'asset form with errors');

  // Full-width digits with a full-width separator are what an IME types: accepted as 12,000.
  await page.getByLabel(/^所管課室/).selectOption({ label: `${SECTION}（S-UI-${run}）` });
  await page.getByLabel(/^件数/).fill('１２，０００');
  await page.getByLabel(/^説明/).fill('短い説明');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page).toHaveURL(/\/assets\/[0-9a-f-]{36}$/);
  await expect(page.locator('dd', { hasText: '12,000' }).first()).toBeVisible();
});

test('M7: below 768 px the menu folds behind one button and tables keep their key column in view', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto('/assets');
  const menu = page.getByRole('button', { name: 'メニュー' });
  await expect(menu).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeHidden();
  // The page's own heading is near the top, not a screen down below the menu.
  const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(h1?.y ?? 9999).toBeLessThan(250);
  await menu.click();
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeVisible();
  await expectAccessible(page, 'narrow menu open');
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '組織・部局・課室' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '組織・部局・課室' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeHidden();
  await page.goto('/users');
  const first = page.locator('table.data-table tbody tr > :first-child').first();
  await expect(first).toHaveCSS('position', 'sticky');
  // The table scrolls inside its own frame, which fits the screen.
  const frame = await page.locator('section:has(> table.data-table)').first().evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(frame.client).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1366, height: 900 });
});

test('M6: a contractor lands on their own page, with only their menu, never a refusal', async ({ page, browser }) => {
  const company = await api<{ id: string }>(page.request, 'POST', '/api/vendors/contractors', { name: `しるべシステム${run}株式会社` });
  const email = `saburo-${run.toLowerCase()}@sier.example.jp`;
  const invited = await api<{ inviteUrl: string }>(page.request, 'POST', `/api/vendors/contractors/${company.id}/users`, { email, displayName: '委託 三郎' });
  const password = 'kamogawa-lantern-bridge-2026';
  const accepted = await page.request.post('/api/invite/accept', { data: { token: invited.inviteUrl.split('#token=')[1], password }, headers: { origin: ORIGIN() } });
  expect(accepted.status(), await accepted.text()).toBe(200);

  const ctx = await browser.newContext({ baseURL: ORIGIN(), storageState: { cookies: [], origins: [] }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const p = await ctx.newPage();
  const refused: string[] = [];
  p.on('response', (r) => {
    if (r.status() === 403) refused.push(r.url());
  });
  await p.goto('/login');
  await p.getByLabel(/^メールアドレス/).fill(email);
  await p.getByLabel(/^パスワード/).fill(password);
  await p.getByRole('button', { name: 'サインイン' }).click();
  await expect(p).toHaveURL(/\/contractor\/vendors$/);
  await expect(p.getByRole('heading', { level: 1, name: '委託事業者のページ' })).toBeVisible();
  await expect(p.getByText('この操作を行う権限がありません。')).toHaveCount(0);
  const nav = p.getByRole('navigation', { name: 'メインメニュー' });
  await expect(nav.getByRole('link', { name: '委託事業者のページ' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '廃棄証明の提出' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '委託先・外部サービス' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: '機器等の廃棄' })).toHaveCount(0);
  await expectAccessible(p, 'contractor landing');
  expect(refused).toEqual([]);
  await ctx.close();
});

test('M9: the audit trail names actions in words, shows changes as before → after, filters by action', async ({ page }) => {
  const unit = await api<{ id: string }>(page.request, 'POST', '/api/units', { kind: 'department', code: `D-AUD-${run}`, name: `監査試験部${run}` });
  await api(page.request, 'PATCH', `/api/units/${unit.id}`, { status: 'archived' });
  await page.goto('/audit-trail');
  const table = page.getByRole('table');
  await expect(table.getByText('多要素認証の登録').first()).toBeVisible();
  await page.getByRole('combobox', { name: '操作' }).selectOption({ label: '部局・課室の変更・廃止' });
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect(table.getByText('状態: active → archived').first()).toBeVisible();
  await expect(table.getByText('多要素認証の登録')).toHaveCount(0);
  await expectAccessible(page, 'audit trail');
});

test('m3: choosing another 年度 never changes what 本日 says', async ({ page }) => {
  await page.goto('/');
  const header = page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).locator('..');
  const today = (await header.getByText(/^本日 /).textContent()) ?? '';
  expect(today).toMatch(/^本日 令和\d+年\d+月\d+日（令和\d+年度）$/);
  const select = page.getByRole('combobox', { name: '年度' });
  const other = await select.locator('option').nth(0).getAttribute('value');
  await select.selectOption(other ?? '');
  await expect(header.getByText(/^表示中: 令和\d+年度$/)).toBeVisible();
  await expect(header.getByText(/^本日 /)).toHaveText(today);
});
