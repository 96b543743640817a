import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ACTIONS, type Action, ROLES } from '@shared/permissions';
import { lgCodeProblem, LG_CODE_MESSAGES } from '@shared/lgcode';
import type { Db } from '../../db/database';
import { fromJson, nowIso, toJson } from '../../db/sql';
import { PLATFORM_TENANT, appendAudit, appendAuditStandalone } from '../../platform/audit';
import { type Actor, can, grantFor } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, err } from '../../platform/errors';
import { newId, newToken, sha256 } from '../../platform/ids';
import { getOrganization, invalidateDirectory, orgSettings, presentOrganization } from '../tenancy/tenancy.service';
import { checkTotp, enrolmentPayload, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from './mfa';
import { dummyHash, hashPassword, MAX_PASSWORD_LENGTH, passwordProblem, verifyPassword } from './passwords';
import type { SecretBox } from './secrets';
import {
  TOKEN_PREFIX,
  clearSessionCookie,
  createSession,
  forgetSessions,
  loadAssignments,
  revokeSessionsOfUser,
  rotateSession,
  setSessionCookie,
  stageFor,
} from './sessions';
import { accountKey, addressKey, clearFailures, lockedUntil, recordFailure } from './throttle';

export interface IdentityService {
  secrets: SecretBox;
  passwordCost: { memoryKiB: number; iterations: number };
}

declare module '../../platform/deps' {
  interface Services {
    identity: IdentityService;
  }
}

const GENERIC_FAILURE = new AppError(401, 'invalid_credentials', {
  ja: 'メールアドレスまたはパスワードが正しくありません。',
  en: 'The e-mail address or password is incorrect.',
});

function lockedError(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    429,
    'account_locked',
    {
      ja: `サインインの失敗が続いたため、一時的にロックしています。約${minutes}分後に再度お試しください。`,
      en: `Too many failed sign-ins. Try again in about ${minutes} minute(s).`,
    },
    [],
    { retryAfterMinutes: minutes },
  );
}

export const PasswordField = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const LoginInput = z.object({ email: z.string().trim().min(1).max(254), password: PasswordField }).strict();

export async function login(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, input: z.infer<typeof LoginInput>) {
  const { db, config } = deps;
  const email = input.email.toLowerCase();
  const keys = [accountKey(email), addressKey(req.ip)];
  const locked = await lockedUntil(db, keys);
  if (locked) throw lockedError(locked);

  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  let ok = false;
  if (user) ok = await verifyPassword(user.passwordHash, input.password);
  // Unknown e-mail: verify against a dummy hash anyway, so the answer takes as long as a real one.
  else await verifyPassword(await dummyHash(deps.services.identity.passwordCost), input.password);

  if (!user || !ok || user.status !== 'active') {
    const lockA = await recordFailure(db, config, keys[0], false);
    const lockB = await recordFailure(db, config, keys[1], true);
    await appendAuditStandalone(
      db,
      { tenantId: user?.tenantId ?? PLATFORM_TENANT, actorId: user?.id ?? null, actorLabel: email, requestId: req.id, ip: req.ip },
      {
        action: 'auth.sign_in_failed',
        targetType: 'user',
        targetId: user?.id ?? null,
        changes: { reason: !user ? 'unknown_user' : !ok ? 'bad_password' : `status_${user.status}`, locked: Boolean(lockA || lockB) },
      },
    );
    if (lockA || lockB) throw lockedError((lockA ?? lockB) as Date);
    throw GENERIC_FAILURE;
  }

  await clearFailures(db, keys[0]);
  const assignments = await loadAssignments(db, user.tenantId, user.id);
  const org = await getOrganization(db, user.tenantId);
  const sessionStage = user.mfaEnabledAt ? 'mfa' : 'full';
  const session = await db.transaction().execute(async (trx) => {
    const s = await createSession(trx, config, user, sessionStage, req);
    await trx.updateTable('users').set({ lastLoginAt: nowIso() }).where('tenantId', '=', user.tenantId).where('id', '=', user.id).execute();
    await appendAudit(
      trx,
      { tenantId: user.tenantId, actorId: user.id, actorLabel: user.email, requestId: req.id, ip: req.ip },
      { action: user.mfaEnabledAt ? 'auth.password_ok' : 'auth.sign_in', targetType: 'user', targetId: user.id },
    );
    return s;
  });
  setSessionCookie(reply, req, config, session.token);
  const stage = stageFor(sessionStage, user, assignments, orgSettings(org).mfaRequiredForAll);
  return { stage, csrfToken: session.csrfToken };
}

