import { type APIRequestContext, type Browser, type Page, expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

/**
 * Outsourcing and external services in the browser: a contractor with a checked corporate number,
 * a certificate with its evidence file, a contract with its clause checklist and a subcontracting
 * chain, an ISMAP IaaS whose registered scope leaves gaps, SLA actuals with a breach, the
 * responsibility matrix with its flags and exports, the approval of use, and the yearly check
 * sheet answered by the contractor through its own account.
 */

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const ORIGIN = () => `http://127.0.0.1:${process.env.SHIRUBE_E2E_PORT ?? 3199}`;
const CONTRACTOR = { email: `portal-${run}@e2e.shirube.test`, password: `harbour-lantern-maple-${run}-2026` };
const PRIME = `e2e情報システム株式会社${run}`;
const SUB = `e2eデータ入力株式会社${run}`;
const SERVICE = `e2e基盤IaaS ${run}`;

async function api<T>(request: APIRequestContext, method: 'POST' | 'PUT', url: string, data: unknown): Promise<T> {
  const token = (await (await request.get('/api/me')).json()).csrfToken;
  const res = await request.fetch(url, { method, data, headers: { 'x-csrf-token': token, origin: ORIGIN() } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

function pdf(text: string): Buffer {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

let contractorUrl = '';
let serviceUrl = '';
let sheetUrl = '';

test('the overview and the contractor register, refusing a corporate number with a wrong check digit', async ({ page }) => {
  await page.goto('/vendors');
  await expect(page.getByRole('heading', { level: 1, name: '委託先・外部サービス' })).toBeVisible();
  await expectAccessible(page, 'vendors overview');
  await page.getByRole('link', { name: '委託事業者' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '委託事業者' })).toBeVisible();

  const form = page.getByRole('region', { name: '委託事業者の登録' });
  await form.getByLabel(/^事業者名/).fill(PRIME);
  await form.getByLabel(/^法人番号/).fill('8000012050002');
  await expect(form.getByText('チェックデジット（先頭の1桁）が合いません。')).toBeVisible();
  await form.getByRole('button', { name: '登録する' }).click();
  await expect(form.getByRole('alert').first()).toContainText('入力内容に誤りがあります');
  await form.getByLabel(/^法人番号/).fill('７０００-０１２０-５０００２');
  await form.getByRole('button', { name: '登録する' }).click();
  await form.getByRole('link', { name: '登録しました。詳細を開く' }).click();
  await expect(page.getByRole('heading', { level: 1, name: PRIME })).toBeVisible();
  await expect(page.getByText('法人番号: 7000012050002')).toBeVisible();
  contractorUrl = page.url();
  await api(page.request, 'POST', '/api/vendors/contractors', { name: SUB });
  await page.goto('/vendors/contractors');
  await expectAccessible(page, 'contractors');
  await page.screenshot({ path: 'out/screenshots/vendors-contractors.png', fullPage: true });
});

test('a certificate with dates in the wrong order is refused; a valid one takes its evidence file', async ({ page }) => {
  await page.goto(contractorUrl);
  const add = page.getByRole('form', { name: '認証を追加' });
  await add.getByLabel('認証の種類').selectOption('isms');
  await add.getByLabel('登録番号').fill(`IS ${run}`);
  await add.getByLabel('有効期間の開始日').fill('2026-04-01');
  await add.getByLabel('有効期限', { exact: true }).fill('2025-03-31');
  await add.getByRole('button', { name: '認証を追加' }).click();
  await expect(add.getByText(/終了日（2025-03-31）が開始日（2026-04-01）より前/).first()).toBeVisible();
  await add.getByLabel('有効期限', { exact: true }).fill('2026-12-31');
  await add.getByRole('button', { name: '認証を追加' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /ISMS認証/ })).toBeVisible();

  const upload = page.getByRole('form', { name: /ISMS認証.*の証明書ファイル/ });
  await upload.getByLabel(/の証明書ファイル/).setInputFiles({ name: 'isms-certificate.pdf', mimeType: 'application/pdf', buffer: pdf('ISMS certificate') });
  await upload.getByLabel('表題').fill('ISMS登録証');
  await upload.getByRole('button', { name: 'ファイルを登録する' }).click();
  await expect(page.getByRole('link', { name: 'isms-certificate.pdf' })).toBeVisible();
  // A file that is not what it claims to be is refused by content.
  await upload.getByLabel(/の証明書ファイル/).setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await upload.getByRole('button', { name: 'ファイルを登録する' }).click();
  await expect(upload.getByRole('alert').first()).toContainText('このファイルの形式は受け付けられません');
  await expectAccessible(page, 'contractor detail');
});

test('a contract with its clause checklist and a subcontracting chain', async ({ page }) => {
  await page.goto(contractorUrl);
  const add = page.getByRole('form', { name: '契約を追加' });
  await add.getByLabel(/^契約名/).fill('住民記録システム運用保守');
  await add.getByLabel('渡す情報の最高の機密性').selectOption('3B');
  await add.getByLabel(/^開始日/).fill('2026-04-01');
  await add.getByLabel('終了日').fill('2027-03-31');
  await add.getByRole('button', { name: '契約を追加' }).click();
  await page.getByRole('link', { name: '住民記録システム運用保守' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '住民記録システム運用保守' })).toBeVisible();

  await page.getByLabel('「秘密保持」の確認結果').selectOption('included');
  await page.getByLabel('「事故時の報告義務と期限」の確認結果').selectOption('included');
  await page.getByLabel('「損害賠償（広い免責の排除）」の確認結果').selectOption('missing');
  await page.getByRole('button', { name: '条項の確認を保存する' }).click();
  await expect(page.getByRole('alert').first()).toContainText('第一報の期限（時間）を入力してください');
  await page.getByLabel('第一報の期限（時間）').fill('24');
  await page.getByRole('button', { name: '条項の確認を保存する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '保存しました。' })).toBeVisible();

  const sub = page.getByRole('form', { name: '再委託を登録' });
  await sub.getByLabel('再委託元').selectOption({ label: PRIME });
  await sub.getByLabel('再委託先').selectOption({ label: SUB });
  await sub.getByLabel('再委託する業務').fill('異動データの入力');
  await sub.getByRole('button', { name: '再委託を登録' }).click();
  await expect(page.getByRole('cell', { name: `└ ${SUB}` })).toBeVisible();
  // The subcontractor cannot subcontract back to the prime contractor: that would be a loop.
  await sub.getByLabel('再委託元').selectOption({ label: SUB });
  await sub.getByLabel('再委託先').selectOption({ label: PRIME });
  await sub.getByLabel('再委託する業務').fill('戻し');
  await sub.getByRole('button', { name: '再委託を登録' }).click();
  await expect(sub.getByRole('alert').first()).toContainText('循環');
  await page.getByRole('button', { name: '承認する' }).click();
  await expect(page.getByText('承認済み')).toBeVisible();
  await expectAccessible(page, 'contract');
  await page.screenshot({ path: 'out/screenshots/vendors-contract.png', fullPage: true });
});

test('an ISMAP IaaS: scope gaps, the answer per class, SLA breaches', async ({ page }) => {
  await page.goto('/vendors/services');
  const form = page.getByRole('region', { name: '外部サービスの登録' });
  await form.getByLabel(/^サービス名/).fill(SERVICE);
  await form.getByLabel(/^提供事業者/).fill('e2eクラウド株式会社');
  await form.getByLabel('サービスモデル').selectOption('IaaS');
  await form.getByLabel('種別').selectOption('ismap');
  await form.getByLabel('予定する機密性').selectOption('3B');
  await form.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: SERVICE })).toBeVisible();
  serviceUrl = page.url();

  await page.getByLabel('ISMAP登録番号').fill(`C-${run}`);
  await page.getByLabel('登録日').fill('2025-04-01');
  await page.getByLabel('登録の有効期限').fill('2027-09-30');
  for (const area of ['データセンターの物理的対策', 'ネットワークの分離と通信の保護', 'バックアップ']) await page.getByLabel(`「${area}」は言明対象`).check();
  for (const area of ['データセンターの物理的対策', 'バックアップ', '暗号化', '暗号鍵の管理']) await page.getByLabel(`「${area}」を事業者に任せる`).check();
  await page.getByLabel('データの保管国').fill('JP');
  await page.getByLabel('準拠法の国').fill('JP');
  await page.getByLabel('裁判管轄の国').fill('JP');
  await page.getByLabel('予定する可用性').selectOption('2');
  await page.getByRole('button', { name: '保存する', exact: true }).click();
  const findings = page.getByRole('region', { name: '指摘' }).first();
  await expect(findings.getByText(/「暗号化、暗号鍵の管理」は、ISMAPの言明対象に含まれていません/)).toBeVisible();
  await expect(findings.getByText(/SLAに稼働率・RTO・RPOがありません/)).toBeVisible();
  const suit = page.getByRole('region', { name: 'この分類の情報を扱えるか' }).first();
  await expect(suit.getByRole('row', { name: /自治体機密性3A/ }).getByText('不可', { exact: true }).first()).toBeVisible();

  const sla = page.getByRole('form', { name: 'SLAの目標値' });
  await sla.getByLabel('稼働率（%）').fill('99.9');
  await sla.getByLabel('目標復旧時間 RTO（分）').fill('240');
  await sla.getByLabel('目標復旧時点 RPO（分）').fill('60');
  await sla.getByLabel('事故時の第一報（分）').fill('60');
  await sla.getByRole('button', { name: '目標値を保存する' }).click();
  await expect(findings.getByText(/SLAに稼働率・RTO・RPOがありません/)).toHaveCount(0);
  const actual = page.getByRole('form', { name: '実績を登録する' });
  await actual.getByLabel(/^対象月/).fill('2026-01');
  await actual.getByLabel('稼働率（%）').fill('99.5');
  await actual.getByLabel('最長の停止時間（分）').fill('300');
  await actual.getByRole('button', { name: '実績を登録する' }).click();
  await expect(actual.getByText('目標を下回った項目が2件あります。未達として記録しました。')).toBeVisible();
  await expect(page.getByRole('table', { name: '未達の記録' }).getByRole('row')).toHaveCount(3);
  await expectAccessible(page, 'service detail');
  await page.screenshot({ path: 'out/screenshots/vendors-service.png', fullPage: true });
});

test('the responsibility matrix flags gaps and overlaps and exports to Excel and Word', async ({ page }) => {
  await page.goto(serviceUrl);
  await page.getByRole('button', { name: '責任分界表を作る' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /の責任分界/ })).toBeVisible();
  await expect(page.getByText('実施責任者がいない、または複数いる管理項目が20件あります。')).toBeVisible();
  await page.getByLabel('アクセス制御におけるクラウド事業者の役割').selectOption('R');
  await page.getByLabel('アクセス制御におけるアプリケーション事業者の役割').selectOption('R');
  await page.getByLabel('バックアップにおけるクラウド事業者の役割').selectOption('R');
  await page.getByLabel('バックアップにおける地方公共団体の役割').selectOption('C');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '保存しました。' })).toBeVisible();
  await expect(page.getByRole('row', { name: /アクセス制御/ }).getByText('実施責任者が複数')).toBeVisible();
  await expect(page.getByText('実施責任者がいない、または複数いる管理項目が19件あります。')).toBeVisible();
  const xlsx = await page.request.get(`${page.url().replace(/^.*\/vendors\/matrices\//, '/api/vendors/matrices/')}/export?format=xlsx`);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()['content-disposition']).toMatch(/^attachment;/);
  const docx = await page.request.get(`${page.url().replace(/^.*\/vendors\/matrices\//, '/api/vendors/matrices/')}/export?format=docx`);
  expect(docx.headers()['content-type']).toContain('wordprocessingml');
  await expectAccessible(page, 'responsibility matrix');
  await page.screenshot({ path: 'out/screenshots/vendors-matrix.png', fullPage: true });
});

