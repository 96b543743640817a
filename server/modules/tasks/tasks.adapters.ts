import type { Bilingual } from '@shared/catalog';
import type { Db } from '../../db/database';
import type { ReminderSource } from '../notifications/notifications.contract';
import type { BulkTaskProvider } from './tasks.service';
import type { TaskDraft } from './tasks.contract';

/**
 * A task provider built from a module's reminder scans (which already say, for every
 * organisation, what is due): each due item becomes an open task keyed `<provider>:<item key>`,
 * its kind is the scan's id, and an item no longer returned is closed by the daily reconcile.
 */
export function providerFromScans(id: string, label: Bilingual, scans: ReminderSource[]): BulkTaskProvider {
  async function all(db: Db, today: string): Promise<Array<TaskDraft & { tenantId: string }>> {
    const out: Array<TaskDraft & { tenantId: string }> = [];
    for (const s of scans) {
      for (const item of await s.scan(db, today)) {
        out.push({
          tenantId: item.tenantId,
          key: `${id}:${item.itemKey}`,
          kind: s.id,
          title: item.title,
          link: item.link,
          dueDate: item.dueDate ?? null,
          assignees: { userIds: item.recipients.userIds, roles: item.recipients.roles, sectionId: item.recipients.sectionId ?? null },
          requestedBy: null,
          subject: { type: s.id, id: item.itemKey },
        });
      }
    }
    return out;
  }
  return {
    id,
    label,
    kinds: scans.map((s) => ({ kind: s.id, label: s.label })),
    collectAll: all,
    async collect(db, tenantId, today) {
      return (await all(db, today)).filter((d) => d.tenantId === tenantId);
    },
  };
}
