import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { Config } from './config';
import { type DbHandle, openDatabase, ping } from './db/database';
import { prepareDatabase } from './db/prepare';
import { registerModules } from './modules';
import { makeAuthenticator } from './modules/identity/sessions';
import type { AppDeps } from './platform/deps';
import { AppError, sendProblem, toAppError } from './platform/errors';
import { newToken } from './platform/ids';
import { buildOpenApi, defineRoute, registerRoutes } from './platform/routes';
import { registerSecurityHeaders } from './platform/security-headers';
import { configureArchiveLimits, limitsFromConfig } from './platform/archive-guard';
import { attachAuditKeys, bindAuditKeys, loadAuditKeys } from './platform/audit-keys';
import { auditTenants, latestCheckpoint } from './platform/audit-checkpoints';
import { packageVersion } from './paths';

/**
 * Request ids: a random per-process prefix and a counter. Unique across processes for log and
 * audit correlation, and far cheaper per request than a UUID.
 */
const requestIdPrefix = newToken(6);
let requestCounter = 0;
function nextRequestId(): string {
  requestCounter = (requestCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${requestIdPrefix}-${requestCounter.toString(36)}`;
}

export interface BuildOptions {
  /** Use this database instead of opening the configured one (tests). */
  handle?: DbHandle;
  /** Run migrations and load reference data before serving (default true). */
  prepare?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Directory of the built web UI; defaults to config.clientDir. */
  clientDir?: string;
}

export { prepareDatabase };

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const handle =
    opts.handle ??
    openDatabase({ kind: config.dbKind, sqlitePath: config.sqlitePath, databaseUrl: config.DATABASE_URL, poolSize: config.SHIRUBE_PG_POOL_SIZE });
  // The audit trail's keys (outside the database): refuses to start with a key store that is not the trail's.
  const auditKeys = attachAuditKeys(handle.db, loadAuditKeys(config.dataDir));
  if (opts.prepare !== false) await prepareDatabase(handle);
  await bindAuditKeys(handle.db, auditKeys);
  configureArchiveLimits(limitsFromConfig(config));

  const app = Fastify({
    logger: opts.logger ?? { level: config.SHIRUBE_LOG_LEVEL },
    trustProxy: config.SHIRUBE_TRUST_PROXY,
    bodyLimit: config.SHIRUBE_BODY_LIMIT_KB * 1024,
    genReqId: nextRequestId,
    requestIdHeader: false,
    logController: new LogController({ disableRequestLogging: config.SHIRUBE_LOG_LEVEL !== 'debug' && config.SHIRUBE_LOG_LEVEL !== 'trace' }),
  });

  const publicOrigin = config.SHIRUBE_PUBLIC_URL ? new URL(config.SHIRUBE_PUBLIC_URL).origin : null;
  const deps: AppDeps = {
    config,
    handle,
    db: handle.db,
    dbKind: handle.kind,
    log: app.log,
    routes: [],
    services: {} as AppDeps['services'],
    authenticate: makeAuthenticator(handle.db, config, (header) => app.parseCookie(header)),
    isAllowedOrigin(origin, req) {
      if (publicOrigin && origin === publicOrigin) return true;
      return origin === `${req.protocol}://${req.headers.host}`;
    },
    onClose: [],
    mounted: [],
  };
  app.decorate('deps', deps);
  // Every route Fastify knows, so a test can prove none bypasses registerRoutes() and its policy.
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) deps.mounted.push({ method: String(m), url: r.url });
  });
  if (config.SHIRUBE_SCHEDULER) {
    // Periodic signed checkpoints of every chain head whose head moved (kept in audit_checkpoints;
    // `shirube audit checkpoint` exports them for safekeeping outside).
    const timer = setInterval(() => {
      void (async () => {
        for (const t of await auditTenants(handle.db)) await latestCheckpoint(handle.db, t);
      })().catch((e) => app.log.error({ err: e }, 'audit checkpoints failed'));
    }, config.SHIRUBE_AUDIT_CHECKPOINT_HOURS * 3_600_000);
    timer.unref();
    deps.onClose.push(() => clearInterval(timer));
  }
  app.addHook('onClose', async () => {
    for (const fn of deps.onClose) await fn();
    if (!opts.handle) await handle.close();
  });

  // Cookies are parsed only where a session is looked up (sessions.ts), not on every request.
  await app.register(cookie, { hook: false });
  registerSecurityHeaders(app);
  await app.register(rateLimit, { global: false });

  app.setErrorHandler((error, req, reply) => {
    const e = toAppError(error);
    if (e.status >= 500) req.log.error({ err: error }, 'unhandled error');
    return sendProblem(req, reply, e);
  });

  // Uploads are parsed only in an encapsulated scope that holds the upload routes
  // (created after the error handler and rate limiter so that it inherits both): the multipart
  // plugin adds two hooks to every request of the scope it is registered in.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024, files: 1, fields: 20 } });
    deps.uploadScope = scope;
  });

  // The health answer comes from a periodic probe, so load balancers polling it cost no query.
  let dbHealthy = true;
  const probe = async () => {
    try {
      await ping(handle.db);
      dbHealthy = true;
    } catch {
      dbHealthy = false;
    }
  };
  await probe();
  const timer = setInterval(probe, 5000);
  timer.unref();
  deps.onClose.push(() => clearInterval(timer));

  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      url: '/api/health',
      summary: { ja: '稼働状況', en: 'Health' },
      tags: ['platform'],
      access: { public: true },
      handler: ({ reply }) => {
        if (!dbHealthy) reply.code(503);
        return { status: dbHealthy ? 'ok' : 'degraded', db: handle.kind, version: packageVersion };
      },
    }),
  ]);

  await registerModules(app);

  let openapi: Record<string, unknown> | null = null;
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      url: '/api/openapi.json',
      summary: { ja: 'OpenAPI文書', en: 'The OpenAPI document' },
      tags: ['platform'],
      access: { public: true },
      handler: () => {
        openapi ??= buildOpenApi(deps.routes, packageVersion);
        return openapi;
      },
    }),
  ]);

  const clientDir = opts.clientDir ?? config.clientDir;
  const hasClient = existsSync(path.join(clientDir, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, {
      root: clientDir,
      prefix: '/',
      wildcard: false,
      index: false,
      // scripts/build.mjs writes .br and .gz beside each file; they are sent when the browser accepts them.
      preCompressed: true,
      setHeaders(reply, file) {
        // Vite names everything under assets/ by its content hash: such a name never changes meaning.
        if (file.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
        else reply.header('cache-control', 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0];
    if (url.startsWith('/api/') || url === '/api') {
      return sendProblem(
        req,
        reply,
        new AppError(404, 'route_not_found', {
          ja: `APIのパス「${req.method} ${url}」は存在しません。`,
          en: `No API route matches ${req.method} ${url}.`,
        }),
      );
    }
    if (hasClient && (req.method === 'GET' || req.method === 'HEAD')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(req, reply, new AppError(404, 'not_found', { ja: 'ページが見つかりません。', en: 'Page not found.' }));
  });

  return app;
}