test('approval of use: the request runs the checks; the chief security manager approves with conditions', async ({ page }) => {
  await page.goto(serviceUrl);
  const req = page.getByRole('form', { name: '利用承認を申請する' });
  await req.getByLabel(/^利用目的/).fill('住民記録システムの基盤');
  await req.getByLabel('機密性', { exact: true }).selectOption('3B');
  await req.getByLabel('可用性', { exact: true }).selectOption('2');
  await req.getByRole('button', { name: '利用承認を申請する' }).click();
  await expect(req.getByText('申請しました。')).toBeVisible();
  await page.goto('/vendors/approvals');
  const card = page.getByRole('region', { name: SERVICE });
  await expect(card.getByText('条件付きで可', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: '承認する' }).click();
  await expect(card.getByRole('alert').first()).toContainText('承認する条件を記入してください');
  await card.getByLabel('承認の条件').fill('暗号化と鍵管理を団体側で実施し、責任分界表を完成させること');
  await card.getByRole('button', { name: '承認する' }).click();
  const approved = page.getByRole('table', { name: '利用を承認したサービス' });
  await expect(approved.getByRole('row', { name: new RegExp(SERVICE) })).toContainText('承認済み');
  await expectAccessible(page, 'approvals');
  await page.screenshot({ path: 'out/screenshots/vendors-approvals.png', fullPage: true });
  await page.goto('/vendors/checks');
  await expect(page.getByRole('heading', { level: 1, name: '組織全体のチェック結果' })).toBeVisible();
  await expectAccessible(page, 'checks');
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

test('a check sheet built from chapter 8 is sent, and the contractor account is invited', async ({ page }) => {
  await page.goto(contractorUrl);
  await page.getByRole('button', { name: '今年度のチェックシートを作る' }).click();
  await page.getByRole('link', { name: /年度のチェックシート/ }).click();
  await expect(page.getByText('このチェックシートはまだ委託事業者に送っていません。')).toBeVisible();
  sheetUrl = page.url();
  await page.getByRole('button', { name: '委託事業者に送る' }).click();
  await expect(page.getByText('回答待ち')).toBeVisible();
  await expectAccessible(page, 'check sheet (staff)');

  await page.goto(contractorUrl);
  const invite = page.getByRole('form', { name: '招待リンクを発行' });
  await invite.getByLabel(/^氏名/).fill('回答 担当');
  await invite.getByLabel(/^メールアドレス/).fill(CONTRACTOR.email);
  await invite.getByRole('button', { name: '招待リンクを発行' }).click();
  const link = (await page.locator('p.font-mono').first().textContent())?.trim() ?? '';
  expect(link).toMatch(/\/invite#token=/);
  const token = link.split('#token=')[1];
  const res = await page.request.post('/api/invite/accept', { data: { token, password: CONTRACTOR.password }, headers: { origin: ORIGIN() } });
  expect(res.status(), await res.text()).toBe(200);
});

test('the contractor sees only its own records and answers the sheet with evidence', async ({ browser }) => {
  const page = await contractorPage(browser);
  await page.goto('/contractor/vendors');
  await expect(page.getByRole('heading', { level: 1, name: '委託事業者のページ' })).toBeVisible();
  await expectAccessible(page, 'contractor portal');
  await page.screenshot({ path: 'out/screenshots/vendors-portal.png', fullPage: true });
  // The staff registers show nothing of the organisation to a contractor account.
  const services = await page.request.get('/api/vendors/services');
  expect((await services.json()).items).toEqual([]);
  const other = await page.request.get(`/api/vendors/contractors/${contractorUrl.split('/').pop()}`);
  expect(other.status()).toBe(404);

  await page.getByRole('link', { name: /年度のチェックシート/ }).click();
  await expect(page.getByRole('radiogroup', { name: '設問1の回答' })).toBeVisible();
  const items = page.getByRole('listitem').filter({ has: page.getByRole('radiogroup') });
  const n = await items.count();
  expect(n).toBeGreaterThan(10);
  for (let i = 0; i < n; i++) await items.nth(i).getByLabel('実施している').check();
  await page.getByRole('button', { name: '設問1に証跡を添付' }).click();
  const up = page.getByRole('form', { name: '設問1の証跡' });
  await up.getByLabel('設問1の証跡').setInputFiles({ name: 'policy.pdf', mimeType: 'application/pdf', buffer: pdf('security policy') });
  await up.getByRole('button', { name: 'ファイルを登録する' }).click();
  await expect(page.getByRole('link', { name: 'policy.pdf' })).toBeVisible();
  await page.getByRole('button', { name: '回答を提出する' }).click();
  await expect(page.getByText('確認待ち').first()).toBeVisible();
  await expectAccessible(page, 'check sheet (contractor)');
  await page.screenshot({ path: 'out/screenshots/vendors-check-sheet.png', fullPage: true });
  await page.context().close();
});

test('staff accept the answers; the dashboard card shows real figures', async ({ page }) => {
  await page.goto(sheetUrl);
  await page.getByRole('button', { name: '受理する' }).click();
  await expect(page.getByText('確認済み').first()).toBeVisible();
  await page.goto('/');
  const card = page.getByRole('region', { name: '委託先・外部サービス' });
  await expect(card.getByText('利用承認の待ち')).toBeVisible();
  const summary = await (await page.request.get('/api/vendors/summary')).json();
  await expect(card.getByRole('definition').nth(2)).toHaveText(String(summary.pendingApprovals));
  await expectAccessible(page, 'dashboard with vendors card');
});
