import { type APIRequestContext, expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

/**
 * Findings of the first-time user's review (issue 21, ../shared/reviews/ui-2026-12), one browser
 * session walking through several of them: abolishing a section asks first and can be undone
 * (M1), the printed label keeps its header (M2), form errors speak the field's Japanese label
 * (M3), number and length limits are enforced visibly (M4), the narrow-screen menu (M7).
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
