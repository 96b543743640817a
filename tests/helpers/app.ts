import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '@shared/permissions';
import { roleDef } from '@shared/permissions';
import { generate } from 'otplib';
import { buildApp } from '../../server/app';
import { type Config, loadConfig } from '../../server/config';
import type { DbHandle } from '../../server/db/database';
import { nowIso } from '../../server/db/sql';
import type { OrganizationsTable } from '../../server/db/schema';
import { newId, newToken, sha256 } from '../../server/platform/ids';
import { hashPassword } from '../../server/modules/identity/passwords';
import { invalidateDirectory } from '../../server/modules/tenancy/tenancy.service';
import { freshDatabase } from './db';

export const TEST_PASSWORD = 'correct horse battery staple 2026';
export const ORIGIN = 'http://127.0.0.1:3000';

let cachedHash: Promise<string> | null = null;
function passwordHash(): Promise<string> {
  cachedHash ??= hashPassword(TEST_PASSWORD, { memoryKiB: 19 * 1024, iterations: 2 });
  return cachedHash;
}

export interface TestApp {
  app: FastifyInstance;
  handle: DbHandle;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-test-'));
  const config = loadConfig({ SHIRUBE_DATA_DIR: dataDir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false', ...env });
  const handle = await freshDatabase();
  const app = await buildApp(config, { handle, logger: false });
  await app.ready();
  return {
    app,
    handle,
    config,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

export async function createOrg(
  app: FastifyInstance,
  fields: Partial<OrganizationsTable> = {},
): Promise<OrganizationsTable> {
  const now = nowIso();
  const row: OrganizationsTable = {
    id: newId(),
    kind: 'municipality',
    name: `テスト市${Math.random().toString(36).slice(2, 6)}`,
    nameKana: null,
    nameEn: null,
    lgCode: null,
    prefectureCode: '13',
    parentId: null,
    isDemo: 0,
    settings: '{}',
    status: 'active',
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  await app.deps.db.insertInto('organizations').values(row).execute();
  invalidateDirectory();
  return row;
}

export async function createUnit(app: FastifyInstance, tenantId: string, kind: 'department' | 'section', parentId: string | null = null, code?: string) {
  const now = nowIso();
  const id = newId();
  await app.deps.db
    .insertInto('orgUnits')
    .values({ tenantId, id, kind, parentId, code: code ?? `${kind[0].toUpperCase()}-${id.slice(-6)}`, name: `${kind === 'department' ? '部' : '課'}${id.slice(-4)}`, nameEn: null, sortOrder: 0, status: 'active', createdAt: now, updatedAt: now })
    .execute();
  return id;
}

export interface TestUser {
  id: string;
  tenantId: string;
  email: string;
  mfaSecret: string | null;
}

export async function createUser(
  app: FastifyInstance,
  tenantId: string,
  opts: { roles?: Array<Role | [Role, string]>; sectionId?: string | null; mfa?: boolean; email?: string; status?: 'active' | 'disabled' | 'invited'; mustChangePassword?: boolean } = {},
): Promise<TestUser> {
  const now = nowIso();
  const id = newId();
  const email = opts.email ?? `u${id.slice(-10)}@example.jp`;
  const secret = opts.mfa ? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' : null;
  await app.deps.db
    .insertInto('users')
    .values({
      tenantId,
      id,
      email,
      displayName: `利用者 ${id.slice(-4)}`,
      displayNameKana: null,
      sectionId: opts.sectionId ?? null,
      contractorId: null,
      employment: 'regular',
      passwordHash: await passwordHash(),
      status: opts.status ?? 'active',
      mustChangePassword: opts.mustChangePassword ? 1 : 0,
      passwordChangedAt: now,
      mfaSecret: secret ? app.deps.services.identity.secrets.seal(secret) : null,
      mfaPendingSecret: null,
      mfaEnabledAt: secret ? now : null,
      mfaLastStep: null,
      inviteTokenHash: null,
      inviteExpiresAt: null,
      lastLoginAt: null,
      disabledAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  for (const r of opts.roles ?? []) {
    const [role, scopeId] = Array.isArray(r) ? r : [r, null];
    await app.deps.db
      .insertInto('roleAssignments')
      .values({ tenantId, id: newId(), userId: id, role, scopeKind: roleDef(role).assignTo, scopeId, grantedBy: null, grantedAt: now, revokedBy: null, revokedAt: null })
      .execute();
  }
  return { id, tenantId, email, mfaSecret: secret };
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** A signed-in session created directly (MFA already passed), for tests that are not about signing in. */
export async function sessionFor(app: FastifyInstance, user: TestUser): Promise<Session> {
  const token = newToken();
  const csrf = newToken(24);
  const now = new Date();
  await app.deps.db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      tenantId: user.tenantId,
      userId: user.id,
      stage: 'full',
      csrfToken: csrf,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      ip: '127.0.0.1',
      userAgent: 'test',
      revokedAt: null,
    })
    .execute();
  const cookie = `shirube_sid=${token}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf, origin: ORIGIN, host: '127.0.0.1:3000' } };
}

/** Inject with a session's headers. */
export function as(app: FastifyInstance, s: Session | null, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { host: '127.0.0.1:3000', ...(s?.headers ?? {}), ...(opts.headers ?? {}) } });
}

export function totpNow(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** Pull the Set-Cookie session value from a response. */
export function sessionCookieFrom(res: LightMyRequestResponse): string | null {
  const c = res.cookies.find((x) => x.name === 'shirube_sid');
  return c ? `shirube_sid=${c.value}` : null;
}
