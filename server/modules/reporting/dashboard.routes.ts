import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ADMIN_ROLES } from '@shared/permissions';
import { fiscalYearOf, fiscalYearRange } from '@shared/era';
import type { Db } from '../../db/database';
import { type Ctx, can } from '../../platform/context';
import { defineRoute, registerRoutes } from '../../platform/routes';

/**
 * The dashboard's platform figures. Each block appears only for users whose roles let them see
 * the underlying records; other modules contribute their own cards and endpoints.
 */

const count = (n: unknown) => Number(n ?? 0);

async function summary(db: Db, ctx: Ctx, fiscalYear: number) {
  const out: Record<string, unknown> = { fiscalYear };
  const t = ctx.tenantId;
  if (can(ctx.actor, 'user.read')) {
    const byStatus = await db.selectFrom('users').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('tenantId', '=', t).groupBy('status').execute();
    const admins = await db
      .selectFrom('users as u')
      .innerJoin('roleAssignments as r', (j) => j.onRef('r.tenantId', '=', 'u.tenantId').onRef('r.userId', '=', 'u.id'))
      .select((eb) => eb.fn.count<number>('u.id').distinct().as('n'))
      .where('u.tenantId', '=', t)
      .where('u.status', '=', 'active')
      .where('u.mfaEnabledAt', 'is', null)
      .where('r.revokedAt', 'is', null)
      .where('r.role', 'in', [...ADMIN_ROLES])
      .executeTakeFirstOrThrow();
    const get = (s: string) => count(byStatus.find((b) => b.status === s)?.n);
    out.users = { active: get('active'), invited: get('invited'), disabled: get('disabled'), adminsWithoutMfa: count(admins.n) };
  }
  if (can(ctx.actor, 'org.read')) {
    const units = await db.selectFrom('orgUnits').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).where('tenantId', '=', t).where('status', '=', 'active').groupBy('kind').execute();
    out.units = { departments: count(units.find((u) => u.kind === 'department')?.n), sections: count(units.find((u) => u.kind === 'section')?.n) };
  }
  if (can(ctx.actor, 'auditTrail.read')) {
    const { start, end } = fiscalYearRange(fiscalYear);
    const from = new Date(`${start}T00:00:00+09:00`).toISOString();
    const to = new Date(new Date(`${end}T00:00:00+09:00`).getTime() + 86_400_000).toISOString();
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const [events, failed, locked] = await Promise.all([
      db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', t).where('occurredAt', '>=', from).where('occurredAt', '<', to).executeTakeFirstOrThrow(),
      db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', t).where('action', 'in', ['auth.sign_in_failed', 'auth.mfa_failed']).where('occurredAt', '>=', weekAgo).executeTakeFirstOrThrow(),
      db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', t).where('action', '=', 'auth.sign_in_failed').where('changes', 'like', '%"locked":true%').where('occurredAt', '>=', weekAgo).executeTakeFirstOrThrow(),
    ]);
    out.security = { auditEvents: count(events.n), failedSignIns7d: count(failed.n), lockouts7d: count(locked.n) };
  }
  return out;
}

export function registerDashboardRoutes(app: FastifyInstance): void {
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      url: '/api/dashboard',
      summary: { ja: 'ダッシュボードの集計（権限に応じた項目のみ）', en: 'Dashboard figures (only what the roles allow)' },
      tags: ['dashboard'],
      access: { action: 'dashboard.read' },
      query: z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100).default(fiscalYearOf()) }),
      handler: ({ deps, ctx, query }) => summary(deps.db, ctx, query.fiscalYear),
    }),
  ]);
}