export const CodeInput = z.object({ code: z.string().trim().min(6).max(20) }).strict();

export async function verifyMfa(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, actor: Actor, code: string) {
  const { db, config } = deps;
  if (actor.stage !== 'mfa') {
    throw err.conflict('mfa_not_pending', { ja: '確認コードの入力は必要ありません。', en: 'No code is expected now.' });
  }
  const key = accountKey(actor.email);
  const locked = await lockedUntil(db, [key, addressKey(req.ip)]);
  if (locked) throw lockedError(locked);
  const user = await db.selectFrom('users').selectAll().where('tenantId', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const secret = user.mfaSecret ? deps.services.identity.secrets.open(user.mfaSecret) : null;
  const step = secret ? await checkTotp(secret, code.replace(/\s/g, ''), user.mfaLastStep) : null;
  const audit = { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip };
  if (step === null) {
    const lock = await recordFailure(db, config, key, false);
    await appendAuditStandalone(db, audit, { action: 'auth.mfa_failed', targetType: 'user', targetId: actor.userId });
    if (lock) throw lockedError(lock);
    throw new AppError(401, 'mfa_invalid', {
      ja: '確認コードが正しくないか、既に使われています。',
      en: 'The code is wrong or has already been used.',
    });
  }
  await clearFailures(db, key);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ mfaLastStep: step }).where('tenantId', '=', actor.tenantId).where('id', '=', actor.userId).execute();
    await appendAudit(trx, audit, { action: 'auth.sign_in', targetType: 'user', targetId: actor.userId, changes: { mfa: 'totp' } });
  });
  const s = await rotateSession(db, req, reply, config, actor, 'full');
  return { stage: await currentStage(deps, actor.tenantId, actor.userId, 'full'), csrfToken: s.csrfToken };
}

export async function useRecoveryCode(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, actor: Actor, code: string) {
  const { db, config } = deps;
  if (actor.stage !== 'mfa') {
    throw err.conflict('mfa_not_pending', { ja: '確認コードの入力は必要ありません。', en: 'No code is expected now.' });
  }
  const key = accountKey(actor.email);
  const locked = await lockedUntil(db, [key, addressKey(req.ip)]);
  if (locked) throw lockedError(locked);
  const audit = { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip };
  const used = await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('recoveryCodes')
      .set({ usedAt: nowIso() })
      .where('tenantId', '=', actor.tenantId)
      .where('userId', '=', actor.userId)
      .where('codeHash', '=', hashRecoveryCode(code))
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    const left = await trx
      .selectFrom('recoveryCodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', actor.tenantId)
      .where('userId', '=', actor.userId)
      .where('usedAt', 'is', null)
      .executeTakeFirstOrThrow();
    await appendAudit(trx, audit, {
      action: 'auth.recovery_code_used',
      targetType: 'user',
      targetId: actor.userId,
      changes: { remaining: Number(left.n) },
    });
    return true;
  });
  if (!used) {
    const lock = await recordFailure(db, config, key, false);
    await appendAuditStandalone(db, audit, { action: 'auth.mfa_failed', targetType: 'user', targetId: actor.userId, changes: { via: 'recovery' } });
    if (lock) throw lockedError(lock);
    throw new AppError(401, 'recovery_invalid', {
      ja: '回復コードが正しくないか、既に使われています。',
      en: 'The recovery code is wrong or has already been used.',
    });
  }
  await clearFailures(db, key);
  const s = await rotateSession(db, req, reply, config, actor, 'full');
  return { stage: await currentStage(deps, actor.tenantId, actor.userId, 'full'), csrfToken: s.csrfToken };
}

