import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ACTIONS, PERMISSIONS, ROLES } from '@shared/permissions';
import { appendAuditStandalone } from '../../platform/audit';
import { type AnyRoute, defineRoute, registerRoutes } from '../../platform/routes';
import { AppError } from '../../platform/errors';
import { readUpload } from '../../platform/uploads';
import * as auth from './auth.service';
import { unitDependentsRoutes } from './unit-dependents';
import * as users from './users.service';
import { auditExport, AuditQuery, listAuditEvents, verifyOwnChain } from './audit-trail.service';

const id = z.uuid();

export function publicBase(req: FastifyRequest): string {
  const configured = req.server.deps.config.SHIRUBE_PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, '');
  return `${req.protocol}://${req.headers.host ?? `${req.server.deps.config.HOST}:${req.server.deps.config.PORT}`}`;
}

const authRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    summary: { ja: 'サインイン（メールアドレスとパスワード）', en: 'Sign in with e-mail and password' },
    tags: ['auth'],
    access: { public: true },
    noCsrf: true,
    body: auth.LoginInput,
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: ({ deps, req, reply, body }) => auth.login(deps, req, reply, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/verify',
    summary: { ja: 'サインイン時の確認コード（TOTP）の入力', en: 'Enter the TOTP code at sign-in' },
    tags: ['auth'],
    access: { signedIn: true, incomplete: true },
    body: auth.CodeInput,
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: ({ deps, req, reply, actor, body }) => auth.verifyMfa(deps, req, reply, actor, body.code),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/recover',
    summary: { ja: '回復コードによるサインイン', en: 'Sign in with a recovery code' },
    tags: ['auth'],
    access: { signedIn: true, incomplete: true },
    body: auth.CodeInput,
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: ({ deps, req, reply, actor, body }) => auth.useRecoveryCode(deps, req, reply, actor, body.code),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/enrolment',
    summary: { ja: '多要素認証の登録開始（QRコードの発行）', en: 'Start MFA enrolment (QR code)' },
    tags: ['auth'],
    access: { signedIn: true, incomplete: true },
    handler: ({ deps, actor }) => auth.startEnrolment(deps, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/enrolment/confirm',
    summary: { ja: '多要素認証の登録完了（回復コードの発行）', en: 'Confirm MFA enrolment (issues recovery codes)' },
    tags: ['auth'],
    access: { signedIn: true, incomplete: true },
    body: auth.CodeInput,
    handler: ({ deps, req, reply, actor, body }) => auth.confirmEnrolment(deps, req, reply, actor, body.code),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/recovery-codes',
    summary: { ja: '回復コードの再発行', en: 'Regenerate recovery codes' },
    tags: ['auth'],
    access: { action: 'account.self' },
    body: auth.CodeInput,
    handler: ({ deps, req, actor, body }) => auth.regenerateRecoveryCodes(deps, req, actor, body.code),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password',
    summary: { ja: 'パスワードの変更', en: 'Change password' },
    tags: ['auth'],
    access: { signedIn: true, incomplete: true },
    body: auth.PasswordChangeInput,
    handler: async ({ deps, req, reply, actor, body }) => {
      if (actor.stage === 'mfa' || actor.stage === 'enroll') {
        throw new AppError(403, 'mfa_required', { ja: '先に多要素認証を完了してください。', en: 'Complete MFA first.' });
      }
      return auth.changePassword(deps, req, reply, actor, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    summary: { ja: 'サインアウト', en: 'Sign out' },
    tags: ['auth'],
    access: { public: true },
    handler: async ({ deps, req, reply }) => auth.logout(deps, req, reply, await deps.authenticate(req), false),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout-all',
    summary: { ja: 'すべての端末からサインアウト', en: 'Sign out everywhere' },
    tags: ['auth'],
    access: { signedIn: true, incomplete: true },
    handler: ({ deps, req, reply, actor }) => auth.logout(deps, req, reply, actor, true),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me',
    summary: { ja: 'サインイン中の利用者・団体・権限', en: 'The signed-in user, organisation and permissions' },
    tags: ['auth'],
    access: { signedIn: true, incomplete: true },
    handler: ({ deps, actor }) => auth.describeSelf(deps, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/sessions',
    summary: { ja: '自分の有効なセッション', en: 'My active sessions' },
    tags: ['auth'],
    access: { action: 'account.self' },
    handler: ({ deps, actor }) => auth.listOwnSessions(deps, actor),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/me/sessions/:sessionId',
    summary: { ja: 'セッションの終了', en: 'End a session' },
    tags: ['auth'],
    access: { action: 'account.self' },
    params: z.object({ sessionId: z.string().regex(/^[0-9a-f]{16}$/) }),
    handler: ({ deps, req, actor, params }) => auth.revokeOwnSession(deps, req, actor, params.sessionId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/tokens',
    summary: { ja: '自分のAPIトークン', en: 'My API tokens' },
    tags: ['auth'],
    access: { action: 'account.self' },
    handler: ({ deps, actor }) => auth.listTokens(deps, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/tokens',
    summary: { ja: 'APIトークンの発行（値は一度だけ表示）', en: 'Create an API token (shown once)' },
    tags: ['auth'],
    access: { action: 'account.self' },
    body: auth.TokenInput,
    handler: ({ deps, req, actor, body }) => auth.createToken(deps, req, actor, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/me/tokens/:tokenId',
    summary: { ja: 'APIトークンの失効', en: 'Revoke an API token' },
    tags: ['auth'],
    access: { action: 'account.self' },
    params: z.object({ tokenId: id }),
    handler: ({ deps, req, actor, params }) => auth.revokeToken(deps, req, actor, params.tokenId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/setup',
    summary: { ja: '初期設定が必要かどうか', en: 'Whether first-time setup is needed' },
    tags: ['auth'],
    access: { public: true },
    handler: async ({ deps }) => ({ needed: await auth.setupNeeded(deps.db) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/setup',
    summary: { ja: '最初の管理者の登録（一回限りのリンク）', en: 'Register the first administrator (one-time link)' },
    tags: ['auth'],
    access: { public: true },
    noCsrf: true,
    body: auth.SetupInput,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: ({ deps, req, reply, body }) => auth.completeSetup(deps, req, reply, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/invite/accept',
    summary: { ja: '招待リンクからのパスワード設定', en: 'Set a password from an invitation link' },
    tags: ['auth'],
    access: { public: true },
    noCsrf: true,
    body: auth.InviteAcceptInput,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: ({ deps, req, body }) => auth.acceptInvite(deps, req, body),
  }),
];

const userParams = z.object({ userId: id });

const userRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    summary: { ja: '利用者の一覧', en: 'List users' },
    tags: ['users'],
    access: { action: 'user.read' },
    query: users.UserListQuery,
    handler: ({ deps, ctx, query }) => users.listUsers(deps.db, ctx, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    summary: { ja: '利用者の登録（招待リンクまたは仮パスワード）', en: 'Create a user (invitation link or temporary password)' },
    tags: ['users'],
    access: { action: 'user.manage' },
    body: users.UserCreateInput,
    handler: ({ deps, ctx, req, body }) => users.createUser(deps, ctx, body, publicBase(req)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/import',
    summary: { ja: '利用者の一括登録（.xlsx/.csv、すべて成功した場合のみ反映）', en: 'Import users from .xlsx/.csv (all or nothing)' },
    tags: ['users'],
    access: { action: 'user.manage' },
    multipart: true,
    query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
    handler: async ({ deps, ctx, req, query }) => {
      const file = await readUpload(req, deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
      return users.importUsers(deps, ctx, file.buffer, file.filename, query.dryRun === 'true', publicBase(req), file.signal);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/users/:userId',
    summary: { ja: '利用者の詳細', en: 'Get a user' },
    tags: ['users'],
    access: { action: 'user.read' },
    params: userParams,
    handler: ({ deps, ctx, params }) => users.getUser(deps.db, ctx, params.userId),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/users/:userId',
    summary: { ja: '利用者の更新・無効化', en: 'Update or disable a user' },
    tags: ['users'],
    access: { action: 'user.manage' },
    params: userParams,
    body: users.UserPatch,
    handler: ({ deps, ctx, params, body }) => users.updateUser(deps, ctx, params.userId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:userId/roles',
    summary: { ja: '役割の付与', en: 'Grant a role' },
    tags: ['users'],
    access: { action: 'user.manage' },
    params: userParams,
    body: users.RoleGrantInput,
    handler: ({ deps, ctx, params, body }) => users.grantRole(deps, ctx, params.userId, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/users/:userId/roles/:assignmentId',
    summary: { ja: '役割の解除', en: 'Remove a role' },
    tags: ['users'],
    access: { action: 'user.manage' },
    params: z.object({ userId: id, assignmentId: id }),
    handler: ({ deps, ctx, params }) => users.revokeRole(deps, ctx, params.userId, params.assignmentId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:userId/mfa-reset',
    summary: { ja: '多要素認証のリセット', en: 'Reset MFA' },
    tags: ['users'],
    access: { action: 'user.manage' },
    params: userParams,
    handler: ({ deps, ctx, params }) => users.resetMfa(deps, ctx, params.userId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:userId/invite',
    summary: { ja: '招待リンクの再発行', en: 'Reissue the invitation link' },
    tags: ['users'],
    access: { action: 'user.manage' },
    params: userParams,
    handler: ({ deps, ctx, req, params }) => users.reissueInvite(deps, ctx, params.userId, publicBase(req)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/permissions',
    summary: { ja: '権限表（役割×操作×範囲）と役割の保有者', en: 'Permission table (role × action × scope) and role holders' },
    tags: ['users'],
    access: { action: 'permission.read' },
    handler: async ({ deps, ctx }) => {
      const holders = await deps.db
        .selectFrom('roleAssignments as r')
        .innerJoin('users as u', (j) => j.onRef('u.tenantId', '=', 'r.tenantId').onRef('u.id', '=', 'r.userId'))
        .select(['r.role', 'r.scopeKind', 'r.scopeId', 'u.id as userId', 'u.displayName', 'u.status'])
        .where('r.tenantId', '=', ctx.tenantId)
        .where('r.revokedAt', 'is', null)
        .orderBy('u.displayName')
        .execute();
      return { roles: ROLES, actions: ACTIONS, matrix: PERMISSIONS, holders };
    },
  }),
];

const auditRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/audit-events',
    summary: { ja: 'システム管理記録（監査証跡）の検索', en: 'Search the audit trail' },
    tags: ['audit-trail'],
    access: { action: 'auditTrail.read' },
    query: AuditQuery,
    handler: ({ deps, ctx, query }) => listAuditEvents(deps.db, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit-events/export',
    summary: { ja: 'システム管理記録の出力（.csv/.xlsx）', en: 'Export the audit trail (.csv/.xlsx)' },
    tags: ['audit-trail'],
    access: { action: 'auditTrail.read' },
    query: AuditQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }),
    produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    handler: async ({ deps, ctx, query, reply }) => {
      const file = await auditExport(deps.db, ctx, query, query.format);
      await appendAuditStandalone(deps.db, ctx.audit, { action: 'audit_trail.export', changes: { format: query.format, rows: file.rows } });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="audit-trail.${query.format}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .send(file.body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit-events/verify',
    summary: { ja: 'ハッシュチェーンの検証', en: 'Verify the hash chain' },
    tags: ['audit-trail'],
    access: { action: 'auditTrail.read' },
    handler: ({ deps, ctx }) => verifyOwnChain(deps.db, ctx),
  }),
];

export function registerIdentityRoutes(app: FastifyInstance): void {
  registerRoutes(app, [...authRoutes, ...userRoutes, ...auditRoutes, ...unitDependentsRoutes]);
}
