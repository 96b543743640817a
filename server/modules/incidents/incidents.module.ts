import type { FastifyInstance } from 'fastify';
import { japanDate } from '@shared/era';
import { registerRoutes } from '../../platform/routes';
import type { Db } from '../../db/database';
import type { ReminderSource } from '../notifications/notifications.contract';
import type { TaskProvider } from '../tasks/tasks.contract';
import { incidentRoutes } from './incidents.routes';
import { scanDue } from './obligations.service';
import { ruleById } from './rules/obligations';
import './incidents.tables';

/**
 * Incidents and the CSIRT: routes, the CSIRT's to-do entries (obligations due, open incidents) for
 * the shared task list when the tasks service is present, and mail reminders as deadlines approach.
 */

const CSIRT_ROLES = ['csirtMember', 'chiefSecurityManager'] as const;

/** Open obligations become to-dos; open incidents too, so none is forgotten. */
export const incidentTaskProvider: TaskProvider = {
  id: 'incidents',
  label: { ja: 'インシデント対応', en: 'Incident handling' },
  kinds: [
    { kind: 'incident.obligation', label: { ja: 'インシデントの報告期限', en: 'Incident reporting deadlines' } },
    { kind: 'incident.open', label: { ja: '対応中のインシデント', en: 'Open incidents' } },
  ],
  async collect(db: Db, tenantId: string) {
    const obligations = await db
      .selectFrom('incidentObligations as o')
      .innerJoin('incidents as i', (j) => j.onRef('i.tenantId', '=', 'o.tenantId').onRef('i.id', '=', 'o.incidentId'))
      .select(['o.id', 'o.ruleId', 'o.dueAt', 'i.id as incidentId', 'i.code'])
      .where('o.tenantId', '=', tenantId)
      .where('o.status', '=', 'open')
      .execute();
    const open = await db.selectFrom('incidents').select(['id', 'code', 'title']).where('tenantId', '=', tenantId).where('status', 'not in', ['closed', 'dismissed']).execute();
    return [
      ...obligations.map((o) => ({
        key: `incidents:${o.id}:obligation`,
        kind: 'incident.obligation',
        title: { ja: `${o.code}：${ruleById(o.ruleId)?.label.ja ?? o.ruleId}`, en: `${o.code}: ${ruleById(o.ruleId)?.label.en ?? o.ruleId}` },
        link: `/incidents/${o.incidentId}`,
        dueDate: japanDate(o.dueAt),
        assignees: { roles: [...CSIRT_ROLES] },
        subject: { type: 'incident', id: o.incidentId },
      })),
      ...open.map((i) => ({
        key: `incidents:${i.id}:open`,
        kind: 'incident.open',
        title: { ja: `${i.code}：${i.title}（対応中）`, en: `${i.code}: ${i.title} (open)` },
        link: `/incidents/${i.id}`,
        dueDate: null,
        assignees: { roles: [...CSIRT_ROLES] },
        subject: { type: 'incident', id: i.id },
      })),
    ];
  },
};

/** Mails the CSIRT when a report falls due within 24 hours, and again each day it is overdue. */
export const obligationReminders: ReminderSource = {
  id: 'incidents.obligations',
  label: { ja: 'インシデントの報告期限', en: 'Incident reporting deadlines' },
  async scan(db, today) {
    const until = new Date(new Date(`${today}T23:59:59+09:00`).getTime() + 24 * 3_600_000).toISOString();
    const rows = await scanDue(db, until);
    const nowMs = Date.now();
    return rows.map((r) => {
      const rule = ruleById(r.ruleId);
      const overdue = new Date(r.dueAt).getTime() < nowMs;
      return {
        tenantId: r.tenantId,
        itemKey: `incident:${r.obligationId}`,
        recipients: { roles: [...CSIRT_ROLES] },
        title: { ja: `${overdue ? '【期限超過】' : '【期限間近】'}${r.code} ${rule?.label.ja ?? r.ruleId}`, en: `${overdue ? '[Overdue] ' : '[Due soon] '}${r.code} ${rule?.label.en ?? r.ruleId}` },
        body: { ja: `「${r.title}」の報告期限は ${new Date(r.dueAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })} です。`, en: `"${r.title}" must be reported by ${r.dueAt}.` },
        link: `/incidents/${r.incidentId}`,
        severity: overdue ? ('overdue' as const) : ('warning' as const),
      };
    });
  },
};

export function registerIncidents(app: FastifyInstance): void {
  const { deps } = app;
  registerRoutes(app, incidentRoutes);
  // The tasks service is built on another branch; register when it is there.
  if (deps.services.tasks) deps.services.tasks.registerProvider(incidentTaskProvider);
  if (deps.services.notifications) deps.services.notifications.registerSource(obligationReminders);
}
