import { z } from 'zod';
import { type AssignmentScopeKind, ROLES, ROLE_IDS, type Role, roleDef } from '@shared/permissions';
import type { Db } from '../../db/database';
import { containsCi, nothing, nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { type Ctx, grantFor } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type FieldError, err } from '../../platform/errors';
import { newId, newToken, sha256 } from '../../platform/ids';
import { mapColumns, readTable } from '../../platform/tabular';
import { inTransactionMaybeDry } from '../../platform/tx';
import { getOrganization, sectionsOfDepartments } from '../tenancy/tenancy.service';
import type { UsersTable } from './identity.tables';
import { generatePassword, hashPassword } from './passwords';
import { forgetSessions, revokeSessionsOfUser } from './sessions';

const USER = { ja: '利用者', en: 'User' };
const INVITE_TTL_MS = 7 * 86_400_000;

export const EMPLOYMENT = ['regular', 'fixedTerm', 'contractor', 'other'] as const;

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  displayNameKana: string | null;
  sectionId: string | null;
  contractorId: string | null;
  employment: string;
  status: string;
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  roles: Array<{ id: string; role: Role; scopeKind: AssignmentScopeKind; scopeId: string | null; grantedAt: string }>;
}

async function rolesOf(db: Db, tenantId: string, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, UserView['roles']>();
  const rows = await db
    .selectFrom('roleAssignments')
    .select(['id', 'userId', 'role', 'scopeKind', 'scopeId', 'grantedAt'])
    .where('tenantId', '=', tenantId)
    .where('userId', 'in', userIds)
    .where('revokedAt', 'is', null)
    .orderBy('grantedAt')
    .execute();
  const map = new Map<string, UserView['roles']>();
  for (const r of rows) {
    const list = map.get(r.userId) ?? [];
    list.push({ id: r.id, role: r.role, scopeKind: r.scopeKind, scopeId: r.scopeId, grantedAt: r.grantedAt });
    map.set(r.userId, list);
  }
  return map;
}

function present(u: UsersTable, roles: UserView['roles']): UserView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    displayNameKana: u.displayNameKana,
    sectionId: u.sectionId,
    contractorId: u.contractorId,
    employment: u.employment,
    status: u.status,
    mfaEnabled: Boolean(u.mfaEnabledAt),
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
    roles,
  };
}

/** Sections the actor may see users of, or null for the whole organisation. */
async function visibleSections(db: Db, ctx: Ctx): Promise<string[] | null> {
  const g = grantFor(ctx.actor, 'user.read');
  if (!g) throw err.forbidden();
  if (g.all) return null;
  return [...g.sectionIds, ...(await sectionsOfDepartments(db, ctx.tenantId, g.departmentIds))];
}

