import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AnyRoute, defineRoute, registerRoutes } from '../../platform/routes';
import * as svc from './tenancy.service';

const routes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/organizations',
    summary: { ja: '団体一覧（国・都道府県・市区町村・一部事務組合等）', en: 'Directory of organisations' },
    tags: ['organizations'],
    access: { action: 'directory.read' },
    query: svc.DirectoryQuery,
    // The body is JSON text built by the database (tenancy.service.ts), sent as it is.
    handler: async ({ deps, query, reply }) => {
      const body = await svc.listDirectoryJson(deps.db, deps.dbKind, query, deps.config.SHIRUBE_DIRECTORY_CACHE_MS);
      return reply.type('application/json; charset=utf-8').send(body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/organization',
    summary: { ja: '自団体の情報と設定', en: 'My organisation and its settings' },
    tags: ['organizations'],
    access: { action: 'org.read' },
    handler: async ({ deps, ctx }) => {
      const row = await svc.getOrganization(deps.db, ctx.tenantId);
      return { ...svc.presentOrganization(row), settings: svc.orgSettings(row) };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/organization',
    summary: { ja: '自団体の情報と設定の更新', en: 'Update my organisation and its settings' },
    tags: ['organizations'],
    access: { action: 'org.manage' },
    body: svc.OrgPatch,
    handler: ({ deps, ctx, body }) => svc.updateOrganization(deps.db, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/units',
    summary: { ja: '部局・課室の一覧', en: 'Departments and sections' },
    tags: ['organizations'],
    access: { action: 'org.read' },
    query: z.object({ includeArchived: z.enum(['true', 'false']).default('false') }),
    handler: ({ deps, ctx, query }) => svc.listUnits(deps.db, ctx.tenantId, query.includeArchived === 'true'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/units',
    summary: { ja: '部局・課室の追加', en: 'Add a department or section' },
    tags: ['organizations'],
    access: { action: 'org.manage' },
    body: svc.UnitInput,
    handler: ({ deps, ctx, body }) => svc.createUnit(deps.db, ctx, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/units/:unitId',
    summary: { ja: '部局・課室の更新・廃止', en: 'Update or archive a department or section' },
    tags: ['organizations'],
    access: { action: 'org.manage' },
    params: z.object({ unitId: z.uuid() }),
    body: svc.UnitPatch,
    handler: ({ deps, ctx, params, body }) => svc.updateUnit(deps.db, ctx, params.unitId, body),
  }),
];

export function registerTenancyRoutes(app: FastifyInstance): void {
  registerRoutes(app, routes);
}
