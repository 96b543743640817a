import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

/**
 * The network model (issue 6): register a design from a file, see the diagram with findings on
 * its elements, follow a finding to its rule and to the catalog item, edit the YAML with errors
 * shown at line and column, save a new version, and see the version history — axe clean.
 */

const EXAMPLE = path.resolve(import.meta.dirname, '../docs/examples/network-violations.yaml');

test.describe.configure({ mode: 'serial' });

test('registers a model from a file and shows the diagram, findings and node list', async ({ page }) => {
  await page.goto('/network');
  await expect(page.getByRole('heading', { level: 1, name: 'ネットワーク構成（三層の対策）' })).toBeVisible();
  await expect(page.getByText('まだ構成が登録されていません。')).toBeVisible();
  await expectAccessible(page, '/network (empty)');

  await page.getByLabel('名称').first().fill('e2e 違反を含む設計');
  await page.getByLabel('版のコメント').fill('設計案の取込み');
  await page.getByLabel('モデルのファイル').setInputFiles(EXAMPLE);
  await page.getByRole('button', { name: 'ファイルを取り込んで登録' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'e2e 違反を含む設計' })).toBeVisible();
  await expect(page.getByText('違反 19').first()).toBeVisible();
  // The diagram: four lanes, nodes with findings marked.
  const diagram = page.getByRole('figure', { name: /ネットワーク構成図/ });
  await expect(diagram.locator('.react-flow__node[data-id="node:mn-terminals"]')).toBeVisible();
  for (const lane of ['マイナンバー利用事務系', 'LGWAN接続系', 'インターネット接続系']) await expect(diagram.getByText(lane, { exact: true })).toBeVisible();
  // 22 findings of the violations example (NW-RA-02 came with the remote-access correction) and the header row.
  await expect(page.getByRole('table', { name: '検査の指摘' }).getByRole('row')).toHaveCount(23);
  await expect(page.getByRole('table', { name: 'ノードとゾーン' })).toBeVisible();
  await expectAccessible(page, 'network model page');
  await page.screenshot({ path: 'out/screenshots/network-model.png', fullPage: true });
  await diagram.screenshot({ path: 'out/screenshots/network-diagram.png' });

  // Selecting a node in the diagram shows its findings beside it.
  await diagram.locator('.react-flow__node[data-id="node:mn-terminals"]').click();
  const panel = page.getByRole('region', { name: /選択した要素/ });
  await expect(panel.getByRole('link', { name: 'NW-MN-05' })).toBeVisible();
  await expect(panel.getByRole('link', { name: 'NW-MN-06' })).toBeVisible();
});

