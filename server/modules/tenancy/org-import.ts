import { LG_CODE_MESSAGES, lgCodeProblem } from '@shared/lgcode';
import type { Db } from '../../db/database';
import type { OrganizationsTable } from '../../db/schema';
import { nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import { AppError, type FieldError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { inTransactionMaybeDry } from '../../platform/tx';
import { invalidateDirectory } from './tenancy.service';
import { type TextEncoding, mapColumns, readTable } from '../../platform/tabular';

/**
 * `shirube org import`: municipalities and joint bodies from a CSV (UTF-8 or Shift_JIS).
 * Every row is checked first; one bad row means nothing is written.
 */

const COLUMNS = [
  { key: 'lgCode', headers: ['団体コード', 'lgCode', 'code'] },
  { key: 'name', headers: ['団体名', 'name', '名称'], required: true },
  { key: 'kind', headers: ['種別', 'kind'] },
  { key: 'nameKana', headers: ['団体名カナ', 'nameKana', 'カナ', 'ふりがな'] },
  { key: 'nameEn', headers: ['英語名', 'nameEn'] },
  { key: 'prefectureCode', headers: ['都道府県コード', 'prefectureCode'] },
];

const KIND_WORDS: Record<string, 'municipality' | 'jointBody'> = {
  municipality: 'municipality',
  市: 'municipality',
  区: 'municipality',
  町: 'municipality',
  村: 'municipality',
  特別区: 'municipality',
  市区町村: 'municipality',
  jointbody: 'jointBody',
  一部事務組合: 'jointBody',
  広域連合: 'jointBody',
};

export interface OrgImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  encoding?: TextEncoding;
}

export async function importOrganizations(
  db: Db,
  ctx: Ctx,
  buf: Buffer,
  opts: { filename?: string; encoding?: TextEncoding; dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<OrgImportResult> {
  const table = await readTable(buf, opts.filename ?? 'import.csv', { encoding: opts.encoding });
  const cols = mapColumns(table, COLUMNS);
  const prefectures = await db.selectFrom('organizations').select(['id', 'prefectureCode']).where('kind', '=', 'prefecture').execute();
  const prefByCode = new Map(prefectures.map((p) => [p.prefectureCode, p.id]));

  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  type Parsed = { row: number; lgCode: string | null; name: string; kind: 'municipality' | 'jointBody'; nameKana: string | null; nameEn: string | null; prefectureCode: string };
  const parsed: Parsed[] = [];
  const fail = (row: number, key: string, code: string, message: { ja: string; en: string }) =>
    errors.push({ row, column: `${cols.letter(key)}（${COLUMNS.find((c) => c.key === key)?.headers[0]}）`, field: key, code, message });

  for (const r of table.rows) {
    const lgCode = cols.get(r, 'lgCode').normalize('NFKC') || null;
    const name = cols.get(r, 'name');
    const kindWord = cols.get(r, 'kind').normalize('NFKC').toLowerCase();
    let prefectureCode = cols.get(r, 'prefectureCode').normalize('NFKC');
    let ok = true;
    if (!name) {
      fail(r.row, 'name', 'required', { ja: '団体名を入力してください。', en: 'The name is required.' });
      ok = false;
    }
    if (lgCode) {
      const problem = lgCodeProblem(lgCode);
      if (problem) {
        fail(r.row, 'lgCode', `lg_code_${problem}`, LG_CODE_MESSAGES[problem]);
        ok = false;
      } else if (lgCode.slice(2, 5) === '000') {
        fail(r.row, 'lgCode', 'lg_code_prefecture_body', {
          ja: '都道府県の団体コードは取り込めません（都道府県は初期データとして登録済みです）。',
          en: 'Prefecture codes cannot be imported; prefectures are already loaded.',
        });
        ok = false;
      } else {
        const first = seen.get(lgCode);
        if (first !== undefined) {
          fail(r.row, 'lgCode', 'duplicate', {
            ja: `団体コード ${lgCode} が${first}行目と重複しています。`,
            en: `Code ${lgCode} repeats row ${first}.`,
          });
          ok = false;
        } else seen.set(lgCode, r.row);
        if (prefectureCode && prefectureCode !== lgCode.slice(0, 2)) {
          fail(r.row, 'prefectureCode', 'prefecture_mismatch', {
            ja: '都道府県コードが団体コードの上2桁と一致しません。',
            en: 'The prefecture code does not match the first two digits of the code.',
          });
          ok = false;
        }
        prefectureCode = lgCode.slice(0, 2);
      }
    }
    let kind: 'municipality' | 'jointBody' | undefined = kindWord ? KIND_WORDS[kindWord] : lgCode ? 'municipality' : undefined;
    if (kindWord && !kind) {
      fail(r.row, 'kind', 'unknown_kind', {
        ja: `種別「${kindWord}」は使えません。市・区・町・村・一部事務組合・広域連合のいずれかです。`,
        en: `Unknown kind "${kindWord}": use municipality or jointBody.`,
      });
      ok = false;
    }
    if (!kind && !kindWord) {
      if (!lgCode) {
        fail(r.row, 'kind', 'kind_required', {
          ja: '団体コードがない行には種別（一部事務組合・広域連合など）を指定してください。',
          en: 'A row without a code needs a kind.',
        });
        ok = false;
      }
      kind = 'municipality';
    }
    if (kind === 'municipality' && !lgCode) {
      fail(r.row, 'lgCode', 'required', { ja: '市区町村には団体コードが必要です。', en: 'A municipality needs its code.' });
      ok = false;
    }
    // A bad code already has its own error; do not add a second one about the prefecture it implies.
    if (!lgCode && (!prefectureCode || !prefByCode.has(prefectureCode.padStart(2, '0')))) {
      fail(r.row, 'prefectureCode', 'unknown_prefecture', {
        ja: '都道府県を特定できません（団体コードまたは都道府県コード01〜47を指定してください）。',
        en: 'The prefecture is unknown (give a code or a prefecture code 01–47).',
      });
      ok = false;
    }
    if (ok && kind) {
      parsed.push({
        row: r.row,
        lgCode,
        name,
        kind,
        nameKana: cols.get(r, 'nameKana') || null,
        nameEn: cols.get(r, 'nameEn') || null,
        prefectureCode: prefectureCode.padStart(2, '0'),
      });
    }
  }
  if (table.rows.length === 0) {
    throw new AppError(400, 'import_empty', { ja: 'ファイルにデータ行がありません。', en: 'The file has no data rows.' });
  }
  if (errors.length) {
    throw new AppError(
      400,
      'import_invalid',
      {
        ja: `${errors.length}件の誤りがあるため、何も取り込んでいません。`,
        en: `Nothing was imported: ${errors.length} error(s).`,
      },
      errors,
    );
  }

  const result: OrgImportResult = { rows: parsed.length, created: 0, updated: 0, unchanged: 0, encoding: table.encoding };
  const now = nowIso();
  const run = async (trx: Db) => {
    const existing = await trx.selectFrom('organizations').selectAll().where('kind', 'in', ['municipality', 'jointBody']).execute();
    const byCode = new Map(existing.filter((e) => e.lgCode).map((e) => [e.lgCode as string, e]));
    const byName = new Map(existing.filter((e) => !e.lgCode).map((e) => [`${e.prefectureCode}:${e.name}`, e]));
    const inserts: OrganizationsTable[] = [];
    let done = 0;
    for (const p of parsed) {
      const found = p.lgCode ? byCode.get(p.lgCode) : byName.get(`${p.prefectureCode}:${p.name}`);
      if (!found) {
        inserts.push({
          id: newId(),
          kind: p.kind,
          name: p.name,
          nameKana: p.nameKana,
          nameEn: p.nameEn,
          lgCode: p.lgCode,
          prefectureCode: p.prefectureCode,
          parentId: prefByCode.get(p.prefectureCode) ?? null,
          isDemo: 0,
          settings: '{}',
          status: 'active',
          createdAt: now,
          updatedAt: now,
        });
        result.created++;
      } else if (found.name !== p.name || found.kind !== p.kind || (p.nameKana && found.nameKana !== p.nameKana) || (p.nameEn && found.nameEn !== p.nameEn)) {
        await trx
          .updateTable('organizations')
          .set({ name: p.name, kind: p.kind, nameKana: p.nameKana ?? found.nameKana, nameEn: p.nameEn ?? found.nameEn, updatedAt: now })
          .where('id', '=', found.id)
          .execute();
        result.updated++;
      } else result.unchanged++;
      done++;
      if (done % 200 === 0) opts.onProgress?.(done, parsed.length);
    }
    for (let i = 0; i < inserts.length; i += 500) await trx.insertInto('organizations').values(inserts.slice(i, i + 500)).execute();
    opts.onProgress?.(parsed.length, parsed.length);
    invalidateDirectory();
    await appendAudit(trx, ctx.audit, {
      action: 'organization.import',
      targetType: 'organization',
      changes: { rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged },
    });
  };
  await inTransactionMaybeDry(db, run, opts.dryRun === true);
  return result;
}
