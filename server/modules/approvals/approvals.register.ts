import { z } from 'zod';
import { SUBJECT_TYPES, STATE_LABELS } from '@shared/approvals';
import { formatEraDate, japanDate } from '@shared/era';
import type { Db } from '../../db/database';
import { addDays } from '../../platform/calendar';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { loadExcel } from '../../platform/excel';
import { NONE, present, visibility } from './approvals.common';
import { subjectLabel } from './subjects';

/**
 * Registers per subject type (承認台帳): filters, the .xlsx export, and the periodic review list
 * (approvals in force for more than a year without a review, 7.4(3)).
 */

export const RegisterQuery = z
  .object({
    subjectType: z.enum(SUBJECT_TYPES).optional(),
    state: z.enum(['pending', 'approved', 'approved_with_conditions', 'rejected', 'withdrawn', 'expired', 'effective']).optional(),
    /** Approvals that end within this many days (and have not ended yet). */
    expiringWithin: z.coerce.number().int().min(1).max(366).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    reportLate: z.enum(['true', 'false']).optional(),
    recordType: z.string().max(60).optional(),
    recordId: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
  })
  .strict();

export async function register(deps: AppDeps, ctx: Ctx, q: z.infer<typeof RegisterQuery>, db: Db = deps.db) {
  const today = japanDate();
  const v = await visibility(db, ctx);
  let base = db.selectFrom('approvals').selectAll().where('tenantId', '=', ctx.tenantId);
  if (!v.all) base = base.where((eb) => eb.or([eb('sectionId', 'in', v.sections.length ? v.sections : [NONE]), eb('requestedBy', '=', v.userId ?? NONE)]));
  if (q.subjectType) base = base.where('subjectType', '=', q.subjectType);
  if (q.recordType) base = base.where('recordType', '=', q.recordType);
  if (q.recordId) base = base.where('recordId', '=', q.recordId);
  const approvedStates = ['approved', 'approved_with_conditions'] as const;
  if (q.state === 'expired') base = base.where('state', 'in', approvedStates).where('validUntil', '<', today);
  else if (q.state === 'effective') base = base.where('state', 'in', approvedStates).where((eb) => eb.or([eb('validUntil', 'is', null), eb('validUntil', '>=', today)]));
  else if (q.state === 'approved' || q.state === 'approved_with_conditions') base = base.where('state', '=', q.state).where((eb) => eb.or([eb('validUntil', 'is', null), eb('validUntil', '>=', today)]));
  else if (q.state) base = base.where('state', '=', q.state);
  if (q.expiringWithin) base = base.where('state', 'in', approvedStates).where('validUntil', '>=', today).where('validUntil', '<=', addDays(today, q.expiringWithin));
  if (q.overdue === 'true') base = base.where('subjectType', '=', 'take_out').where('state', 'in', approvedStates).where('returnedOn', 'is', null).where('dueBack', '<', today);
  if (q.reportLate === 'true') base = base.where('emergency', '=', 1).where((eb) => eb.or([eb.and([eb('reportedAt', 'is', null), eb('reportDue', '<', today)]), eb('reportedAt', '>', eb.ref('reportDue'))]));
  const rows = await base.orderBy('requestedAt', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map((r) => present(r, today));
}

/** Approvals in force whose last review (or decision) is more than a year old. */
export async function reviewDue(deps: AppDeps, ctx: Ctx) {
  const today = japanDate();
  const yearAgo = `${addDays(today, -365)}T23:59:59.999Z`;
  const v = await visibility(deps.db, ctx);
  let q = deps.db
    .selectFrom('approvals')
    .selectAll()
    .where('tenantId', '=', ctx.tenantId)
    .where('state', 'in', ['approved', 'approved_with_conditions'])
    .where((eb) => eb.or([eb('validUntil', 'is', null), eb('validUntil', '>=', today)]))
    .where((eb) => eb.or([eb.and([eb('reviewedAt', 'is', null), eb('decidedAt', '<', yearAgo)]), eb('reviewedAt', '<', yearAgo)]));
  if (!v.all) q = q.where((eb) => eb.or([eb('sectionId', 'in', v.sections.length ? v.sections : [NONE]), eb('requestedBy', '=', v.userId ?? NONE)]));
  const rows = await q.orderBy('decidedAt').limit(2000).execute();
  return rows.map((r) => present(r, today));
}

const era = (d: string | null) => (d ? formatEraDate(d) : '');

export async function exportRegister(deps: AppDeps, ctx: Ctx, q: z.infer<typeof RegisterQuery>): Promise<Buffer> {
  const rows = await register(deps, ctx, { ...q, limit: 2000 });
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shirube';
  const title = q.subjectType ? subjectLabel(q.subjectType).ja : '承認';
  const ws = wb.addWorksheet(`${title}台帳`.slice(0, 31));
  ws.columns = [
    { header: '種類', key: 'type', width: 22 },
    { header: '件名', key: 'title', width: 36 },
    { header: '状態', key: 'state', width: 14 },
    { header: '申請者', key: 'requester', width: 18 },
    { header: '申請日', key: 'requestedAt', width: 18 },
    { header: '決定者', key: 'decider', width: 18 },
    { header: '決定日', key: 'decidedAt', width: 18 },
    { header: '有効期間（開始）', key: 'from', width: 18 },
    { header: '有効期間（終了）', key: 'until', width: 18 },
    { header: '機密性', key: 'c', width: 8 },
    { header: '条件', key: 'conditions', width: 50 },
    { header: '返却予定日', key: 'dueBack', width: 18 },
    { header: '返却日', key: 'returnedOn', width: 18 },
    { header: '事後報告期限', key: 'reportDue', width: 18 },
    { header: '報告遅延', key: 'late', width: 10 },
    { header: '最終確認', key: 'reviewedAt', width: 18 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow({
      type: r.subjectLabel.ja,
      title: r.title,
      state: STATE_LABELS[r.state].ja,
      requester: r.requestedByLabel,
      requestedAt: era(r.requestedAt),
      decider: r.decidedBy ?? '',
      decidedAt: era(r.decidedAt),
      from: era(r.validFrom),
      until: era(r.validUntil),
      c: r.classes.c ?? '',
      conditions: r.conditions.join('\n'),
      dueBack: era(r.dueBack),
      returnedOn: era(r.returnedOn),
      reportDue: era(r.reportDue),
      late: r.reportLate ? '遅延' : '',
      reviewedAt: era(r.reviewedAt),
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
