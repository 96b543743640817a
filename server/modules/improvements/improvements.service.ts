import { japanDate } from '@shared/era';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type FieldError, err, zodToFieldErrors } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { TasksService } from '../tasks/tasks.contract';
import { DateOnly, Source, allocateCode, notFound, reachFor, reaches, stateError, toAction } from './improvements.common';
import type { ImprovementAction, ImprovementDraft } from './improvements.contract';
import type { ImprovementActionsTable } from './improvements.tables';

/**
 * Use cases of the register of improvement actions: raise (by any module through the service,
 * or by hand), change, complete with evidence, check effectiveness. Every change keeps the
 * to-do list in step (the owner's task, then the effectiveness check's task) and is audited in
 * the same transaction.
 */

const text = (max: number) => z.string().trim().max(max);
const optUuid = z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable().optional());

export const RaiseInput = z
  .object({
    source: Source,
    sourceRef: z.object({ type: text(60).min(1), id: text(200).min(1) }).strict(),
    title: text(200).min(1),
    description: text(4000).optional(),
    ownerSectionId: optUuid,
    ownerUserId: optUuid,
    dueDate: DateOnly,
    evidenceRequired: z.boolean().optional(),
  })
  .strict();
export type RaiseInput = z.infer<typeof RaiseInput>;

export const UpdateInput = z
  .object({
    title: text(200).min(1).optional(),
    description: text(4000).optional(),
    ownerSectionId: optUuid,
    ownerUserId: optUuid,
    dueDate: DateOnly.optional(),
    status: z.enum(['open', 'in_progress', 'cancelled']).optional(),
    evidenceRequired: z.boolean().optional(),
    reason: text(1000).optional(),
  })
  .strict();

export const CompleteInput = z.object({ note: text(2000).optional() }).strict();
export const CheckInput = z.object({ result: z.enum(['effective', 'not_effective']), note: text(2000).optional() }).strict();

const SECTION_FIELD = 'ownerSectionId';

/** The owner section must be an active section of this organisation; the person an active user. */
async function checkOwner(db: Db, tenantId: string, sectionId: string | null | undefined, userId: string | null | undefined): Promise<FieldError[]> {
  const out: FieldError[] = [];
  if (sectionId) {
    const s = await db.selectFrom('orgUnits').select(['kind', 'status']).where('tenantId', '=', tenantId).where('id', '=', sectionId).executeTakeFirst();
    if (!s || s.kind !== 'section' || s.status !== 'active')
      out.push({ field: SECTION_FIELD, code: 'unknown_section', message: { ja: `担当課室「${sectionId}」はこの組織の有効な課室ではありません。`, en: `Owner section "${sectionId}" is not an active section of this organisation.` } });
  }
  if (userId) {
    const u = await db.selectFrom('users').select('status').where('tenantId', '=', tenantId).where('id', '=', userId).executeTakeFirst();
    if (!u || u.status !== 'active')
      out.push({ field: 'ownerUserId', code: 'unknown_user', message: { ja: `担当者「${userId}」はこの組織の有効な利用者ではありません。`, en: `Owner "${userId}" is not an active user of this organisation.` } });
  }
  return out;
}

const doKey = (id: string) => `improvements:${id}:do`;
const verifyKey = (id: string) => `improvements:${id}:verify`;

/** Keep the to-do list in step with one action's state. */
export async function syncTasks(tasks: TasksService | undefined, trx: Db, ctx: Ctx, r: ImprovementActionsTable): Promise<void> {
  if (!tasks) return;
  const subject = { type: 'improvementAction', id: r.id };
  const link = `/improvements/${r.id}`;
  if (r.status === 'open' || r.status === 'in_progress') {
    await tasks.complete(trx, ctx, verifyKey(r.id));
    await tasks.put(trx, ctx, {
      key: doKey(r.id),
      kind: 'improvement.due',
      title: { ja: `改善措置 ${r.code}: ${r.title}`, en: `Improvement action ${r.code}: ${r.title}` },
      link,
      dueDate: r.dueDate,
      assignees: r.ownerUserId ? { userIds: [r.ownerUserId] } : r.ownerSectionId ? { roles: ['securityManager'], sectionId: r.ownerSectionId } : { roles: ['chiefSecurityManager'] },
      requestedBy: r.createdBy,
      subject,
    });
  } else if (r.status === 'done') {
    await tasks.complete(trx, ctx, doKey(r.id));
    await tasks.put(trx, ctx, {
      key: verifyKey(r.id),
      kind: 'improvement.verify',
      title: { ja: `有効性の確認: ${r.code} ${r.title}`, en: `Check effectiveness: ${r.code} ${r.title}` },
      link,
      dueDate: null,
      assignees: { roles: ['chiefSecurityManager'] },
      requestedBy: r.completedBy,
      subject,
    });
  } else {
    await tasks.complete(trx, ctx, doKey(r.id));
    await tasks.complete(trx, ctx, verifyKey(r.id));
  }
}

