import { z } from 'zod';
import type { Db } from '../../db/database';
import { isSet, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { calendarOf, incidentScope, Instant, invalid, json, loadIncident, now, settingsOf } from './incidents.common';
import type { IncidentObligationsTable, IncidentsTable } from './incidents.tables';
import { type IncidentFacts, obligationsFor, ruleById, TRIGGER_LABELS, type TriggerId } from './rules/obligations';
import { addAutoEntry } from './timeline.service';

/**
 * Keeps each incident's obligations in step with its record (the engine decides), records them
 * sent or not applicable, and lists what is due: the CSIRT's to-do list and the deadline scan.
 */

async function vendorMinutes(deps: AppDeps, db: Db, tenantId: string, serviceIds: string[]): Promise<number | null> {
  if (!deps.services.vendors) return null;
  let best: number | null = null;
  for (const id of serviceIds) {
    const s = await deps.services.vendors.service(db, tenantId, id);
    const m = s?.slaFirstReportMinutes ?? null;
    if (m !== null && (best === null || m < best)) best = m;
  }
  return best;
}

export async function factsOf(deps: AppDeps, db: Db, r: IncidentsTable): Promise<IncidentFacts> {
  return {
    occurredAt: r.occurredAt,
    discoveredAt: r.discoveredAt,
    knewAt: r.knewAt,
    status: r.status,
    severity: r.severity,
    category: r.category,
    segments: json<string[]>(r.segments, []),
    personalData: isSet(r.personalData),
    personsCount: r.personsCount,
    specialCare: isSet(r.specialCare),
    myNumber: isSet(r.myNumber),
    ordinanceSpecial: isSet(r.ordinanceSpecial),
    stronglyEncrypted: isSet(r.stronglyEncrypted),
    propertyDamage: isSet(r.propertyDamage),
    improperPurpose: isSet(r.improperPurpose),
    unspecifiedExposure: isSet(r.unspecifiedExposure),
    myNumberSystem: isSet(r.myNumberSystem),
    lgwan: isSet(r.lgwan),
    crime: isSet(r.crime),
    vendorFirstReportMinutes: await vendorMinutes(deps, db, r.tenantId, json<string[]>(r.serviceIds, [])),
  };
}

/**
 * Insert the obligations the engine now calls for, move the clocks of open ones, and drop open
 * ones that no longer apply. What was sent or marked not applicable is never touched.
 */
export async function syncObligations(deps: AppDeps, trx: Db, ctx: Ctx, incident: IncidentsTable): Promise<void> {
  const due = obligationsFor(await factsOf(deps, trx, incident), await settingsOf(trx, ctx.tenantId), await calendarOf(deps, trx, ctx.tenantId));
  const existing = await trx.selectFrom('incidentObligations').selectAll().where('tenantId', '=', ctx.tenantId).where('incidentId', '=', incident.id).execute();
  const t = now();
  for (const d of due) {
    const e = existing.find((x) => x.ruleId === d.ruleId);
    if (!e) {
      await trx.insertInto('incidentObligations').values({ tenantId: ctx.tenantId, id: newId(), incidentId: incident.id, ruleId: d.ruleId, dueAt: d.dueAt, status: 'open', sentAt: null, reference: null, reason: null, triggers: toJson(d.triggers), updatedBy: null, updatedAt: t }).execute();
      await appendAudit(trx, ctx.audit, { action: 'incident.obligation.add', targetType: 'incident', targetId: incident.id, changes: { ruleId: d.ruleId, dueAt: d.dueAt, triggers: d.triggers } });
    } else if (e.status === 'open' && (e.dueAt !== d.dueAt || e.triggers !== toJson(d.triggers))) {
      await trx.updateTable('incidentObligations').set({ dueAt: d.dueAt, triggers: toJson(d.triggers), updatedAt: t }).where('tenantId', '=', ctx.tenantId).where('id', '=', e.id).execute();
    }
  }
  for (const e of existing) {
    if (e.status === 'open' && !due.some((d) => d.ruleId === e.ruleId)) {
      await trx.deleteFrom('incidentObligations').where('tenantId', '=', ctx.tenantId).where('id', '=', e.id).execute();
      await appendAudit(trx, ctx.audit, { action: 'incident.obligation.drop', targetType: 'incident', targetId: incident.id, changes: { ruleId: e.ruleId } });
    }
  }
}

export function presentObligation(o: IncidentObligationsTable, at = Date.now()) {
  const rule = ruleById(o.ruleId);
  const ms = new Date(o.dueAt).getTime() - at;
  return {
    id: o.id,
    ruleId: o.ruleId,
    recipient: rule?.recipient ?? 'other',
    direction: rule?.direction ?? 'outbound',
    label: rule?.label ?? { ja: o.ruleId, en: o.ruleId },
    reference: rule?.reference ?? { ja: '', en: '' },
    provisional: rule?.provisional ?? true,
    triggers: json<TriggerId[]>(o.triggers, []).map((t) => ({ id: t, ...TRIGGER_LABELS[t] })),
    dueAt: o.dueAt,
    status: o.status,
    sentAt: o.sentAt,
    reference_no: o.reference,
    reason: o.reason,
    /** Minutes left (negative when overdue); null once the obligation is settled. */
    minutesLeft: o.status === 'open' ? Math.round(ms / 60_000) : null,
    overdue: o.status === 'open' && ms < 0,
  };
}

export async function obligationsOf(db: Db, tenantId: string, incidentId: string) {
  const rows = await db.selectFrom('incidentObligations').selectAll().where('tenantId', '=', tenantId).where('incidentId', '=', incidentId).orderBy('dueAt').execute();
  return rows.map((r) => presentObligation(r));
}

export const ObligationUpdate = z.discriminatedUnion('status', [
  z.object({ status: z.literal('sent'), sentAt: Instant.nullish(), reference: z.string().trim().max(200).nullish() }).strict(),
  z.object({ status: z.literal('notApplicable'), reason: z.string().trim().max(2000).nullish() }).strict(),
  z.object({ status: z.literal('open') }).strict(),
]);

export async function updateObligation(deps: AppDeps, ctx: Ctx, incidentId: string, obligationId: string, input: z.infer<typeof ObligationUpdate>) {
  const inc = await loadIncident(deps.db, ctx, incidentId, 'incident.manage');
  const o = await deps.db.selectFrom('incidentObligations').selectAll().where('tenantId', '=', ctx.tenantId).where('incidentId', '=', incidentId).where('id', '=', obligationId).executeTakeFirst();
  if (!o) throw err.notFound({ ja: '報告義務', en: 'Obligation' }, obligationId);
  const set: Partial<IncidentObligationsTable> = { status: input.status, updatedBy: ctx.actor?.userId ?? null, updatedAt: now(), sentAt: null, reference: null, reason: null };
  if (input.status === 'sent') {
    if (!input.sentAt) throw invalid('sentAt', 'sent_at_required', '送付（報告）した日時を入力してください。', 'Give the date and time it was sent.');
    if (new Date(input.sentAt).getTime() > Date.now() + 60_000) throw invalid('sentAt', 'in_future', '未来の日時は指定できません。', 'The date-time must not be in the future.');
    if (input.sentAt < inc.occurredAt) throw invalid('sentAt', 'before_occurred', '送付日時が発生日時より前になっています。', 'Sent before the incident occurred.');
    Object.assign(set, { sentAt: input.sentAt, reference: input.reference ?? null });
  }
  if (input.status === 'notApplicable') {
    if (!input.reason) throw invalid('reason', 'reason_required', '対象外とする理由を入力してください。', 'Give the reason why it does not apply.');
    set.reason = input.reason;
  }
  const label = ruleById(o.ruleId)?.label.ja ?? o.ruleId;
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('incidentObligations').set(set).where('tenantId', '=', ctx.tenantId).where('id', '=', obligationId).execute();
    await appendAudit(trx, ctx.audit, { action: 'incident.obligation.update', targetType: 'incident', targetId: incidentId, changes: { obligationId, ruleId: o.ruleId, status: [o.status, input.status], sentAt: set.sentAt, reason: set.reason } });
    const what = input.status === 'sent' ? '送付済みとして記録しました' : input.status === 'notApplicable' ? `対象外としました（理由：${set.reason}）` : '未対応に戻しました';
    await addAutoEntry(trx, ctx, incidentId, 'obligation', `「${label}」を${what}。`);
  });
  const row = await deps.db.selectFrom('incidentObligations').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', obligationId).executeTakeFirstOrThrow();
  return presentObligation(row);
}

