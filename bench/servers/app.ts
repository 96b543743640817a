// The real app on SQLite, plus two bench-only routes that run the same handler with and without
// authentication, so the cost of authentication itself can be measured.
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { DirectoryQuery, listDirectoryJson } from '../../server/modules/tenancy/tenancy.service';
import { defineRoute, registerRoutes } from '../../server/platform/routes';

const config = loadConfig({ ...process.env, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' });
const app = await buildApp(config, { logger: false });
registerRoutes(app, [
  defineRoute({
    method: 'GET',
    url: '/bench/public-organizations',
    summary: { ja: 'ベンチ用', en: 'bench only' },
    tags: ['bench'],
    access: { public: true },
    query: DirectoryQuery,
    handler: async ({ deps, query, reply }) =>
      reply.type('application/json; charset=utf-8').send(await listDirectoryJson(deps.db, deps.dbKind, query, deps.config.SHIRUBE_DIRECTORY_CACHE_MS)),
  }),
]);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
// Exit through process.exit on SIGTERM, so that --cpu-prof writes its profile.
process.once('SIGTERM', () => {
  void app.close().finally(() => process.exit(0));
});
