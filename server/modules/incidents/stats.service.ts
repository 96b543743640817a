import { z } from 'zod';
import { fiscalYearOf, formatEraDate, japanDate } from '@shared/era';
import { CATEGORIES, CAUSES, labelOf, PUBLICATIONS, SEVERITIES, STATUSES } from '@shared/incidents';
import type { Db } from '../../db/database';
import { loadExcel } from '../../platform/excel';
import { neutraliseFormula } from '../../platform/tabular';
import { json } from './incidents.common';

/** Statistics by fiscal year, the half-year publication list and the register as .xlsx. */

const SEGMENT_LABELS: Record<string, string> = { mynumber: 'マイナンバー利用事務系', lgwan: 'LGWAN接続系', internet: 'インターネット接続系', closed: '閉域', none: '（資産の指定なし）' };

function fyBounds(fy: number) {
  return { from: new Date(`${fy}-04-01T00:00:00+09:00`).toISOString(), to: new Date(`${fy + 1}-04-01T00:00:00+09:00`).toISOString() };
}

export const StatsQuery = z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() }).strict();

export async function statistics(db: Db, tenantId: string, fiscalYear = fiscalYearOf()) {
  const { from, to } = fyBounds(fiscalYear);
  const rows = await db.selectFrom('incidents').select(['category', 'cause', 'segments', 'status', 'personsCount']).where('tenantId', '=', tenantId).where('knewAt', '>=', from).where('knewAt', '<', to).where('status', '!=', 'dismissed').execute();
  const tally = (key: (r: (typeof rows)[number]) => string[]) => {
    const m = new Map<string, number>();
    for (const r of rows) for (const k of key(r)) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m.entries()].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count);
  };
  return {
    fiscalYear,
    total: rows.length,
    persons: rows.reduce((s, r) => s + (r.personsCount ?? 0), 0),
    byCategory: tally((r) => [r.category]).map((x) => ({ ...x, label: labelOf(CATEGORIES, x.id) })),
    byCause: tally((r) => [r.cause]).map((x) => ({ ...x, label: labelOf(CAUSES, x.id) })),
    bySegment: tally((r) => {
      const s = json<string[]>(r.segments, []);
      return s.length ? s : ['none'];
    }).map((x) => ({ ...x, label: SEGMENT_LABELS[x.id] ?? x.id })),
  };
}

export const HalfQuery = z.object({ half: z.string().regex(/^\d{4}H[12]$/) }).strict();

/** Half-year list for publication: 2026H1 is April–September 2026, 2026H2 October–March. */
export async function halfYearList(db: Db, tenantId: string, half: string) {
  const fy = Number(half.slice(0, 4));
  const first = half.endsWith('H1');
  const from = new Date(`${first ? fy : fy}-${first ? '04' : '10'}-01T00:00:00+09:00`).toISOString();
  const to = new Date(`${first ? fy : fy + 1}-${first ? '10' : '04'}-01T00:00:00+09:00`).toISOString();
  const rows = await db
    .selectFrom('incidents')
    .select(['id', 'code', 'title', 'category', 'knewAt', 'personsCount', 'publication', 'publicationNote', 'publishedOn', 'status'])
    .where('tenantId', '=', tenantId)
    .where('knewAt', '>=', from)
    .where('knewAt', '<', to)
    .where('status', '!=', 'dismissed')
    .orderBy('knewAt')
    .execute();
  return {
    half,
    period: { from: japanDate(from), to: japanDate(new Date(new Date(to).getTime() - 1)) },
    items: rows.filter((r) => r.publication !== 'withheld').map((r) => ({ ...r, knewOn: formatEraDate(r.knewAt), categoryLabel: labelOf(CATEGORIES, r.category), publicationLabel: labelOf(PUBLICATIONS, r.publication) })),
    withheld: rows.filter((r) => r.publication === 'withheld').length,
  };
}

export async function registerXlsx(db: Db, tenantId: string): Promise<Buffer> {
  const rows = await db.selectFrom('incidents').selectAll().where('tenantId', '=', tenantId).orderBy('knewAt').execute();
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Shirube';
  const ws = wb.addWorksheet('インシデント台帳');
  ws.addRow(['番号', '件名', '年度', '発生', '発見', '知った日時', '分類', '原因', '重大度', '状態', 'セグメント', '最高機密性', '本人の数', '要配慮', '特定個人情報', '条例要配慮', '暗号化', '公表']).font = { bold: true };
  for (const r of rows) {
    ws.addRow([
      r.code,
      neutraliseFormula(r.title),
      fiscalYearOf(r.knewAt),
      formatEraDate(r.occurredAt),
      formatEraDate(r.discoveredAt),
      formatEraDate(r.knewAt),
      labelOf(CATEGORIES, r.category),
      labelOf(CAUSES, r.cause),
      labelOf(SEVERITIES, r.severity),
      labelOf(STATUSES, r.status),
      json<string[]>(r.segments, []).map((s) => SEGMENT_LABELS[s] ?? s).join('、'),
      r.maxConfidentiality ?? '',
      r.personsCount ?? '',
      r.specialCare ? '○' : '',
      r.myNumber ? '○' : '',
      r.ordinanceSpecial ? '○' : '',
      r.stronglyEncrypted ? '○' : '',
      labelOf(PUBLICATIONS, r.publication),
    ]);
  }
  ws.columns.forEach((c) => {
    c.width = 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
