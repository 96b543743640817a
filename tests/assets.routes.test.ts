import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createOrg, createTestApp, createUnit, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { insertAsset } from './helpers/assets';
import { testDbKind } from './helpers/db';
import { makeService } from './helpers/vendors';

/** The asset register: access, validation, scope, create / read / update, and the service other modules use. */

let t: TestApp;
let org: string;
let dept: string;
let secA: string;
let secB: string;
let otherDeptSec: string;
let chief: Session;
let managerA: Session;
let staffA: Session;
let officer: Session;
let outsider: Session;

beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  dept = await createUnit(t.app, org, 'department');
  secA = await createUnit(t.app, org, 'section', dept, 'SEC-A');
  secB = await createUnit(t.app, org, 'section', dept, 'SEC-B');
  const dept2 = await createUnit(t.app, org, 'department');
  otherDeptSec = await createUnit(t.app, org, 'section', dept2, 'SEC-X');
  chief = await sessionFor(t.app, await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true }));
  managerA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityManager', secA]], sectionId: secA }));
  staffA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['staff', secA]], sectionId: secA }));
  officer = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityOfficer', dept]] }));
  const other = (await createOrg(t.app)).id;
  outsider = await sessionFor(t.app, await createUser(t.app, other, { roles: ['chiefSecurityManager'], mfa: true }));
});
afterAll(() => t?.close());

const base = (over: Record<string, unknown> = {}) => ({
  code: `A-${Math.random().toString(36).slice(2, 10)}`,
  name: '住民記録データ',
  kind: 'dataset',
  ownerSectionId: secA,
  ...over,
});

