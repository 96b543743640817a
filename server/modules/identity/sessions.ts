import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Compilable } from 'kysely';
import type { Action } from '@shared/permissions';
import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { fromJson, nowIso } from '../../db/sql';
import { appendAuditStandalone } from '../../platform/audit';
import { type Actor, type AuthStage, type RoleAssignment, holdsAdminRole } from '../../platform/context';
import { newToken, sha256 } from '../../platform/ids';
import type { SessionsTable, UsersTable } from './identity.tables';

/**
 * Server-side sessions: the browser holds an opaque random id in an HttpOnly, SameSite=Strict
 * cookie; the database holds only its SHA-256. Idle and absolute timeouts are enforced here.
 */

export const SESSION_COOKIE = 'shirube_sid';

/**
 * Resolved sessions and tokens are kept for a few seconds (SHIRUBE_SESSION_CACHE_MS), so a page
 * that fires several API calls costs one lookup. Every revocation path in this process drops the
 * affected entries at once (forgetSessions); other server processes on the same PostgreSQL see a
 * revocation within the cache lifetime. Idle and absolute timeouts are still checked on each hit.
 */
interface CachedActor {
  actor: Actor;
  tenantId: string;
  userId: string;
  until: number;
  lastSeen: number;
  touched: number;
  expiresAt: number;
}

const caches = new Set<Map<string, CachedActor>>();

export function forgetSessions(match: { tenantId: string; userId?: string; sessionId?: string; tokenId?: string }): void {
  for (const cache of caches) {
    for (const [key, e] of cache) {
      if (e.tenantId !== match.tenantId) continue;
      if (match.userId && e.userId !== match.userId) continue;
      if (match.sessionId && e.actor.sessionId !== match.sessionId) continue;
      if (match.tokenId && e.actor.tokenId !== match.tokenId) continue;
      cache.delete(key);
    }
  }
}
export const TOKEN_PREFIX = 'shr_';
const TOUCH_EVERY_MS = 60_000;

export function cookieOptions(req: FastifyRequest, config: Config) {
  const secure = req.protocol === 'https' || (config.SHIRUBE_PUBLIC_URL ?? '').startsWith('https:');
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure };
}

export async function loadAssignments(db: Db, tenantId: string, userId: string): Promise<RoleAssignment[]> {
  const rows = await db
    .selectFrom('roleAssignments')
    .select(['id', 'role', 'scopeKind', 'scopeId'])
    .where('tenantId', '=', tenantId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .execute();
  return rows;
}

const PLACEHOLDER = '\u0000lookup';
const ASSIGNMENT_COLUMNS = ['r.id as assignmentId', 'r.role', 'r.scopeKind', 'r.scopeId'] as const;

/** The role assignments of a joined lookup: one row per assignment, none when the left join found nothing. */
function assignmentsOf(
  rows: { assignmentId: string | null; role: RoleAssignment['role'] | null; scopeKind: RoleAssignment['scopeKind'] | null; scopeId: string | null }[],
): RoleAssignment[] {
  const out: RoleAssignment[] = [];
  for (const r of rows) if (r.assignmentId !== null && r.role !== null && r.scopeKind !== null) out.push({ id: r.assignmentId, role: r.role, scopeKind: r.scopeKind, scopeId: r.scopeId });
  return out;
}

/**
 * The organisation's MFA requirement, read from its settings without the full schema parse (this
 * runs on every request); it agrees with orgSettings(): only a literal true requires MFA of all.
 */
function mfaRequiredForAll(settings: string | null): boolean {
  const parsed = fromJson<Record<string, unknown> | null>(settings, null);
  return parsed !== null && typeof parsed === 'object' && parsed.mfaRequiredForAll === true;
}

/** What the user must still do before the session is fully usable. */
export function stageFor(
  sessionStage: SessionsTable['stage'],
  user: Pick<UsersTable, 'mustChangePassword' | 'mfaEnabledAt'>,
  assignments: RoleAssignment[],
  mfaRequiredForAll: boolean,
): AuthStage {
  if (sessionStage === 'mfa') return 'mfa';
  if (!user.mfaEnabledAt && (holdsAdminRole(assignments) || mfaRequiredForAll)) return 'enroll';
  if (user.mustChangePassword === 1) return 'password';
  return 'full';
}

export interface NewSession {
  token: string;
  id: string;
  csrfToken: string;
}

export async function createSession(
  db: Db,
  config: Config,
  user: Pick<UsersTable, 'tenantId' | 'id'>,
  stage: SessionsTable['stage'],
  req: FastifyRequest,
): Promise<NewSession> {
  const token = newToken();
  const id = sha256(token);
  const now = new Date();
  const csrfToken = newToken(24);
  await db
    .insertInto('sessions')
    .values({
      id,
      tenantId: user.tenantId,
      userId: user.id,
      stage,
      csrfToken,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + config.SHIRUBE_SESSION_ABSOLUTE_HOURS * 3_600_000).toISOString(),
      ip: req.ip,
      userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300),
      revokedAt: null,
    })
    .execute();
  return { token, id, csrfToken };
}

