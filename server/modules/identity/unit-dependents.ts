import { z } from 'zod';
import type { Db } from '../../db/database';
import type { AppDeps } from '../../platform/deps';
import { err } from '../../platform/errors';
import { type AnyRoute, defineRoute } from '../../platform/routes';

/**
 * What still points to a department or section, so that abolishing it can say so before it is
 * done (issue 21): its active sections, the users who belong to it, role assignments scoped to it
 * and, through deps.services.assets, the assets it owns.
 */
export interface UnitDependents {
  unitId: string;
  sections: number;
  users: number;
  assignments: number;
  assets: number;
}

export async function unitDependents(deps: AppDeps, tenantId: string, unitId: string): Promise<UnitDependents> {
  const db: Db = deps.db;
  const unit = await db.selectFrom('orgUnits').select(['id', 'kind']).where('tenantId', '=', tenantId).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw err.notFound({ ja: '部局・課室', en: 'Department or section' }, unitId);
  const sectionIds =
    unit.kind === 'department'
      ? (await db.selectFrom('orgUnits').select('id').where('tenantId', '=', tenantId).where('parentId', '=', unitId).where('status', '=', 'active').execute()).map((r) => r.id)
      : [];
  const [users, assignments] = await Promise.all([
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', tenantId)
      .where('sectionId', '=', unitId)
      .where('status', '!=', 'disabled')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('roleAssignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', tenantId)
      .where('scopeId', '=', unitId)
      .where('revokedAt', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  const assets = deps.services.assets ? await deps.services.assets.countOwnedBy(db, tenantId, unitId) : 0;
  return { unitId, sections: sectionIds.length, users: Number(users.n), assignments: Number(assignments.n), assets };
}

export const unitDependentsRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/units/:unitId/dependents',
    summary: { ja: '部局・課室に属するもの（廃止の前の確認）', en: 'What belongs to a department or section (checked before abolishing it)' },
    tags: ['organizations'],
    access: { action: 'org.read' },
    params: z.object({ unitId: z.uuid() }),
    handler: ({ deps, ctx, params }) => unitDependents(deps, ctx.tenantId, params.unitId),
  }),
];
