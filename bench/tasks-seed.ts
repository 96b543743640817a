import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { chunkRows, nowIso } from '../server/db/sql';
import { addDays } from '../server/platform/calendar';
import { newId } from '../server/platform/ids';
import type { TaskDraft } from '../server/modules/tasks/tasks.contract';

/**
 * A fictional organisation (ベンチ市) for the to-do list figures: 50 departments × 4 sections,
 * USERS users (one 情報セキュリティ管理者 per section, the rest staff), one 統括情報セキュリティ責任者,
 * and TASKS open tasks from four bench providers, written through the real reconcile path:
 * 60% for a section's manager, 25% for a named person, 10% for a department's officer, 5% for
 * the chief. Due dates spread from 30 days ago to 60 days ahead; one in ten has none.
 */
export const TODAY = '2026-11-24';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedTasks(app: FastifyInstance, users: number, tasks: number) {
  const db = app.deps.db;
  const tenantId = newId();
  const now = nowIso();
  await db.insertInto('organizations').values({ id: tenantId, kind: 'municipality', name: 'ベンチ市（架空）', nameKana: null, nameEn: null, lgCode: null, prefectureCode: '13', parentId: null, isDemo: 0, settings: '{}', status: 'active', createdAt: now, updatedAt: now }).execute();
  const depts: string[] = [];
  const sections: Array<{ id: string; dept: string }> = [];
  const units = [];
  for (let d = 0; d < 50; d++) {
    const id = newId();
    depts.push(id);
    units.push({ tenantId, id, kind: 'department' as const, parentId: null, code: `D${d}`, name: `ベンチ部${d}`, nameEn: null, sortOrder: d, status: 'active' as const, createdAt: now, updatedAt: now });
    for (let s = 0; s < 4; s++) {
      const sid = newId();
      sections.push({ id: sid, dept: id });
      units.push({ tenantId, id: sid, kind: 'section' as const, parentId: id, code: `S${d}-${s}`, name: `ベンチ課${d}-${s}`, nameEn: null, sortOrder: s, status: 'active' as const, createdAt: now, updatedAt: now });
    }
  }
  for (const c of chunkRows(units, 11)) await db.insertInto('orgUnits').values(c).execute();
  const userRows = [];
  const roles = [];
  const ids: string[] = [];
  for (let i = 0; i < users; i++) {
    const id = newId();
    ids.push(id);
    const sec = sections[i % sections.length];
    userRows.push({ tenantId, id, email: `bench${i}@bench.example.jp`, displayName: `ベンチ利用者${i}`, displayNameKana: null, sectionId: sec.id, contractorId: null, employment: 'regular' as const, passwordHash: null, status: 'active' as const, mustChangePassword: 0, passwordChangedAt: null, mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null, inviteTokenHash: null, inviteExpiresAt: null, lastLoginAt: null, disabledAt: null, createdAt: now, updatedAt: now });
    const role = i === 0 ? 'chiefSecurityManager' : i < 1 + sections.length ? 'securityManager' : i < 1 + sections.length + depts.length ? 'securityOfficer' : 'staff';
    const scopeId = role === 'chiefSecurityManager' ? null : role === 'securityOfficer' ? depts[(i - 1 - sections.length) % depts.length] : sections[(i - 1) % sections.length].id;
    roles.push({ tenantId, id: newId(), userId: id, role: role as 'staff', scopeKind: (role === 'chiefSecurityManager' ? 'organization' : role === 'securityOfficer' ? 'department' : 'section') as 'section', scopeId, grantedBy: null, grantedAt: now, revokedBy: null, revokedAt: null });
  }
  for (const c of chunkRows(userRows, 24)) await db.insertInto('users').values(c).execute();
  for (const c of chunkRows(roles, 10)) await db.insertInto('roleAssignments').values(c).execute();

  const rand = rng(42);
  const per = Math.ceil(tasks / 4);
  const tasksSvc = app.deps.services.tasks;
  for (let p = 0; p < 4; p++) {
    const drafts: TaskDraft[] = [];
    for (let i = 0; i < per && p * per + i < tasks; i++) {
      const r = rand();
      const sec = sections[Math.floor(rand() * sections.length)];
      const assignees =
        r < 0.6 ? { roles: ['securityManager' as const], sectionId: sec.id } : r < 0.85 ? { userIds: [ids[Math.floor(rand() * ids.length)]] } : r < 0.95 ? { roles: ['securityOfficer' as const], departmentId: sec.dept } : { roles: ['chiefSecurityManager' as const] };
      drafts.push({
        key: `bench${p}:${i}`,
        kind: `bench${p}.item`,
        title: { ja: `ベンチ用の作業 ${p}-${i}`, en: `Bench work ${p}-${i}` },
        link: `/bench/${p}/${i}`,
        dueDate: rand() < 0.1 ? null : addDays(TODAY, Math.floor(rand() * 90) - 30),
        assignees,
        requestedBy: rand() < 0.2 ? ids[Math.floor(rand() * ids.length)] : null,
        subject: { type: 'bench', id: String(i) },
      });
    }
    tasksSvc.registerProvider({ id: `bench${p}`, label: { ja: 'ベンチ', en: 'Bench' }, collect: async (_db, t) => (t === tenantId ? drafts : []) });
  }
  const r = await tasksSvc.reconcile(TODAY, tenantId);
  if (app.deps.handle.kind === 'postgres') await sql`analyze`.execute(db);
  const chief = { userId: ids[0], assignments: [{ role: 'chiefSecurityManager', scopeId: null }] };
  const manager = { userId: ids[1], assignments: [{ role: 'securityManager', scopeId: sections[0].id }] };
  const officer = { userId: ids[1 + sections.length], assignments: [{ role: 'securityOfficer', scopeId: depts[0] }] };
  const staff = { userId: ids[users - 1], assignments: [{ role: 'staff', scopeId: sections[(users - 2) % sections.length].id }] };
  return { tenantId, added: r.added, chief, manager, officer, staff };
}