export function setSessionCookie(reply: FastifyReply, req: FastifyRequest, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(req, config));
}

export function clearSessionCookie(reply: FastifyReply, req: FastifyRequest, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(req, config));
}

/**
 * Replace the current session with a fresh id (after sign-in steps and privilege changes), so
 * an id seen before the change is worthless after it. The absolute expiry carries over.
 */
export async function rotateSession(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  actor: Actor,
  stage: SessionsTable['stage'],
): Promise<NewSession> {
  const old = actor.sessionId
    ? await db.selectFrom('sessions').selectAll().where('id', '=', actor.sessionId).executeTakeFirst()
    : undefined;
  const fresh = await db.transaction().execute(async (trx) => {
    if (old) {
      await trx.updateTable('sessions').set({ revokedAt: nowIso() }).where('id', '=', old.id).execute();
      forgetSessions({ tenantId: actor.tenantId, sessionId: old.id });
    }
    const s = await createSession(trx, config, { tenantId: actor.tenantId, id: actor.userId }, stage, req);
    if (old) await trx.updateTable('sessions').set({ expiresAt: old.expiresAt, createdAt: old.createdAt }).where('id', '=', s.id).execute();
    return s;
  });
  setSessionCookie(reply, req, config, fresh.token);
  return fresh;
}

export async function revokeSessionsOfUser(db: Db, tenantId: string, userId: string, exceptId?: string): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revokedAt: nowIso() })
    .where('tenantId', '=', tenantId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const r = await q.executeTakeFirst();
  forgetSessions({ tenantId, userId });
  return Number(r.numUpdatedRows);
}

function parseBearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

