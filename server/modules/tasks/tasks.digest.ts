import { japanDate } from '@shared/era';
import type { Db } from '../../db/database';
import { chunkRows, nowIso } from '../../db/sql';
import type { AppDeps } from '../../platform/deps';
import type { BusinessCalendar } from '../../platform/calendar';
import type { NoteDraft } from '../notifications/notifications.contract';
import { weekEndOf } from './tasks.list';
import { userPrincipals } from './tasks.principals';

/**
 * The daily digest (今日のやること): one mail and one in-app notification per person with
 * something overdue, due today or due this week, read from the same task rows as the list and
 * the dashboard. Kinds the person chose to get at once are left out. Sent once per person and day.
 */

const SHOWN = 15;

export interface DigestResult {
  day: string;
  users: number;
  notifications: number;
  mails: number;
  sent: number;
  failed: number;
}

interface DigestTask {
  id: string;
  kind: string;
  titleJa: string;
  titleEn: string;
  link: string;
  dueDate: string | null;
}

export function digestText(tasks: DigestTask[], today: string, weekEnd: string) {
  const overdue = tasks.filter((t) => t.dueDate !== null && t.dueDate < today).length;
  const dueToday = tasks.filter((t) => t.dueDate === today).length;
  const week = tasks.length - overdue - dueToday;
  const lines = (lang: 'ja' | 'en') =>
    tasks.slice(0, SHOWN).map((t) => {
      const mark = t.dueDate! < today ? (lang === 'ja' ? '【期限切れ】' : '[overdue] ') : t.dueDate === today ? (lang === 'ja' ? '【今日】' : '[today] ') : '';
      return `・${mark}${lang === 'ja' ? t.titleJa : t.titleEn}（${t.dueDate}）${t.link}`;
    });
  const more = tasks.length > SHOWN ? tasks.length - SHOWN : 0;
  return {
    severity: (overdue ? 'overdue' : dueToday ? 'warning' : 'info') as NoteDraft['severity'],
    title: {
      ja: `今日のやること: 期限切れ${overdue}件・今日${dueToday}件・今週${week}件`,
      en: `Your to-do today: ${overdue} overdue, ${dueToday} due today, ${week} this week`,
    },
    body: {
      ja: [...lines('ja'), ...(more ? [`ほか${more}件`] : []), '', `今週は${weekEnd}までを数えています。`].join('\n'),
      en: [...lines('en'), ...(more ? [`and ${more} more`] : []), '', `This week runs to ${weekEnd}.`].join('\n'),
    },
  };
}

async function digestTenant(deps: AppDeps, tenantId: string, today: string, cal: BusinessCalendar) {
  const db = deps.db;
  const weekEnd = weekEndOf(cal, today);
  const [users, assignments, prefs, tasks, targets] = await Promise.all([
    db.selectFrom('users').select(['id', 'email']).where('tenantId', '=', tenantId).where('status', '=', 'active').execute(),
    db.selectFrom('roleAssignments').select(['userId', 'role', 'scopeId']).where('tenantId', '=', tenantId).where('revokedAt', 'is', null).execute(),
    db.selectFrom('taskMailPrefs').select(['userId', 'kind']).where('tenantId', '=', tenantId).where('mode', '=', 'immediate').execute(),
    db.selectFrom('tasks').select(['id', 'kind', 'titleJa', 'titleEn', 'link', 'dueDate']).where('tenantId', '=', tenantId).where('status', '=', 'open').where('dueDate', '<=', weekEnd).execute(),
    db.selectFrom('taskTargets').select(['principal', 'taskId']).where('tenantId', '=', tenantId).where('dueDate', '<=', weekEnd).execute(),
  ]);
  if (tasks.length === 0) return [];
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const byPrincipal = new Map<string, string[]>();
  for (const g of targets) {
    const list = byPrincipal.get(g.principal);
    if (list) list.push(g.taskId);
    else byPrincipal.set(g.principal, [g.taskId]);
  }
  const assignmentsOf = new Map<string, Array<{ role: string; scopeId: string | null }>>();
  for (const a of assignments) assignmentsOf.set(a.userId, [...(assignmentsOf.get(a.userId) ?? []), a]);
  const immediate = new Map<string, Set<string>>();
  for (const p of prefs) immediate.set(p.userId, (immediate.get(p.userId) ?? new Set()).add(p.kind));

  const out: Array<{ userId: string; email: string; tasks: DigestTask[] }> = [];
  for (const u of users) {
    const ids = new Set<string>();
    for (const p of userPrincipals(u.id, (assignmentsOf.get(u.id) ?? []) as never)) for (const id of byPrincipal.get(p) ?? []) ids.add(id);
    if (ids.size === 0) continue;
    const skip = immediate.get(u.id);
    const mine = [...ids].map((id) => taskById.get(id)!).filter((t) => t && !skip?.has(t.kind));
    if (mine.length === 0) continue;
    mine.sort((a, b) => (a.dueDate! < b.dueDate! ? -1 : a.dueDate! > b.dueDate! ? 1 : a.id < b.id ? -1 : 1));
    out.push({ userId: u.id, email: u.email, tasks: mine });
  }
  return out.map((o) => ({ ...o, weekEnd }));
}

export async function sendDigest(deps: AppDeps, calendar: (db: Db, tenantId: string) => Promise<BusinessCalendar>, today = japanDate(), tenantId?: string): Promise<DigestResult> {
  const result: DigestResult = { day: today, users: 0, notifications: 0, mails: 0, sent: 0, failed: 0 };
  const tenants = tenantId ? [tenantId] : (await deps.db.selectFrom('organizations').select('id').where('status', '=', 'active').execute()).map((o) => o.id);
  const notifications = deps.services.notifications;
  for (const t of tenants) {
    const people = await digestTenant(deps, t, today, await calendar(deps.db, t));
    if (people.length === 0) continue;
    await deps.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const fresh = new Set<string>();
      const rows = people.map((p) => ({ tenantId: t, userId: p.userId, day: today, items: p.tasks.length, createdAt: now }));
      for (const chunk of chunkRows(rows, 5)) {
        const ins = await trx
          .insertInto('taskDigestLog')
          .values(chunk)
          .onConflict((oc) => oc.columns(['tenantId', 'userId', 'day']).doNothing())
          .returning('userId')
          .execute();
        for (const r of ins) fresh.add(r.userId);
      }
      const notes: NoteDraft[] = people
        .filter((p) => fresh.has(p.userId))
        .map((p) => ({ userId: p.userId, email: p.email, source: 'tasks.digest', itemKey: `digest:${today}`, link: '/todo', inApp: true, mail: true, ...digestText(p.tasks, today, p.weekEnd) }));
      result.users += notes.length;
      const d = await notifications.enqueue(trx, t, notes);
      result.notifications += d.notifications;
      result.mails += d.mails;
    });
  }
  if (result.mails) {
    for (;;) {
      const f = await notifications.flushOutbox(2000);
      result.sent += f.sent;
      result.failed += f.failed;
      if (f.sent + f.failed === 0 || f.sent === 0) break;
    }
  }
  return result;
}
