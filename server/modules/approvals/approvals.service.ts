import { z } from 'zod';
import { japanDate } from '@shared/era';
import { type Role, roleDef } from '@shared/permissions';
import { C_RANK } from '@shared/vendors';
import { APPROVAL_DECISIONS } from './approvals.contract';
import type { Db } from '../../db/database';
import { fromJson, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type Bilingual, err, zodToFieldErrors } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { KIND, actorLabel, addEvent, present, visibleRow } from './approvals.common';
import { loadSettings } from './approvals.settings';
import type { ApprovalsTable } from './approvals.tables';
import { CHECKS, FORMS, NEEDS_EXPIRY, isBuiltIn, subjectLabel, unknownSubject } from './subjects';

/**
 * Use cases of the approval engine: open a request (form, checks, approver roles, to-do task),
 * decide it (role, own-request and state checks; audit; task closed; improvement action for an
 * exception's compensating measures), the emergency report, the take-out return and the periodic review.
 */

const date = z.iso.date();

export const RequestInput = z
  .object({
    subjectType: z.string().min(1).max(60),
    title: z.string().trim().min(1).max(300),
    recordType: z.string().min(1).max(60).optional(),
    recordId: z.string().min(1).max(100).optional(),
    assetIds: z.array(z.uuid()).max(200).default([]),
    validFrom: date.optional(),
    validUntil: date.optional(),
    details: z.unknown(),
  })
  .strict();

export const DecisionInput = z
  .object({
    decision: z.enum(APPROVAL_DECISIONS),
    note: z.string().trim().max(2000).optional(),
    conditions: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
    validFrom: date.optional(),
    validUntil: date.optional(),
  })
  .strict();

export const EmergencyReportInput = z.object({ actionId: z.uuid(), report: z.string().trim().min(1).max(4000) }).strict();
export const ReturnInput = z.object({ returnedOn: date, note: z.string().trim().max(1000).optional() }).strict();
export const ReviewInput = z.object({ note: z.string().trim().max(2000).optional() }).strict();

const invalidUntil = (from: string, until: string) =>
  err.validation([{ field: 'validUntil', code: 'validity_reversed', message: { ja: `有効期限（${until}）が開始日（${from}）より前です。`, en: `The validity ends (${until}) before it starts (${from}).` } }]);

function highestC(levels: Array<string | null>): string | null {
  let best: string | null = null;
  for (const l of levels) if (l && (C_RANK[l] ?? 0) > (C_RANK[best ?? ''] ?? 0)) best = l;
  return best;
}

type Tasks = AppDeps['services']['tasks'] | undefined;
const tasksOf = (deps: AppDeps): Tasks => (deps.services as Partial<AppDeps['services']>).tasks;
const taskKey = (id: string) => `approvals:${id}:decide`;

/** Open a request inside the caller's transaction. Route and service (other modules) both come here. */
export interface OpenOptions {
  /** Another module's subject type (not one of the built-in forms) is allowed. */
  external?: boolean;
  id?: string;
  sectionId?: string | null;
  classes?: { c: string | null; i: string | null; a: string | null };
}