async function currentStage(deps: AppDeps, tenantId: string, userId: string, sessionStage: 'full' | 'mfa') {
  const user = await deps.db.selectFrom('users').selectAll().where('tenantId', '=', tenantId).where('id', '=', userId).executeTakeFirstOrThrow();
  const org = await getOrganization(deps.db, tenantId);
  return stageFor(sessionStage, user, await loadAssignments(deps.db, tenantId, userId), orgSettings(org).mfaRequiredForAll);
}

export async function startEnrolment(deps: AppDeps, actor: Actor) {
  if (actor.stage === 'mfa') throw err.forbidden();
  const secret = newTotpSecret();
  await deps.db
    .updateTable('users')
    .set({ mfaPendingSecret: deps.services.identity.secrets.seal(secret), updatedAt: nowIso() })
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', actor.userId)
    .execute();
  const org = await getOrganization(deps.db, actor.tenantId);
  return enrolmentPayload(secret, `${org.name}:${actor.email}`);
}

export async function confirmEnrolment(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, actor: Actor, code: string) {
  const { db, config } = deps;
  if (actor.stage === 'mfa') throw err.forbidden();
  const user = await db.selectFrom('users').selectAll().where('tenantId', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!user.mfaPendingSecret) {
    throw err.conflict('mfa_enrolment_not_started', {
      ja: '先にQRコードを表示して登録を始めてください。',
      en: 'Start enrolment first to get a QR code.',
    });
  }
  const secret = deps.services.identity.secrets.open(user.mfaPendingSecret);
  const step = await checkTotp(secret, code.replace(/\s/g, ''), null);
  if (step === null) {
    throw new AppError(400, 'mfa_invalid', {
      ja: '確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。',
      en: 'The code is wrong. Enter the 6 digits shown in your authenticator app.',
    });
  }
  const codes = newRecoveryCodes();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ mfaSecret: user.mfaPendingSecret, mfaPendingSecret: null, mfaEnabledAt: now, mfaLastStep: step, updatedAt: now })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', actor.userId)
      .execute();
    await trx.deleteFrom('recoveryCodes').where('tenantId', '=', actor.tenantId).where('userId', '=', actor.userId).execute();
    await trx
      .insertInto('recoveryCodes')
      .values(codes.map((c) => ({ tenantId: actor.tenantId, id: newId(), userId: actor.userId, codeHash: hashRecoveryCode(c), usedAt: null, createdAt: now })))
      .execute();
    await appendAudit(
      trx,
      { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip },
      { action: 'mfa.enrol', targetType: 'user', targetId: actor.userId },
    );
  });
  forgetSessions({ tenantId: actor.tenantId, userId: actor.userId });
  // Enrolment raises what the session may do: give it a new id.
  const s = await rotateSession(db, req, reply, config, actor, 'full');
  return { recoveryCodes: codes, stage: await currentStage(deps, actor.tenantId, actor.userId, 'full'), csrfToken: s.csrfToken };
}

export async function regenerateRecoveryCodes(deps: AppDeps, req: FastifyRequest, actor: Actor, code: string) {
  const { db } = deps;
  const user = await db.selectFrom('users').selectAll().where('tenantId', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!user.mfaSecret) throw err.conflict('mfa_not_enrolled', { ja: '多要素認証が登録されていません。', en: 'MFA is not enrolled.' });
  const step = await checkTotp(deps.services.identity.secrets.open(user.mfaSecret), code, user.mfaLastStep);
  if (step === null) throw new AppError(400, 'mfa_invalid', { ja: '確認コードが正しくありません。', en: 'The code is wrong.' });
  const codes = newRecoveryCodes();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ mfaLastStep: step }).where('tenantId', '=', actor.tenantId).where('id', '=', actor.userId).execute();
    await trx.deleteFrom('recoveryCodes').where('tenantId', '=', actor.tenantId).where('userId', '=', actor.userId).execute();
    await trx
      .insertInto('recoveryCodes')
      .values(codes.map((c) => ({ tenantId: actor.tenantId, id: newId(), userId: actor.userId, codeHash: hashRecoveryCode(c), usedAt: null, createdAt: now })))
      .execute();
    await appendAudit(
      trx,
      { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip },
      { action: 'mfa.recovery_codes_regenerated', targetType: 'user', targetId: actor.userId },
    );
  });
  return { recoveryCodes: codes };
}

