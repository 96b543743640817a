import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { watchClient } from './uploads';
import { z } from 'zod';
import type { Action } from '@shared/permissions';
import type { AppDeps } from './deps';
import { type Actor, type Ctx, can, requestCtx } from './context';
import { AppError, type Bilingual, err, zodToFieldErrors } from './errors';

/**
 * Every API route is declared here with its access policy. The registry is the single source
 * for the authorization-matrix test and for the OpenAPI document.
 */

export type Access =
  /** Anyone, signed in or not (health, sign-in, the published basic policy). */
  | { public: true }
  /** Any signed-in user; `incomplete` lets users still enrolling MFA or changing a password through. */
  | { signedIn: true; incomplete?: boolean }
  /** Users whose roles grant the action (and API tokens scoped to it). */
  | { action: Action };

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HandlerInput<P, Q, B> {
  req: FastifyRequest;
  reply: FastifyReply;
  deps: AppDeps;
  /** Present on every route that is not public. */
  ctx: Ctx;
  actor: Actor;
  params: P;
  query: Q;
  body: B;
}

export interface PublicHandlerInput<P, Q, B> extends Omit<HandlerInput<P, Q, B>, 'ctx' | 'actor'> {
  ctx: Ctx | null;
  actor: Actor | null;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown, A extends Access = Access> {
  method: Method;
  url: string;
  summary: Bilingual;
  tags: string[];
  access: A;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Documentation of the success response (not enforced at run time). */
  response?: z.ZodType;
  /** multipart/form-data upload: the handler reads the parts itself. */
  multipart?: boolean;
  /** Response content types other than JSON (downloads). */
  produces?: string[];
  /** Skip the CSRF check (only for routes that create the session: sign-in, setup). */
  noCsrf?: boolean;
  rateLimit?: { max: number; timeWindow: string };
  /** Public routes get a null ctx and actor; every other route gets both. */
  handler(input: A extends { public: true } ? PublicHandlerInput<P, Q, B> : HandlerInput<P, Q, B>): Promise<unknown> | unknown;
}

export function defineRoute<P = unknown, Q = unknown, B = unknown, const A extends Access = Access>(
  def: RouteDef<P, Q, B, A>,
): RouteDef<P, Q, B, A> {
  return def;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds routes of every input shape
export type AnyRoute = RouteDef<any, any, any, any>;

/** The registered routes of an app instance. */
export function routeRegistry(app: FastifyInstance): AnyRoute[] {
  return app.deps.routes;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function mfaRequired(actor: Actor): AppError {
  const messages: Record<Exclude<Actor['stage'], 'full'>, Bilingual> = {
    enroll: {
      ja: '多要素認証（MFA）の登録が必要です。登録が終わるまで他の操作はできません。',
      en: 'You must enrol in multi-factor authentication before doing anything else.',
    },
    mfa: {
      ja: '多要素認証の確認コードを入力してください。',
      en: 'Enter your multi-factor authentication code.',
    },
    password: {
      ja: 'パスワードの変更が必要です。',
      en: 'You must change your password first.',
    },
  };
  const stage = actor.stage as Exclude<Actor['stage'], 'full'>;
  return new AppError(403, stage === 'password' ? 'password_change_required' : 'mfa_required', messages[stage], [], {
    stage,
  });
}

/** Origin check plus the per-session token in X-CSRF-Token. Tokens (Bearer) are not cookie-borne and skip it. */
function checkCsrf(req: FastifyRequest, deps: AppDeps, actor: Actor): void {
  if (actor.via !== 'session') return;
  const origin = req.headers.origin;
  if (origin !== undefined && !deps.isAllowedOrigin(origin, req)) {
    throw new AppError(403, 'csrf_origin', {
      ja: '別のサイトからの送信は受け付けません。',
      en: 'Requests from another origin are refused.',
    });
  }
  if (origin === undefined && req.headers['sec-fetch-site'] === 'cross-site') {
    throw new AppError(403, 'csrf_origin', {
      ja: '別のサイトからの送信は受け付けません。',
      en: 'Requests from another origin are refused.',
    });
  }
  const token = req.headers['x-csrf-token'];
  if (typeof token !== 'string' || !actor.csrfToken || token !== actor.csrfToken) {
    throw new AppError(403, 'csrf_token', {
      ja: '画面の有効期限が切れました。画面を再読み込みしてから操作してください。',
      en: 'The page has expired. Reload it and try again.',
    });
  }
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}), { reportInput: true });
  if (r.success) return r.data;
  throw err.validation(zodToFieldErrors(r.error, where === 'body' ? undefined : where).map(stripInput));
}