export async function openRequest(deps: AppDeps, trx: Db, ctx: Ctx, raw: z.infer<typeof RequestInput>, opts: OpenOptions = {}) {
  const today = japanDate();
  const settings = await loadSettings(trx, ctx.tenantId);
  const builtIn = isBuiltIn(raw.subjectType) ? raw.subjectType : null;
  if (!builtIn && !opts.external) throw err.validation([unknownSubject(raw.subjectType)]);
  let details: unknown = raw.details ?? {};
  if (builtIn) {
    const parsed = FORMS[builtIn].safeParse(raw.details);
    if (!parsed.success) throw err.validation(zodToFieldErrors(parsed.error, 'details'));
    details = parsed.data;
  }
  const assets = raw.assetIds.length ? await deps.services.assets.getMany(trx, ctx.tenantId, raw.assetIds) : [];
  const missing = raw.assetIds.filter((id) => !assets.some((a) => a.id === id));
  if (missing.length) throw err.validation(missing.map((id) => ({ field: 'assetIds', code: 'asset_unknown', message: { ja: `情報資産「${id}」が見つかりません。`, en: `Information asset "${id}" was not found.` } })));
  const classes = opts.classes ?? (assets.length ? deps.services.assets.highest(assets) : { c: null, i: null, a: null });
  const c = opts.classes?.c ?? highestC(assets.map((a) => a.confidentiality));
  const check = builtIn ? CHECKS[builtIn]({ deps, details, c, settings, validFrom: raw.validFrom ?? null, validUntil: raw.validUntil ?? null }) : { problems: [], conditions: [], findings: [] };
  const validFrom = check.validFrom ?? raw.validFrom ?? today;
  const validUntil = check.validUntil ?? raw.validUntil ?? null;
  const problems = [...check.problems];
  if (validUntil && validUntil < validFrom) problems.push(invalidUntil(validFrom, validUntil).details[0]);
  if (!validUntil && NEEDS_EXPIRY.has(raw.subjectType)) problems.push({ field: 'validUntil', code: 'validity_required', message: { ja: 'この種類の承認には有効期限が必要です。', en: 'This kind of approval needs an end of validity.' } });
  if (problems.length) throw err.validation(problems);

  let reportDue: string | null = null;
  if (check.emergencyActedOn) {
    const calendar = await deps.services.calendar.forTenant(trx, ctx.tenantId);
    reportDue = calendar.addBusinessDays(check.emergencyActedOn, settings.emergencyReportDays);
  }
  const approverRoles: Role[] = (builtIn ? settings.approvers[builtIn] : undefined) ?? ['ciso'];
  const id = opts.id ?? newId();
  const now = nowIso();
  const row: ApprovalsTable = {
    tenantId: ctx.tenantId,
    id,
    subjectType: raw.subjectType,
    recordType: raw.recordType ?? null,
    recordId: raw.recordId ?? null,
    title: raw.title,
    details: toJson(details),
    assetIds: toJson(assets.map((a) => a.id).sort()),
    classes: toJson(classes),
    checks: toJson({ at: today, findings: check.findings }),
    conditions: toJson(check.conditions),
    approverRoles: toJson(approverRoles),
    sectionId: opts.sectionId !== undefined ? opts.sectionId : (ctx.actor?.sectionId ?? assets[0]?.ownerSectionId ?? null),
    state: 'pending',
    requestedBy: ctx.audit.actorId,
    requestedByLabel: actorLabel(ctx),
    requestedAt: now,
    decidedBy: null,
    decidedByLabel: null,
    decidedAt: null,
    decisionNote: null,
    validFrom,
    validUntil,
    emergency: check.emergencyActedOn ? 1 : 0,
    actedOn: check.emergencyActedOn ?? null,
    reportDue,
    reportedAt: null,
    report: null,
    dueBack: check.dueBack ?? null,
    returnedOn: null,
    reviewedAt: null,
    reviewedByLabel: null,
    updatedAt: now,
  };
  await trx.insertInto('approvals').values(row).execute();
  await addEvent(trx, ctx, id, row.emergency ? 'emergency_action' : 'requested', null, { findings: check.findings });
  await appendAudit(trx, ctx.audit, { action: 'approval.request', targetType: 'approval', targetId: id, changes: { subjectType: row.subjectType, title: row.title, recordType: row.recordType, recordId: row.recordId, classes, validFrom, validUntil, emergency: row.emergency === 1, reportDue } });
  const tasks = tasksOf(deps);
  if (tasks) {
    const sectionScoped = approverRoles.every((r) => roleDef(r).assignTo === 'section');
    const label = subjectLabel(row.subjectType);
    await tasks.put(trx, ctx, {
      key: taskKey(id),
      kind: 'approval.decide',
      title: { ja: `${label.ja}の承認: ${row.title}`, en: `Decide ${label.en}: ${row.title}` },
      link: `/approvals/${id}`,
      dueDate: reportDue ?? (row.validFrom && row.validFrom > today ? row.validFrom : null),
      assignees: { roles: approverRoles, sectionId: sectionScoped ? row.sectionId : null },
      requestedBy: ctx.audit.actorId,
      subject: { type: 'approval', id },
    });
  }
  return row;
}

