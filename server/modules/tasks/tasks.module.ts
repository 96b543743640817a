import type { FastifyInstance } from 'fastify';
import { registerRoutes } from '../../platform/routes';
import { sendDigest } from './tasks.digest';
import { taskRoutes } from './tasks.routes';
import { createTasksService } from './tasks.service';
import './tasks.tables';

/**
 * Everyone's to-do list. Registered right after notifications and before every module that puts
 * tasks or registers a provider. The daily run (SHIRUBE_REMINDER_TIME) reconciles every provider
 * and then sends the digest.
 */
export function registerTasks(app: FastifyInstance): void {
  const { deps } = app;
  const tasks = createTasksService(deps);
  deps.services.tasks = tasks;
  deps.services.notifications.onDaily('tasks', async (today) => ({
    reconcile: await tasks.reconcile(today),
    digest: await sendDigest(deps, tasks.calendar, today),
  }));
  registerRoutes(app, taskRoutes(tasks));
}
