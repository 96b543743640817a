import { z } from 'zod';
import { japanDate } from '@shared/era';
import { C_RANK } from '@shared/vendors';
import type { Db } from '../../db/database';
import { nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { type LoadedService, loadServices } from './facts';
import { type Classes, highestClasses, suitability } from './rules';
import { presentApprovalRow, visibleService } from './services.service';
import { KINDS, actorLabel, binLevel, cLevel, optText, scopeFor, text } from './vendors.common';

/**
 * 利用承認 (guideline 8.3(4)): a request names the service, the purpose and the information
 * classes; the automatic checks run on it; the chief security manager or the CISO approves it, and
 * the service joins the list of approved services. When the information or the purpose changes
 * later, the approval no longer covers the use and a new one is needed.
 */

export const ApprovalRequestInput = z
  .object({
    purpose: text(1000),
    c: cLevel,
    i: binLevel.nullable().optional(),
    a: binLevel.nullable().optional(),
  })
  .strict();

export const ApprovalDecisionInput = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    note: optText(2000),
    conditions: optText(2000),
  })
  .strict();

export const ApprovalQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected', 'superseded', 'withdrawn']).optional() });

function lowerThan(requested: Classes, current: Classes): Array<'c' | 'i' | 'a'> {
  const out: Array<'c' | 'i' | 'a'> = [];
  if (current.c && (C_RANK[current.c] ?? 0) > (C_RANK[requested.c ?? ''] ?? 0)) out.push('c');
  if (current.i && Number(current.i) > Number(requested.i ?? 0)) out.push('i');
  if (current.a && Number(current.a) > Number(requested.a ?? 0)) out.push('a');
  return out;
}