export async function createRequest(deps: AppDeps, ctx: Ctx, input: z.infer<typeof RequestInput>) {
  const row = await deps.db.transaction().execute((trx) => openRequest(deps, trx, ctx, input));
  return present(row, japanDate());
}

const notPending = (row: ApprovalsTable) =>
  new AppError(
    409,
    'approval_not_pending',
    { ja: `この申請は既に「${row.state === 'withdrawn' ? '取下げ' : '処理済み'}」のため、決定できません。`, en: `This request is already ${row.state === 'withdrawn' ? 'withdrawn' : 'decided'} and cannot be decided.` },
    [{ field: 'decision', code: 'approval_not_pending', message: { ja: `現在の状態: ${row.state}`, en: `Current state: ${row.state}` } }],
    { state: row.state },
  );

/** Whether the actor holds one of the approver roles for this request (section roles: for its section). */
function holdsApproverRole(ctx: Ctx, roles: Role[], sectionId: string | null): boolean {
  return (ctx.actor?.assignments ?? []).some((a) => roles.includes(a.role) && (a.scopeKind === 'organization' || (a.scopeKind === 'section' && a.scopeId === sectionId)));
}

export async function decide(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof DecisionInput>) {
  const row = await visibleRow(deps.db, ctx, id);
  const today = japanDate();
  if (row.state !== 'pending') throw notPending(row);
  if (row.subjectType === 'cloud_use' && row.recordId) {
    // The vendors module owns the 8.3 checks: the decision is taken there, on the service.
    throw new AppError(409, 'decide_in_vendors', { ja: 'クラウドサービスの利用承認は、外部サービスの画面（自動チェック付き）で決定します。', en: 'Cloud-use approvals are decided on the external service page, with its automatic checks.' }, [
      { field: 'decision', code: 'decide_in_vendors', message: { ja: `/vendors/approvals/${row.id} で決定してください。`, en: `Decide it at /vendors/approvals/${row.id}.` } },
    ], { link: `/api/vendors/approvals/${row.id}/decision` });
  }
  const own = row.requestedBy !== null && row.requestedBy === ctx.audit.actorId;
  if (input.decision === 'withdrawn') {
    if (!own) throw new AppError(403, 'withdraw_own_only', { ja: '申請を取り下げられるのは申請者だけです。', en: 'Only the requester can withdraw a request.' }, [{ field: 'decision', code: 'withdraw_own_only', message: { ja: '申請者ではありません。', en: 'You are not the requester.' } }]);
  } else {
    if (own) throw new AppError(403, 'self_approval', { ja: '自分の申請は承認・却下できません。', en: 'You cannot decide your own request.' }, [{ field: 'decision', code: 'self_approval', message: { ja: '申請者本人は決定できません。', en: 'The requester cannot decide it.' } }]);
    const roles = fromJson<Role[]>(row.approverRoles, []);
    if (!holdsApproverRole(ctx, roles, row.sectionId)) {
      const names = roles.map((r) => roleDef(r));
      throw new AppError(403, 'approver_role_required', { ja: `この申請を決定できるのは ${names.map((n) => n.ja).join('・')} です。`, en: `This request is decided by: ${names.map((n) => n.en).join(', ')}.` }, [
        { field: 'decision', code: 'approver_role_required', message: { ja: '承認者の役割がありません。', en: 'You do not hold the approver role.' } },
      ]);
    }
    if (row.emergency === 1 && !row.reportedAt) throw new AppError(409, 'report_missing', { ja: '緊急時の例外措置は、事後報告が出てから決定します。', en: 'An emergency exception is decided after its report.' }, [{ field: 'decision', code: 'report_missing', message: { ja: '事後報告がありません。', en: 'No report yet.' } }]);
  }
  const validFrom = input.validFrom ?? row.validFrom;
  const validUntil = input.validUntil ?? row.validUntil;
  if (validFrom && validUntil && validUntil < validFrom) throw invalidUntil(validFrom, validUntil);
  const derived = fromJson<Array<string | Bilingual>>(row.conditions, []);
  const conditions: Array<string | Bilingual> = [...derived, ...(input.conditions ?? [])];
  if (input.decision === 'approved_with_conditions' && conditions.length === 0) {
    throw err.validation([{ field: 'conditions', code: 'conditions_required', message: { ja: '条件付き承認には条件を記入してください。', en: 'State the conditions of the approval.' } }]);
  }
  // Conditions derived by the checks apply whatever the approver chose: such an approval is conditional.
  const state = input.decision === 'approved' && conditions.length > 0 ? 'approved_with_conditions' : input.decision;
  const now = nowIso();
  const changes = { state, decidedBy: ctx.audit.actorId, decidedByLabel: actorLabel(ctx), decidedAt: now, decisionNote: input.note ?? null, conditions: toJson(conditions), validFrom, validUntil, updatedAt: now };
  await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('approvals')
      .set(changes)
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw notPending(row);
    await addEvent(trx, ctx, id, state, input.note ?? null, { conditions, validFrom, validUntil });
    await appendAudit(trx, ctx.audit, { action: `approval.decide.${state}`, targetType: 'approval', targetId: id, changes: { subjectType: row.subjectType, decision: state, conditions, validFrom, validUntil, note: input.note ?? null } });
    const tasks = tasksOf(deps);
    if (tasks) await tasks.complete(trx, ctx, taskKey(id));
    const improvements = (deps.services as Partial<AppDeps['services']>).improvements;
    if (improvements && row.subjectType === 'exception' && (state === 'approved' || state === 'approved_with_conditions')) {
      const measures = (fromJson<{ compensatingMeasures?: string[] }>(row.details, {}).compensatingMeasures ?? []).join(' / ');
      await improvements.raise(trx, ctx, { source: 'exception_measure', sourceRef: { type: 'approval', id }, title: `例外措置の代替措置: ${row.title}`, description: measures, ownerSectionId: row.sectionId, ownerUserId: row.requestedBy, dueDate: validUntil ?? today });
    }
  });
  // The row as committed: what was read, with the decision's columns.
  return present({ ...row, ...changes }, today);
}

