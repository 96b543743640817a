import type { FastifyInstance } from 'fastify';
import { japanDate } from '@shared/era';
import { addDays } from '../../platform/calendar';
import type { AppDeps } from '../../platform/deps';
import { registerRoutes } from '../../platform/routes';
import type { TaskDraft, TaskProvider } from '../tasks/tasks.contract';
import type { ApprovalsService } from './approvals.contract';
import { isEffectiveOn, summaryOf } from './approvals.common';
import { approvalRoutes } from './approvals.routes';
import { endValidity, openRequest, recordExternalDecision } from './approvals.service';
import { calendarService, loadSettings } from './approvals.settings';
import { subjectLabel } from './subjects';
import './approvals.tables';

/**
 * The approval engine: its service for other modules (deps.services.approvals), the organisation
 * calendar (deps.services.calendar), its routes, and — when the tasks module is present — a task
 * provider for approvals about to expire and emergency reports that are due or late.
 */
export function createApprovalsService(deps: AppDeps): ApprovalsService {
  return {
    async forRecord(db, tenantId, recordType, recordId) {
      const rows = await db.selectFrom('approvals').selectAll().where('tenantId', '=', tenantId).where('recordType', '=', recordType).where('recordId', '=', recordId).orderBy('requestedAt', 'desc').execute();
      const today = japanDate();
      return rows.map((r) => summaryOf(r, today));
    },
    async byIds(db, tenantId, ids, day) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('approvals').selectAll().where('tenantId', '=', tenantId).where('id', 'in', ids).execute();
      return rows.map((r) => summaryOf(r, day));
    },
    async isEffective(db, tenantId, recordType, recordId, day) {
      const rows = await db
        .selectFrom('approvals')
        .select(['state', 'validFrom', 'validUntil'])
        .where('tenantId', '=', tenantId)
        .where('recordType', '=', recordType)
        .where('recordId', '=', recordId)
        .where('state', 'in', ['approved', 'approved_with_conditions'])
        .execute();
      return rows.some((r) => isEffectiveOn(r, day));
    },
    async request(trx, ctx, input) {
      const row = await openRequest(
        deps,
        trx,
        ctx,
        { subjectType: input.subjectType, title: input.title, recordType: input.recordType, recordId: input.recordId, assetIds: [], validUntil: input.validUntil ?? undefined, details: input.details },
        { external: true, id: input.id, sectionId: input.sectionId, classes: input.classes },
      );
      return summaryOf(row, japanDate());
    },
    recordDecision: (trx, ctx, id, input) => recordExternalDecision(deps, trx, ctx, id, input),
    endValidity: (trx, ctx, id, day) => endValidity(trx, ctx, id, day),
  };
}

/** Open work the approvals know of on a day: approvals ending soon, emergency reports due or late. */
export function approvalsTaskProvider(): TaskProvider {
  return {
    id: 'approvals',
    label: { ja: '承認', en: 'Approvals' },
    kinds: [
      { kind: 'approval.expiring', label: { ja: '承認の有効期限が近いもの', en: 'Approvals expiring soon' } },
      { kind: 'approval.report_due', label: { ja: '緊急時の例外措置の事後報告', en: 'Emergency exception reports due' } },
      { kind: 'approval.report_late', label: { ja: '遅れている事後報告', en: 'Late emergency exception reports' } },
    ],
    async collect(db, tenantId, today) {
      const settings = await loadSettings(db, tenantId);
      const horizon = addDays(today, settings.reminderDays);
      const drafts: TaskDraft[] = [];
      const expiring = await db
        .selectFrom('approvals')
        .select(['id', 'subjectType', 'title', 'validUntil', 'requestedBy', 'sectionId'])
        .where('tenantId', '=', tenantId)
        .where('state', 'in', ['approved', 'approved_with_conditions'])
        .where('validUntil', '>=', today)
        .where('validUntil', '<=', horizon)
        .execute();
      for (const r of expiring) {
        const label = subjectLabel(r.subjectType);
        drafts.push({
          key: `approvals:${r.id}:renew`,
          kind: 'approval.expiring',
          title: { ja: `${label.ja}の有効期限が近づいています: ${r.title}`, en: `${label.en} expires soon: ${r.title}` },
          link: `/approvals/${r.id}`,
          dueDate: r.validUntil,
          assignees: r.requestedBy ? { userIds: [r.requestedBy] } : { roles: ['chiefSecurityManager'] },
          subject: { type: 'approval', id: r.id },
        });
      }
      const reports = await db
        .selectFrom('approvals')
        .select(['id', 'title', 'reportDue', 'requestedBy'])
        .where('tenantId', '=', tenantId)
        .where('emergency', '=', 1)
        .where('reportedAt', 'is', null)
        .where('state', '=', 'pending')
        .execute();
      for (const r of reports) {
        const late = r.reportDue !== null && r.reportDue < today;
        drafts.push({
          key: `approvals:${r.id}:report`,
          kind: late ? 'approval.report_late' : 'approval.report_due',
          title: late ? { ja: `緊急時の例外措置の事後報告が遅れています: ${r.title}`, en: `Emergency exception report is late: ${r.title}` } : { ja: `緊急時の例外措置を報告してください: ${r.title}`, en: `Report the emergency exception: ${r.title}` },
          link: `/approvals/${r.id}`,
          dueDate: r.reportDue,
          assignees: r.requestedBy ? { userIds: [r.requestedBy] } : { roles: ['ciso'] },
          subject: { type: 'approval', id: r.id },
        });
      }
      return drafts;
    },
  };
}

export function registerApprovals(app: FastifyInstance): void {
  const { deps } = app;
  deps.services.calendar = calendarService;
  deps.services.approvals = createApprovalsService(deps);
  registerRoutes(app, approvalRoutes);
  // The tasks module may register after this one: add the provider once every module is in.
  app.addHook('onReady', async () => {
    const tasks = (deps.services as Partial<AppDeps['services']>).tasks;
    if (tasks) {
      tasks.registerProvider(approvalsTaskProvider());
      tasks.registerKinds([{ kind: 'approval.decide', label: { ja: '承認の判断を待っている申請', en: 'Requests waiting for my decision' } }]);
    }
  });
}
