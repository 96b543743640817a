import type { Role } from '@shared/permissions';
import { roleDef } from '@shared/permissions';
import type { Db } from '../../db/database';
import { nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { type Ctx, systemCtx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { newId } from '../../platform/ids';
import { generatePassword, hashPassword } from '../identity/passwords';
import { invalidateDirectory } from './tenancy.service';

/**
 * `shirube serve --demo`: a clearly labelled demo municipality to look around in. It carries
 * no local government code (so it cannot be mistaken for a real body), is flagged is_demo,
 * and its name says so. Other modules add sample records through demoSeeders.
 */

export const DEMO_NAME = '【デモ】しるべ市';

export type DemoSeeder = (deps: AppDeps, ctx: Ctx, units: Map<string, string>) => Promise<void>;
export const demoSeeders: DemoSeeder[] = [];

const UNITS: Array<{ code: string; name: string; parent?: string }> = [
  { code: 'D-SOMU', name: '総務部' },
  { code: 'S-JOHO', name: '情報政策課', parent: 'D-SOMU' },
  { code: 'S-SOMU', name: '総務課', parent: 'D-SOMU' },
  { code: 'D-SHIMIN', name: '市民部' },
  { code: 'S-SHIMIN', name: '市民課', parent: 'D-SHIMIN' },
  { code: 'S-ZEIMU', name: '税務課', parent: 'D-SHIMIN' },
  { code: 'D-FUKUSHI', name: '福祉部' },
  { code: 'S-KAIGO', name: '介護保険課', parent: 'D-FUKUSHI' },
];

const USERS: Array<{ email: string; name: string; section: string; roles: Array<[Role, string?]> }> = [
  { email: 'ciso@demo.shirube.invalid', name: '副市長 しるべ太郎', section: 'S-SOMU', roles: [['ciso']] },
  { email: 'joho@demo.shirube.invalid', name: '情報政策課長 道標花子', section: 'S-JOHO', roles: [['chiefSecurityManager'], ['orgAdmin']] },
  { email: 'shimin@demo.shirube.invalid', name: '市民課長 案内一郎', section: 'S-SHIMIN', roles: [['securityManager', 'S-SHIMIN']] },
  { email: 'zeimu@demo.shirube.invalid', name: '税務課 職員 標次郎', section: 'S-ZEIMU', roles: [['staff', 'S-ZEIMU']] },
  { email: 'kansa@demo.shirube.invalid', name: '監査人 公平みどり', section: 'S-SOMU', roles: [['auditor']] },
];

export interface DemoResult {
  created: boolean;
  tenantId: string;
  users: Array<{ email: string; name: string; roles: string[]; password: string | null }>;
}

export async function ensureDemo(deps: AppDeps): Promise<DemoResult> {
  const { db } = deps;
  const existing = await db.selectFrom('organizations').select('id').where('isDemo', '=', 1).where('name', '=', DEMO_NAME).executeTakeFirst();
  if (existing) {
    const users = await db.selectFrom('users').select(['email', 'displayName']).where('tenantId', '=', existing.id).execute();
    return { created: false, tenantId: existing.id, users: users.map((u) => ({ email: u.email, name: u.displayName, roles: [], password: null })) };
  }
  const tenantId = newId();
  const ctx = systemCtx(tenantId, 'system:demo');
  const units = new Map<string, string>();
  const passwords = USERS.map(() => generatePassword());
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p, deps.services.identity.passwordCost)));
  await db.transaction().execute(async (trx: Db) => {
    const now = nowIso();
    const pref = await trx.selectFrom('organizations').select('id').where('kind', '=', 'prefecture').where('prefectureCode', '=', '13').executeTakeFirst();
    await trx
      .insertInto('organizations')
      .values({
        id: tenantId,
        kind: 'municipality',
        name: DEMO_NAME,
        nameKana: 'でもしるべし',
        nameEn: 'Shirube City (demo)',
        lgCode: null,
        prefectureCode: '13',
        parentId: pref?.id ?? null,
        isDemo: 1,
        settings: '{}',
        status: 'active',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    for (const [i, u] of UNITS.entries()) {
      const id = newId();
      units.set(u.code, id);
      await trx
        .insertInto('orgUnits')
        .values({ tenantId, id, kind: u.parent ? 'section' : 'department', parentId: u.parent ? (units.get(u.parent) ?? null) : null, code: u.code, name: u.name, nameEn: null, sortOrder: i, status: 'active', createdAt: now, updatedAt: now })
        .execute();
    }
    for (const [i, u] of USERS.entries()) {
      const userId = newId();
      await trx
        .insertInto('users')
        .values({
          tenantId,
          id: userId,
          email: u.email,
          displayName: u.name,
          displayNameKana: null,
          sectionId: units.get(u.section) ?? null,
          contractorId: null,
          employment: 'regular',
          passwordHash: hashes[i],
          status: 'active',
          mustChangePassword: 0,
          passwordChangedAt: now,
          mfaSecret: null,
          mfaPendingSecret: null,
          mfaEnabledAt: null,
          mfaLastStep: null,
          inviteTokenHash: null,
          inviteExpiresAt: null,
          lastLoginAt: null,
          disabledAt: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      for (const [role, unitCode] of u.roles) {
        await trx
          .insertInto('roleAssignments')
          .values({ tenantId, id: newId(), userId, role, scopeKind: roleDef(role).assignTo, scopeId: unitCode ? (units.get(unitCode) ?? null) : null, grantedBy: null, grantedAt: now, revokedBy: null, revokedAt: null })
          .execute();
      }
    }
    invalidateDirectory();
    await appendAudit(trx, ctx.audit, { action: 'demo.create', targetType: 'organization', targetId: tenantId });
  });
  for (const seed of demoSeeders) await seed(deps, ctx, units);
  return {
    created: true,
    tenantId,
    users: USERS.map((u, i) => ({ email: u.email, name: u.name, roles: u.roles.map(([r]) => roleDef(r).ja), password: passwords[i] })),
  };
}
