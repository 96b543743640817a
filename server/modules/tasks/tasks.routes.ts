import { japanDate } from '@shared/era';
import { z } from 'zod';
import { nowIso } from '../../db/sql';
import { appendAudit, appendAuditStandalone } from '../../platform/audit';
import { err } from '../../platform/errors';
import { type AnyRoute, defineRoute } from '../../platform/routes';
import { listFor } from './tasks.list';
import type { TasksRuntime } from './tasks.service';

const tags = ['tasks'];

const PrefsInput = z
  .object({
    preferences: z.array(z.object({ kind: z.string().trim().min(1).max(100), mode: z.enum(['digest', 'immediate']) }).strict()).max(200),
  })
  .strict();

export function taskRoutes(tasks: TasksRuntime): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/tasks/mine',
      summary: { ja: '自分のやること（期限切れ・今日・今週・依頼中）', en: 'My to-do list (overdue, today, this week, waiting on others)' },
      tags,
      access: { action: 'task.read' },
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
      handler: async ({ deps, ctx, actor, query }) => {
        const today = japanDate();
        const { principals: _p, ...list } = await listFor(deps.db, { tenantId: ctx.tenantId, userId: actor.userId, assignments: actor.assignments }, today, await tasks.calendar(deps.db, ctx.tenantId), query.limit);
        return list;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/tasks/mail-preferences',
      summary: { ja: 'やることのメールの受け取り方（種類ごと）', en: 'How I get mail about my to-do list, per kind' },
      tags,
      access: { action: 'task.read' },
      handler: async ({ deps, ctx, actor }) => {
        const rows = await deps.db.selectFrom('taskMailPrefs').select(['kind', 'mode']).where('tenantId', '=', ctx.tenantId).where('userId', '=', actor.userId).execute();
        const chosen = new Map(rows.map((r) => [r.kind, r.mode]));
        return {
          mailEnabled: deps.services.notifications.mailEnabled,
          kinds: tasks
            .kinds()
            .map((k) => ({ kind: k.kind, label: k.label, mode: chosen.get(k.kind) ?? 'digest' }))
            .sort((a, b) => a.kind.localeCompare(b.kind)),
        };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/tasks/mail-preferences',
      summary: { ja: 'メールの受け取り方を変更する', en: 'Change how I get mail per kind' },
      tags,
      access: { action: 'task.read' },
      body: PrefsInput,
      handler: async ({ deps, ctx, actor, body }) => {
        const known = new Set(tasks.kinds().map((k) => k.kind));
        const problems = body.preferences.flatMap((p, i) =>
          known.has(p.kind)
            ? []
            : [{ field: `preferences.${i}.kind`, code: 'unknown_kind', message: { ja: `やることの種類「${p.kind}」はありません。`, en: `There is no to-do kind "${p.kind}".` } }],
        );
        if (problems.length) throw err.validation(problems);
        await deps.db.transaction().execute(async (trx) => {
          const before = await trx.selectFrom('taskMailPrefs').select(['kind', 'mode']).where('tenantId', '=', ctx.tenantId).where('userId', '=', actor.userId).execute();
          await trx.deleteFrom('taskMailPrefs').where('tenantId', '=', ctx.tenantId).where('userId', '=', actor.userId).execute();
          const now = nowIso();
          const rows = body.preferences.filter((p) => p.mode !== 'digest').map((p) => ({ tenantId: ctx.tenantId, userId: actor.userId, kind: p.kind, mode: p.mode, updatedAt: now }));
          if (rows.length) await trx.insertInto('taskMailPrefs').values(rows).execute();
          await appendAudit(trx, ctx.audit, {
            action: 'tasks.mailPreferences.update',
            targetType: 'user',
            targetId: actor.userId,
            changes: { before: Object.fromEntries(before.map((b) => [b.kind, b.mode])), after: Object.fromEntries(rows.map((r) => [r.kind, r.mode])) },
          });
        });
        return { ok: true };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/tasks/reconcile',
      summary: { ja: 'やることを各機能の状態と突き合わせる（自組織）', en: 'Reconcile the to-do list with every module (own organisation)' },
      tags,
      access: { action: 'org.manage' },
      handler: async ({ deps, ctx }) => {
        const r = await tasks.reconcile(japanDate(), ctx.tenantId);
        await appendAuditStandalone(deps.db, ctx.audit, { action: 'tasks.reconcile.run', changes: r });
        return r;
      },
    }),
  ];
}
