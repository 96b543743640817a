import { type APIRequestContext, type Browser, type Page, expect, test } from '@playwright/test';
import { samplePdf, samplePng } from '../server/modules/disposal/samples';
import { expectAccessible } from './helpers';

/**
 * Disposal with proof, in the browser: a My Number server disk goes from request to close with the
 * contractor submitting its certificate and photo through its own account; a PC replacement
 * project; the dashboard card and the register export.
 */

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36).toUpperCase();
const SERIAL = `E2E-HDD-${run}`;
let CONTRACTOR_ID = '';
const CONTRACTOR = { email: `recycle-${run.toLowerCase()}@e2e.shirube.test`, password: `lantern-harbour-${run.toLowerCase()}-2026` };
const ORIGIN = () => `http://127.0.0.1:${process.env.SHIRUBE_E2E_PORT ?? 3199}`;

async function csrf(request: APIRequestContext): Promise<string> {
  const me = await request.get('/api/me');
  return (await me.json()).csrfToken;
}

async function api<T>(request: APIRequestContext, method: 'POST' | 'PATCH', url: string, data: unknown): Promise<T> {
  const token = await csrf(request);
  const res = await request.fetch(url, { method, data, headers: { 'x-csrf-token': token, origin: ORIGIN() } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

let sectionName = '';
let assetCode = '';
let disposalUrl = '';

test('set up a section, a My Number asset and a contractor account', async ({ page }) => {
  const r = page.request;
  const dept = await api<{ id: string }>(r, 'POST', '/api/units', { kind: 'department', code: `D-DSP-${run}`, name: `廃棄試験部${run}` });
  sectionName = `廃棄試験課${run}`;
  await api(r, 'POST', '/api/units', { kind: 'section', parentId: dept.id, code: `S-DSP-${run}`, name: sectionName });
  const units = (await (await r.get('/api/units')).json()) as Array<{ id: string; name: string }>;
  const section = units.find((u) => u.name === sectionName)!;
  assetCode = `E2E-JUKI-${run}`;
  await api(r, 'POST', '/api/assets', {
    code: assetCode,
    name: '住民記録データ（e2e）',
    kind: 'dataset',
    ownerSectionId: section.id,
    segment: 'mynumber',
    flags: { residentData: true },
    classification: { confidentiality: '3B', integrity: '2', availability: '2', reason: 'e2e' },
  });
  // The contractor company is kept in the vendors register; its account holds the contractor role for it.
  CONTRACTOR_ID = (await api<{ id: string }>(r, 'POST', '/api/vendors/contractors', { name: `e2eリサイクル株式会社 ${run}` })).id;
  const created = await api<{ temporaryPassword: string }>(r, 'POST', '/api/users', {
    email: CONTRACTOR.email,
    displayName: '回収担当（e2e）',
    employment: 'contractor',
    roles: [{ role: 'contractor', scopeId: CONTRACTOR_ID }],
    method: 'password',
  });
  // First sign-in of the contractor: change the temporary password.
  const ctx = await page.context().browser()!.newContext({ baseURL: ORIGIN(), storageState: { cookies: [], origins: [] } });
  const login = await ctx.request.post('/api/auth/login', { data: { email: CONTRACTOR.email, password: created.temporaryPassword } });
  expect(login.status()).toBe(200);
  const token = (await login.json()).csrfToken;
  const change = await ctx.request.post('/api/auth/password', { data: { currentPassword: created.temporaryPassword, newPassword: CONTRACTOR.password }, headers: { 'x-csrf-token': token, origin: ORIGIN() } });
  expect(change.status(), await change.text()).toBe(200);
  await ctx.close();
});

test('request a disposal: allowed methods and required proof are shown before choosing', async ({ page }) => {
  await page.goto('/disposals');
  await expect(page.getByRole('heading', { level: 1, name: '機器等の廃棄台帳' })).toBeVisible();
  await expectAccessible(page, 'disposal register');
  await page.getByRole('link', { name: '廃棄を申請する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '廃棄の申請' })).toBeVisible();
  await page.getByLabel('適用する版').selectOption('R7.3');
  await page.getByLabel(/^所管課室/).selectOption({ label: sectionName });
  await page.getByLabel('機器・媒体の種類').selectOption('server');
  await page.getByLabel('記憶装置').selectOption('hdd');
  await page.getByLabel('製造番号').fill(SERIAL);
  await page.getByLabel('機種・型番').fill('住民記録システム旧サーバ');
  await page.getByLabel('情報資産を検索').fill(assetCode);
  await page.getByRole('button', { name: `追加: ${assetCode}` }).click();
  const panel = page.getByTestId('evaluation');
  await expect(panel).toContainText('マイナンバー利用事務系で住民情報を記録した媒体');
  await expect(panel.getByRole('listitem').filter({ hasText: '物理的な破壊' }).first()).toBeVisible();
  await expect(panel).toContainText('完了まで職員が立ち会う');
  await expect(page.getByLabel('廃棄の方法').locator('option')).toHaveCount(2);
  await page.getByLabel('廃棄の方法').selectOption('physicalDestruction');
  await page.getByLabel('委託事業者（委託先台帳から選ぶ）').selectOption(CONTRACTOR_ID);
  await expect(page.getByLabel('委託事業者（引渡し先）')).toHaveValue(`e2eリサイクル株式会社 ${run}`);
  await expectAccessible(page, 'new disposal');
  await page.screenshot({ path: 'out/screenshots/disposal-new.png', fullPage: true });
  await page.getByRole('button', { name: '申請する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(SERIAL) })).toBeVisible();
  disposalUrl = new URL(page.url()).pathname;
  await expect(page.getByText('申請中').first()).toBeVisible();
});

async function step(page: Page, summary: string, fill: Record<string, string> = {}) {
  await page.locator('summary', { hasText: summary }).click();
  const form = page.getByRole('form', { name: summary });
  for (const [label, value] of Object.entries(fill)) await form.getByLabel(label).fill(value);
  await form.getByRole('button', { name: summary }).click();
  await expect(page.getByRole('status').filter({ hasText: `${summary}: 記録しました。` })).toBeVisible();
}

test('approve, erase in the building and hand over; a future date is refused', async ({ page }) => {
  await page.goto(disposalUrl);
  await step(page, '承認する');
  await expect(page.getByText('承認済み').first()).toBeVisible();
  // A date in the future is refused with the field named.
  await page.locator('summary', { hasText: '庁舎内での消去を記録' }).click();
  const erase = page.getByRole('form', { name: '庁舎内での消去を記録' });
  await erase.getByLabel(/^日時/).fill('2099-01-01T10:00');
  await erase.getByLabel(/^実施者/).fill('情報政策課 職員');
  await erase.getByRole('button', { name: '庁舎内での消去を記録' }).click();
  await expect(erase.getByRole('alert').first()).toContainText('未来の日時は指定できません');
  const now = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 16);
  await erase.getByLabel(/^日時/).fill(now);
  await erase.getByRole('button', { name: '庁舎内での消去を記録' }).click();
  await expect(page.getByText('庁舎内で消去済み').first()).toBeVisible();
  await step(page, '事業者への引渡しを記録', { '受け取った者': '回収 一郎', '場所': '地下搬出口' });
  await expect(page.getByText('事業者へ引渡し済み').first()).toBeVisible();
  await expect(page.getByRole('region', { name: '引渡しの記録（受け渡しの連鎖）' }).first()).toContainText('回収 一郎');
  await expectAccessible(page, 'disposal detail (handed over)');
  await page.screenshot({ path: 'out/screenshots/disposal-detail-handed-over.png', fullPage: true });
});

async function contractorPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: ORIGIN(), storageState: { cookies: [], origins: [] }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.getByLabel(/^メールアドレス/).fill(CONTRACTOR.email);
  await page.getByLabel(/^パスワード/).fill(CONTRACTOR.password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

test('the contractor sees only what was handed to it, submits the certificate and photo, and reports completion', async ({ browser }) => {
  const page = await contractorPage(browser);
  await page.goto('/contractor/disposals');
  await expect(page.getByRole('heading', { level: 1, name: '廃棄証明の提出' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^D\d{4}-/ })).toHaveCount(1);
  await expectAccessible(page, 'contractor portal');
  await page.getByRole('link', { name: /^D\d{4}-/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(SERIAL) })).toBeVisible();
  const form = page.getByRole('form', { name: '証明書・写真を提出' });
  // A photo that is not an image is refused.
  await form.getByLabel('種類').selectOption('photo');
  await form.getByLabel('ファイル').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a picture') });
  await form.getByRole('button', { name: '証明書・写真を提出' }).click();
  await expect(form.getByRole('alert').first()).toContainText('形式は受け付けられません');
  await form.getByLabel('種類').selectOption('certificate');
  await form.getByLabel('ファイル').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: samplePdf(['e2e certificate', SERIAL]) });
  await form.getByRole('button', { name: '証明書・写真を提出' }).click();
  await expect(page.getByRole('link', { name: 'certificate.pdf' })).toBeVisible();
  await form.getByLabel('種類').selectOption('photo');
  await form.getByLabel('ファイル').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: await samplePng(`e2e photo ${SERIAL}`) });
  await form.getByRole('button', { name: '証明書・写真を提出' }).click();
  await expect(page.getByRole('link', { name: 'photo.png' })).toBeVisible();
  await step(page, '破壊・消去の完了を報告', { '場所': '破砕工場' });
  await expect(page.getByText('破壊・消去済み').first()).toBeVisible();
  await expectAccessible(page, 'contractor disposal detail');
  await page.screenshot({ path: 'out/screenshots/disposal-contractor.png', fullPage: true });
  await page.context().close();
});

test('closing waits for every required proof; then the disposal closes with its full timeline', async ({ page }) => {
  await page.goto(disposalUrl);
  await page.locator('summary', { hasText: '完了にする' }).click();
  const close = page.getByRole('form', { name: '完了にする' });
  await close.getByRole('button', { name: '完了にする' }).click();
  await expect(close.getByRole('alert').first()).toContainText('必要な証跡がそろっていない');
  await step(page, '立会いを記録', { '立ち会った職員': '情報政策課 立会 花子' });
  await step(page, '証明書を確認済みにする');
  await page.reload();
  await step(page, '完了にする');
  await expect(page.getByText('完了', { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId('proof').getByText('未充足')).toHaveCount(0);
  await expect(page.getByTestId('timeline')).toContainText('証明書の確認');
  await expectAccessible(page, 'disposal detail (closed)');
  await page.screenshot({ path: 'out/screenshots/disposal-detail-closed.png', fullPage: true });
});

test('a PC replacement project schedules many devices at once', async ({ page }) => {
  await page.goto('/disposal-projects');
  await expect(page.getByRole('heading', { level: 1, name: '廃棄プロジェクト' })).toBeVisible();
  await page.getByLabel(/^プロジェクト名/).fill(`パソコン更新 ${run}`);
  await page.getByLabel(/^所管課室/).selectOption({ label: sectionName });
  await page.getByLabel('機密性', { exact: true }).selectOption('2');
  await page.getByLabel('廃棄の方法').selectOption('flashChipDestroy');
  await page.getByLabel('リース終了日').fill(new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10));
  await page.getByLabel(/^製造番号（1行に1台）/).fill(Array.from({ length: 25 }, (_, i) => `E2E-NB-${run}-${i}`).join('\n'));
  await expectAccessible(page, 'projects');
  await page.getByRole('button', { name: 'プロジェクトを作る' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`パソコン更新 ${run}`) })).toBeVisible();
  await expect(page.getByText('25件（未完了 25件・期限超過 0件）')).toBeVisible();
  await page.getByRole('button', { name: '申請中をすべて承認' }).click();
  await expect(page.getByText('25件を処理しました。')).toBeVisible();
  await expect(page.getByRole('table', { name: '対象の機器' }).getByText('承認済み')).toHaveCount(25);
  await expectAccessible(page, 'project page');
  await page.screenshot({ path: 'out/screenshots/disposal-project.png', fullPage: true });
});

test('the dashboard card shows real figures and the register exports to Excel', async ({ page }) => {
  const summary = await (await page.request.get('/api/disposals/summary')).json();
  await page.goto('/');
  const card = page.getByRole('region', { name: '機器等の廃棄' });
  await expect(card).toBeVisible();
  await expect(card.getByRole('link', { name: String(summary.open) }).first()).toBeVisible();
  expect(summary.leaseEndingSoon).toBeGreaterThanOrEqual(25);
  await expectAccessible(page, 'dashboard with disposal card');
  await page.screenshot({ path: 'out/screenshots/disposal-dashboard.png', fullPage: true });
  const xlsx = await page.request.get('/api/disposals/export.xlsx');
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  await page.goto('/disposals?toPlan=true');
  await expect(page.getByRole('table', { name: '廃棄の一覧' }).getByRole('row')).toHaveCount(Math.min(summary.leaseEndingSoon, 50) + 1);
  // English as well.
  await page.getByRole('button', { name: /表示言語を切り替える/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Equipment disposal register' })).toBeVisible();
  await expectAccessible(page, 'disposal register (en)');
  await page.goto(disposalUrl);
  await expect(page.getByRole('heading', { level: 2, name: 'Chain of custody' })).toBeVisible();
  await expectAccessible(page, 'disposal detail (en)');
  await page.screenshot({ path: 'out/screenshots/disposal-detail-en.png', fullPage: true });
  await page.getByRole('button', { name: /Switch display language/ }).click();
});
