import { sql } from 'kysely';
import type { Bilingual } from '@shared/catalog';
import type { Db } from '../../db/database';
import type { BusinessCalendar } from '../../platform/calendar';
import { userPrincipals } from './tasks.principals';

/**
 * One user's to-do list (やること): what is overdue, due today, due this week (the next five
 * business days after today, on the organisation's calendar), later or without a date, and what
 * the user requested and now waits on others for.
 */

export interface TaskItem {
  key: string;
  provider: string;
  kind: string;
  title: Bilingual;
  link: string;
  dueDate: string | null;
  requestedBy: string | null;
  subject: { type: string; id: string };
  createdAt: string;
}

export type Bucket = 'overdue' | 'today' | 'week' | 'later';
export const BUCKETS: Bucket[] = ['overdue', 'today', 'week', 'later'];

export interface TaskList {
  today: string;
  weekEnd: string;
  counts: Record<Bucket | 'waiting', number>;
  items: Record<Bucket | 'waiting', TaskItem[]>;
}

export interface Who {
  tenantId: string;
  userId: string;
  assignments: Array<{ role: string; scopeId: string | null }>;
}

type TaskRow = {
  key: string;
  provider: string;
  kind: string;
  titleJa: string;
  titleEn: string;
  link: string;
  dueDate: string | null;
  requestedBy: string | null;
  subjectType: string;
  subjectId: string;
  createdAt: string;
};

const item = (r: TaskRow): TaskItem => ({
  key: r.key,
  provider: r.provider,
  kind: r.kind,
  title: { ja: r.titleJa, en: r.titleEn },
  link: r.link,
  dueDate: r.dueDate,
  requestedBy: r.requestedBy,
  subject: { type: r.subjectType, id: r.subjectId },
  createdAt: r.createdAt,
});

const COLS = ['t.key', 't.provider', 't.kind', 't.titleJa', 't.titleEn', 't.link', 't.dueDate', 't.requestedBy', 't.subjectType', 't.subjectId', 't.createdAt'] as const;

export function weekEndOf(cal: BusinessCalendar, today: string): string {
  return cal.addBusinessDays(today, 5);
}

export async function listFor(db: Db, who: Who, today: string, cal: BusinessCalendar, limit = 50): Promise<TaskList & { principals: string[] }> {
  const principals = userPrincipals(who.userId, who.assignments as never);
  const weekEnd = weekEndOf(cal, today);
  const targets = () => db.selectFrom('taskTargets as g').where('g.tenantId', '=', who.tenantId).where('g.principal', 'in', principals);
  const bucketExpr = sql<string>`case when g.due_date is null then 'later' when g.due_date < ${today} then 'overdue' when g.due_date = ${today} then 'today' when g.due_date <= ${weekEnd} then 'week' else 'later' end`;

  // The first `limit` tasks of a bucket: distinct ids from the index, then the rows.
  // Tasks without a date come last on both databases (PostgreSQL and SQLite sort nulls differently).
  async function bucket(where: (q: ReturnType<typeof targets>) => ReturnType<typeof targets>): Promise<TaskItem[]> {
    const ids = await where(targets())
      .select(['g.taskId', 'g.dueDate', sql<number>`case when g.due_date is null then 1 else 0 end`.as('undated')])
      .distinct()
      .orderBy('undated')
      .orderBy('g.dueDate')
      .orderBy('g.taskId')
      .limit(limit)
      .execute();
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('tasks as t')
      .select(COLS)
      .select('t.id')
      .where('t.tenantId', '=', who.tenantId)
      .where('t.id', 'in', ids.map((i) => i.taskId))
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((i) => {
      const r = byId.get(i.taskId);
      return r ? [item(r)] : [];
    });
  }

  const [counts, overdue, todays, week, later, waiting, waitingCount] = await Promise.all([
    db
      .selectFrom(
        targets()
          .select(['g.taskId', bucketExpr.as('bucket')])
          .distinct()
          .as('x'),
      )
      .select(['x.bucket', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('x.bucket')
      .execute(),
    bucket((q) => q.where('g.dueDate', '<', today)),
    bucket((q) => q.where('g.dueDate', '=', today)),
    bucket((q) => q.where('g.dueDate', '>', today).where('g.dueDate', '<=', weekEnd)),
    bucket((q) => q.where((eb) => eb.or([eb('g.dueDate', '>', weekEnd), eb('g.dueDate', 'is', null)]))),
    db
      .selectFrom('tasks as t')
      .select(COLS)
      .where('t.tenantId', '=', who.tenantId)
      .where('t.requestedBy', '=', who.userId)
      .where('t.status', '=', 'open')
      .orderBy('t.dueDate')
      .orderBy('t.id')
      .limit(limit)
      .execute(),
    db
      .selectFrom('tasks as t')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('t.tenantId', '=', who.tenantId)
      .where('t.requestedBy', '=', who.userId)
      .where('t.status', '=', 'open')
      .executeTakeFirstOrThrow(),
  ]);
  const c: Record<Bucket | 'waiting', number> = { overdue: 0, today: 0, week: 0, later: 0, waiting: Number(waitingCount.n) };
  for (const r of counts) c[r.bucket as Bucket] = Number(r.n);
  return { principals, today, weekEnd, counts: c, items: { overdue, today: todays, week, later, waiting: waiting.map(item) } };
}
