import type { FastifyInstance } from 'fastify';
import { demoSeeders } from '../tenancy/demo';
import { seedDemoPolicy } from './documents.demo';
import { registerDocumentRoutes } from './documents.routes';
import './documents.tables';

/** Policy documents: routes and demo data (the module offers no service to others yet). */
export function registerDocuments(app: FastifyInstance): void {
  registerDocumentRoutes(app);
  // Registration runs once per app; the seeder list is per process.
  if (!demoSeeders.includes(seedDemoPolicy)) demoSeeders.push(seedDemoPolicy);
}