/** The CSIRT's to-do list: every open obligation of the organisation, soonest first. */
export async function todo(db: Db, ctx: Ctx) {
  const scope = incidentScope(ctx);
  let q = db
    .selectFrom('incidentObligations as o')
    .innerJoin('incidents as i', (j) => j.onRef('i.tenantId', '=', 'o.tenantId').onRef('i.id', '=', 'o.incidentId'))
    .selectAll('o')
    .select(['i.code', 'i.title'])
    .where('o.tenantId', '=', ctx.tenantId)
    .where('o.status', '=', 'open');
  if (!scope.all) q = q.where('i.contractorId', 'in', scope.contractorIds.length ? scope.contractorIds : ['-']);
  const rows = await q.orderBy('o.dueAt').limit(500).execute();
  return rows.map((r) => ({ ...presentObligation(r), incidentId: r.incidentId, code: r.code, title: r.title }));
}

export interface DueScanRow {
  tenantId: string;
  incidentId: string;
  obligationId: string;
  ruleId: string;
  dueAt: string;
  code: string;
  title: string;
}

/** Open obligations due before `until` (ISO) in every organisation: the deadline scan behind reminders. */
export async function scanDue(db: Db, until: string): Promise<DueScanRow[]> {
  return db
    .selectFrom('incidentObligations as o')
    .innerJoin('incidents as i', (j) => j.onRef('i.tenantId', '=', 'o.tenantId').onRef('i.id', '=', 'o.incidentId'))
    .select(['o.tenantId', 'o.incidentId', 'o.id as obligationId', 'o.ruleId', 'o.dueAt', 'i.code', 'i.title'])
    .where('o.status', '=', 'open')
    .where('o.dueAt', '<=', until)
    .orderBy('o.dueAt')
    .execute();
}
