import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/excel';
import { z } from 'zod';
import { ASSET_HOSTINGS, ASSET_KINDS, ASSET_SEGMENTS, ASSET_STATUSES, named } from '@shared/assets';
import type { Db, DbKind } from '../../db/database';
import { isSet } from '../../db/sql';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { columnLetter, csvField, neutraliseFormula } from '../../platform/tabular';
import { COLUMNS, NO, YES } from './assets.columns';
import { catalogOf, schemeOf } from './assets.scheme';
import { AssetListQuery, applyFilters, scopeSections } from './assets.service';

/**
 * The register as a spreadsheet (.xlsx with drop-down lists, or .csv in UTF-8 with BOM), written
 * page by page so that 100,000 assets never sit in memory at once. Text that a spreadsheet would
 * run as a formula (= + - @) is written with a leading apostrophe; import removes it again.
 */

export const ExportQuery = AssetListQuery.omit({ sort: true, page: true, pageSize: true, status: true })
  .extend({
    status: z.enum(['active', 'retired', 'all']).default('all'),
    format: z.enum(['xlsx', 'csv']).default('xlsx'),
  })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuery>;

const PAGE = 2000;
const jst = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString().slice(0, 10) : '');

/** Rows of the register in column order, a page at a time, in code order. */
export async function* registerRows(db: Db, ctx: Ctx, q: Omit<ExportQuery, 'format'>, kind: DbKind = 'sqlite'): AsyncGenerator<Array<string | number>[]> {
  const sections = await scopeSections(db, ctx, 'asset.read');
  let after: string | null = null;
  for (;;) {
    let page = applyFilters(db.selectFrom('assets as a'), ctx.tenantId, sections, q, kind);
    if (after !== null) page = page.where('a.code', '>', after);
    const rows = await page
      .innerJoin('orgUnits as u', (j) => j.onRef('u.tenantId', '=', 'a.tenantId').onRef('u.id', '=', 'a.ownerSectionId'))
      .selectAll('a')
      .select(['u.code as sectionCode', 'u.name as sectionName'])
      .orderBy('a.code')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const rel = await db
      .selectFrom('assetRelations as l')
      .innerJoin('assets as s', (j) => j.onRef('s.tenantId', '=', 'l.tenantId').onRef('s.id', '=', 'l.relatedId'))
      .select(['l.assetId', 's.code'])
      .where('l.tenantId', '=', ctx.tenantId)
      .where('l.assetId', 'in', ids)
      .orderBy('s.code')
      .execute();
    const related = new Map<string, string[]>();
    for (const r of rel) related.set(r.assetId, [...(related.get(r.assetId) ?? []), r.code]);
    yield rows.map((r) => {
      const byKey: Record<string, string | number> = {
        code: r.code,
        name: r.name,
        kind: named(ASSET_KINDS, r.kind),
        ownerSection: r.sectionCode,
        ownerSectionName: r.sectionName,
        description: r.description ?? '',
        custodian: r.custodian ?? '',
        segment: named(ASSET_SEGMENTS, r.segment),
        hosting: named(ASSET_HOSTINGS, r.hosting),
        location: r.location ?? '',
        cloudServiceId: r.cloudServiceId ?? '',
        related: (related.get(r.id) ?? []).join('; '),
        residentData: isSet(r.residentData) ? YES : NO,
        myNumber: isSet(r.myNumber) ? YES : NO,
        specialCare: isSet(r.specialCare) ? YES : NO,
        recordCount: r.recordCount === null ? '' : Number(r.recordCount),
        retention: r.retention ?? '',
        backupNote: r.backupNote ?? '',
        schemeEdition: r.schemeEdition ?? '',
        confidentiality: r.confidentiality ?? '',
        integrity: r.integrity ?? '',
        availability: r.availability ?? '',
        reason: r.classificationReason ?? '',
        classifiedAt: jst(r.classifiedAt),
        status: named(ASSET_STATUSES, r.status),
      };
      return COLUMNS.map((c) => {
        const v = byKey[c.key];
        return typeof v === 'string' ? neutraliseFormula(v) : v;
      });
    });
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].code;
  }
}

export interface ExportResult {
  rows: number;
}

