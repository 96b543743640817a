import { type APIRequestContext, expect, test } from '@playwright/test';
import { generate } from 'otplib';
import { expectAccessible } from './helpers';

/**
 * The approval engine in the browser: the chief security manager requests the use of equipment
 * outside the premises (4.1(6)); a CISO, signed in in their own browser, approves it with a
 * condition; the register shows it in force.
 */

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const ORIGIN = () => `http://127.0.0.1:${process.env.SHIRUBE_E2E_PORT ?? 3199}`;
const CISO = { email: `ciso-ap-${run}@e2e.shirube.test`, password: `maple-quiet-lantern-${run}-2026` };
const TITLE = `出張所での窓口端末の使用 ${run}`;
let detailUrl = '';

async function api<T>(request: APIRequestContext, method: 'POST', url: string, data: unknown): Promise<T> {
  const token = (await (await request.get('/api/me')).json()).csrfToken;
  const res = await request.fetch(url, { method, data, headers: { 'x-csrf-token': token, origin: ORIGIN() } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

test('request: the form of the chosen type, the checks and the pending request', async ({ page }) => {
  await page.goto('/approvals');
  await expect(page.getByRole('heading', { level: 1, name: '承認台帳' })).toBeVisible();
  await expectAccessible(page, 'approval register');
  await page.getByRole('link', { name: '承認を申請する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '承認の申請' })).toBeVisible();
  await page.getByLabel('承認の種類').selectOption('offsite_equipment');
  await page.getByLabel(/^件名/).fill(TITLE);
  await page.getByLabel(/^機器/).fill('窓口用ノートPC');
  await page.getByLabel(/^使用場所/).fill('北出張所');
  await page.getByLabel(/^目的/).fill('出張所での証明書交付');
  await page.getByLabel(/^代替措置|^措置/).fill('ワイヤーロックで固定\n離席時は画面をロック');
  await expectAccessible(page, 'request form');
  // A validity that ends before it starts is refused, naming the field.
  await page.getByLabel(/^有効期間の開始日/).fill('2027-04-10');
  await page.getByLabel(/^有効期限/).fill('2027-04-01');
  await page.getByRole('button', { name: '申請する' }).click();
  await expect(page.getByRole('alert').first()).toContainText('有効期限（2027-04-01）が開始日（2027-04-10）より前です');
  await page.getByLabel(/^有効期間の開始日/).fill('');
  await page.getByLabel(/^有効期限/).fill('2099-03-31');
  await page.getByRole('button', { name: '申請する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText('承認待ち', { exact: true })).toBeVisible();
  await expect(page.getByText('措置: ワイヤーロックで固定')).toBeVisible();
  detailUrl = page.url();
  await expectAccessible(page, 'request detail');
});

test('a CISO approves with a condition in their own browser; the register shows it in force', async ({ page, browser }) => {
  const created = await api<{ temporaryPassword: string }>(page.request, 'POST', '/api/users', { email: CISO.email, displayName: 'CISO（承認e2e）', roles: [{ role: 'ciso', scopeId: null }], method: 'password' });
  const ctx = await browser.newContext({ baseURL: ORIGIN(), storageState: { cookies: [], origins: [] }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
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
  const ciso = await ctx.newPage();
  await ciso.goto(detailUrl);
  const form = ciso.getByRole('form', { name: '決定' });
  await form.getByLabel('決定の内容').selectOption('approved_with_conditions');
  await form.getByLabel(/^追加の条件/).fill('使用後は本庁に持ち帰ること');
  await form.getByLabel(/^理由・コメント/).fill('出張所の窓口業務に必要');
  await expectAccessible(ciso, 'decision form');
  await form.getByRole('button', { name: '決定を記録する' }).click();
  await expect(ciso.getByText('条件付き承認', { exact: true })).toBeVisible();
  await expect(ciso.getByText('使用後は本庁に持ち帰ること')).toBeVisible();
  await ctx.close();

  await page.goto('/approvals?state=effective');
  const table = page.getByRole('table', { name: '承認申請の一覧' });
  await expect(table.getByRole('row', { name: new RegExp(TITLE) })).toContainText('条件付き承認');
  await expectAccessible(page, 'register (in force)');
});
