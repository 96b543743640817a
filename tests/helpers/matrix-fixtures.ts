import type { FastifyInstance } from 'fastify';
import { newId } from '../../server/platform/ids';
import { createUnit, createUser } from './app';

/**
 * For the authorization matrix: how to make a record that a route's path parameter can point at,
 * in a given organisation. Each module adds the parameter names its routes use.
 *
 * `tenantOwned: false` marks parameters that name shared data (catalog editions and items): for
 * those the cross-organisation check does not apply.
 */
export interface ParamFixture {
  tenantOwned: boolean;
  make(app: FastifyInstance, tenantId: string): Promise<string>;
}

export const paramFixtures: Record<string, ParamFixture> = {
  userId: { tenantOwned: true, make: async (app, tenantId) => (await createUser(app, tenantId, { roles: ['staff'] })).id },
  unitId: { tenantOwned: true, make: (app, tenantId) => createUnit(app, tenantId, 'department') },
  assignmentId: {
    tenantOwned: true,
    make: async (app, tenantId) => {
      const u = await createUser(app, tenantId, { roles: ['staff'] });
      const row = await app.deps.db.selectFrom('roleAssignments').select('id').where('tenantId', '=', tenantId).where('userId', '=', u.id).executeTakeFirstOrThrow();
      return row.id;
    },
  },
  // Self-scoped: another user's token or session is simply not found.
  tokenId: { tenantOwned: true, make: async () => newId() },
  sessionId: { tenantOwned: true, make: async () => '0123456789abcdef' },
};

/**
 * Routes whose URL needs more than one record to line up (e.g. /users/:userId/roles/:assignmentId):
 * the matrix makes all parameters in the same organisation. Nothing to configure here; listed for readers.
 */

/**
 * Valid request bodies for write routes that take a tenant-owned parameter, so the cross-organisation
 * check sees the lookup (404) rather than a validation error. Keyed by "METHOD /url/:pattern".
 * When a route has an entry here, the matrix requires exactly 404 for another organisation's record.
 */
export const sampleBodies: Record<string, unknown> = {
  'PATCH /api/users/:userId': { displayName: '変更後の氏名' },
  'POST /api/users/:userId/roles': { role: 'cio' },
  'PATCH /api/units/:unitId': { name: '新しい名称' },
};
