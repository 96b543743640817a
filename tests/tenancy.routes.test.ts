import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrganizations } from '../server/modules/tenancy/org-import';
import { presentOrganization } from '../server/modules/tenancy/tenancy.service';
import { PLATFORM_TENANT } from '../server/platform/audit';
import { systemCtx } from '../server/platform/context';
import { AppError } from '../server/platform/errors';
import { as, createOrg, createTestApp, createUser, sessionFor, type Session, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

let t: TestApp;
let org: string;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  admin = await sessionFor(t.app, await createUser(t.app, org, { roles: ['orgAdmin'], mfa: true }));
});
afterAll(() => t.close());

const ctx = () => systemCtx(PLATFORM_TENANT, 'system:test');

describe(`departments and sections on ${testDbKind()}`, () => {
  it('builds a department with sections, refuses bad structure, archives in order', async () => {
    const d = await as(t.app, admin, { method: 'POST', url: '/api/units', payload: { kind: 'department', code: 'D-SOMU', name: '総務部' } });
    expect(d.statusCode).toBe(200);
    const dept = d.json().id;
    const s = await as(t.app, admin, { method: 'POST', url: '/api/units', payload: { kind: 'section', code: 'S-JOHO', name: '情報政策課', parentId: dept } });
    expect(s.statusCode).toBe(200);
    const noParent = await as(t.app, admin, { method: 'POST', url: '/api/units', payload: { kind: 'section', code: 'S-X', name: '迷子課' } });
    expect(noParent.json().errors[0]).toMatchObject({ field: 'parentId', code: 'section_parent' });
    const sectionAsParent = await as(t.app, admin, { method: 'POST', url: '/api/units', payload: { kind: 'section', code: 'S-Y', name: '孫課', parentId: s.json().id } });
    expect(sectionAsParent.statusCode).toBe(400);
    const dupCode = await as(t.app, admin, { method: 'POST', url: '/api/units', payload: { kind: 'department', code: 'D-SOMU', name: '重複部' } });
    expect(dupCode.statusCode).toBe(409);
    const badCode = await as(t.app, admin, { method: 'POST', url: '/api/units', payload: { kind: 'department', code: '総務', name: 'x' } });
    expect(badCode.json().errors[0].field).toBe('code');
    const archiveDept = await as(t.app, admin, { method: 'PATCH', url: `/api/units/${dept}`, payload: { status: 'archived' } });
    expect(archiveDept.json().code).toBe('unit_has_sections');
    expect((await as(t.app, admin, { method: 'PATCH', url: `/api/units/${s.json().id}`, payload: { status: 'archived' } })).statusCode).toBe(200);
    expect((await as(t.app, admin, { method: 'PATCH', url: `/api/units/${dept}`, payload: { status: 'archived' } })).statusCode).toBe(200);
    const staff = await sessionFor(t.app, await createUser(t.app, org, { roles: ['staff'] }));
    expect((await as(t.app, staff, { method: 'POST', url: '/api/units', payload: { kind: 'department', code: 'D-Z', name: 'z' } })).statusCode).toBe(403);
    const trail = await t.app.deps.db.selectFrom('auditEvents').select('action').where('tenantId', '=', org).where('action', 'like', 'unit.%').execute();
    expect(trail.length).toBe(4);
  });

  it('says what still belongs to a section before it is abolished, and restores it (issue 21)', async () => {
    const dept = (await as(t.app, admin, { method: 'POST', url: '/api/units', payload: { kind: 'department', code: 'D-FUKU', name: '福祉部' } })).json().id;
    const sec = (await as(t.app, admin, { method: 'POST', url: '/api/units', payload: { kind: 'section', code: 'S-KAIGO', name: '介護保険課', parentId: dept } })).json().id;
    await createUser(t.app, org, { sectionId: sec, roles: [['securityManager', sec]] });
    const chief = await sessionFor(t.app, await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true }));
    const asset = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: { code: 'A-KAIGO', name: '要介護認定の資料', kind: 'dataset', ownerSectionId: sec } });
    expect(asset.statusCode, asset.body).toBe(201);
    const deps = await as(t.app, admin, { method: 'GET', url: `/api/units/${sec}/dependents` });
    expect(deps.statusCode).toBe(200);
    expect(deps.json()).toEqual({ unitId: sec, sections: 0, users: 1, assignments: 1, assets: 1 });
    expect((await as(t.app, admin, { method: 'GET', url: `/api/units/${dept}/dependents` })).json()).toMatchObject({ sections: 1, users: 0, assets: 0 });
    // Abolished, it is still listed on request (marked archived) and can be made active again.
    expect((await as(t.app, admin, { method: 'PATCH', url: `/api/units/${sec}`, payload: { status: 'archived' } })).statusCode).toBe(200);
    const all = (await as(t.app, admin, { method: 'GET', url: '/api/units?includeArchived=true' })).json() as Array<{ id: string; status: string }>;
    expect(all.find((u) => u.id === sec)?.status).toBe('archived');
    expect((await as(t.app, admin, { method: 'PATCH', url: `/api/units/${sec}`, payload: { status: 'active' } })).json().status).toBe('active');
    // Another organisation's section is not found.
    const other = await createOrg(t.app);
    const otherAdmin = await sessionFor(t.app, await createUser(t.app, other.id, { roles: ['orgAdmin'], mfa: true }));
    expect((await as(t.app, otherAdmin, { method: 'GET', url: `/api/units/${sec}/dependents` })).statusCode).toBe(404);
  });

  it('updates the organisation settings (MFA for everyone) with an audit entry', async () => {
    const r = await as(t.app, admin, { method: 'PATCH', url: '/api/organization', payload: { settings: { mfaRequiredForAll: true } } });
    expect(r.statusCode).toBe(200);
    const got = await as(t.app, admin, { method: 'GET', url: '/api/organization' });
    expect(got.json().settings.mfaRequiredForAll).toBe(true);
    const unknown = await as(t.app, admin, { method: 'PATCH', url: '/api/organization', payload: { lgCode: '131016' } });
    expect(unknown.statusCode).toBe(400);
  });
});