export const PasswordChangeInput = z.object({ currentPassword: PasswordField, newPassword: PasswordField }).strict();

export async function changePassword(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, actor: Actor, input: z.infer<typeof PasswordChangeInput>) {
  const { db, config } = deps;
  const user = await db.selectFrom('users').selectAll().where('tenantId', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw err.validation([{ field: 'currentPassword', code: 'wrong_password', message: { ja: '現在のパスワードが正しくありません。', en: 'The current password is wrong.' } }]);
  }
  const problem = passwordProblem(input.newPassword, { email: user.email });
  if (problem) throw err.validation([{ field: 'newPassword', code: 'weak_password', message: problem }]);
  if (await verifyPassword(user.passwordHash, input.newPassword)) {
    throw err.validation([{ field: 'newPassword', code: 'same_password', message: { ja: '現在と同じパスワードは使えません。', en: 'Choose a password different from the current one.' } }]);
  }
  const hashed = await hashPassword(input.newPassword, deps.services.identity.passwordCost);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ passwordHash: hashed, mustChangePassword: 0, passwordChangedAt: now, updatedAt: now })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', actor.userId)
      .execute();
    // Other sessions of this user end: whoever knew the old password is out.
    await revokeSessionsOfUser(trx, actor.tenantId, actor.userId, actor.sessionId);
    await appendAudit(
      trx,
      { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip },
      { action: 'auth.password_changed', targetType: 'user', targetId: actor.userId },
    );
  });
  const s = await rotateSession(db, req, reply, config, actor, 'full');
  return { stage: await currentStage(deps, actor.tenantId, actor.userId, 'full'), csrfToken: s.csrfToken };
}

export async function logout(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, actor: Actor | null, everywhere: boolean) {
  clearSessionCookie(reply, req, deps.config);
  if (actor?.via !== 'session') return { ok: true };
  await deps.db.transaction().execute(async (trx) => {
    if (everywhere) await revokeSessionsOfUser(trx, actor.tenantId, actor.userId);
    else {
      await trx.updateTable('sessions').set({ revokedAt: nowIso() }).where('id', '=', actor.sessionId as string).execute();
      forgetSessions({ tenantId: actor.tenantId, sessionId: actor.sessionId });
    }
    await appendAudit(
      trx,
      { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip },
      { action: everywhere ? 'auth.sign_out_everywhere' : 'auth.sign_out', targetType: 'user', targetId: actor.userId },
    );
  });
  return { ok: true };
}

/** What the client needs to render the shell: who, where, what they may do. */
export async function describeSelf(deps: AppDeps, actor: Actor) {
  const org = await getOrganization(deps.db, actor.tenantId);
  const user = await deps.db.selectFrom('users').selectAll().where('tenantId', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const permissions: Partial<Record<Action, true>> = {};
  for (const a of ACTIONS) if (can(actor, a.id)) permissions[a.id] = true;
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      sectionId: user.sectionId,
      mfaEnabled: Boolean(user.mfaEnabledAt),
      mustChangePassword: user.mustChangePassword === 1,
    },
    organization: presentOrganization(org),
    roles: actor.assignments.map((a) => ({ ...a, label: ROLES.find((r) => r.id === a.role)?.ja ?? a.role })),
    stage: actor.stage,
    csrfToken: actor.csrfToken ?? null,
    permissions,
    scopes: Object.fromEntries(
      ACTIONS.filter((a) => permissions[a.id]).map((a) => {
        const g = grantFor(actor, a.id);
        return [a.id, g?.all ? 'organization' : 'limited'];
      }),
    ),
  };
}

