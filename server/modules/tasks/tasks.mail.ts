import type { Db } from '../../db/database';
import { fromJson } from '../../db/sql';
import type { NoteDraft } from '../notifications/notifications.contract';
import { taskPrincipals, userPrincipals } from './tasks.principals';
import type { TaskAssignees } from './tasks.contract';
import type { TasksTable } from './tasks.tables';

/**
 * Mail choice per kind (メールの受け取り方): 'digest' (the default) puts a kind in the daily
 * digest; 'immediate' sends one mail (and one in-app notification) the moment a task of that kind
 * is opened for the person, and leaves it out of the digest.
 */
export type MailMode = 'digest' | 'immediate';

interface Holder {
  userId: string;
  email: string;
  principals: Set<string>;
  kinds: Set<string>;
}

/** Active users of one organisation who chose immediate mail for at least one of `kinds`. */
async function immediateHolders(db: Db, tenantId: string, kinds: string[]): Promise<Holder[]> {
  if (kinds.length === 0) return [];
  const prefs = await db
    .selectFrom('taskMailPrefs as p')
    .innerJoin('users as u', (j) => j.onRef('u.tenantId', '=', 'p.tenantId').onRef('u.id', '=', 'p.userId'))
    .select(['p.userId', 'p.kind', 'u.email'])
    .where('p.tenantId', '=', tenantId)
    .where('p.mode', '=', 'immediate')
    .where('p.kind', 'in', kinds)
    .where('u.status', '=', 'active')
    .execute();
  if (prefs.length === 0) return [];
  const ids = [...new Set(prefs.map((p) => p.userId))];
  const assignments = await db.selectFrom('roleAssignments').select(['userId', 'role', 'scopeId']).where('tenantId', '=', tenantId).where('revokedAt', 'is', null).where('userId', 'in', ids).execute();
  const holders = new Map<string, Holder>();
  for (const p of prefs) {
    let h = holders.get(p.userId);
    if (!h) {
      h = { userId: p.userId, email: p.email, principals: new Set(userPrincipals(p.userId, assignments.filter((a) => a.userId === p.userId))), kinds: new Set() };
      holders.set(p.userId, h);
    }
    h.kinds.add(p.kind);
  }
  return [...holders.values()];
}

/** Notes for the people who want to hear at once about these newly opened tasks. */
export async function immediateNotes(db: Db, tenantId: string, fresh: TasksTable[]): Promise<NoteDraft[]> {
  if (fresh.length === 0) return [];
  const holders = await immediateHolders(db, tenantId, [...new Set(fresh.map((t) => t.kind))]);
  if (holders.length === 0) return [];
  const parents = new Map(
    (await db.selectFrom('orgUnits').select(['id', 'parentId']).where('tenantId', '=', tenantId).where('kind', '=', 'section').execute()).map((r) => [r.id, r.parentId]),
  );
  const notes: NoteDraft[] = [];
  for (const t of fresh) {
    const a = fromJson<TaskAssignees>(t.assignees, {});
    const principals = taskPrincipals(a, a.sectionId ? (parents.get(a.sectionId) ?? null) : null);
    for (const h of holders) {
      if (!h.kinds.has(t.kind) || !principals.some((p) => h.principals.has(p))) continue;
      notes.push({
        userId: h.userId,
        email: h.email,
        source: `tasks.${t.kind}`,
        itemKey: t.key,
        severity: 'info',
        title: { ja: `やることが追加されました: ${t.titleJa}`, en: `New to-do: ${t.titleEn}` },
        body: {
          ja: t.dueDate ? `期限は${t.dueDate}です。` : '期限は設定されていません。',
          en: t.dueDate ? `Due on ${t.dueDate}.` : 'No due date.',
        },
        link: t.link,
        inApp: true,
        mail: true,
      });
    }
  }
  return notes;
}