describe(`organisation import on ${testDbKind()}`, () => {
  it('imports the example file in UTF-8, then the same in Shift_JIS changes nothing', async () => {
    const utf8 = readFileSync('docs/examples/organizations.csv');
    const r = await importOrganizations(t.app.deps.db, ctx(), utf8, { filename: 'organizations.csv' });
    expect(r).toMatchObject({ rows: 4, created: 4, updated: 0, encoding: 'utf-8' });
    const sjis = iconv.encode(utf8.toString('utf8'), 'cp932');
    const again = await importOrganizations(t.app.deps.db, ctx(), sjis, { filename: 'organizations.csv' });
    expect(again).toMatchObject({ rows: 4, created: 0, unchanged: 4, encoding: 'cp932' });
    const s = await as(t.app, admin, { method: 'GET', url: '/api/organizations?q=八王子' });
    expect(s.json().items[0]).toMatchObject({ lgCode: '132012', kind: 'municipality', prefectureCode: '13' });
    const joint = await as(t.app, admin, { method: 'GET', url: '/api/organizations?kind=jointBody' });
    expect(joint.json().items[0].name).toBe('東京都後期高齢者医療広域連合');
  });

  it('answers the directory as the database holds it: every field, a boolean isDemo, the total, pages in order', async () => {
    const rows = await t.app.deps.db.selectFrom('organizations').selectAll().where('status', '=', 'active').execute();
    const expected = new Map(rows.map((r) => [r.id, presentOrganization(r)]));
    const all = await as(t.app, admin, { method: 'GET', url: '/api/organizations?pageSize=500' });
    expect(all.headers['content-type']).toMatch(/^application\/json/);
    const body = all.json();
    expect(body).toMatchObject({ total: rows.length, page: 1, pageSize: 500 });
    expect(body.items).toHaveLength(rows.length);
    for (const item of body.items) expect(item).toStrictEqual(expected.get(item.id));
    expect(body.items.some((i: { isDemo: boolean }) => typeof i.isDemo === 'boolean')).toBe(true);
    // Two pages of 10 are the first 20 of the whole list, in the same order.
    const p1 = (await as(t.app, admin, { method: 'GET', url: '/api/organizations?pageSize=10&page=1' })).json();
    const p2 = (await as(t.app, admin, { method: 'GET', url: '/api/organizations?pageSize=10&page=2' })).json();
    expect([...p1.items, ...p2.items].map((i: { id: string }) => i.id)).toEqual(body.items.slice(0, 20).map((i: { id: string }) => i.id));
    expect(p2).toMatchObject({ total: rows.length, page: 2, pageSize: 10 });
    const none = (await as(t.app, admin, { method: 'GET', url: '/api/organizations?q=存在しない団体名' })).json();
    expect(none).toEqual({ items: [], total: 0, page: 1, pageSize: 100 });
  });

  it('rejects the whole file when any row is wrong, naming row and column', async () => {
    const before = await t.app.deps.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const csv = [
      '団体コード,団体名,種別',
      '141003,横浜市,市',
      '131017,検査数字違い区,区',
      '990001,県外,市',
      '141003,重複,市',
      ',名無し組合,組合',
      '130001,東京都,都',
      ',,市',
    ].join('\n');
    try {
      await importOrganizations(t.app.deps.db, ctx(), Buffer.from(csv), { filename: 'bad.csv' });
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const errors = (e as AppError).details;
      const at = (row: number) => errors.filter((x) => x.row === row).map((x) => x.code);
      expect(at(2)).toEqual([]);
      expect(at(3)).toEqual(['lg_code_checkDigit']);
      expect(at(4)).toContain('lg_code_prefecture');
      expect(at(5)).toContain('duplicate');
      expect(at(6)).toContain('unknown_kind');
      expect(at(7)).toContain('lg_code_prefecture_body');
      expect(at(8)).toContain('required');
      expect(errors.find((x) => x.row === 3)?.column).toMatch(/^A（団体コード）/);
    }
    const after = await t.app.deps.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('rejects a missing name column and an empty file', async () => {
    await expect(importOrganizations(t.app.deps.db, ctx(), Buffer.from('団体コード\n131016\n'), {})).rejects.toMatchObject({ code: 'import_invalid' });
    await expect(importOrganizations(t.app.deps.db, ctx(), Buffer.from('団体コード,団体名\n'), {})).rejects.toMatchObject({ code: 'import_empty' });
  });
});