// ---- sessions and API tokens of the signed-in user -------------------------------------------

export async function listOwnSessions(deps: AppDeps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('sessions')
    .select(['id', 'createdAt', 'lastSeenAt', 'expiresAt', 'ip', 'userAgent', 'stage'])
    .where('tenantId', '=', actor.tenantId)
    .where('userId', '=', actor.userId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', nowIso())
    .orderBy('lastSeenAt', 'desc')
    .execute();
  const idleCut = Date.now() - deps.config.SHIRUBE_SESSION_IDLE_MINUTES * 60_000;
  return rows
    .filter((r) => new Date(r.lastSeenAt).getTime() > idleCut)
    .map((r) => ({ ...r, id: r.id.slice(0, 16), current: r.id === actor.sessionId }));
}

export async function revokeOwnSession(deps: AppDeps, req: FastifyRequest, actor: Actor, shortId: string) {
  const row = await deps.db
    .selectFrom('sessions')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('userId', '=', actor.userId)
    .where('revokedAt', 'is', null)
    .where('id', 'like', `${shortId}%`)
    .executeTakeFirst();
  if (!row) throw err.notFound({ ja: 'セッション', en: 'Session' }, shortId);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ revokedAt: nowIso() }).where('id', '=', row.id).execute();
    forgetSessions({ tenantId: actor.tenantId, sessionId: row.id });
    await appendAudit(
      trx,
      { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip },
      { action: 'auth.session_revoked', targetType: 'session', targetId: shortId },
    );
  });
}

const ACTION_IDS = ACTIONS.map((a) => a.id) as [Action, ...Action[]];

export const TokenInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    actions: z.array(z.enum(ACTION_IDS)).min(1).max(ACTION_IDS.length),
    expiresInDays: z.number().int().min(1).max(365).default(90),
  })
  .strict();

export async function createToken(deps: AppDeps, req: FastifyRequest, actor: Actor, input: z.infer<typeof TokenInput>) {
  if (actor.via !== 'session') throw err.forbidden();
  const notHeld = input.actions.filter((a) => !can({ ...actor, tokenActions: undefined }, a));
  if (notHeld.length) {
    throw err.validation([
      {
        field: 'actions',
        code: 'action_not_held',
        message: {
          ja: `持っていない権限はトークンに付与できません: ${notHeld.join('、')}`,
          en: `A token cannot carry permissions you do not hold: ${notHeld.join(', ')}`,
        },
      },
    ]);
  }
  const raw = `${TOKEN_PREFIX}${newToken(32)}`;
  const id = newId();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('apiTokens')
      .values({
        tenantId: actor.tenantId,
        id,
        userId: actor.userId,
        name: input.name,
        tokenHash: sha256(raw),
        prefix: raw.slice(0, 10),
        actions: toJson(input.actions),
        expiresAt,
        lastUsedAt: null,
        createdAt: now.toISOString(),
        revokedAt: null,
      })
      .execute();
    await appendAudit(
      trx,
      { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip },
      { action: 'token.create', targetType: 'apiToken', targetId: id, changes: { name: input.name, actions: input.actions, expiresAt } },
    );
  });
  return { id, name: input.name, token: raw, actions: input.actions, expiresAt };
}

export async function listTokens(deps: AppDeps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'prefix', 'actions', 'expiresAt', 'lastUsedAt', 'createdAt', 'revokedAt'])
    .where('tenantId', '=', actor.tenantId)
    .where('userId', '=', actor.userId)
    .orderBy('createdAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, actions: fromJson<string[]>(r.actions, []) }));
}

export async function revokeToken(deps: AppDeps, req: FastifyRequest, actor: Actor, tokenId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('apiTokens')
      .set({ revokedAt: nowIso() })
      .where('tenantId', '=', actor.tenantId)
      .where('userId', '=', actor.userId)
      .where('id', '=', tokenId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw err.notFound({ ja: 'APIトークン', en: 'API token' }, tokenId);
    forgetSessions({ tenantId: actor.tenantId, tokenId });
    await appendAudit(
      trx,
      { tenantId: actor.tenantId, actorId: actor.userId, actorLabel: actor.email, requestId: req.id, ip: req.ip },
      { action: 'token.revoke', targetType: 'apiToken', targetId: tokenId },
    );
  });
}