export const UserListQuery = z.object({
  q: z.string().max(100).optional(),
  status: z.enum(['invited', 'active', 'disabled']).optional(),
  role: z.enum(ROLE_IDS).optional(),
  sectionId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listUsers(db: Db, ctx: Ctx, q: z.infer<typeof UserListQuery>) {
  const sections = await visibleSections(db, ctx);
  let base = db.selectFrom('users').where('tenantId', '=', ctx.tenantId);
  if (sections !== null) base = sections.length ? base.where('sectionId', 'in', sections) : base.where(nothing());
  if (q.status) base = base.where('status', '=', q.status);
  if (q.sectionId) base = base.where('sectionId', '=', q.sectionId);
  if (q.q) {
    const term = q.q;
    base = base.where((eb) => eb.or([containsCi('display_name', term), containsCi('email', term), containsCi('display_name_kana', term)]));
  }
  if (q.role) {
    const role = q.role;
    base = base.where('id', 'in', (eb) =>
      eb.selectFrom('roleAssignments').select('userId').where('tenantId', '=', ctx.tenantId).where('role', '=', role).where('revokedAt', 'is', null),
    );
  }
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('displayName').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const roles = await rolesOf(db, ctx.tenantId, rows.map((r) => r.id));
  return { items: rows.map((r) => present(r, roles.get(r.id) ?? [])), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function getUserRow(db: Db, tenantId: string, id: string): Promise<UsersTable> {
  const row = await db.selectFrom('users').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw err.notFound(USER, id);
  return row;
}

export async function getUser(db: Db, ctx: Ctx, id: string): Promise<UserView> {
  const row = await getUserRow(db, ctx.tenantId, id);
  const sections = await visibleSections(db, ctx);
  if (sections !== null && (!row.sectionId || !sections.includes(row.sectionId))) throw err.notFound(USER, id);
  const roles = await rolesOf(db, ctx.tenantId, [id]);
  return present(row, roles.get(id) ?? []);
}

export const RoleGrantInput = z
  .object({
    role: z.enum(ROLE_IDS),
    scopeId: z.string().min(1).max(64).nullable().optional(),
  })
  .strict();

/** Check a role fits the organisation and its scope points at something real. */
async function validateGrant(db: Db, tenantId: string, grant: z.infer<typeof RoleGrantInput>, field = 'role', vendors?: AppDeps['services']['vendors']): Promise<FieldError | null> {
  const def = roleDef(grant.role);
  const org = await getOrganization(db, tenantId);
  if (!def.orgKinds.includes(org.kind)) {
    return { field, code: 'role_not_for_org', message: { ja: `役割「${def.ja}」はこの種類の団体では使えません。`, en: `The role "${def.en}" is not available to this kind of organisation.` } };
  }
  if (def.assignTo === 'organization') {
    if (grant.scopeId) return { field: 'scopeId', code: 'scope_not_allowed', message: { ja: 'この役割は組織全体に付与します（範囲は指定しません）。', en: 'This role applies to the whole organisation; give no scope.' } };
    return null;
  }
  if (!grant.scopeId) {
    const what = def.assignTo === 'department' ? '部局' : def.assignTo === 'section' ? '課室' : '委託事業者';
    return { field: 'scopeId', code: 'scope_required', message: { ja: `この役割には${what}の指定が必要です。`, en: `This role needs a ${def.assignTo}.` } };
  }
  if (def.assignTo === 'contractor') {
    if (vendors && (await vendors.hasContractor(db, tenantId, grant.scopeId))) return null;
    return { field: 'scopeId', code: 'scope_unknown', message: { ja: '指定された委託事業者が見つかりません。', en: 'The contractor was not found.' } };
  }
  const unit = await db.selectFrom('orgUnits').select(['kind', 'status']).where('tenantId', '=', tenantId).where('id', '=', grant.scopeId).executeTakeFirst();
  if (!unit || unit.kind !== def.assignTo || unit.status !== 'active') {
    return { field: 'scopeId', code: 'scope_unknown', message: { ja: '指定された部局・課室が見つかりません。', en: 'The department or section was not found.' } };
  }
  return null;
}

export const UserCreateInput = z
  .object({
    email: z.email().max(254),
    displayName: z.string().trim().min(1).max(100),
    displayNameKana: z.string().trim().max(100).nullable().optional(),
    sectionId: z.uuid().nullable().optional(),
    employment: z.enum(EMPLOYMENT).default('regular'),
    roles: z.array(RoleGrantInput).max(20).default([]),
    /** invite: a one-time link to set a password; password: a generated temporary password shown once. */
    method: z.enum(['invite', 'password']).default('invite'),
  })
  .strict();

async function checkSection(db: Db, tenantId: string, sectionId: string | null | undefined): Promise<void> {
  if (!sectionId) return;
  const s = await db.selectFrom('orgUnits').select(['kind', 'status']).where('tenantId', '=', tenantId).where('id', '=', sectionId).executeTakeFirst();
  if (s?.kind !== 'section' || s.status !== 'active') {
    throw err.validation([{ field: 'sectionId', code: 'section_unknown', message: { ja: '所属課室が見つかりません。', en: 'The section was not found.' } }]);
  }
}

export async function createUser(
  deps: AppDeps,
  ctx: Ctx,
  input: z.infer<typeof UserCreateInput>,
  publicBase: string,
  /** contractorId: the company of a contractor account (set by the vendors module, which checks it). */
  opts: { contractorId?: string } = {},
) {
  const { db } = deps;
  const email = input.email.toLowerCase();
  const problems: FieldError[] = [];
  for (const [i, g] of input.roles.entries()) {
    const p = await validateGrant(db, ctx.tenantId, g, `roles.${i}.role`, deps.services.vendors);
    if (p) problems.push({ ...p, field: `roles.${i}.${p.field === 'scopeId' ? 'scopeId' : 'role'}` });
  }
  if (problems.length) throw err.validation(problems);
  await checkSection(db, ctx.tenantId, input.sectionId);
  const temp = input.method === 'password' ? generatePassword() : null;
  const invite = input.method === 'invite' ? newToken(24) : null;
  const hashed = temp ? await hashPassword(temp, deps.services.identity.passwordCost) : null;
  const now = nowIso();
  const id = newId();
  await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
      throw err.conflict('email_taken', { ja: 'このメールアドレスは既に登録されています。', en: 'This e-mail address is already registered.' });
    }
    await trx
      .insertInto('users')
      .values({
        tenantId: ctx.tenantId,
        id,
        email,
        displayName: input.displayName,
        displayNameKana: input.displayNameKana ?? null,
        sectionId: input.sectionId ?? null,
        contractorId: opts.contractorId ?? null,
        employment: input.employment,
        passwordHash: hashed,
        status: temp ? 'active' : 'invited',
        mustChangePassword: temp ? 1 : 0,
        passwordChangedAt: null,
        mfaSecret: null,
        mfaPendingSecret: null,
        mfaEnabledAt: null,
        mfaLastStep: null,
        inviteTokenHash: invite ? sha256(invite) : null,
        inviteExpiresAt: invite ? new Date(Date.now() + INVITE_TTL_MS).toISOString() : null,
        lastLoginAt: null,
        disabledAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    for (const g of input.roles) {
      await trx
        .insertInto('roleAssignments')
        .values({ tenantId: ctx.tenantId, id: newId(), userId: id, role: g.role, scopeKind: roleDef(g.role).assignTo, scopeId: g.scopeId ?? null, grantedBy: ctx.audit.actorId, grantedAt: now, revokedBy: null, revokedAt: null })
        .execute();
    }
    await appendAudit(trx, ctx.audit, {
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      changes: { email, displayName: input.displayName, sectionId: input.sectionId ?? null, contractorId: opts.contractorId ?? null, method: input.method, roles: input.roles },
    });
  });
  return {
    user: await getUser(db, { ...ctx, actor: null }, id),
    temporaryPassword: temp,
    inviteUrl: invite ? `${publicBase}/invite#token=${invite}` : null,
  };
}

/** Accounts of one contractor company (for the vendors module's contractor page). */
export async function listContractorUsers(db: Db, tenantId: string, contractorId: string) {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'displayName', 'status', 'lastLoginAt', 'createdAt'])
    .where('tenantId', '=', tenantId)
    .where('contractorId', '=', contractorId)
    .orderBy('displayName')
    .execute();
  return rows;
}

export const UserPatch = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    displayNameKana: z.string().trim().max(100).nullable().optional(),
    sectionId: z.uuid().nullable().optional(),
    employment: z.enum(EMPLOYMENT).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict();

export async function updateUser(deps: AppDeps, ctx: Ctx, id: string, patch: z.infer<typeof UserPatch>) {
  const { db } = deps;
  await checkSection(db, ctx.tenantId, patch.sectionId);
  await db.transaction().execute(async (trx) => {
    const before = await getUserRow(trx, ctx.tenantId, id);
    if (patch.status === 'disabled' && id === ctx.actor?.userId) {
      throw err.conflict('cannot_disable_self', { ja: '自分自身は無効にできません。', en: 'You cannot disable yourself.' });
    }
    if (patch.status === 'active' && before.status === 'invited') {
      throw err.conflict('invite_pending', { ja: '招待中の利用者は、本人がパスワードを設定すると有効になります。', en: 'An invited user becomes active by setting a password.' });
    }
    const next = {
      displayName: patch.displayName ?? before.displayName,
      displayNameKana: patch.displayNameKana === undefined ? before.displayNameKana : patch.displayNameKana,
      sectionId: patch.sectionId === undefined ? before.sectionId : patch.sectionId,
      employment: patch.employment ?? before.employment,
      status: patch.status ?? before.status,
      disabledAt: patch.status === 'disabled' ? nowIso() : patch.status === 'active' ? null : before.disabledAt,
      updatedAt: nowIso(),
    };
    await trx.updateTable('users').set(next).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    if (next.status === 'disabled') await revokeSessionsOfUser(trx, ctx.tenantId, id);
    else forgetSessions({ tenantId: ctx.tenantId, userId: id });
    const changes: Record<string, [unknown, unknown]> = {};
    for (const k of ['displayName', 'displayNameKana', 'sectionId', 'employment', 'status'] as const) {
      if (before[k] !== next[k]) changes[k] = [before[k], next[k]];
    }
    await appendAudit(trx, ctx.audit, {
      action: next.status === 'disabled' && before.status !== 'disabled' ? 'user.disable' : 'user.update',
      targetType: 'user',
      targetId: id,
      changes,
    });
  });
  return getUser(db, { ...ctx, actor: null }, id);
}

export async function grantRole(deps: AppDeps, ctx: Ctx, userId: string, input: z.infer<typeof RoleGrantInput>) {
  const { db } = deps;
  const problem = await validateGrant(db, ctx.tenantId, input, 'role', deps.services.vendors);
  if (problem) throw err.validation([problem]);
  await db.transaction().execute(async (trx) => {
    const user = await getUserRow(trx, ctx.tenantId, userId);
    const dup = await trx
      .selectFrom('roleAssignments')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('userId', '=', userId)
      .where('role', '=', input.role)
      .where('revokedAt', 'is', null)
      .where((eb) => (input.scopeId ? eb('scopeId', '=', input.scopeId) : eb('scopeId', 'is', null)))
      .executeTakeFirst();
    if (dup) throw err.conflict('role_already_held', { ja: 'この役割は既に付与されています。', en: 'The user already holds this role.' });
    const id = newId();
    await trx
      .insertInto('roleAssignments')
      .values({ tenantId: ctx.tenantId, id, userId, role: input.role, scopeKind: roleDef(input.role).assignTo, scopeId: input.scopeId ?? null, grantedBy: ctx.audit.actorId, grantedAt: nowIso(), revokedBy: null, revokedAt: null })
      .execute();
    // A privilege change ends the user's sessions so that the next sign-in gets a fresh id and any MFA requirement.
    await revokeSessionsOfUser(trx, ctx.tenantId, userId, userId === ctx.actor?.userId ? ctx.actor.sessionId : undefined);
    await appendAudit(trx, ctx.audit, {
      action: 'role.grant',
      targetType: 'user',
      targetId: userId,
      changes: { role: input.role, scopeId: input.scopeId ?? null, assignmentId: id, email: user.email },
    });
  });
  return getUser(db, { ...ctx, actor: null }, userId);
}

export async function revokeRole(deps: AppDeps, ctx: Ctx, userId: string, assignmentId: string) {
  const { db } = deps;
  await db.transaction().execute(async (trx) => {
    const a = await trx
      .selectFrom('roleAssignments')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('userId', '=', userId)
      .where('id', '=', assignmentId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    if (!a) throw err.notFound({ ja: '役割の付与', en: 'Role assignment' }, assignmentId);
    if (a.role === 'orgAdmin') {
      const admins = await trx
        .selectFrom('roleAssignments as r')
        .innerJoin('users as u', (j) => j.onRef('u.tenantId', '=', 'r.tenantId').onRef('u.id', '=', 'r.userId'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('r.tenantId', '=', ctx.tenantId)
        .where('r.role', '=', 'orgAdmin')
        .where('r.revokedAt', 'is', null)
        .where('u.status', '=', 'active')
        .executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1) {
        throw err.conflict('last_admin', { ja: '最後の組織管理者の役割は外せません。先に別の組織管理者を任命してください。', en: 'The last organisation administrator cannot be removed; appoint another first.' });
      }
    }
    await trx.updateTable('roleAssignments').set({ revokedAt: nowIso(), revokedBy: ctx.audit.actorId }).where('tenantId', '=', ctx.tenantId).where('id', '=', assignmentId).execute();
    await revokeSessionsOfUser(trx, ctx.tenantId, userId, userId === ctx.actor?.userId ? ctx.actor.sessionId : undefined);
    await appendAudit(trx, ctx.audit, { action: 'role.revoke', targetType: 'user', targetId: userId, changes: { role: a.role, scopeId: a.scopeId, assignmentId } });
  });
  return getUser(db, { ...ctx, actor: null }, userId);
}

export async function resetMfa(deps: AppDeps, ctx: Ctx, userId: string) {
  const { db } = deps;
  await db.transaction().execute(async (trx) => {
    const u = await getUserRow(trx, ctx.tenantId, userId);
    await trx
      .updateTable('users')
      .set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null, updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('recoveryCodes').where('tenantId', '=', ctx.tenantId).where('userId', '=', userId).execute();
    await revokeSessionsOfUser(trx, ctx.tenantId, userId);
    await appendAudit(trx, ctx.audit, { action: 'mfa.reset', targetType: 'user', targetId: userId, changes: { email: u.email } });
  });
  return getUser(db, { ...ctx, actor: null }, userId);
}

export async function reissueInvite(deps: AppDeps, ctx: Ctx, userId: string, publicBase: string) {
  const invite = newToken(24);
  await deps.db.transaction().execute(async (trx) => {
    const u = await getUserRow(trx, ctx.tenantId, userId);
    if (u.status !== 'invited') throw err.conflict('not_invited', { ja: 'この利用者は招待中ではありません。', en: 'This user is not pending an invitation.' });
    await trx
      .updateTable('users')
      .set({ inviteTokenHash: sha256(invite), inviteExpiresAt: new Date(Date.now() + INVITE_TTL_MS).toISOString(), updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', userId)
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'user.invite_reissued', targetType: 'user', targetId: userId });
  });
  return { inviteUrl: `${publicBase}/invite#token=${invite}` };
}

// ---- import from .xlsx / .csv -----------------------------------------------------------------

const IMPORT_COLUMNS = [
  { key: 'email', headers: ['メールアドレス', 'email'], required: true },
  { key: 'displayName', headers: ['氏名', 'displayName', 'name'], required: true },
  { key: 'displayNameKana', headers: ['氏名カナ', 'displayNameKana', 'ふりがな'] },
  { key: 'section', headers: ['所属課室コード', 'sectionCode', '課室コード'] },
  { key: 'employment', headers: ['任用形態', 'employment'] },
  { key: 'roles', headers: ['役割', 'roles'] },
];

const EMPLOYMENT_WORDS: Record<string, (typeof EMPLOYMENT)[number]> = {
  regular: 'regular',
  正職員: 'regular',
  職員: 'regular',
  fixedterm: 'fixedTerm',
  会計年度任用職員: 'fixedTerm',
  contractor: 'contractor',
  委託: 'contractor',
  other: 'other',
  その他: 'other',
};

/**
 * Users from a spreadsheet: one row per user; roles as "role" or "role@unitCode" separated by
 * ";" (e.g. "securityManager@S-101; staff@S-101"). All rows are checked first; nothing is
 * written unless every row is valid. Users arrive invited; the result lists their links.
 */
export async function importUsers(deps: AppDeps, ctx: Ctx, buf: Buffer, filename: string, dryRun: boolean, publicBase: string, signal?: AbortSignal) {
  const { db } = deps;
  const table = await readTable(buf, filename, { signal });
  const cols = mapColumns(table, IMPORT_COLUMNS);
  const units = await db.selectFrom('orgUnits').select(['id', 'code', 'kind', 'status']).where('tenantId', '=', ctx.tenantId).execute();
  const unitByCode = new Map(units.filter((u) => u.status === 'active').map((u) => [u.code, u]));
  const existing = new Set((await db.selectFrom('users').select('email').execute()).map((u) => u.email));
  const roleWords = new Map<string, Role>();
  for (const r of ROLES) {
    roleWords.set(r.id.toLowerCase(), r.id);
    roleWords.set(r.ja.replace(/（.*?）/g, ''), r.id);
    roleWords.set(r.ja, r.id);
  }
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const rows: Array<{ email: string; displayName: string; displayNameKana: string | null; sectionId: string | null; employment: (typeof EMPLOYMENT)[number]; roles: Array<{ role: Role; scopeId: string | null }> }> = [];
  const col = (k: string) => `${cols.letter(k)}（${IMPORT_COLUMNS.find((c) => c.key === k)?.headers[0]}）`;
  for (const r of table.rows) {
    const rowErrors: FieldError[] = [];
    const add = (key: string, code: string, ja: string, en: string) => rowErrors.push({ row: r.row, column: col(key), field: key, code, message: { ja, en } });
    const email = cols.get(r, 'email').toLowerCase();
    if (!z.email().safeParse(email).success) add('email', 'invalid_email', 'メールアドレスの形式が正しくありません。', 'The e-mail address is not valid.');
    else if (existing.has(email)) add('email', 'email_taken', 'このメールアドレスは既に登録されています。', 'This e-mail address is already registered.');
    else if (seen.has(email)) add('email', 'duplicate', `${seen.get(email)}行目と重複しています。`, `Repeats row ${seen.get(email)}.`);
    else seen.set(email, r.row);
    const displayName = cols.get(r, 'displayName');
    if (!displayName) add('displayName', 'required', '氏名を入力してください。', 'The name is required.');
    const sectionCode = cols.get(r, 'section');
    const section = sectionCode ? unitByCode.get(sectionCode) : undefined;
    if (sectionCode && (section?.kind !== 'section')) add('section', 'section_unknown', `課室コード「${sectionCode}」が見つかりません。`, `No section has code "${sectionCode}".`);
    const empWord = cols.get(r, 'employment').toLowerCase();
    const employment = empWord ? EMPLOYMENT_WORDS[empWord] : 'regular';
    if (!employment) add('employment', 'unknown_employment', `任用形態「${empWord}」は使えません。`, `Unknown employment "${empWord}".`);
    const grants: Array<{ role: Role; scopeId: string | null }> = [];
    for (const part of cols.get(r, 'roles').split(/[;；、,]/).map((s) => s.trim()).filter(Boolean)) {
      const [word, unitCode] = part.split('@').map((s) => s.trim());
      const role = roleWords.get(word) ?? roleWords.get(word.toLowerCase());
      if (!role) {
        add('roles', 'unknown_role', `役割「${word}」は存在しません。`, `Unknown role "${word}".`);
        continue;
      }
      const def = roleDef(role);
      let scopeId: string | null = null;
      if (def.assignTo === 'department' || def.assignTo === 'section') {
        const unit = unitCode ? unitByCode.get(unitCode) : def.assignTo === 'section' ? section : undefined;
        if (!unit || unit.kind !== def.assignTo) {
          add('roles', 'scope_required', `役割「${def.ja}」には${def.assignTo === 'department' ? '部局' : '課室'}コードを「役割@コード」の形で指定してください。`, `Role "${def.en}" needs a ${def.assignTo} code as role@code.`);
          continue;
        }
        scopeId = unit.id;
      } else if (def.assignTo === 'contractor') {
        add('roles', 'contractor_via_vendors', '委託事業者の利用者は委託先の画面から登録してください。', 'Register contractor users from the contractor screen.');
        continue;
      }
      const p = await validateGrant(db, ctx.tenantId, { role, scopeId });
      if (p) {
        rowErrors.push({ row: r.row, column: col('roles'), field: 'roles', code: p.code, message: p.message });
        continue;
      }
      grants.push({ role, scopeId });
    }
    errors.push(...rowErrors);
    if (rowErrors.length === 0) {
      rows.push({ email, displayName, displayNameKana: cols.get(r, 'displayNameKana') || null, sectionId: section?.id ?? null, employment: employment ?? 'regular', roles: grants });
    }
  }
  if (table.rows.length === 0) throw new AppError(400, 'import_empty', { ja: 'ファイルにデータ行がありません。', en: 'The file has no data rows.' });
  if (errors.length) {
    throw new AppError(400, 'import_invalid', { ja: `${errors.length}件の誤りがあるため、何も取り込んでいません。`, en: `Nothing was imported: ${errors.length} error(s).` }, errors);
  }
  const invites: Array<{ email: string; inviteUrl: string }> = [];
  await inTransactionMaybeDry(
    db,
    async (trx) => {
      const now = nowIso();
      for (const row of rows) {
        const id = newId();
        const token = newToken(24);
        await trx
          .insertInto('users')
          .values({
            tenantId: ctx.tenantId,
            id,
            email: row.email,
            displayName: row.displayName,
            displayNameKana: row.displayNameKana,
            sectionId: row.sectionId,
            contractorId: null,
            employment: row.employment,
            passwordHash: null,
            status: 'invited',
            mustChangePassword: 0,
            passwordChangedAt: null,
            mfaSecret: null,
            mfaPendingSecret: null,
            mfaEnabledAt: null,
            mfaLastStep: null,
            inviteTokenHash: sha256(token),
            inviteExpiresAt: new Date(Date.now() + INVITE_TTL_MS).toISOString(),
            lastLoginAt: null,
            disabledAt: null,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
        for (const g of row.roles) {
          await trx
            .insertInto('roleAssignments')
            .values({ tenantId: ctx.tenantId, id: newId(), userId: id, role: g.role, scopeKind: roleDef(g.role).assignTo, scopeId: g.scopeId, grantedBy: ctx.audit.actorId, grantedAt: now, revokedBy: null, revokedAt: null })
            .execute();
        }
        invites.push({ email: row.email, inviteUrl: `${publicBase}/invite#token=${token}` });
      }
      await appendAudit(trx, ctx.audit, { action: 'user.import', targetType: 'user', changes: { rows: rows.length, file: filename } });
    },
    dryRun,
  );
  return { rows: rows.length, dryRun, preview: rows.map((r) => ({ email: r.email, displayName: r.displayName, roles: r.roles.map((g) => g.role) })), invites: dryRun ? [] : invites };
}