/** A decision taken by the owning module (cloud use in vendors): same history, audit and task closing. */
export async function recordExternalDecision(deps: AppDeps, trx: Db, ctx: Ctx, id: string, input: { decision: z.infer<typeof DecisionInput>['decision']; conditions?: string[]; note?: string | null }) {
  const row = await trx.selectFrom('approvals').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  // A request the engine never saw (written before the engine, outside the migration) has nothing to mirror.
  if (!row) return;
  if (row.state !== 'pending') throw notPending(row);
  const conditions = [...fromJson<Array<string | Bilingual>>(row.conditions, []), ...(input.conditions ?? [])];
  const state = input.decision === 'approved' && conditions.length > 0 ? 'approved_with_conditions' : input.decision;
  const now = nowIso();
  const validFrom = state === 'approved' || state === 'approved_with_conditions' ? japanDate() : row.validFrom;
  await trx.updateTable('approvals').set({ state, decidedBy: ctx.audit.actorId, decidedByLabel: actorLabel(ctx), decidedAt: now, decisionNote: input.note ?? null, conditions: toJson(conditions), validFrom, updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
  await addEvent(trx, ctx, id, state, input.note ?? null, { conditions });
  await appendAudit(trx, ctx.audit, { action: `approval.decide.${state}`, targetType: 'approval', targetId: id, changes: { subjectType: row.subjectType, decision: state, conditions, via: row.subjectType } });
  const tasks = tasksOf(deps);
  if (tasks) await tasks.complete(trx, ctx, taskKey(id));
}

export async function endValidity(trx: Db, ctx: Ctx, id: string, day: string) {
  const row = await trx.selectFrom('approvals').select(['validUntil']).where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row || (row.validUntil !== null && row.validUntil <= day)) return;
  await trx.updateTable('approvals').set({ validUntil: day, updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
  await addEvent(trx, ctx, id, 'superseded', null, { validUntil: day });
  await appendAudit(trx, ctx.audit, { action: 'approval.supersede', targetType: 'approval', targetId: id, changes: { validUntil: day } });
}

export async function emergencyReport(deps: AppDeps, ctx: Ctx, input: z.infer<typeof EmergencyReportInput>) {
  const visible = await visibleRow(deps.db, ctx, input.actionId).catch(() => null);
  if (visible?.emergency !== 1) {
    throw err.validation([{ field: 'actionId', code: 'emergency_action_unknown', message: { ja: '報告の対象となる緊急時の例外措置（先に記録した措置）が見つかりません。', en: 'The emergency action this report is about (recorded first) was not found.' } }]);
  }
  if (visible.reportedAt) throw err.conflict('already_reported', { ja: 'この措置は既に報告されています。', en: 'This action has already been reported.' });
  const now = nowIso();
  const late = visible.reportDue !== null && japanDate() > visible.reportDue;
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('approvals').set({ reportedAt: now, report: input.report, updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', visible.id).execute();
    await addEvent(trx, ctx, visible.id, 'reported', input.report, { late });
    await appendAudit(trx, ctx.audit, { action: 'approval.emergency.report', targetType: 'approval', targetId: visible.id, changes: { late, reportDue: visible.reportDue } });
  });
  return present(await visibleRow(deps.db, ctx, visible.id), japanDate());
}

export async function recordReturn(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ReturnInput>) {
  const row = await visibleRow(deps.db, ctx, id);
  if (row.subjectType !== 'take_out') throw err.validation([{ field: 'approvalId', code: 'not_take_out', message: { ja: '持ち出しの申請ではありません。', en: 'This is not a take-out request.' } }]);
  if (row.state !== 'approved' && row.state !== 'approved_with_conditions') throw err.conflict('not_approved', { ja: '承認されていない持ち出しには返却を記録できません。', en: 'A return can only be recorded for an approved take-out.' });
  if (row.returnedOn) throw err.conflict('already_returned', { ja: '返却は既に記録されています。', en: 'The return is already recorded.' });
  if (row.validFrom && input.returnedOn < row.validFrom) throw err.validation([{ field: 'returnedOn', code: 'return_before_out', message: { ja: '返却日が持ち出し日より前です。', en: 'The return date is before the take-out date.' } }]);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('approvals').set({ returnedOn: input.returnedOn, updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await addEvent(trx, ctx, id, 'returned', input.note ?? null, { returnedOn: input.returnedOn, late: row.dueBack !== null && input.returnedOn > row.dueBack });
    await appendAudit(trx, ctx.audit, { action: 'approval.takeOut.return', targetType: 'approval', targetId: id, changes: { returnedOn: input.returnedOn, dueBack: row.dueBack } });
  });
  return present(await visibleRow(deps.db, ctx, id), japanDate());
}

export async function review(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ReviewInput>) {
  await visibleRow(deps.db, ctx, id);
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('approvals').set({ reviewedAt: now, reviewedByLabel: actorLabel(ctx), updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await addEvent(trx, ctx, id, 'reviewed', input.note ?? null);
    await appendAudit(trx, ctx.audit, { action: 'approval.review', targetType: 'approval', targetId: id, changes: { note: input.note ?? null } });
  });
  return present(await visibleRow(deps.db, ctx, id), japanDate());
}

export async function getRequest(deps: AppDeps, ctx: Ctx, id: string) {
  const row = await visibleRow(deps.db, ctx, id);
  const events = await deps.db.selectFrom('approvalEvents').selectAll().where('tenantId', '=', ctx.tenantId).where('approvalId', '=', id).orderBy('at').orderBy('id').execute();
  return { ...present(row, japanDate()), history: events.map((e) => ({ at: e.at, actor: e.actorLabel, event: e.event, note: e.note, data: fromJson(e.data, {}) })) };
}

export { KIND };