/** Resolve the request's actor from its session cookie or API token; null when there is none or it has expired. */
export function makeAuthenticator(db: Db, config: Config, parseCookie: (header: string) => Record<string, string | undefined>) {
  const idleMs = config.SHIRUBE_SESSION_IDLE_MINUTES * 60_000;
  const ttl = config.SHIRUBE_SESSION_CACHE_MS;
  const cache = new Map<string, CachedActor>();
  caches.add(cache);

  // The uncached path is one query per request: the session (or token), its user, the
  // organisation and the user's live role assignments, joined (one row per assignment). The query
  // is built and compiled once; each request only binds the hashed id (see reusable()).
  const sessionLookup = reusable(
    db
      .selectFrom('sessions as s')
      .innerJoin('users as u', (j) => j.onRef('u.tenantId', '=', 's.tenantId').onRef('u.id', '=', 's.userId'))
      .innerJoin('organizations as o', 'o.id', 's.tenantId')
      .leftJoin('roleAssignments as r', (j) => j.onRef('r.tenantId', '=', 's.tenantId').onRef('r.userId', '=', 's.userId').on('r.revokedAt', 'is', null))
      .select([
        's.id as sessionId',
        's.tenantId',
        's.userId',
        's.stage',
        's.csrfToken',
        's.lastSeenAt',
        's.expiresAt',
        's.revokedAt',
        'u.email',
        'u.displayName',
        'u.sectionId',
        'u.status',
        'u.mustChangePassword',
        'u.mfaEnabledAt',
        'o.kind as orgKind',
        'o.settings as orgSettings',
        ...ASSIGNMENT_COLUMNS,
      ])
      .where('s.id', '=', PLACEHOLDER),
  );
  const tokenLookup = reusable(
    db
      .selectFrom('apiTokens as t')
      .innerJoin('users as u', (j) => j.onRef('u.tenantId', '=', 't.tenantId').onRef('u.id', '=', 't.userId'))
      .innerJoin('organizations as o', 'o.id', 't.tenantId')
      .leftJoin('roleAssignments as r', (j) => j.onRef('r.tenantId', '=', 't.tenantId').onRef('r.userId', '=', 't.userId').on('r.revokedAt', 'is', null))
      .select([
        't.id as tokenId',
        't.tenantId',
        't.userId',
        't.actions',
        't.expiresAt',
        't.revokedAt',
        't.lastUsedAt',
        'u.email',
        'u.displayName',
        'u.sectionId',
        'u.status',
        'o.kind as orgKind',
        ...ASSIGNMENT_COLUMNS,
      ])
      .where('t.tokenHash', '=', PLACEHOLDER),
  );

  /** Run a query compiled once with a different value for its single parameter. */
  function reusable<R>(q: Compilable<R>): (value: string) => Promise<R[]> {
    const compiled = q.compile();
    if (compiled.parameters.length !== 1 || compiled.parameters[0] !== PLACEHOLDER) throw new Error('a reusable lookup takes exactly one parameter');
    return async (value) => (await db.executeQuery<R>({ ...compiled, parameters: [value] })).rows;
  }

  function remember(key: string, actor: Actor, lastSeen: number, expiresAt: number): void {
    if (ttl <= 0) return;
    if (cache.size >= 10_000) cache.clear();
    const now = Date.now();
    cache.set(key, { actor, tenantId: actor.tenantId, userId: actor.userId, until: now + ttl, lastSeen, touched: lastSeen, expiresAt });
  }

  /** A cached actor still within its cache lifetime and its session's timeouts, or undefined. */
  async function recall(key: string): Promise<Actor | undefined> {
    const e = cache.get(key);
    if (!e) return undefined;
    const now = Date.now();
    if (e.until <= now || e.expiresAt <= now || (e.actor.via === 'session' && e.lastSeen + idleMs <= now)) {
      cache.delete(key);
      return undefined;
    }
    e.lastSeen = now;
    if (e.actor.via === 'session' && now - e.touched > TOUCH_EVERY_MS) {
      e.touched = now;
      await db.updateTable('sessions').set({ lastSeenAt: new Date(now).toISOString() }).where('id', '=', key).execute();
    }
    return e.actor;
  }

  async function viaToken(raw: string): Promise<Actor | null> {
    if (!raw.startsWith(TOKEN_PREFIX)) return null;
    const key = `token:${sha256(raw)}`;
    const hit = await recall(key);
    if (hit) return hit;
    const rows = await tokenLookup(sha256(raw));
    const row = rows[0];
    const now = new Date();
    if (!row || row.revokedAt || row.status !== 'active' || new Date(row.expiresAt) <= now) return null;
    const assignments = assignmentsOf(rows);
    if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > 3_600_000) {
      // Token use is a security event; it is recorded at most once an hour per token.
      await db.updateTable('apiTokens').set({ lastUsedAt: now.toISOString() }).where('tenantId', '=', row.tenantId).where('id', '=', row.tokenId).execute();
      await appendAuditStandalone(
        db,
        { tenantId: row.tenantId, actorId: row.userId, actorLabel: `${row.email} (token)` },
        { action: 'token.use', targetType: 'apiToken', targetId: row.tokenId },
      );
    }
    const actor: Actor = {
      via: 'token',
      userId: row.userId,
      tenantId: row.tenantId,
      orgKind: row.orgKind,
      email: row.email,
      displayName: row.displayName,
      sectionId: row.sectionId,
      assignments,
      stage: 'full',
      tokenId: row.tokenId,
      tokenActions: new Set(fromJson<Action[]>(row.actions, [])),
    };
    // Token use is audited at most hourly; the cache lifetime is far shorter.
    remember(key, actor, now.getTime(), new Date(row.expiresAt).getTime());
    return actor;
  }

  async function viaCookie(raw: string): Promise<Actor | null> {
    const id = sha256(raw);
    const hit = await recall(id);
    if (hit) return hit;
    const rows = await sessionLookup(id);
    const row = rows[0];
    if (!row || row.revokedAt || row.status !== 'active') return null;
    const now = Date.now();
    const lastSeen = new Date(row.lastSeenAt).getTime();
    if (new Date(row.expiresAt).getTime() <= now || lastSeen + idleMs <= now) return null;
    let touched = lastSeen;
    if (now - lastSeen > TOUCH_EVERY_MS) {
      await db.updateTable('sessions').set({ lastSeenAt: new Date(now).toISOString() }).where('id', '=', id).execute();
      touched = now;
    }
    const assignments = assignmentsOf(rows);
    const stage = stageFor(row.stage, row, assignments, mfaRequiredForAll(row.orgSettings));
    const actor: Actor = {
      via: 'session',
      userId: row.userId,
      tenantId: row.tenantId,
      orgKind: row.orgKind,
      email: row.email,
      displayName: row.displayName,
      sectionId: row.sectionId,
      assignments,
      stage,
      sessionId: row.sessionId,
      csrfToken: row.csrfToken,
    };
    remember(id, actor, now, new Date(row.expiresAt).getTime());
    const entry = cache.get(id);
    if (entry) entry.touched = touched;
    return actor;
  }

  return async function authenticate(req: FastifyRequest): Promise<Actor | null> {
    if (req.actorCache !== undefined) return req.actorCache;
    const bearer = parseBearer(req);
    let actor: Actor | null = null;
    if (bearer) actor = await viaToken(bearer);
    else {
      const header = req.headers.cookie;
      const cookie = header ? parseCookie(header)[SESSION_COOKIE] : undefined;
      if (cookie) actor = await viaCookie(cookie);
    }
    req.actorCache = actor;
    return actor;
  };
}
