import { formatEraDate, japanDate } from '@shared/era';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { err } from '../../platform/errors';
import { loadExcel } from '../../platform/excel';
import { newId } from '../../platform/ids';
import { neutraliseFormula } from '../../platform/tabular';
import { readUpload } from '../../platform/uploads';
import { nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { ACTION, SOURCE_LABELS, STATUS_LABELS, Source, notFound, reachFor, toAction, whereReach } from './improvements.common';
import { IMPROVEMENT_STATUSES } from './improvements.contract';
import { isOverdue, reachable } from './improvements.service';

/** The register (一覧・絞り込み・Excel出力), one action's detail, and its evidence files. */

export const ListQuery = z
  .object({
    status: z.enum(IMPROVEMENT_STATUSES).optional(),
    source: Source.optional(),
    sectionId: z.uuid().optional(),
    overdue: z.enum(['true', 'false']).optional(),
    q: z.string().trim().max(100).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListQuery = z.infer<typeof ListQuery>;

async function filtered(deps: AppDeps, ctx: Ctx, query: Omit<ListQuery, 'page' | 'pageSize'>) {
  const reach = await reachFor(deps.db, ctx, 'improvement.read');
  if (!reach) throw err.forbidden();
  const today = japanDate();
  let q = whereReach(deps.db.selectFrom('improvementActions').where('tenantId', '=', ctx.tenantId), reach);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.source) q = q.where('source', '=', query.source);
  if (query.sectionId) q = q.where('ownerSectionId', '=', query.sectionId);
  if (query.overdue === 'true') q = q.where('status', 'in', ['open', 'in_progress']).where('dueDate', '<', today);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('title', 'like', like), eb('code', 'like', like), eb('description', 'like', like)]));
  }
  return q;
}

async function sectionNames(deps: AppDeps, tenantId: string) {
  const rows = await deps.db.selectFrom('orgUnits').select(['id', 'name']).where('tenantId', '=', tenantId).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function list(deps: AppDeps, ctx: Ctx, query: ListQuery) {
  const base = await filtered(deps, ctx, query);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('dueDate').orderBy('code').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const names = await sectionNames(deps, ctx.tenantId);
  const today = japanDate();
  return {
    items: rows.map((r) => ({ ...toAction(r), ownerSectionName: r.ownerSectionId ? (names.get(r.ownerSectionId) ?? null) : null, overdue: isOverdue(r, today) })),
    total: Number(total.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function detail(deps: AppDeps, ctx: Ctx, id: string) {
  const row = await reachable(deps.db, ctx, id, 'improvement.read');
  const [evidence, names] = await Promise.all([
    deps.db.selectFrom('improvementEvidence').select(['id', 'filename', 'sha256', 'size', 'uploadedByLabel', 'uploadedAt']).where('tenantId', '=', ctx.tenantId).where('actionId', '=', id).orderBy('uploadedAt').execute(),
    sectionNames(deps, ctx.tenantId),
  ]);
  return { ...toAction(row), ownerSectionName: row.ownerSectionId ? (names.get(row.ownerSectionId) ?? null) : null, overdue: isOverdue(row), evidence };
}

export async function exportXlsx(deps: AppDeps, ctx: Ctx, query: Omit<ListQuery, 'page' | 'pageSize'>): Promise<Buffer> {
  const rows = await (await filtered(deps, ctx, query)).selectAll().orderBy('dueDate').orderBy('code').limit(100_000).execute();
  const names = await sectionNames(deps, ctx.tenantId);
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Shirube';
  const ws = wb.addWorksheet('改善計画・是正処置', { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols: Array<[string, number]> = [['管理番号', 14], ['起票元', 22], ['件名', 40], ['内容', 50], ['担当課室', 20], ['期限', 16], ['状態', 22], ['期限超過', 10], ['完了日', 16], ['有効性の確認', 14], ['確認日', 16], ['確認の所見', 40]];
  ws.columns = cols.map(([header, width]) => ({ header, width }));
  ws.getRow(1).font = { bold: true };
  const t = (v: string | null | undefined) => neutraliseFormula(v ?? '');
  const today = japanDate();
  for (const r of rows) {
    ws.addRow([
      r.code,
      SOURCE_LABELS[r.source].ja,
      t(r.title),
      t(r.description),
      t(r.ownerSectionId ? names.get(r.ownerSectionId) : ''),
      formatEraDate(r.dueDate),
      STATUS_LABELS[r.status].ja,
      isOverdue(r, today) ? '超過' : '',
      r.completedAt ? formatEraDate(r.completedAt) : '',
      r.checkResult === 'effective' ? '有効' : r.checkResult === 'not_effective' ? '有効でない' : '',
      r.checkedAt ? formatEraDate(r.checkedAt) : '',
      t(r.checkNote),
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function uploadEvidence(deps: AppDeps, ctx: Ctx, req: FastifyRequest, id: string) {
  const before = await reachable(deps.db, ctx, id, 'improvement.write');
  if (before.status !== 'open' && before.status !== 'in_progress') throw err.conflict('invalid_state', { ja: '完了した改善措置には証跡を追加できません。', en: 'Evidence cannot be added to a completed action.' });
  const upload = await readUpload(req, deps.config.SHIRUBE_EVIDENCE_LIMIT_MB * 1024 * 1024);
  return deps.db.transaction().execute(async (trx) => {
    const meta = await deps.services.files.store(trx, ctx, { buffer: upload.buffer, filename: upload.filename, accept: ['pdf', 'image', 'office', 'text'] });
    const row = { tenantId: ctx.tenantId, id: newId(), actionId: id, fileId: meta.id, filename: meta.filename, sha256: meta.sha256, size: meta.size, uploadedBy: ctx.audit.actorId, uploadedByLabel: ctx.audit.actorLabel, uploadedAt: nowIso() };
    await trx.insertInto('improvementEvidence').values(row).execute();
    await appendAudit(trx, ctx.audit, { action: 'improvement.evidence.add', targetType: 'improvementAction', targetId: id, changes: { evidenceId: row.id, filename: meta.filename, sha256: meta.sha256 } });
    return { id: row.id, filename: row.filename, sha256: row.sha256, size: row.size };
  });
}

export async function sendEvidence(deps: AppDeps, ctx: Ctx, reply: Parameters<AppDeps['services']['files']['send']>[0], id: string, evidenceId: string) {
  await reachable(deps.db, ctx, id, 'improvement.read');
  const ev = await deps.db.selectFrom('improvementEvidence').select('fileId').where('tenantId', '=', ctx.tenantId).where('actionId', '=', id).where('id', '=', evidenceId).executeTakeFirst();
  if (!ev) throw notFound(evidenceId);
  return deps.services.files.send(reply, deps.db, ctx.tenantId, ev.fileId);
}

export { ACTION };
