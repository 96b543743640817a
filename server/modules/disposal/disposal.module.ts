import type { FastifyInstance } from 'fastify';
import { registerRoutes } from '../../platform/routes';
import { demoSeeders } from '../tenancy/demo';
import { seedDisposalDemo } from './disposal.demo';
import { certificateSource, leaseSource } from './disposal.reminders';
import { disposalRoutes } from './disposal.routes';
import { providerFromScans } from '../tasks/tasks.adapters';
import './disposal.tables';

let seederAdded = false;

/**
 * Disposal of equipment, media and cloud data (機器の廃棄等): routes, daily reminders (overdue
 * certificates, leases ending) and the demo seeder. Needs catalog, assets, files and notifications.
 */
export function registerDisposal(app: FastifyInstance): void {
  registerRoutes(app, disposalRoutes);
  // Overdue certificates and leases ending are open work on the to-do list (and so in the digest).
  app.deps.services.tasks?.registerProvider(providerFromScans('disposal', { ja: '機器等の廃棄', en: 'Disposal' }, [certificateSource(), leaseSource({ continuous: true })]));
  // demoSeeders is process-wide; several apps (tests) must not add it twice.
  if (!seederAdded) {
    demoSeeders.push(seedDisposalDemo);
    seederAdded = true;
  }
}