function stripInput<T extends object>(d: T): T {
  const { input: _drop, ...rest } = d as T & { input?: unknown };
  return rest as T;
}

export function registerRoutes(app: FastifyInstance, defs: AnyRoute[]): void {
  const deps = app.deps;
  for (const def of defs) {
    deps.routes.push(def);
    const target = def.multipart && deps.uploadScope ? deps.uploadScope : app;
    target.route({
      method: def.method,
      url: def.url,
      config: def.rateLimit ? { rateLimit: def.rateLimit } : {},
      handler: async (req, reply) => {
        let actor: Actor | null = null;
        if (!('public' in def.access)) {
          actor = await deps.authenticate(req);
          if (!actor) throw err.unauthenticated();
          const incompleteOk = 'signedIn' in def.access && def.access.incomplete === true;
          if (actor.stage !== 'full' && !incompleteOk) throw mfaRequired(actor);
          if (UNSAFE.has(def.method) && !def.noCsrf) checkCsrf(req, deps, actor);
          if ('action' in def.access && !can(actor, def.access.action)) throw err.forbidden();
        } else if (UNSAFE.has(def.method) && !def.noCsrf) {
          // Public writes that act on an existing session (sign-out) still need the Origin check.
          const origin = req.headers.origin;
          if (origin !== undefined && !deps.isAllowedOrigin(origin, req)) {
            throw new AppError(403, 'csrf_origin', {
              ja: '別のサイトからの送信は受け付けません。',
              en: 'Requests from another origin are refused.',
            });
          }
        }
        const params = parsePart(def.params, req.params, 'params');
        const query = parsePart(def.query, req.query, 'query');
        const body = def.multipart ? (undefined as unknown) : parsePart(def.body, req.body, 'body');
        const ctx = actor ? requestCtx(req, actor) : null;
        if (def.multipart) watchClient(req, reply);
        const result = await def.handler({ req, reply, deps, ctx: ctx as Ctx, actor: actor as Actor, params, query, body } as never);
        if (reply.sent) return reply;
        if (result === undefined) return reply.code(204).send();
        return result;
      },
    });
  }
}

// ---- OpenAPI -------------------------------------------------------------------------------

function toSchema(s: z.ZodType | undefined): Record<string, unknown> | undefined {
  if (!s) return undefined;
  try {
    const json = z.toJSONSchema(s, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<
      string,
      unknown
    >;
    delete json.$schema;
    return json;
  } catch {
    return { type: 'object' };
  }
}

export function buildOpenApi(defs: AnyRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = { $ref: '#/components/schemas/Problem' };
  for (const def of defs) {
    const path = def.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      summary: def.summary.ja,
      description: def.summary.en,
      tags: def.tags,
      operationId: `${def.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      'x-access':
        'public' in def.access ? 'public' : 'signedIn' in def.access ? 'signed-in' : `action:${def.access.action}`,
      security: 'public' in def.access ? [] : [{ session: [] }, { bearer: [] }],
      responses: {
        '200': {
          description: 'OK',
          content: def.produces
            ? Object.fromEntries(def.produces.map((t) => [t, {}]))
            : { 'application/json': { schema: toSchema(def.response) ?? {} } },
        },
        '400': { description: 'Validation failed', content: { 'application/problem+json': { schema: problem } } },
        ...('public' in def.access
          ? {}
          : {
              '401': { description: 'Not signed in', content: { 'application/problem+json': { schema: problem } } },
              '403': { description: 'Not permitted', content: { 'application/problem+json': { schema: problem } } },
            }),
        '404': { description: 'Not found', content: { 'application/problem+json': { schema: problem } } },
      },
    };
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', def.params],
      ['query', def.query],
    ] as const) {
      const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
      for (const [name, s] of Object.entries(json?.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json?.required ?? []).includes(name), schema: s });
      }
    }
    if (parameters.length) op.parameters = parameters;
    if (def.multipart) {
      op.requestBody = { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } };
    } else if (def.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(def.body) } } };
    }
    paths[path] ??= {};
    paths[path][def.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Shirube API',
      version,
      description:
        'しるべ（Shirube）のJSON API。エラーは RFC 9457 の problem+json で返り、code と日本語・英語のメッセージを含みます。',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'shirube_sid' },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (shr_…)' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code', 'messages'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            messages: { type: 'object', properties: { ja: { type: 'string' }, en: { type: 'string' } } },
            errors: { type: 'array', items: { type: 'object' } },
            requestId: { type: 'string' },
          },
        },
      },
    },
  };
}
