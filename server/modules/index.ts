import type { FastifyInstance } from 'fastify';
import { configurePdf } from '../platform/pdf';
import { registerApprovals } from './approvals/approvals.module';
import { registerAssets } from './assets/assets.module';
import { registerCatalog, registerCatalogRoutes } from './catalog/catalog.routes';
import { registerDisposal } from './disposal/disposal.module';
import { registerDocuments } from './documents/documents.module';
import { createFilesService } from './files/files.service';
import { registerIdentityRoutes } from './identity/identity.routes';
import { registerNetwork } from './network/network.module';
import { SecretBox } from './identity/secrets';
import { createNotificationsService } from './notifications/notifications.service';
import { registerNotificationRoutes } from './notifications/notifications.routes';
import { registerDashboardRoutes } from './reporting/dashboard.routes';
import { registerTenancyRoutes } from './tenancy/tenancy.routes';
import { registerVendors } from './vendors/vendors.module';
import { registerIncidents } from './incidents/incidents.module';
import { registerTasks } from './tasks/tasks.module';
import { registerImprovements } from './improvements/improvements.module';

/**
 * Every domain module is registered here, in dependency order: foundations first, then the
 * capabilities that build on them. A module registers its service in deps.services and its
 * routes through registerRoutes(), so each route carries an access policy.
 */
export async function registerModules(app: FastifyInstance): Promise<void> {
  const { deps } = app;
  configurePdf(deps.config.SHIRUBE_CHROMIUM);
  // The guideline catalog comes first: other modules ask it for editions, items and classification,
  // and an invalid catalog stops the start here.
  registerCatalog(app);
  deps.services.identity = {
    secrets: SecretBox.fromDataDir(deps.config.dataDir),
    passwordCost: { memoryKiB: deps.config.SHIRUBE_ARGON2_MEMORY_KIB, iterations: deps.config.SHIRUBE_ARGON2_ITERATIONS },
  };
  deps.services.files = createFilesService(deps.config.SHIRUBE_EVIDENCE_LIMIT_MB * 1024 * 1024);
  const notifications = createNotificationsService(deps.db, deps.config, deps.log);
  deps.services.notifications = notifications;
  if (deps.config.SHIRUBE_SCHEDULER) notifications.start();
  deps.onClose.push(() => notifications.stop());
  // The to-do list and the improvement register come before every module that puts tasks or raises actions.
  registerTasks(app);
  registerImprovements(app);

  registerCatalogRoutes(app);
  registerTenancyRoutes(app);
  registerIdentityRoutes(app);
  registerAssets(app);
  registerNetwork(app);
  registerDocuments(app);
  registerVendors(app);
  registerNotificationRoutes(app);
  registerDisposal(app);
  registerDashboardRoutes(app);
  registerApprovals(app);
  registerIncidents(app);
}