const list = (values: string[]) => [`"${values.join(',')}"`];

/** Write the register to `out` as .xlsx (streaming) or .csv; resolves when the file is complete. */
export async function writeRegister(deps: AppDeps, ctx: Ctx, q: ExportQuery, out: Writable): Promise<ExportResult> {
  const { db } = deps;
  let count = 0;
  const { format, ...filters } = q;
  if (format === 'csv') {
    out.write(`\ufeff${COLUMNS.map((c) => csvField(c.headers[0])).join(',')}\r\n`);
    for await (const page of registerRows(db, ctx, filters, deps.handle.kind)) {
      // csvField neutralises again; the values are already neutralised, and an apostrophe is safe.
      if (!out.write(page.map((r) => r.map((v) => (typeof v === 'number' ? String(v) : csvQuote(v))).join(',')).join('\r\n') + '\r\n')) {
        await new Promise((res) => out.once('drain', res));
      }
      count += page.length;
    }
    out.end();
    await finished(out);
    return { rows: count };
  }

  const catalog = catalogOf(deps);
  const current = catalog.current();
  const editions = catalog.editions().map((e) => e.id);
  const cLevels = new Set<string>(schemeOf(catalog, current.id)?.ids.c ?? []);
  for (const e of editions) for (const id of schemeOf(catalog, e)?.ids.c ?? []) cLevels.add(id);

  const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Shirube';
  const ws = wb.addWorksheet('情報資産台帳', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const header = ws.addRow(COLUMNS.map((c) => c.headers[0]));
  header.font = { bold: true };
  header.commit();
  for await (const page of registerRows(db, ctx, filters, deps.handle.kind)) {
    for (const r of page) ws.addRow(r).commit();
    count += page.length;
  }
  // Drop-down lists for the enumerations and levels, over the rows written and room to add more.
  const last = Math.max(count + 1, 1000) + 500;
  const validations: Array<[string, string[]]> = [
    ['kind', ASSET_KINDS.map((k) => k.ja)],
    ['segment', ASSET_SEGMENTS.map((k) => k.ja)],
    ['hosting', ASSET_HOSTINGS.map((k) => k.ja)],
    ['residentData', [YES, NO]],
    ['myNumber', [YES, NO]],
    ['specialCare', [YES, NO]],
    ['schemeEdition', editions],
    ['confidentiality', [...cLevels]],
    ['integrity', schemeOf(catalog, current.id)?.ids.i ?? ['2', '1']],
    ['availability', schemeOf(catalog, current.id)?.ids.a ?? ['2', '1']],
    ['status', ASSET_STATUSES.map((k) => k.ja)],
  ];
  // The streaming worksheet has data validations at run time; its type declaration lacks them.
  const dv = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const [key, values] of validations) {
    const col = columnLetter(COLUMNS.findIndex((c) => c.key === key));
    const title = COLUMNS.find((c) => c.key === key)?.headers[0] ?? key;
    dv.add(`${col}2:${col}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: list(values),
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: title,
      error: `一覧から選んでください: ${values.join('、')}`,
    });
  }
  ws.autoFilter = `A1:${columnLetter(COLUMNS.length - 1)}1`;
  ws.commit();
  const help = wb.addWorksheet('記入方法');
  help.columns = [{ width: 22 }, { width: 70 }, { width: 50 }];
  help.addRow(['列', '記入のしかた', 'How to fill in']).font = { bold: true };
  for (const c of COLUMNS) help.addRow([c.headers[0], c.note.ja, c.note.en]).commit();
  help.addRow([]).commit();
  help.addRow(['', '取込みは全件を確認してから、誤りが一つもない場合にだけ反映します。資産コードが同じ行は既存の資産の更新になります。', 'Import checks every row first and writes only when there is no error; a row with an existing code updates that asset.']).commit();
  help.commit();
  await wb.commit();
  return { rows: count };
}

function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The whole file in memory (for HTTP responses and tests). */
export async function exportRegister(deps: AppDeps, ctx: Ctx, q: ExportQuery): Promise<{ body: Buffer; rows: number }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const { rows } = await writeRegister(deps, ctx, q, sink);
  return { body: Buffer.concat(chunks), rows };
}
