import { addDays } from '../../platform/calendar';
import type { BusinessCalendar } from '../../platform/calendar';
import type { Db } from '../../db/database';
import type { TaskDraft, TaskProvider } from '../tasks/tasks.contract';

/**
 * Escalation (state-driven): an action still open on the first business day after its due date
 * goes to the owner's managers — the section's 情報セキュリティ管理者 and its department's
 * 情報セキュリティ責任者 (統括情報セキュリティ責任者 when no section owns it).
 */
export function escalationDue(dueDate: string, today: string, cal: BusinessCalendar): boolean {
  return today >= cal.nextBusinessDay(addDays(dueDate, 1));
}

export function escalationProvider(calendar: (db: Db, tenantId: string) => Promise<BusinessCalendar>): TaskProvider {
  return {
    id: 'improvements',
    label: { ja: '改善計画・是正処置', en: 'Improvement actions' },
    kinds: [
      { kind: 'improvement.due', label: { ja: '担当する改善措置', en: 'Improvement actions I own' } },
      { kind: 'improvement.verify', label: { ja: '有効性の確認待ちの改善措置', en: 'Improvement actions to check for effectiveness' } },
      { kind: 'improvement.escalated', label: { ja: '期限を過ぎた改善措置（管理者への報告）', en: 'Overdue improvement actions (escalated)' } },
    ],
    async collect(db, tenantId, today) {
      const cal = await calendar(db, tenantId);
      const rows = await db
        .selectFrom('improvementActions')
        .select(['id', 'code', 'title', 'dueDate', 'ownerSectionId', 'createdBy'])
        .where('tenantId', '=', tenantId)
        .where('status', 'in', ['open', 'in_progress'])
        .where('dueDate', '<', today)
        .execute();
      return rows
        .filter((r) => escalationDue(r.dueDate, today, cal))
        .map(
          (r): TaskDraft => ({
            key: `improvements:${r.id}:escalated`,
            kind: 'improvement.escalated',
            title: { ja: `期限超過の改善措置 ${r.code}: ${r.title}`, en: `Overdue improvement action ${r.code}: ${r.title}` },
            link: `/improvements/${r.id}`,
            dueDate: r.dueDate,
            assignees: r.ownerSectionId ? { roles: ['securityManager', 'securityOfficer'], sectionId: r.ownerSectionId } : { roles: ['chiefSecurityManager'] },
            requestedBy: null,
            subject: { type: 'improvementAction', id: r.id },
          }),
        );
    },
  };
}
