import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultChoices, Generator } from './generate';
import { CHROMIUM_PATH, htmlToPdf } from '../../platform/pdf';
import { type RenderModel, renderHtml } from './documents.render';
import { realCatalog } from './test-catalog';

function pages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

describe('PDF export printed by Chromium', () => {
  it('prints the standards as a multi-page A4 PDF', async () => {
    // Chromium is part of the platform (Debian package); its absence is a failure, not a skip.
    expect(existsSync(CHROMIUM_PATH), `${CHROMIUM_PATH} must be installed`).toBe(true);
    const docs = new Generator(realCatalog()).generate('R8.3', defaultChoices('しるべ市'));
    const standards = docs.find((d) => d.template === 'standards');
    const parent = new Map(standards?.articles.map((a) => [a.key, a.parentKey]));
    const depth = (k: string) => {
      let d = 0;
      for (let p = parent.get(k); p; p = parent.get(p)) d++;
      return d;
    };
    const m: RenderModel = {
      policyTitle: 'しるべ市情報セキュリティポリシー',
      orgName: 'しるべ市',
      draft: false,
      versionLabel: '第1版',
      statusLines: ['令和8年4月1日施行'],
      docs: [{ template: 'standards', title: standards?.title ?? '', blocks: (standards?.articles ?? []).filter((a) => a.included).map((a) => ({ depth: depth(a.key), level: a.level, label: a.label, heading: a.heading, body: a.body })) }],
    };
    const pdf = await htmlToPdf(renderHtml(m), { footerTitle: m.policyTitle });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages(pdf)).toBeGreaterThan(10);
  }, 60_000);

  it('reports a missing browser as 503 pdf_unavailable', async () => {
    await expect(htmlToPdf('<p>x</p>', { executablePath: '/nonexistent/chromium' })).rejects.toMatchObject({ status: 503, code: 'pdf_unavailable' });
  }, 30_000);
});
