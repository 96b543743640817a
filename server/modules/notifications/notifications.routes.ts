import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nowIso } from '../../db/sql';
import { appendAuditStandalone } from '../../platform/audit';
import { err } from '../../platform/errors';
import { defineRoute, registerRoutes } from '../../platform/routes';

export function registerNotificationRoutes(app: FastifyInstance): void {
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      url: '/api/notifications',
      summary: { ja: '自分宛ての通知', en: 'My notifications' },
      tags: ['notifications'],
      access: { action: 'account.self' },
      query: z.object({
        unread: z.enum(['true', 'false']).default('false'),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(30),
      }),
      handler: async ({ deps, ctx, actor, query }) => {
        let base = deps.db.selectFrom('notifications').where('tenantId', '=', ctx.tenantId).where('userId', '=', actor.userId);
        if (query.unread === 'true') base = base.where('readAt', 'is', null);
        const [items, total, unread] = await Promise.all([
          base.selectAll().orderBy('createdAt', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
          base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
          deps.db
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('tenantId', '=', ctx.tenantId)
            .where('userId', '=', actor.userId)
            .where('readAt', 'is', null)
            .executeTakeFirstOrThrow(),
        ]);
        return {
          items: items.map((n) => ({
            id: n.id,
            source: n.source,
            severity: n.severity,
            title: { ja: n.titleJa, en: n.titleEn },
            body: { ja: n.bodyJa, en: n.bodyEn },
            link: n.link,
            createdAt: n.createdAt,
            readAt: n.readAt,
          })),
          total: Number(total.n),
          unread: Number(unread.n),
          page: query.page,
          pageSize: query.pageSize,
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/notifications/:notificationId/read',
      summary: { ja: '通知を既読にする', en: 'Mark a notification read' },
      tags: ['notifications'],
      access: { action: 'account.self' },
      params: z.object({ notificationId: z.uuid() }),
      handler: async ({ deps, ctx, actor, params }) => {
        const r = await deps.db
          .updateTable('notifications')
          .set({ readAt: nowIso() })
          .where('tenantId', '=', ctx.tenantId)
          .where('userId', '=', actor.userId)
          .where('id', '=', params.notificationId)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw err.notFound({ ja: '通知', en: 'Notification' }, params.notificationId);
        return { ok: true };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/notifications/read-all',
      summary: { ja: 'すべての通知を既読にする', en: 'Mark all notifications read' },
      tags: ['notifications'],
      access: { action: 'account.self' },
      handler: async ({ deps, ctx, actor }) => {
        const r = await deps.db
          .updateTable('notifications')
          .set({ readAt: nowIso() })
          .where('tenantId', '=', ctx.tenantId)
          .where('userId', '=', actor.userId)
          .where('readAt', 'is', null)
          .executeTakeFirst();
        return { updated: Number(r.numUpdatedRows) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/reminders/run',
      summary: { ja: 'リマインダーを今すぐ実行する（同じ日の同じ項目は一度だけ）', en: 'Run reminders now (once per item and day)' },
      tags: ['notifications'],
      access: { action: 'org.manage' },
      handler: async ({ deps, ctx }) => {
        const r = await deps.services.notifications.runReminders();
        await appendAuditStandalone(deps.db, ctx.audit, { action: 'reminders.run', changes: r });
        return r;
      },
    }),
  ]);
}
