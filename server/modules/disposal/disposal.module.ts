import type { FastifyInstance } from 'fastify';
import { registerRoutes } from '../../platform/routes';
import { demoSeeders } from '../tenancy/demo';
import { seedDisposalDemo } from './disposal.demo';
import { certificateSource, leaseSource } from './disposal.reminders';
import { disposalRoutes } from './disposal.routes';
import './disposal.tables';

let seederAdded = false;

/**
 * Disposal of equipment, media and cloud data (機器の廃棄等): routes, daily reminders (overdue
 * certificates, leases ending) and the demo seeder. Needs catalog, assets, files and notifications.
 */
export function registerDisposal(app: FastifyInstance): void {
  registerRoutes(app, disposalRoutes);
  const notifications = app.deps.services.notifications;
  if (notifications) {
    notifications.registerSource(certificateSource());
    notifications.registerSource(leaseSource());
  }
  // demoSeeders is process-wide; several apps (tests) must not add it twice.
  if (!seederAdded) {
    demoSeeders.push(seedDisposalDemo);
    seederAdded = true;
  }
}
