import type { FastifyInstance } from 'fastify';
import { demoSeeders } from '../tenancy/demo';
import { seedDemoNetwork } from './network.demo';
import { registerNetworkRoutes } from './network.routes';
import './network.tables';

/** The three-layer network model: routes and demo data (the checker itself is pure code). */
export function registerNetwork(app: FastifyInstance): void {
  registerNetworkRoutes(app);
  // Registration runs once per app; the seeder list is per process.
  if (!demoSeeders.includes(seedDemoNetwork)) demoSeeders.push(seedDemoNetwork);
}