test('a finding leads to the rule explanation and to the catalog item', async ({ page }) => {
  await page.goto('/network');
  await page.getByRole('link', { name: 'e2e 違反を含む設計' }).click();
  const table = page.getByRole('table', { name: '検査の指摘' });
  const row = table.getByRole('row').filter({ hasText: 'mn-leak' });
  await row.getByRole('button', { name: /図で選択: mn-leak/ }).click();
  const panel = page.getByRole('region', { name: /選択した要素/ });
  await expect(panel.getByText(/特定通信の接続先ではない/)).toBeVisible();
  await expect(panel.getByRole('link', { name: 'KB-3.1.1' })).toHaveAttribute('href', '/catalog/R8.3/KB-3.1.1');

  await row.getByRole('link', { name: 'NW-MN-02' }).click();
  await expect(page).toHaveURL(/\/network\/rules#NW-MN-02$/);
  await expect(page.getByRole('heading', { level: 1, name: '検査の規則' })).toBeVisible();
  const rule = page.getByRole('article', { name: /NW-MN-02/ });
  await expect(rule).toBeFocused();
  await expect(rule.getByRole('link', { name: 'KB-3.1.1' })).toBeVisible();
  await expectAccessible(page, '/network/rules');
  await page.screenshot({ path: 'out/screenshots/network-rules.png', fullPage: false });

  await rule.getByRole('link', { name: 'KB-3.1.1' }).click();
  await expect(page).toHaveURL(/\/catalog\/R8\.3\/KB-3\.1\.1$/);
  await expect(page.getByRole('heading', { level: 1, name: /マイナンバー利用事務系と他の領域との分離/ })).toBeVisible();
});

test('the editor shows errors at line and column, then saves a new version', async ({ page }) => {
  await page.goto('/network');
  await page.getByRole('link', { name: 'e2e 違反を含む設計' }).click();
  const editor = page.getByLabel('モデル（YAML・JSON）');
  await expect(editor).toHaveValue(/format: shirube-network\/1/);
  const original = await editor.inputValue();

  await editor.fill(original.replace('purpose: remoteAccess', 'purpose: telework'));
  await page.getByRole('button', { name: '検査する' }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'モデルの誤り' });
  await expect(problems).toContainText('「telework」は使えません');
  const jump = problems.getByRole('button', { name: /\d+行\d+列へ移動/ });
  await expect(jump).toBeVisible();
  await jump.click();
  await expect(editor).toBeFocused();
  await expectAccessible(page, 'editor with errors');
  await page.screenshot({ path: 'out/screenshots/network-editor-errors.png', fullPage: false });

  // Fix two planted problems and save as version 2.
  const fixed = original
    .replace("{ id: mn-terminals, kind: terminal, zone: mynumber, name: 介護保険の端末, auth: [password] }", '{ id: mn-terminals, kind: terminal, zone: mynumber, name: 介護保険の端末, auth: [password, icCard], mediaExportBlocked: true }')
    .replace('restriction: { addresses: true } }', 'restriction: { addresses: true, ports: true } }');
  await editor.fill(fixed);
  await page.getByRole('button', { name: '検査する' }).click();
  await expect(page.getByText(/誤りはありません。指摘: 違反 16/)).toBeVisible();
  await page.getByLabel('版のコメント（何を変えたか）').fill('端末のMFAと特定通信のポート制限');
  await page.getByRole('button', { name: '新しい版として保存' }).click();
  await expect(page.getByText('2版として保存しました。')).toBeVisible();

  const versions = page.getByRole('table', { name: '版の一覧（新しい順）' });
  await expect(versions.getByRole('row')).toHaveCount(3);
  await expect(versions.getByRole('row').nth(1)).toContainText('端末のMFAと特定通信のポート制限');
  await expect(page.getByText('2版を表示しています')).toBeVisible();
  await expect(page.getByText('違反 16').first()).toBeVisible();

  // Version 1 is still there; the check under R6.10 also reports the My Number wireless LAN.
  await versions.getByRole('button', { name: '表示 v1' }).click();
  await expect(page.getByText('1版を表示しています')).toBeVisible();
  await page.getByLabel('検査に使う版').selectOption('R6.10');
  await expect(page.getByRole('table', { name: '検査の指摘' }).getByRole('row').filter({ hasText: 'NW-WL-02' })).toContainText('R6.10版では');
  await expect(page.getByRole('link', { name: 'YAMLで出力' })).toHaveAttribute('href', /\/api\/network\/versions\/.+\/export\?format=yaml/);
  await expectAccessible(page, 'version 1 under R6.10');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'JSONで出力' }).click();
  expect((await download).suggestedFilename()).toMatch(/-v1\.json$/);
});

test('the list shows the model with its latest version, in English too', async ({ page }) => {
  await page.goto('/network');
  const row = page.getByRole('table', { name: 'ネットワーク構成の一覧' }).getByRole('row').filter({ hasText: 'e2e 違反を含む設計' });
  await expect(row).toContainText('v2');
  await expect(row).toContainText('αモデル');
  await page.screenshot({ path: 'out/screenshots/network-list.png', fullPage: true });
  await page.getByRole('button', { name: /表示言語を切り替える/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Network models (three-layer separation)' })).toBeVisible();
  await expectAccessible(page, '/network (en)');
  await page.getByRole('button', { name: /Switch display language/ }).click();
});
