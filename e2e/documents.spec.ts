import { type APIRequestContext, expect, test } from '@playwright/test';
import { generate } from 'otplib';
import { expectAccessible } from './helpers';

/**
 * Policy documents in the browser: generate a policy from R7.3 with the organisation's choices,
 * edit an article beside its catalog item, meet an edit conflict, bring the draft up to R8.3,
 * have a second person (the CISO) approve it, start the next draft, read the 新旧対照表 and the
 * public page.
 */

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const ORIGIN = () => `http://127.0.0.1:${process.env.SHIRUBE_E2E_PORT ?? 3199}`;
const CISO = { email: `ciso-${run}@e2e.shirube.test`, password: `quiet-maple-harbour-${run}-2026` };

async function csrf(request: APIRequestContext): Promise<string> {
  return (await (await request.get('/api/me')).json()).csrfToken;
}

async function api<T>(request: APIRequestContext, method: 'POST' | 'PATCH', url: string, data: unknown): Promise<T> {
  const res = await request.fetch(url, { method, data, headers: { 'x-csrf-token': await csrf(request), origin: ORIGIN() } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (res.status() === 204 ? undefined : await res.json()) as T;
}

let versionUrl = '';
let versionId = '';

test('generate a policy from the R7.3 edition with the organisation’s choices', async ({ page }) => {
  await page.goto('/policy');
  await expect(page.getByRole('heading', { level: 1, name: '情報セキュリティポリシー' })).toBeVisible();
  await expectAccessible(page, 'policy list');
  await page.getByLabel('ガイドラインの版').selectOption('R7.3');
  await page.getByLabel('LGWAN接続系・マイナンバー利用事務系で無線LANを使う').check();
  await page.getByLabel('ネットワークのモデル').selectOption('alpha');
  await page.getByRole('button', { name: '作成する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /情報セキュリティポリシー\s第1版/ })).toBeVisible();
  await expect(page.getByText('令和7年3月版ガイドライン準拠')).toBeVisible();
  versionUrl = new URL(page.url()).pathname;
  versionId = versionUrl.split('/').pop() as string;
  await expectAccessible(page, 'policy editor (start)');
});

test('edit an article with its catalog item beside it, and resolve an edit conflict without losing text', async ({ page }) => {
  await page.goto(`${versionUrl}?doc=standards`);
  await page.getByRole('navigation', { name: '条項の一覧' }).getByRole('button', { name: /^\(13\)\s無線LAN及びネットワークの盗聴対策/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /\(13\)\s無線LAN及びネットワークの盗聴対策/ })).toBeVisible();
  const panel = page.getByRole('complementary', { name: 'ガイドラインの項目' });
  await expect(panel.getByText('6.1(13) 無線LAN及びネットワークの盗聴対策')).toBeVisible();
  const editor = page.getByRole('region', { name: /\(13\)\s無線LAN及びネットワークの盗聴対策/ });
  const body = editor.getByLabel('本文');
  await expect(body).toHaveValue(/EAP-TLS/);
  await body.fill(`${await body.inputValue()}\n5　無線LANのアクセスポイントは、年に1回設定を点検する。`);
  await editor.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByText('保存しました（第2稿）。')).toBeVisible();
  await expect(page.getByText('編集済み', { exact: true })).toBeVisible();
  await expectAccessible(page, 'policy editor (article)');
  await page.screenshot({ path: 'out/screenshots/documents-editor.png', fullPage: true });

  // Someone else saves the same article while this page still holds revision 2.
  const detail = await (await page.request.get(`/api/policy/versions/${versionId}`)).json();
  const article = detail.documents.find((d: { template: string }) => d.template === 'standards').articles.find((a: { key: string }) => a.key === 'KB-6.1.13');
  await api(page.request, 'PATCH', `/api/policy/articles/${article.id}`, { revision: article.revision, body: `${article.body}\n6　他の職員による追記。` });
  await body.fill(`${await body.inputValue()}\n6　この画面での追記。`);
  await editor.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByText('保存できませんでした（編集の競合）')).toBeVisible();
  await expect(page.getByText('他の職員による追記。')).toBeVisible();
  await expect(page.getByText('この画面での追記。').first()).toBeVisible();
  await expectAccessible(page, 'policy editor (conflict)');
  await page.screenshot({ path: 'out/screenshots/documents-conflict.png', fullPage: true });
  await page.getByRole('button', { name: 'あなたの文面で上書きする' }).click();
  await expect(page.getByText('保存しました（第4稿）。')).toBeVisible();
});

test('see what the R8.3 edition changes and take the changes into the draft', async ({ page }) => {
  await page.goto(versionUrl);
  await page.getByRole('link', { name: 'R8.3版のガイドラインで変わること' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新しい版のガイドラインで変わること' })).toBeVisible();
  // R8.3's USB-memory measures are a commentary change of 4.4(5), not a new numbered item (facts Corrections no.4).
  await expect(page.getByRole('heading', { level: 3, name: /\(5\)\s電磁的記録媒体の管理と暗号化/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /\(7\)\s機器の廃棄等/ })).toBeVisible();
  await expectAccessible(page, 'edition changes');
  await page.screenshot({ path: 'out/screenshots/documents-edition-changes.png', fullPage: true });
  const apply = page.getByRole('button', { name: '採否を決めて起案中の版に取り込む' });
  await expect(apply).toBeDisabled();
  await page.getByRole('button', { name: 'すべて採用' }).click();
  await apply.click();
  await expect(page.getByText('令和8年3月版ガイドライン準拠')).toBeVisible();
});

test('a second person approves as CISO; the drafter starts the next draft and reads the 新旧対照表', async ({ page, browser }) => {
  // A CISO account made through the API, signed in in its own browser context.
  const created = await api<{ temporaryPassword: string }>(page.request, 'POST', '/api/users', { email: CISO.email, displayName: 'CISO 副市長（e2e）', roles: [{ role: 'ciso', scopeId: null }], method: 'password' });
  const ctx = await browser.newContext({ baseURL: ORIGIN(), storageState: { cookies: [], origins: [] } });
  const r = ctx.request;
  let res = await r.post('/api/auth/login', { data: { email: CISO.email, password: created.temporaryPassword } });
  expect(res.status(), await res.text()).toBe(200);
  let password = created.temporaryPassword;
  for (let i = 0; i < 4; i++) {
    const me = await (await r.get('/api/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken, origin: ORIGIN() };
    if (me.stage === 'full') break;
    if (me.stage === 'enroll') {
      const start = await (await r.post('/api/auth/mfa/enrolment', { headers })).json();
      res = await r.post('/api/auth/mfa/enrolment/confirm', { headers, data: { code: await generate({ secret: start.secret }) } });
      expect(res.status(), await res.text()).toBeLessThan(300);
    } else if (me.stage === 'password') {
      res = await r.post('/api/auth/password', { headers, data: { currentPassword: password, newPassword: CISO.password } });
      expect(res.status(), await res.text()).toBeLessThan(300);
      password = CISO.password;
    }
  }
  const cisoPage = await ctx.newPage();
  await cisoPage.goto(versionUrl);
  await cisoPage.getByLabel(/^委員会の決定/).fill('令和8年3月25日 情報セキュリティ委員会決定（e2e）');
  await cisoPage.getByRole('button', { name: '承認する' }).click();
  await expect(cisoPage.getByText('施行中', { exact: true })).toBeVisible();
  await ctx.close();

  await page.goto(versionUrl);
  await expect(page.getByText('この版は承認済みのため、閲覧のみです。', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'この版から改正案を起案する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /第2版/ })).toBeVisible();
  await page.getByRole('button', { name: /情報セキュリティ対策基準/ }).click();
  await page.getByRole('navigation', { name: '条項の一覧' }).getByRole('button', { name: /^\(3\)\sパスワードの取扱い/ }).click();
  const editor = page.getByRole('region', { name: /\(3\)\sパスワードの取扱い/ });
  const body = editor.getByLabel('本文');
  await body.fill((await body.inputValue()).replace('推測されにくいもの', '12文字以上の推測されにくいもの'));
  await editor.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByText(/保存しました/)).toBeVisible();
  await page.getByRole('link', { name: '前の版との新旧対照表' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /新旧対照表/ })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '改正後' })).toBeVisible();
  await expect(page.locator('td u', { hasText: '12文字以上の' })).toBeVisible();
  await expectAccessible(page, 'comparison');
  await page.screenshot({ path: 'out/screenshots/documents-compare.png', fullPage: true });
});

test('the coverage view lists covered, omitted and own items', async ({ page }) => {
  await page.goto(`${versionUrl}/coverage`);
  await expect(page.getByRole('heading', { level: 1, name: 'ガイドラインの網羅状況' })).toBeVisible();
  await page.getByLabel('表示する状況').selectOption('omitted');
  await expect(page.getByText('αモデルを採用しており、α′モデルを採用していないため')).toBeVisible();
  await expectAccessible(page, 'coverage');
  await page.screenshot({ path: 'out/screenshots/documents-coverage.png', fullPage: true });
});

test('anyone can read the basic policy in force on the public page, and nothing else', async ({ browser }) => {
  const ctx = await browser.newContext({ baseURL: ORIGIN(), storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await page.goto('/public/policy/132012');
  await expect(page.getByRole('heading', { level: 1, name: /情報セキュリティ基本方針/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^1\s目的$/ })).toBeVisible();
  await expect(page.getByText('情報セキュリティ対策基準', { exact: false }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: /無線LAN及びネットワークの盗聴対策/ })).toHaveCount(0);
  await expectAccessible(page, 'public policy');
  await page.screenshot({ path: 'out/screenshots/documents-public.png', fullPage: true });
  await ctx.close();
});
