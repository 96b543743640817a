import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Db, DbHandle, DbKind } from '../db/database';
import type { Actor } from './context';
import type { AnyRoute } from './routes';

/**
 * Services that modules expose to each other. Each module adds its own entry by augmenting
 * this interface, and fills it in its register() function.
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by modules
export interface Services {}

/** Everything a route or service needs, built once in buildApp(). */
export interface AppDeps {
  config: Config;
  handle: DbHandle;
  db: Db;
  dbKind: DbKind;
  log: FastifyBaseLogger;
  routes: AnyRoute[];
  services: Services;
  authenticate(req: FastifyRequest): Promise<Actor | null>;
  isAllowedOrigin(origin: string, req: FastifyRequest): boolean;
  /** The encapsulated scope where multipart (upload) routes are mounted (see app.ts). */
  uploadScope?: FastifyInstance;
  /** Every method and URL mounted on the server (filled by an onRoute hook). */
  mounted: Array<{ method: string; url: string }>;
  /** Called on shutdown (schedulers, mail transports). */
  onClose: Array<() => Promise<void> | void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    /** Resolved once per request by deps.authenticate(). */
    actorCache?: Actor | null;
  }
}