// ---- first administrator (one-time setup link) ----------------------------------------------

const SETUP_TTL_MS = 24 * 3_600_000;

export async function setupNeeded(db: Db): Promise<boolean> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !any;
}

/** Issue a new one-time setup token (earlier unused ones stop working). Returns the raw token. */
export async function issueSetupToken(db: Db): Promise<string> {
  const raw = newToken(24);
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('setupTokens').set({ usedAt: now.toISOString() }).where('usedAt', 'is', null).execute();
    await trx
      .insertInto('setupTokens')
      .values({ id: newId(), tokenHash: sha256(raw), createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SETUP_TTL_MS).toISOString(), usedAt: null })
      .execute();
  });
  return raw;
}

export const SetupInput = z
  .object({
    token: z.string().min(10).max(200),
    organization: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('existing'), lgCode: z.string().regex(/^\d{6}$/) }).strict(),
      z
        .object({
          mode: z.literal('new'),
          kind: z.enum(['municipality', 'jointBody']),
          name: z.string().trim().min(1).max(100),
          lgCode: z
            .string()
            .regex(/^\d{6}$/)
            .nullable()
            .optional(),
          prefectureCode: z.string().regex(/^(0[1-9]|[1-3]\d|4[0-7])$/),
        })
        .strict(),
    ]),
    admin: z
      .object({
        email: z.email().max(254),
        displayName: z.string().trim().min(1).max(100),
        password: PasswordField,
      })
      .strict(),
  })
  .strict();