/** Raise an action inside the caller's transaction (used by the route and by other modules). */
export async function raiseIn(deps: AppDeps, trx: Db, ctx: Ctx, draft: ImprovementDraft | RaiseInput): Promise<ImprovementAction> {
  const parsed = RaiseInput.safeParse(draft);
  if (!parsed.success) throw err.validation(zodToFieldErrors(parsed.error));
  const input = parsed.data;
  const problems = await checkOwner(trx, ctx.tenantId, input.ownerSectionId, input.ownerUserId);
  if (problems.length) throw err.validation(problems);
  if (ctx.actor) {
    const reach = await reachFor(trx, ctx, 'improvement.write');
    if (reach && !reach.all && !reaches(reach, input.ownerSectionId ?? null)) {
      throw new AppError(403, 'section_out_of_scope', { ja: '担当課室に権限の範囲外の課室は指定できません。', en: 'The owner section is outside your scope.' }, [
        { field: SECTION_FIELD, code: 'section_out_of_scope', message: { ja: '権限の範囲内の課室を指定してください。', en: 'Choose a section within your scope.' } },
      ]);
    }
  }
  const now = nowIso();
  const row: ImprovementActionsTable = {
    tenantId: ctx.tenantId,
    id: newId(),
    code: await allocateCode(trx, ctx.tenantId),
    source: input.source,
    sourceType: input.sourceRef.type,
    sourceId: input.sourceRef.id,
    title: input.title,
    description: input.description ?? '',
    ownerSectionId: input.ownerSectionId ?? null,
    ownerUserId: input.ownerUserId ?? null,
    dueDate: input.dueDate,
    status: 'open',
    evidenceRequired: input.evidenceRequired === false ? 0 : 1,
    completedAt: null,
    completedBy: null,
    completionNote: null,
    checkedBy: null,
    checkedAt: null,
    checkResult: null,
    checkNote: null,
    createdBy: ctx.audit.actorId,
    createdAt: now,
    updatedAt: now,
  };
  await trx.insertInto('improvementActions').values(row).execute();
  await syncTasks(deps.services.tasks, trx, ctx, row);
  await appendAudit(trx, ctx.audit, { action: 'improvement.raise', targetType: 'improvementAction', targetId: row.id, changes: { code: row.code, source: row.source, sourceType: row.sourceType, sourceId: row.sourceId, title: row.title, ownerSectionId: row.ownerSectionId, ownerUserId: row.ownerUserId, dueDate: row.dueDate } });
  return toAction(row);
}

/** Load one action the actor may reach for `action`; 404 otherwise. */
export async function reachable(db: Db, ctx: Ctx, id: string, action: 'improvement.read' | 'improvement.write' | 'improvement.verify'): Promise<ImprovementActionsTable> {
  const row = await db.selectFrom('improvementActions').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(id);
  const read = await reachFor(db, ctx, 'improvement.read');
  if (!reaches(read, row.ownerSectionId) && row.ownerUserId !== ctx.actor?.userId) throw notFound(id);
  if (action !== 'improvement.read' && !reaches(await reachFor(db, ctx, action), row.ownerSectionId) && row.ownerUserId !== ctx.actor?.userId) throw err.forbidden();
  return row;
}

