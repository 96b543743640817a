import type { FastifyInstance } from 'fastify';
import { registerIdentityRoutes } from './identity/identity.routes';
import { SecretBox } from './identity/secrets';
import { registerDashboardRoutes } from './reporting/dashboard.routes';
import { registerTenancyRoutes } from './tenancy/tenancy.routes';

/**
 * Every domain module is registered here, in dependency order: foundations first, then the
 * capabilities that build on them. A module registers its service in deps.services and its
 * routes through registerRoutes(), so each route carries an access policy.
 */
export async function registerModules(app: FastifyInstance): Promise<void> {
  const { deps } = app;
  deps.services.identity = {
    secrets: SecretBox.fromDataDir(deps.config.dataDir),
    passwordCost: { memoryKiB: deps.config.SHIRUBE_ARGON2_MEMORY_KIB, iterations: deps.config.SHIRUBE_ARGON2_ITERATIONS },
  };
  registerTenancyRoutes(app);
  registerIdentityRoutes(app);
  registerDashboardRoutes(app);
}
