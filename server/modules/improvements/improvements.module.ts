import type { FastifyInstance } from 'fastify';
import { registerRoutes } from '../../platform/routes';
import type { TasksRuntime } from '../tasks/tasks.service';
import { toAction } from './improvements.common';
import type { ImprovementStatus, ImprovementsService } from './improvements.contract';
import { escalationProvider } from './improvements.provider';
import { improvementRoutes } from './improvements.routes';
import { raiseIn } from './improvements.service';

/** The register of improvement actions; needs tasks (registered before it) and files. */
export function registerImprovements(app: FastifyInstance): void {
  const { deps } = app;
  const service: ImprovementsService = {
    raise: (trx, ctx, draft) => raiseIn(deps, trx, ctx, draft),
    async listBySource(db, tenantId, ref) {
      const rows = await db.selectFrom('improvementActions').selectAll().where('tenantId', '=', tenantId).where('sourceType', '=', ref.type).where('sourceId', '=', ref.id).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toAction);
    },
    async countsBySources(db, tenantId, sourceType, sourceIds) {
      const out: Record<string, Partial<Record<ImprovementStatus, number>>> = {};
      for (let i = 0; i < sourceIds.length; i += 500) {
        const rows = await db
          .selectFrom('improvementActions')
          .select(['sourceId', 'status', (eb) => eb.fn.countAll<number>().as('n')])
          .where('tenantId', '=', tenantId)
          .where('sourceType', '=', sourceType)
          .where('sourceId', 'in', sourceIds.slice(i, i + 500))
          .groupBy(['sourceId', 'status'])
          .execute();
        for (const r of rows) {
          out[r.sourceId] ??= {};
          out[r.sourceId][r.status] = Number(r.n);
        }
      }
      return out;
    },
  };
  deps.services.improvements = service;
  const tasks = deps.services.tasks as TasksRuntime;
  tasks.registerProvider(escalationProvider(tasks.calendar));
  registerRoutes(app, improvementRoutes);
}