export async function update(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof UpdateInput>) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await reachable(trx, ctx, id, 'improvement.write');
    if (before.status === 'done' || before.status === 'verified' || before.status === 'cancelled') throw stateError(before.status, { ja: '変更', en: 'changed' });
    const problems = await checkOwner(trx, ctx.tenantId, input.ownerSectionId, input.ownerUserId);
    if (input.status === 'cancelled' && !input.reason) problems.push({ field: 'reason', code: 'reason_required', message: { ja: '取り消す理由を入力してください。', en: 'Give the reason for cancelling.' } });
    if (problems.length) throw err.validation(problems);
    const after: ImprovementActionsTable = {
      ...before,
      title: input.title ?? before.title,
      description: input.description ?? before.description,
      ownerSectionId: input.ownerSectionId === undefined ? before.ownerSectionId : input.ownerSectionId,
      ownerUserId: input.ownerUserId === undefined ? before.ownerUserId : input.ownerUserId,
      dueDate: input.dueDate ?? before.dueDate,
      status: input.status ?? before.status,
      evidenceRequired: input.evidenceRequired === undefined ? before.evidenceRequired : input.evidenceRequired ? 1 : 0,
      updatedAt: nowIso(),
    };
    const changes: Record<string, [unknown, unknown]> = {};
    for (const k of ['title', 'description', 'ownerSectionId', 'ownerUserId', 'dueDate', 'status', 'evidenceRequired'] as const) if (before[k] !== after[k]) changes[k] = [before[k], after[k]];
    if (Object.keys(changes).length === 0) return toAction(before);
    const { tenantId: _t, id: _i, ...set } = after;
    await trx.updateTable('improvementActions').set(set).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await syncTasks(deps.services.tasks, trx, ctx, after);
    await appendAudit(trx, ctx.audit, { action: 'improvement.update', targetType: 'improvementAction', targetId: id, changes: { ...changes, ...(input.reason ? { reason: input.reason } : {}) } });
    return toAction(after);
  });
}

export async function complete(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CompleteInput>) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await reachable(trx, ctx, id, 'improvement.write');
    if (before.status !== 'open' && before.status !== 'in_progress') throw stateError(before.status, { ja: '完了報告', en: 'completed' });
    if (before.evidenceRequired === 1) {
      const ev = await trx.selectFrom('improvementEvidence').select('id').where('tenantId', '=', ctx.tenantId).where('actionId', '=', id).limit(1).executeTakeFirst();
      if (!ev)
        throw err.validation([{ field: 'evidence', code: 'evidence_required', message: { ja: 'この改善措置は完了の証跡が必要です。先に証跡ファイルを添付してください。', en: 'This action needs evidence of completion; attach an evidence file first.' } }]);
    }
    const now = nowIso();
    const after: ImprovementActionsTable = { ...before, status: 'done', completedAt: now, completedBy: ctx.audit.actorId, completionNote: input.note ?? null, updatedAt: now };
    await trx.updateTable('improvementActions').set({ status: 'done', completedAt: now, completedBy: after.completedBy, completionNote: after.completionNote, updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await syncTasks(deps.services.tasks, trx, ctx, after);
    await appendAudit(trx, ctx.audit, { action: 'improvement.complete', targetType: 'improvementAction', targetId: id, changes: { status: [before.status, 'done'], note: input.note ?? null } });
    return toAction(after);
  });
}

export async function checkEffectiveness(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CheckInput>) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await reachable(trx, ctx, id, 'improvement.verify');
    if (before.status !== 'done') {
      throw new AppError(409, 'not_completed', { ja: '有効性の確認は、改善措置の完了報告の後に行います。', en: 'Effectiveness is checked only after the action has been completed.' }, [
        { field: 'status', code: 'not_completed', message: { ja: `現在の状態: ${before.status}`, en: `Current state: ${before.status}` } },
      ]);
    }
    const now = nowIso();
    const effective = input.result === 'effective';
    // Not effective: the action goes back to work; the check stays on record.
    const after: ImprovementActionsTable = {
      ...before,
      status: effective ? 'verified' : 'in_progress',
      completedAt: effective ? before.completedAt : null,
      checkedBy: ctx.audit.actorId ?? ctx.audit.actorLabel,
      checkedAt: now,
      checkResult: input.result,
      checkNote: input.note ?? null,
      updatedAt: now,
    };
    await trx
      .updateTable('improvementActions')
      .set({ status: after.status, completedAt: after.completedAt, checkedBy: after.checkedBy, checkedAt: now, checkResult: input.result, checkNote: after.checkNote, updatedAt: now })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
    await syncTasks(deps.services.tasks, trx, ctx, after);
    await appendAudit(trx, ctx.audit, { action: 'improvement.checkEffectiveness', targetType: 'improvementAction', targetId: id, changes: { result: input.result, status: [before.status, after.status], note: input.note ?? null } });
    return toAction(after);
  });
}

export function isOverdue(r: Pick<ImprovementActionsTable, 'status' | 'dueDate'>, today = japanDate()): boolean {
  return (r.status === 'open' || r.status === 'in_progress') && r.dueDate < today;
}
