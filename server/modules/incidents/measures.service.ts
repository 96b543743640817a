import { z } from 'zod';
import type { Db } from '../../db/database';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { invalid, loadIncident, now } from './incidents.common';
import type { IncidentMeasuresTable } from './incidents.tables';

/**
 * Recurrence-prevention measures (再発防止策). Each becomes an improvement action in the shared
 * register when the improvements service is present; the measure row is kept here in every case,
 * so "closes only when measures are recorded" holds with or without that service.
 */

export const MeasureInput = z
  .object({
    title: z.string().trim().min(1).max(500),
    ownerSectionId: z.uuid().nullish(),
    ownerName: z.string().trim().max(100).nullish(),
    dueDate: z.iso.date(),
    status: z.enum(['planned', 'done']).default('planned'),
  })
  .strict();

export async function addMeasure(deps: AppDeps, ctx: Ctx, incidentId: string, input: z.infer<typeof MeasureInput>): Promise<IncidentMeasuresTable> {
  const inc = await loadIncident(deps.db, ctx, incidentId, 'incident.manage');
  if (!input.ownerSectionId && !input.ownerName) throw invalid('ownerName', 'owner_required', '担当（課室または担当者）を指定してください。', 'Name the owner (a section or a person).');
  if (input.ownerSectionId) {
    const unit = await deps.db.selectFrom('orgUnits').select('id').where('tenantId', '=', ctx.tenantId).where('id', '=', input.ownerSectionId).executeTakeFirst();
    if (!unit) throw invalid('ownerSectionId', 'unknown_section', 'この団体にない課室です。', 'No such section in this organisation.');
  }
  return deps.db.transaction().execute(async (trx) => {
    let improvementId: string | null = null;
    if (deps.services.improvements) {
      const a = await deps.services.improvements.raise(trx, ctx, {
        source: 'incident',
        sourceRef: { type: 'incident', id: incidentId },
        title: `${inc.code} 再発防止策：${input.title}`,
        ownerSectionId: input.ownerSectionId ?? null,
        dueDate: input.dueDate,
      });
      improvementId = a.id;
    }
    const row: IncidentMeasuresTable = { tenantId: ctx.tenantId, id: newId(), incidentId, title: input.title, ownerSectionId: input.ownerSectionId ?? null, ownerName: input.ownerName ?? null, dueDate: input.dueDate, status: input.status, improvementId, createdAt: now() };
    await trx.insertInto('incidentMeasures').values(row).execute();
    await appendAudit(trx, ctx.audit, { action: 'incident.measure.add', targetType: 'incident', targetId: incidentId, changes: { measureId: row.id, title: row.title, dueDate: row.dueDate, status: row.status, improvementId } });
    return row;
  });
}

export async function setMeasureStatus(deps: AppDeps, ctx: Ctx, incidentId: string, measureId: string, status: 'planned' | 'done') {
  await loadIncident(deps.db, ctx, incidentId, 'incident.manage');
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('incidentMeasures').set({ status }).where('tenantId', '=', ctx.tenantId).where('incidentId', '=', incidentId).where('id', '=', measureId).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw err.notFound({ ja: '再発防止策', en: 'Measure' }, measureId);
    await appendAudit(trx, ctx.audit, { action: 'incident.measure.update', targetType: 'incident', targetId: incidentId, changes: { measureId, status } });
  });
}

export async function measuresOf(deps: AppDeps, db: Db, tenantId: string, incidentId: string) {
  const rows = await db.selectFrom('incidentMeasures').selectAll().where('tenantId', '=', tenantId).where('incidentId', '=', incidentId).orderBy('createdAt').execute();
  const actions = deps.services.improvements ? await deps.services.improvements.listBySource(db, tenantId, { type: 'incident', id: incidentId }) : [];
  return rows.map(({ tenantId: _t, ...r }) => ({ ...r, improvementStatus: actions.find((a) => a.id === r.improvementId)?.status ?? null }));
}
