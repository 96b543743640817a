import { z } from 'zod';
import { sha256 } from '../../platform/ids';
import { formatEraDate } from '@shared/era';
import type { CompareResult, CompareRow, DocKind, EditionProposal } from '@shared/documents';
import { isSet } from '../../db/sql';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { depths, inForceOf, labelsOf, presentVersion } from './documents.model';
import { htmlToPdf } from '../../platform/pdf';
import { type CompareModel, type RenderModel, renderCompareDocx, renderCompareHtml, renderDocx, renderHtml, statusLines } from './documents.render';
import { articlesOf, documentsOf, versionRow, versionsOf } from './documents.service';

/** Exports of a version (docx, pdf, html) and of comparisons (docx, html). */

export const EXPORT_FORMATS = ['docx', 'pdf', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_SCOPES = ['all', 'basicPolicy', 'standards', 'procedures', 'public'] as const;
export type ExportScope = (typeof EXPORT_SCOPES)[number];

export const ExportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default('docx'),
  scope: z.enum(EXPORT_SCOPES).default('all'),
});

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
};

export interface ExportFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

const SCOPE_KINDS: Record<Exclude<ExportScope, 'public'>, DocKind[]> = {
  all: ['basicPolicy', 'standards', 'procedure'],
  basicPolicy: ['basicPolicy'],
  standards: ['standards'],
  procedures: ['procedure'],
};

export async function renderModel(deps: AppDeps, tenantId: string, versionId: string, scope: ExportScope): Promise<RenderModel> {
  const { db } = deps;
  const v = await versionRow(db, tenantId, versionId);
  const policy = await db.selectFrom('policies').select('title').where('tenantId', '=', tenantId).where('id', '=', v.policyId).executeTakeFirstOrThrow();
  const org = await db.selectFrom('organizations').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const inForce = inForceOf(await versionsOf(db, tenantId, v.policyId));
  const summary = presentVersion(v, inForce?.id ?? null);
  const docs = (await documentsOf(db, tenantId, v.id)).filter((d) => (scope === 'public' ? isSet(d.isPublic) : SCOPE_KINDS[scope].includes(d.kind)));
  const arts = await articlesOf(db, tenantId, v.id);
  return {
    policyTitle: policy.title,
    orgName: org.name,
    draft: v.status === 'draft',
    versionLabel: `第${v.versionNo}版`,
    statusLines: statusLines({ ...summary, editionLabel: summary.editionLabel }),
    docs: docs.map((d) => {
      const rows = arts.filter((a) => a.documentId === d.id);
      const labels = labelsOf(rows);
      const depth = depths(rows);
      return {
        template: d.template,
        title: d.title,
        blocks: rows.filter((r) => isSet(r.included)).map((r) => ({ depth: depth.get(r.key) ?? 0, level: r.level, label: labels.get(r.key) ?? '', heading: r.heading, body: r.body })),
      };
    }),
  };
}

function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_');
}

/**
 * Rendered files by the hash of exactly what they render (format + model), so repeated downloads
 * of an unchanged version do not run Word or Chromium again; any edit changes the hash.
 */
const rendered = new Map<string, Buffer>();
const RENDER_CACHE_ENTRIES = 16;

async function renderCached(format: ExportFormat, m: RenderModel, render: () => Promise<Buffer>): Promise<Buffer> {
  const key = sha256(`${format}\n${JSON.stringify(m)}`);
  const hit = rendered.get(key);
  if (hit) return hit;
  const data = await render();
  rendered.set(key, data);
  if (rendered.size > RENDER_CACHE_ENTRIES) rendered.delete(rendered.keys().next().value as string);
  return data;
}

export async function exportVersion(deps: AppDeps, ctx: Ctx, versionId: string, format: ExportFormat, scope: ExportScope, opts: { cache?: boolean } = {}): Promise<ExportFile> {
  const m = await renderModel(deps, ctx.tenantId, versionId, scope);
  const cachedRender = opts.cache === false ? (_f: ExportFormat, _m: RenderModel, render: () => Promise<Buffer>) => render() : renderCached;
  const base = safeName(`${m.policyTitle}_${m.versionLabel}${m.draft ? '（案）' : ''}${scope === 'all' ? '' : `_${scope}`}`);
  if (format === 'docx') return { filename: `${base}.docx`, contentType: CONTENT_TYPES.docx, data: await cachedRender('docx', m, () => renderDocx(m)) };
  const html = renderHtml(m);
  if (format === 'html') return { filename: `${base}.html`, contentType: CONTENT_TYPES.html, data: Buffer.from(html, 'utf8') };
  return { filename: `${base}.pdf`, contentType: CONTENT_TYPES.pdf, data: await cachedRender('pdf', m, () => htmlToPdf(html, { footerTitle: `${m.policyTitle} ${m.versionLabel}` })) };
}

function versionLine(v: CompareResult['from']): string {
  if (v.status === 'draft') return `第${v.versionNo}版（案）`;
  return `第${v.versionNo}版${v.effectiveFrom ? `（${formatEraDate(v.effectiveFrom)}施行）` : ''}`;
}

export function compareModel(c: CompareResult): CompareModel {
  return {
    title: `${c.policyTitle} 新旧対照表`,
    subtitle: [`改正後: ${versionLine(c.to)}　改正前: ${versionLine(c.from)}`],
    rows: c.rows,
  };
}

/** "What the new edition changes for us" in the same two-column layout (proposed | current). */
export function proposalModel(p: EditionProposal, policyTitle: string): CompareModel {
  const rows: CompareRow[] = p.entries.map((e) => ({
    key: e.key,
    documentTemplate: e.documentTemplate,
    documentTitle: e.documentTemplate === 'basicPolicy' ? '情報セキュリティ基本方針' : e.documentTemplate === 'standards' ? '情報セキュリティ対策基準' : '実施手順',
    change: e.change === 'add' ? 'added' : e.change === 'remove' ? 'removed' : 'changed',
    after: e.proposed?.included ? e.proposed : null,
    before: e.current?.included ? e.current : null,
    afterSegments: e.proposedSegments,
    beforeSegments: e.currentSegments,
  }));
  return {
    title: `${policyTitle} 改定案（${p.toEditionLabel}版ガイドラインへの対応）`,
    subtitle: [`改正後: ${p.toEditionLabel}版に沿った案　改正前: 第${p.version.versionNo}版（${p.version.editionLabel}版準拠）`],
    rows,
  };
}

export async function exportCompare(m: CompareModel, format: 'docx' | 'html'): Promise<ExportFile> {
  const base = safeName(m.title);
  if (format === 'docx') return { filename: `${base}.docx`, contentType: CONTENT_TYPES.docx, data: await renderCompareDocx(m) };
  return { filename: `${base}.html`, contentType: CONTENT_TYPES.html, data: Buffer.from(renderCompareHtml(m), 'utf8') };
}
