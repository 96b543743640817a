import { verifyOrganisation } from '../../platform/audit-checkpoints';
import { loadExcel } from '../../platform/excel';
import { z } from 'zod';
import { formatJapanDateTime } from '@shared/era';
import type { Db } from '../../db/database';
import { fromJson } from '../../db/sql';
import type { Ctx } from '../../platform/context';
import { neutraliseFormula, toCsv } from '../../platform/tabular';

export const AuditQuery = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  actor: z.string().max(254).optional(),
  action: z.string().max(100).optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
type AuditQueryT = z.infer<typeof AuditQuery>;

/** Japan-time day bounds: 'YYYY-MM-DD' in JST → UTC ISO strings. */
function dayStartUtc(d: string) {
  return new Date(`${d}T00:00:00+09:00`).toISOString();
}

function filtered(db: Db, ctx: Ctx, q: AuditQueryT) {
  let base = db.selectFrom('auditEvents').where('tenantId', '=', ctx.tenantId);
  if (q.from) base = base.where('occurredAt', '>=', dayStartUtc(q.from));
  if (q.to) base = base.where('occurredAt', '<', new Date(new Date(dayStartUtc(q.to)).getTime() + 86_400_000).toISOString());
  if (q.actor) base = base.where((eb) => eb.or([eb('actorId', '=', q.actor as string), eb('actorLabel', 'like', `%${q.actor}%`)]));
  if (q.action) base = base.where('action', 'like', `${q.action}%`);
  if (q.targetType) base = base.where('targetType', '=', q.targetType);
  if (q.targetId) base = base.where('targetId', '=', q.targetId);
  return base;
}

export async function listAuditEvents(db: Db, ctx: Ctx, q: AuditQueryT) {
  const base = filtered(db, ctx, q);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('seq', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({ ...r, changes: fromJson<unknown>(r.changes, {}) })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

const HEADERS = ['連番', '日時（日本時間）', '操作者', '操作', '対象種別', '対象ID', '変更内容', 'リクエストID', 'IPアドレス', 'ハッシュ'];
const EXPORT_CAP = 200_000;

export async function auditExport(db: Db, ctx: Ctx, q: AuditQueryT, format: 'csv' | 'xlsx') {
  const rows = await filtered(db, ctx, q).selectAll().orderBy('seq').limit(EXPORT_CAP).execute();
  const data = rows.map((r) => [r.seq, formatJapanDateTime(r.occurredAt), r.actorLabel, r.action, r.targetType ?? '', r.targetId ?? '', r.changes, r.requestId ?? '', r.ip ?? '', r.hash]);
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'csv') {
    return { body: toCsv(HEADERS, data), contentType: 'text/csv; charset=utf-8', filename: `システム管理記録_${stamp}.csv`, rows: rows.length };
  }
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet('システム管理記録');
  ws.addRow(HEADERS).font = { bold: true };
  for (const d of data) ws.addRow(d.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.columns.forEach((c, i) => {
    c.width = [8, 20, 28, 26, 14, 38, 60, 20, 16, 66][i];
  });
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    body,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `システム管理記録_${stamp}.xlsx`,
    rows: rows.length,
  };
}

/** The keyed chain, its signed retention cut and every stored checkpoint of the organisation. */
export async function verifyOwnChain(db: Db, ctx: Ctx) {
  const { tenantId: _t, checkpoints: _c, ...r } = await verifyOrganisation(db, ctx.tenantId);
  return r;
}