export async function completeSetup(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, input: z.infer<typeof SetupInput>) {
  const { db, config } = deps;
  const problem = passwordProblem(input.admin.password, { email: input.admin.email });
  if (problem) throw err.validation([{ field: 'admin.password', code: 'weak_password', message: problem }]);
  const o = input.organization;
  if (o.lgCode) {
    const p = lgCodeProblem(o.lgCode);
    if (p) throw err.validation([{ field: 'organization.lgCode', code: `lg_code_${p}`, message: LG_CODE_MESSAGES[p] }]);
    if (o.mode === 'new' && o.lgCode.slice(0, 2) !== o.prefectureCode) {
      throw err.validation([
        { field: 'organization.prefectureCode', code: 'prefecture_mismatch', message: { ja: '都道府県が団体コードの上2桁と一致しません。', en: 'The prefecture does not match the code.' } },
      ]);
    }
  }
  const hashed = await hashPassword(input.admin.password, deps.services.identity.passwordCost);
  const result = await db.transaction().execute(async (trx) => {
    const token = await trx.selectFrom('setupTokens').selectAll().where('tokenHash', '=', sha256(input.token)).executeTakeFirst();
    if (!token || token.usedAt || new Date(token.expiresAt) <= new Date() || !(await setupNeeded(trx))) {
      throw new AppError(403, 'setup_token_invalid', {
        ja: '初期設定用のリンクが無効か、期限切れか、既に使われています。サーバーを再起動すると新しいリンクが表示されます。',
        en: 'The setup link is invalid, expired or used. Restart the server to get a new link.',
      });
    }
    const now = nowIso();
    let tenantId: string;
    if (o.mode === 'existing') {
      const org = await trx.selectFrom('organizations').select('id').where('lgCode', '=', o.lgCode).executeTakeFirst();
      if (!org) {
        throw err.validation([
          { field: 'organization.lgCode', code: 'unknown_org', message: { ja: 'この団体コードの団体は登録されていません。', en: 'No organisation has this code.' } },
        ]);
      }
      tenantId = org.id;
    } else {
      if (o.lgCode && (await trx.selectFrom('organizations').select('id').where('lgCode', '=', o.lgCode).executeTakeFirst())) {
        throw err.conflict('lg_code_taken', { ja: 'この団体コードは既に登録されています。「登録済みの団体」を選んでください。', en: 'This code is already registered; choose the existing organisation.' });
      }
      const parent = await trx.selectFrom('organizations').select('id').where('kind', '=', 'prefecture').where('prefectureCode', '=', o.prefectureCode).executeTakeFirstOrThrow();
      tenantId = newId();
      await trx
        .insertInto('organizations')
        .values({
          id: tenantId,
          kind: o.kind,
          name: o.name,
          nameKana: null,
          nameEn: null,
          lgCode: o.lgCode ?? null,
          prefectureCode: o.prefectureCode,
          parentId: parent.id,
          isDemo: 0,
          settings: '{}',
          status: 'active',
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }
    const userId = newId();
    const email = input.admin.email.toLowerCase();
    await trx
      .insertInto('users')
      .values({
        tenantId,
        id: userId,
        email,
        displayName: input.admin.displayName,
        displayNameKana: null,
        sectionId: null,
        contractorId: null,
        employment: 'regular',
        passwordHash: hashed,
        status: 'active',
        mustChangePassword: 0,
        passwordChangedAt: now,
        mfaSecret: null,
        mfaPendingSecret: null,
        mfaEnabledAt: null,
        mfaLastStep: null,
        inviteTokenHash: null,
        inviteExpiresAt: null,
        lastLoginAt: now,
        disabledAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    for (const role of ['orgAdmin', 'chiefSecurityManager'] as const) {
      await trx
        .insertInto('roleAssignments')
        .values({ tenantId, id: newId(), userId, role, scopeKind: 'organization', scopeId: null, grantedBy: null, grantedAt: now, revokedBy: null, revokedAt: null })
        .execute();
    }
    invalidateDirectory();
    await trx.updateTable('setupTokens').set({ usedAt: now }).where('id', '=', token.id).execute();
    await appendAudit(
      trx,
      { tenantId, actorId: userId, actorLabel: email, requestId: req.id, ip: req.ip },
      { action: 'setup.first_admin', targetType: 'user', targetId: userId, changes: { roles: ['orgAdmin', 'chiefSecurityManager'] } },
    );
    const s = await createSession(trx, config, { tenantId, id: userId }, 'full', req);
    return { session: s };
  });
  setSessionCookie(reply, req, config, result.session.token);
  return { stage: 'enroll' as const, csrfToken: result.session.csrfToken };
}

// ---- invitations ----------------------------------------------------------------------------

export const InviteAcceptInput = z.object({ token: z.string().min(10).max(200), password: PasswordField }).strict();

export async function acceptInvite(deps: AppDeps, req: FastifyRequest, input: z.infer<typeof InviteAcceptInput>) {
  const { db } = deps;
  const user = await db.selectFrom('users').selectAll().where('inviteTokenHash', '=', sha256(input.token)).executeTakeFirst();
  if (user?.status !== 'invited' || !user.inviteExpiresAt || new Date(user.inviteExpiresAt) <= new Date()) {
    throw new AppError(403, 'invite_invalid', {
      ja: '招待リンクが無効か期限切れです。管理者に再発行を依頼してください。',
      en: 'The invitation link is invalid or expired. Ask your administrator for a new one.',
    });
  }
  const problem = passwordProblem(input.password, { email: user.email });
  if (problem) throw err.validation([{ field: 'password', code: 'weak_password', message: problem }]);
  const hashed = await hashPassword(input.password, deps.services.identity.passwordCost);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ passwordHash: hashed, status: 'active', inviteTokenHash: null, inviteExpiresAt: null, passwordChangedAt: now, mustChangePassword: 0, updatedAt: now })
      .where('tenantId', '=', user.tenantId)
      .where('id', '=', user.id)
      .execute();
    await appendAudit(
      trx,
      { tenantId: user.tenantId, actorId: user.id, actorLabel: user.email, requestId: req.id, ip: req.ip },
      { action: 'user.invite_accepted', targetType: 'user', targetId: user.id },
    );
  });
  return { email: user.email };
}