describe(`asset register on ${testDbKind()}`, () => {
  it('answers 401 without a session', async () => {
    const res = await as(t.app, null, { method: 'GET', url: '/api/assets' });
    expect(res.statusCode).toBe(401);
  });

  it('answers 403 to roles without asset.write', async () => {
    const res = await as(t.app, staffA, { method: 'POST', url: '/api/assets', payload: base() });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });

  it("answers 404 for another organisation's asset, for reads and writes", async () => {
    const a = await insertAsset(t.app, org, { ownerSectionId: secA });
    const get = await as(t.app, outsider, { method: 'GET', url: `/api/assets/${a.id}` });
    expect(get.statusCode).toBe(404);
    const patch = await as(t.app, outsider, { method: 'PATCH', url: `/api/assets/${a.id}`, payload: { name: '乗っ取り' } });
    expect(patch.statusCode).toBe(404);
    const after = await t.app.deps.db.selectFrom('assets').select('name').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(after.name).toBe(a.name);
  });

  it('names the fields of invalid input in Japanese and English', async () => {
    const res = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: { code: '', kind: 'spaceship', ownerSectionId: 'x' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['code', 'kind', 'name', 'ownerSectionId']);
    for (const e of body.errors) {
      expect(e.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(e.message.en).toMatch(/[a-z]/i);
    }
  });

  it('refuses an unknown owner section and a section outside the actor’s scope', async () => {
    const unknown = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: base({ ownerSectionId: dept }) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'ownerSectionId', code: 'section_unknown' });
    const outside = await as(t.app, managerA, { method: 'POST', url: '/api/assets', payload: base({ ownerSectionId: secB }) });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: 'ownerSectionId', code: 'section_out_of_scope' });
  });

  it('creates an asset with every register field, and records it in the audit trail', async () => {
    const sys = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: base({ kind: 'system', name: '住民記録システム', segment: 'mynumber', hosting: 'dataCentre' }) });
    expect(sys.statusCode).toBe(201);
    const payload = base({
      description: '住民基本台帳の記録',
      custodian: '市民課 記録係',
      segment: 'mynumber',
      hosting: 'dataCentre',
      location: '第二データセンター',
      flags: { residentData: true, myNumber: true },
      recordCount: 120000,
      retention: '永年',
      backupNote: '毎日夜間に遠隔地へ複製',
      relatedIds: [sys.json().id],
    });
    const res = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload });
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      code: payload.code,
      name: '住民記録データ',
      kind: 'dataset',
      ownerSection: { id: secA, code: 'SEC-A' },
      custodian: '市民課 記録係',
      segment: 'mynumber',
      hosting: 'dataCentre',
      location: '第二データセンター',
      flags: { residentData: true, myNumber: true, specialCare: false },
      recordCount: 120000,
      retention: '永年',
      backupNote: '毎日夜間に遠隔地へ複製',
      status: 'active',
      classification: { confidentiality: null, schemeEdition: null },
    });
    expect(a.related).toEqual([{ id: sys.json().id, code: sys.json().code, name: '住民記録システム' }]);
    const got = await as(t.app, chief, { method: 'GET', url: `/api/assets/${a.id}` });
    expect(got.json()).toEqual(a);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select(['action', 'changes']).where('tenantId', '=', org).where('targetId', '=', a.id).execute();
    expect(audit.map((e) => e.action)).toEqual(['asset.create']);
    expect(JSON.parse(audit[0].changes)).toMatchObject({ code: payload.code, residentData: 1 });
  });

  it('refuses a duplicate code with 409 and writes nothing', async () => {
    const p = base();
    expect((await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: p })).statusCode).toBe(201);
    const again = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: { ...p, name: '別物' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('asset_code_taken');
    const n = await t.app.deps.db.selectFrom('assets').select('id').where('tenantId', '=', org).where('code', '=', p.code as string).execute();
    expect(n).toHaveLength(1);
  });

  it('accepts only information systems as related systems', async () => {
    const ds = await insertAsset(t.app, org, { ownerSectionId: secA, kind: 'dataset' });
    const res = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: base({ relatedIds: [ds.id] }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'relatedIds.0', code: 'related_not_system' });
  });

  it('takes related systems by code too, naming unknown codes', async () => {
    const sys = await insertAsset(t.app, org, { ownerSectionId: secA, kind: 'system', code: `SYS-${Math.random().toString(36).slice(2, 8)}` });
    const res = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: base({ relatedCodes: [sys.code] }) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().related.map((r: { code: string }) => r.code)).toEqual([sys.code]);
    const bad = await as(t.app, chief, { method: 'PATCH', url: `/api/assets/${res.json().id}`, payload: { relatedCodes: [sys.code, 'NO-SUCH'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'relatedCodes.1', code: 'related_unknown' });
    const both = await as(t.app, chief, { method: 'PATCH', url: `/api/assets/${res.json().id}`, payload: { relatedCodes: [], relatedIds: [] } });
    expect(both.json().errors[0]).toMatchObject({ field: 'relatedCodes', code: 'related_both' });
    const cleared = await as(t.app, chief, { method: 'PATCH', url: `/api/assets/${res.json().id}`, payload: { relatedCodes: [] } });
    expect(cleared.json().related).toEqual([]);
  });

  it('updates fields, records only what changed, and keeps the code unique', async () => {
    const a = (await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: base() })).json();
    const other = (await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: base() })).json();
    const res = await as(t.app, managerA, { method: 'PATCH', url: `/api/assets/${a.id}`, payload: { name: '新しい名前', retention: '10年', flags: { specialCare: true } } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '新しい名前', retention: '10年', flags: { residentData: false, specialCare: true } });
    const clash = await as(t.app, chief, { method: 'PATCH', url: `/api/assets/${a.id}`, payload: { code: other.code } });
    expect(clash.statusCode).toBe(409);
    const same = await as(t.app, chief, { method: 'PATCH', url: `/api/assets/${a.id}`, payload: { name: '新しい名前' } });
    expect(same.statusCode).toBe(200);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select(['action', 'changes']).where('targetId', '=', a.id).orderBy('seq').execute();
    expect(audit.map((e) => e.action)).toEqual(['asset.create', 'asset.update']);
    expect(JSON.parse(audit[1].changes)).toEqual({ name: [a.name, '新しい名前'], retention: [null, '10年'], specialCare: [0, 1] });
  });

  it("lets a section manager reach only the section's assets (others answer 404)", async () => {
    const b = await insertAsset(t.app, org, { ownerSectionId: secB });
    expect((await as(t.app, managerA, { method: 'GET', url: `/api/assets/${b.id}` })).statusCode).toBe(404);
    expect((await as(t.app, managerA, { method: 'PATCH', url: `/api/assets/${b.id}`, payload: { name: 'x' } })).statusCode).toBe(404);
    const moved = await insertAsset(t.app, org, { ownerSectionId: secA });
    const away = await as(t.app, managerA, { method: 'PATCH', url: `/api/assets/${moved.id}`, payload: { ownerSectionId: secB } });
    expect(away.statusCode).toBe(400);
    expect(away.json().errors[0].code).toBe('section_out_of_scope');
  });

  it('lists by scope: staff see their section, department officers their department, the chief everything', async () => {
    const x = await insertAsset(t.app, org, { ownerSectionId: otherDeptSec });
    const b = await insertAsset(t.app, org, { ownerSectionId: secB });
    const a = await insertAsset(t.app, org, { ownerSectionId: secA });
    const codes = async (s: Session) => {
      const res = await as(t.app, s, { method: 'GET', url: '/api/assets?pageSize=200' });
      expect(res.statusCode).toBe(200);
      return new Set(res.json().items.map((i: { code: string }) => i.code));
    };
    const staff = await codes(staffA);
    expect(staff.has(a.code) && !staff.has(b.code) && !staff.has(x.code)).toBe(true);
    const off = await codes(officer);
    expect(off.has(a.code) && off.has(b.code) && !off.has(x.code)).toBe(true);
    const all = await codes(chief);
    expect(all.has(a.code) && all.has(b.code) && all.has(x.code)).toBe(true);
    expect((await as(t.app, officer, { method: 'GET', url: `/api/assets/${x.id}` })).statusCode).toBe(404);
  });

  it('filters, sorts and pages on the server', async () => {
    const sec = await createUnit(t.app, org, 'section', dept, 'SEC-LIST');
    const levels = ['1', '3B', '2', '3A', '3C'];
    for (const [i, c] of levels.entries()) {
      await insertAsset(t.app, org, { ownerSectionId: sec, code: `L-${i}`, name: `一覧${4 - i}`, confidentiality: c, cRank: { '3A': 6, '3B': 4, '3C': 3, '2': 2, '1': 1 }[c], segment: i % 2 ? 'internet' : 'lgwan' });
    }
    const q = async (qs: string) => (await as(t.app, chief, { method: 'GET', url: `/api/assets?ownerSectionId=${sec}&${qs}` })).json();
    expect((await q('sort=code')).items.map((i: { code: string }) => i.code)).toEqual(['L-0', 'L-1', 'L-2', 'L-3', 'L-4']);
    expect((await q('sort=-confidentiality')).items.map((i: { confidentiality: string }) => i.confidentiality)).toEqual(['3A', '3B', '3C', '2', '1']);
    expect((await q('sort=name')).items.map((i: { name: string }) => i.name)).toEqual(['一覧0', '一覧1', '一覧2', '一覧3', '一覧4']);
    expect((await q('confidentiality=3A,3B&sort=code')).items.map((i: { code: string }) => i.code)).toEqual(['L-1', 'L-3']);
    const seg = await q('segment=internet');
    expect(seg.total).toBe(2);
    const page = await q('sort=code&pageSize=2&page=2');
    expect(page).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page.items.map((i: { code: string }) => i.code)).toEqual(['L-2', 'L-3']);
    expect((await q('q=l-4')).items.map((i: { code: string }) => i.code)).toEqual(['L-4']);
    const bad = await as(t.app, chief, { method: 'GET', url: '/api/assets?confidentiality=4&sort=price' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.confidentiality.0', 'query.sort']);
  });

  it('names the cloud service an asset lives on from the external-service register, and refuses others', async () => {
    const own = await makeService(t.app, org, { name: '試験クラウド基盤' });
    const foreign = await makeService(t.app, (await createOrg(t.app)).id);

    const choices = await as(t.app, managerA, { method: 'GET', url: '/api/assets/cloud-services' });
    expect(choices.statusCode).toBe(200);
    expect(choices.json().available).toBe(true);
    expect(choices.json().items.map((i: { id: string }) => i.id)).toContain(own);
    expect(choices.json().items.map((i: { id: string }) => i.id)).not.toContain(foreign);
    expect(choices.json().items.find((i: { id: string }) => i.id === own)).toMatchObject({ name: '試験クラウド基盤', providerName: '試験クラウド株式会社' });

    const before = await t.app.deps.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow();
    for (const bad of [foreign, 'no-such-service']) {
      const res = await as(t.app, managerA, { method: 'POST', url: '/api/assets', payload: base({ hosting: 'cloud', cloudServiceId: bad }) });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ field: 'cloudServiceId', code: 'cloud_service_unknown' });
    }
    const after = await t.app.deps.db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const created = await as(t.app, managerA, { method: 'POST', url: '/api/assets', payload: base({ hosting: 'cloud', cloudServiceId: own }) });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().cloudService).toMatchObject({ id: own, name: '試験クラウド基盤' });
    const id = created.json().id;
    expect((await as(t.app, managerA, { method: 'GET', url: `/api/assets/${id}` })).json().cloudService.name).toBe('試験クラウド基盤');

    const patched = await as(t.app, managerA, { method: 'PATCH', url: `/api/assets/${id}`, payload: { cloudServiceId: foreign } });
    expect(patched.statusCode).toBe(400);
    expect((await as(t.app, managerA, { method: 'GET', url: `/api/assets/${id}` })).json().cloudServiceId).toBe(own);

    // An id kept from before the register knew it is shown as unknown and does not block other edits.
    const legacy = await insertAsset(t.app, org, { ownerSectionId: secA, hosting: 'cloud', cloudServiceId: 'legacy-id' });
    const view = await as(t.app, managerA, { method: 'GET', url: `/api/assets/${legacy.id}` });
    expect(view.json()).toMatchObject({ cloudServiceId: 'legacy-id', cloudService: null });
    const renamed = await as(t.app, managerA, { method: 'PATCH', url: `/api/assets/${legacy.id}`, payload: { name: '名称だけ変更' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it('serves other modules through deps.services.assets (get, getMany, highest wins)', async () => {
    const svc = t.app.deps.services.assets;
    const a = await insertAsset(t.app, org, { ownerSectionId: secA, confidentiality: '3B', integrity: '2', availability: '1' });
    const b = await insertAsset(t.app, org, { ownerSectionId: secB, confidentiality: '2', integrity: '1', availability: '2', residentData: 1 });
    expect(await svc.get(t.app.deps.db, org, a.id)).toMatchObject({ id: a.id, code: a.code, confidentiality: '3B', flags: { residentData: false } });
    expect(await svc.get(t.app.deps.db, 'another-tenant', a.id)).toBeUndefined();
    const many = await svc.getMany(t.app.deps.db, org, [b.id, a.id, b.id]);
    expect(many.map((m) => m.id)).toEqual([b.id, a.id]);
    expect(many[0].flags.residentData).toBe(true);
    expect(svc.highest(many)).toEqual({ c: '3B', i: '2', a: '2' });
    expect(svc.highest([])).toEqual({ c: null, i: null, a: null });
    expect(svc.highest([{ ...many[0], confidentiality: '3' }, { ...many[1], confidentiality: '3A' }]).c).toBe('3A');
    expect(svc.highest([{ ...many[0], confidentiality: '3' }, { ...many[1], confidentiality: '3B' }]).c).toBe('3');

    // The lean read for bulk checks: only the classes, only this organisation's assets.
    const classes = await svc.classesOf(t.app.deps.db, org, [a.id, b.id, a.id, 'no-such-asset']);
    expect(classes.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [
        { id: a.id, kind: a.kind, confidentiality: '3B', integrity: '2', availability: '1', status: 'active' },
        { id: b.id, kind: b.kind, confidentiality: '2', integrity: '1', availability: '2', status: 'active' },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(await svc.classesOf(t.app.deps.db, 'another-tenant', [a.id])).toEqual([]);
    expect(await svc.classesOf(t.app.deps.db, org, [])).toEqual([]);
  });
});
