import type { FastifyInstance } from 'fastify';
import { demoSeeders } from '../tenancy/demo';
import { seedDemoAssets } from './assets.demo';
import { registerAssetRoutes } from './assets.routes';
import { createAssetsService } from './assets.service';
import './assets.tables';

/** The asset register: its service for other modules (deps.services.assets), routes and demo data. */
export function registerAssets(app: FastifyInstance): void {
  app.deps.services.assets = createAssetsService();
  registerAssetRoutes(app);
  // Registration runs once per app; the seeder list is per process.
  if (!demoSeeders.includes(seedDemoAssets)) demoSeeders.push(seedDemoAssets);
}