export async function requestApproval(deps: AppDeps, ctx: Ctx, serviceId: string, input: z.infer<typeof ApprovalRequestInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await visibleService(db, ctx, scope, serviceId);
  const today = japanDate();
  const s = (await loadServices(deps, db, ctx.tenantId, [serviceId], today)).get(serviceId) as LoadedService;
  const requested: Classes = { c: input.c, i: input.i ?? null, a: input.a ?? null };
  // The assets linked to the service already hold these classes: a request cannot ask for less.
  const fromAssets = highestClasses(s.assets.filter((a) => a.summary?.status === 'active').map((a) => ({ c: a.summary?.confidentiality ?? null, i: a.summary?.integrity ?? null, a: a.summary?.availability ?? null })));
  const under = lowerThan(requested, fromAssets);
  if (under.length) {
    throw err.validation(
      under.map((axis) => ({
        field: axis,
        code: 'below_assets',
        message: { ja: `関連付けた情報資産は${axis === 'c' ? '機密性' : axis === 'i' ? '完全性' : '可用性'}${fromAssets[axis]}を含んでいます。申請の分類をそれ以上にしてください。`, en: `The linked assets include ${axis.toUpperCase()} level ${fromAssets[axis]}; request at least that level.` },
      })),
    );
  }
  const check = suitability(s.facts, requested, today);
  const id = newId();
  await db.transaction().execute(async (trx) => {
    const pending = await trx.selectFrom('vendorApprovals').select('id').where('tenantId', '=', ctx.tenantId).where('serviceId', '=', serviceId).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw err.conflict('approval_pending', { ja: 'このサービスには承認待ちの申請があります。', en: 'This service already has a pending request.' }, { approvalId: pending.id });
    await trx
      .insertInto('vendorApprovals')
      .values({
        tenantId: ctx.tenantId,
        id,
        serviceId,
        purpose: input.purpose,
        cLevel: input.c,
        iLevel: input.i ?? null,
        aLevel: input.a ?? null,
        assetIds: toJson(s.assets.map((a) => a.id).sort()),
        checkSnapshot: toJson({ at: today, verdict: check.verdict, reasons: check.reasons }),
        status: 'pending',
        requestedBy: ctx.audit.actorId,
        requestedByLabel: actorLabel(ctx),
        requestedAt: nowIso(),
        decidedBy: null,
        decidedByLabel: null,
        decidedAt: null,
        decisionNote: null,
        conditions: null,
      })
      .execute();
    // The request states the use: the service records its purpose and the classes it is meant for.
    await trx
      .updateTable('vendorServices')
      .set({ purpose: input.purpose, declaredC: requested.c, declaredI: requested.i, declaredA: requested.a, updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', serviceId)
      .execute();
    // The approval engine keeps the same request under subject type 'cloud_use' (register, expiry, tasks).
    const engine = (deps.services as Partial<AppDeps['services']>).approvals;
    if (engine) {
      await engine.request(trx, ctx, { id, subjectType: 'cloud_use', recordType: 'vendorService', recordId: serviceId, title: s.row.name, details: { serviceId, purpose: input.purpose, verdict: check.verdict }, sectionId: s.row.ownerSectionId, classes: requested });
    }
    await appendAudit(trx, ctx.audit, { action: 'vendor.approval.request', targetType: 'vendorService', targetId: serviceId, changes: { approvalId: id, purpose: input.purpose, classes: requested, verdict: check.verdict } });
  });
  return getApproval(deps, ctx, id);
}

async function visibleApproval(db: Db, ctx: Ctx, id: string) {
  const a = await db.selectFrom('vendorApprovals').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!a) throw err.notFound(KINDS.approval, id);
  const scope = await scopeFor(db, ctx, 'vendor.read');
  await visibleService(db, ctx, scope, a.serviceId).catch(() => {
    throw err.notFound(KINDS.approval, id);
  });
  return a;
}

export async function getApproval(deps: AppDeps, ctx: Ctx, id: string) {
  const a = await visibleApproval(deps.db, ctx, id);
  const service = await deps.db.selectFrom('vendorServices').select(['id', 'name', 'kind', 'model']).where('tenantId', '=', ctx.tenantId).where('id', '=', a.serviceId).executeTakeFirstOrThrow();
  const today = japanDate();
  let current = null;
  if (a.status === 'pending') {
    const s = (await loadServices(deps, deps.db, ctx.tenantId, [a.serviceId], today)).get(a.serviceId) as LoadedService;
    current = suitability(s.facts, { c: a.cLevel, i: a.iLevel, a: a.aLevel }, today);
  }
  return { ...presentApprovalRow(a), service, current };
}

export async function listApprovals(deps: AppDeps, ctx: Ctx, q: z.infer<typeof ApprovalQuery>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  let base = db
    .selectFrom('vendorApprovals as a')
    .innerJoin('vendorServices as s', (j) => j.onRef('s.tenantId', '=', 'a.tenantId').onRef('s.id', '=', 'a.serviceId'))
    .selectAll('a')
    .select(['s.name as serviceName', 's.kind as serviceKind'])
    .where('a.tenantId', '=', ctx.tenantId);
  if (!scope.all) base = base.where('s.ownerSectionId', 'in', scope.sections.length ? scope.sections : ['-']);
  if (q.status) base = base.where('a.status', '=', q.status);
  const rows = await base.orderBy('a.requestedAt', 'desc').limit(500).execute();
  return rows.map((r) => ({ ...presentApprovalRow(r), serviceName: r.serviceName, serviceKind: r.serviceKind }));
}

export async function decideApproval(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ApprovalDecisionInput>) {
  const { db } = deps;
  const a = await visibleApproval(db, ctx, id);
  if (a.status !== 'pending') throw err.conflict('approval_not_pending', { ja: 'この申請は既に処理されています。', en: 'This request has already been decided.' });
  const today = japanDate();
  const s = (await loadServices(deps, db, ctx.tenantId, [a.serviceId], today)).get(a.serviceId) as LoadedService;
  const check = suitability(s.facts, { c: a.cLevel, i: a.iLevel, a: a.aLevel }, today);
  if (input.decision === 'approved') {
    if (check.verdict === 'no') {
      throw new AppError(
        409,
        'approval_blocked',
        { ja: '自動チェックで「不可」と判定された理由が残っているため、承認できません。', en: 'The automatic checks still say no, so the request cannot be approved.' },
        check.reasons.filter((r) => r.effect === 'no').map((r) => ({ code: r.ruleId, message: r.message })),
      );
    }
    if (check.verdict === 'conditions' && !input.conditions) {
      throw err.validation([{ field: 'conditions', code: 'conditions_required', message: { ja: '条件付きの判定です。承認する条件を記入してください。', en: 'The checks give conditions; state the conditions of the approval.' } }]);
    }
  }
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const updated = await trx
      .updateTable('vendorApprovals')
      .set({ status: input.decision, decidedBy: ctx.audit.actorId, decidedByLabel: actorLabel(ctx), decidedAt: now, decisionNote: input.note ?? null, conditions: input.conditions ?? null, checkSnapshot: toJson({ at: today, verdict: check.verdict, reasons: check.reasons }) })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw err.conflict('approval_not_pending', { ja: 'この申請は既に処理されています。', en: 'This request has already been decided.' });
    const engine = (deps.services as Partial<AppDeps['services']>).approvals;
    if (input.decision === 'approved') {
      const replaced = await trx.selectFrom('vendorApprovals').select('id').where('tenantId', '=', ctx.tenantId).where('serviceId', '=', a.serviceId).where('status', '=', 'approved').where('id', '<>', id).execute();
      if (engine) for (const r of replaced) await engine.endValidity(trx, ctx, r.id, today);
    }
    if (engine) await engine.recordDecision(trx, ctx, id, { decision: input.decision, conditions: input.conditions ? [input.conditions] : [], note: input.note ?? null });
    if (input.decision === 'approved') {
      await trx.updateTable('vendorApprovals').set({ status: 'superseded' }).where('tenantId', '=', ctx.tenantId).where('serviceId', '=', a.serviceId).where('status', '=', 'approved').where('id', '<>', id).execute();
    }
    await appendAudit(trx, ctx.audit, { action: `vendor.approval.${input.decision === 'approved' ? 'approve' : 'reject'}`, targetType: 'vendorService', targetId: a.serviceId, changes: { approvalId: id, verdict: check.verdict, conditions: input.conditions ?? null, note: input.note ?? null } });
  });
  return getApproval(deps, ctx, id);
}

/** The approved-services list: services whose current use is covered by an approval, and those needing a new one. */
export async function approvedServices(deps: AppDeps, ctx: Ctx) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  let q = db.selectFrom('vendorApprovals as a').innerJoin('vendorServices as s', (j) => j.onRef('s.tenantId', '=', 'a.tenantId').onRef('s.id', '=', 'a.serviceId')).select('a.serviceId').where('a.tenantId', '=', ctx.tenantId).where('a.status', '=', 'approved');
  if (!scope.all) q = q.where('s.ownerSectionId', 'in', scope.sections.length ? scope.sections : ['-']);
  const ids = [...new Set((await q.execute()).map((r) => r.serviceId))];
  const loaded = await loadServices(deps, db, ctx.tenantId, ids, japanDate());
  return [...loaded.values()]
    .map((s) => ({
      serviceId: s.row.id,
      name: s.row.name,
      providerName: s.row.providerName,
      kind: s.row.kind,
      model: s.row.model,
      status: s.row.status,
      approval: presentApprovalRow(s.approved as NonNullable<typeof s.approved>),
      covered: s.facts.approval === 'approved',
      state: s.facts.approval,
      currentClasses: s.facts.classes,
    }))
    .sort((x, y) => x.name.localeCompare(y.name, 'ja'));
}
