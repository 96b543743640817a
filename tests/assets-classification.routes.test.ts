import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createOrg, createTestApp, createUnit, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { insertAsset } from './helpers/assets';
import { testDbKind } from './helpers/db';

/** Classification under a catalog edition's scheme, its history, checks, handling rules, labels, summary and reclassification. */

let t: TestApp;
let org: string;
let secA: string;
let chief: Session;
let managerA: Session;
let sysManagerA: Session;
let staffA: Session;
let outsider: Session;

beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  const dept = await createUnit(t.app, org, 'department');
  secA = await createUnit(t.app, org, 'section', dept, 'C-A');
  await createUnit(t.app, org, 'section', dept, 'C-B');
  chief = await sessionFor(t.app, await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true }));
  managerA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityManager', secA]], sectionId: secA }));
  sysManagerA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['systemManager', secA]], sectionId: secA, mfa: true }));
  staffA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['staff', secA]], sectionId: secA }));
  outsider = await sessionFor(t.app, await createUser(t.app, (await createOrg(t.app)).id, { roles: ['chiefSecurityManager'], mfa: true }));
});
afterAll(() => t?.close());

let n = 0;
const code = () => `CL-${++n}-${Math.random().toString(36).slice(2, 6)}`;

async function create(s: Session, over: Record<string, unknown> = {}) {
  const res = await as(t.app, s, { method: 'POST', url: '/api/assets', payload: { code: code(), name: '課税台帳', kind: 'dataset', ownerSectionId: secA, ...over } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const classify = (s: Session, id: string, body: Record<string, unknown>) => as(t.app, s, { method: 'PUT', url: `/api/assets/${id}/classification`, payload: body });

describe(`classification on ${testDbKind()}`, () => {
  it('answers 401, 403 (no asset.classify), 404 (other organisation), 400 (bad body) in that order of concern', async () => {
    const a = await insertAsset(t.app, org, { ownerSectionId: secA });
    expect((await classify(null as unknown as Session, a.id, {})).statusCode).toBe(401);
    expect((await classify(staffA, a.id, { confidentiality: '2', integrity: '1', availability: '1', reason: 'x' })).statusCode).toBe(403);
    expect((await classify(sysManagerA, a.id, { confidentiality: '2', integrity: '1', availability: '1', reason: 'x' })).statusCode).toBe(403);
    expect((await classify(outsider, a.id, { confidentiality: '2', integrity: '1', availability: '1', reason: 'x' })).statusCode).toBe(404);
    const bad = await classify(chief, a.id, { confidentiality: '2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['availability', 'integrity', 'reason']);
  });

  it('classifies under the current edition by default and keeps who, when and why', async () => {
    const a = await create(chief);
    const res = await classify(managerA, a.id, { confidentiality: '3B', integrity: '2', availability: '2', reason: '課税情報を含むため' });
    expect(res.statusCode).toBe(200);
    expect(res.json().classification).toMatchObject({ schemeEdition: 'R8.3', confidentiality: '3B', integrity: '2', availability: '2', reason: '課税情報を含むため' });
    expect(res.json().classification.classifiedByLabel).toMatch(/@example\.jp$/);
    const again = await classify(chief, a.id, { confidentiality: '3C', integrity: '2', availability: '1', reason: '税額の計算結果だけになったため' });
    expect(again.statusCode).toBe(200);
    const hist = (await as(t.app, staffA, { method: 'GET', url: `/api/assets/${a.id}/history` })).json().items;
    expect(hist).toHaveLength(2);
    expect(hist[0]).toMatchObject({ current: true, confidentiality: '3C', reason: '税額の計算結果だけになったため', supersededAt: null });
    expect(hist[1]).toMatchObject({ current: false, confidentiality: '3B', availability: '2', reason: '課税情報を含むため' });
    expect(hist[1].supersededAt >= hist[1].classifiedAt).toBe(true);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select(['action', 'changes']).where('targetId', '=', a.id).orderBy('seq').execute();
    expect(audit.map((e) => e.action)).toEqual(['asset.create', 'asset.classify', 'asset.classify']);
    expect(JSON.parse(audit[2].changes)).toMatchObject({ confidentiality: ['3B', '3C'], availability: ['2', '1'], reason: '税額の計算結果だけになったため' });
  });

  it('refuses levels that are unknown or do not exist in the edition named, writing nothing', async () => {
    const a = await create(chief);
    const unknown = await classify(chief, a.id, { confidentiality: '4', integrity: '3', availability: '2', reason: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ field: 'body.confidentiality', code: 'level_unknown' }),
      expect.objectContaining({ field: 'body.integrity', code: 'level_unknown' }),
    ]);
    const legacyInNew = await classify(chief, a.id, { schemeEdition: 'R8.3', confidentiality: '3', integrity: '1', availability: '1', reason: 'x' });
    expect(legacyInNew.json().errors[0]).toMatchObject({ field: 'body.confidentiality', code: 'level_not_in_scheme' });
    expect(legacyInNew.json().errors[0].message.ja).toContain('R8.3');
    const newInOld = await classify(chief, a.id, { schemeEdition: 'R5.3', confidentiality: '3B', integrity: '1', availability: '1', reason: 'x' });
    expect(newInOld.json().errors[0]).toMatchObject({ field: 'body.confidentiality', code: 'level_not_in_scheme' });
    const noEdition = await classify(chief, a.id, { schemeEdition: 'R1.1', confidentiality: '2', integrity: '1', availability: '1', reason: 'x' });
    expect(noEdition.json().errors[0]).toMatchObject({ field: 'body.schemeEdition', code: 'edition_unknown' });
    const after = (await as(t.app, chief, { method: 'GET', url: `/api/assets/${a.id}` })).json();
    expect(after.classification.confidentiality).toBeNull();
    expect((await as(t.app, chief, { method: 'GET', url: `/api/assets/${a.id}/history` })).json().items).toEqual([]);
  });

  it('accepts the older scheme under an older edition', async () => {
    const a = await create(chief);
    const res = await classify(chief, a.id, { schemeEdition: 'R5.3', confidentiality: '3', integrity: '2', availability: '1', reason: '旧台帳から移行' });
    expect(res.statusCode).toBe(200);
    expect(res.json().classification).toMatchObject({ schemeEdition: 'R5.3', confidentiality: '3' });
  });

  it('needs asset.classify to create an asset with levels', async () => {
    const res = await as(t.app, sysManagerA, {
      method: 'POST',
      url: '/api/assets',
      payload: { code: code(), name: 'x', kind: 'system', ownerSectionId: secA, classification: { confidentiality: '2', integrity: '1', availability: '1', reason: 'x' } },
    });
    expect(res.statusCode).toBe(403);
    const plain = await as(t.app, sysManagerA, { method: 'POST', url: '/api/assets', payload: { code: code(), name: 'x', kind: 'system', ownerSectionId: secA } });
    expect(plain.statusCode).toBe(201);
    const withLevels = await create(chief, { classification: { confidentiality: '3A', integrity: '2', availability: '1', reason: '国からの秘密文書' } });
    expect(withLevels.classification).toMatchObject({ schemeEdition: 'R8.3', confidentiality: '3A', reason: '国からの秘密文書' });
    const bad = await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: { code: code(), name: 'x', kind: 'dataset', ownerSectionId: secA, classification: { confidentiality: '3', integrity: '1', availability: '1', reason: 'x' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'classification.confidentiality', code: 'level_not_in_scheme' });
  });

  it('reports contradictions with catalog references, and flags provisional ones', async () => {
    const a = await create(chief, {
      segment: 'mynumber',
      flags: { residentData: true },
      classification: { confidentiality: '2', integrity: '1', availability: '2', reason: '誤った分類の例' },
    });
    const res = await as(t.app, managerA, { method: 'GET', url: `/api/assets/${a.id}/checks` });
    expect(res.statusCode).toBe(200);
    const { findings, edition } = res.json();
    expect(edition).toBe('R8.3');
    expect(findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['AC-01', 'AC-06', 'AC-08']);
    expect(findings[0].refs[0]).toMatchObject({ id: 'KB-2.1', edition: 'R8.3', title: '情報資産の分類' });
    expect(findings[1]).toMatchObject({ provisional: true });
    const list = (await as(t.app, chief, { method: 'GET', url: `/api/assets?q=${a.code}` })).json();
    expect(list.items[0].issues).toEqual({ count: 3, worst: 'high', ruleIds: ['AC-01', 'AC-06', 'AC-08'] });
    await classify(chief, a.id, { confidentiality: '3B', integrity: '1', availability: '1', reason: '見直し' });
    expect((await as(t.app, chief, { method: 'GET', url: `/api/assets/${a.id}/checks` })).json().findings).toEqual([]);
  });

  it('derives handling rules and the disposal family from the levels', async () => {
    const a = await create(chief, { classification: { confidentiality: '3B', integrity: '2', availability: '2', reason: 'x' }, backupNote: '日次' });
    const h = (await as(t.app, staffA, { method: 'GET', url: `/api/assets/${a.id}/handling` })).json().handling;
    expect(h.edition).toBe('R8.3');
    const topics = h.topics.map((x: { topic: string }) => x.topic);
    for (const required of ['storage', 'transmission', 'copying', 'takeOut', 'printing', 'disposal']) expect(topics).toContain(required);
    const transmission = h.topics.find((x: { topic: string }) => x.topic === 'transmission');
    expect(transmission.items[0].refs).toContain('KB-2.2.7');
    const printing = h.topics.find((x: { topic: string }) => x.topic === 'printing');
    if (printing.items.length === 0) expect(printing.none.ja).toMatch(/定めはありません/);
    expect(h.disposal.family).toBe('purge');
    expect(h.levels.c).toMatchObject({ id: '3B', label: '自治体機密性3B' });
    const unclassified = await create(chief);
    expect((await as(t.app, chief, { method: 'GET', url: `/api/assets/${unclassified.id}/handling` })).json().handling).toBeNull();
  });

  it('gives a label with the class, handling essentials and a QR code', async () => {
    const a = await create(chief, { kind: 'medium', classification: { confidentiality: '3C', integrity: '1', availability: '1', reason: 'x' } });
    const res = await as(t.app, chief, { method: 'GET', url: `/api/assets/${a.id}/label` });
    expect(res.statusCode).toBe(200);
    const l = res.json();
    expect(l.asset).toMatchObject({ code: a.code, kind: '記録媒体', ownerSection: { code: 'C-A' } });
    expect(l.classification.confidentiality).toBe('3C');
    expect(l.qrSvg).toMatch(/^<svg/);
    expect(l.url).toMatch(new RegExp(`/assets/${a.id}$`));
    expect(l.handling.length).toBeGreaterThan(0);
  });

  it('counts by class and by segment within the actor’s scope', async () => {
    const o = (await createOrg(t.app)).id;
    const d = await createUnit(t.app, o, 'department');
    const s1 = await createUnit(t.app, o, 'section', d);
    const s2 = await createUnit(t.app, o, 'section', d);
    const boss = await sessionFor(t.app, await createUser(t.app, o, { roles: ['chiefSecurityManager'], mfa: true }));
    const staff = await sessionFor(t.app, await createUser(t.app, o, { roles: [['staff', s1]], sectionId: s1 }));
    await insertAsset(t.app, o, { ownerSectionId: s1, confidentiality: '3B', segment: 'mynumber' });
    await insertAsset(t.app, o, { ownerSectionId: s1, confidentiality: '3B', segment: 'mynumber' });
    await insertAsset(t.app, o, { ownerSectionId: s2, confidentiality: '2', segment: 'lgwan' });
    await insertAsset(t.app, o, { ownerSectionId: s2, confidentiality: null, integrity: null, availability: null, schemeEdition: null, segment: null });
    await insertAsset(t.app, o, { ownerSectionId: s2, confidentiality: '3', schemeEdition: 'R5.3', segment: 'lgwan' });
    await insertAsset(t.app, o, { ownerSectionId: s2, confidentiality: '1', status: 'retired' });
    const all = (await as(t.app, boss, { method: 'GET', url: '/api/assets/summary' })).json();
    expect(all).toMatchObject({ total: 5, unclassified: 1, olderScheme: 1 });
    const c = Object.fromEntries(all.byConfidentiality.map((x: { level: string; count: number }) => [x.level, x.count]));
    expect(c).toMatchObject({ '3A': 0, '3B': 2, '3C': 0, '3': 1, '2': 1, '1': 0, none: 1 });
    const s = Object.fromEntries(all.bySegment.map((x: { segment: string; count: number }) => [x.segment, x.count]));
    expect(s).toEqual({ mynumber: 2, lgwan: 2, internet: 0, closed: 0, none: 1 });
    expect(all.matrix).toContainEqual({ segment: 'mynumber', level: '3B', count: 2 });
    const mine = (await as(t.app, staff, { method: 'GET', url: '/api/assets/summary' })).json();
    expect(mine.total).toBe(2);
  });

  it('lists assets under the older scheme with proposals and reclassifies them all or nothing', async () => {
    const o = (await createOrg(t.app)).id;
    const d = await createUnit(t.app, o, 'department');
    const s1 = await createUnit(t.app, o, 'section', d);
    const s2 = await createUnit(t.app, o, 'section', d);
    const boss = await sessionFor(t.app, await createUser(t.app, o, { roles: ['chiefSecurityManager'], mfa: true }));
    const mgr = await sessionFor(t.app, await createUser(t.app, o, { roles: [['securityManager', s1]], sectionId: s1 }));
    const legacy = { schemeEdition: 'R5.3', confidentiality: '3', integrity: '2', availability: '2' };
    // Residents' personal data sat in old 2 (facts, Corrections of 2026-12 no.1).
    const resident = await insertAsset(t.app, o, { ...legacy, confidentiality: '2', code: 'R-1', ownerSectionId: s1, segment: 'mynumber', residentData: 1 });
    const secret = await insertAsset(t.app, o, { ...legacy, code: 'R-2', ownerSectionId: s1 });
    const low = await insertAsset(t.app, o, { ...legacy, code: 'R-3', confidentiality: '1', ownerSectionId: s2 });
    await insertAsset(t.app, o, { code: 'R-4', ownerSectionId: s1 });
    const list = (await as(t.app, boss, { method: 'GET', url: '/api/assets/reclassification' })).json();
    expect(list).toMatchObject({ targetEdition: 'R8.3', total: 3 });
    expect(list.olderEditions).toContain('R5.3');
    const byCode = Object.fromEntries(list.items.map((i: { code: string }) => [i.code, i]));
    expect(byCode['R-1']).toMatchObject({ candidates: ['3B', '3C', '2'], proposed: { confidentiality: '3B', integrity: '2', availability: '2' } });
    // Old 3 was secret documents only: its single counterpart is 3A.
    expect(byCode['R-2']).toMatchObject({ candidates: ['3A'], proposed: { confidentiality: '3A' } });
    expect(byCode['R-3'].proposed.confidentiality).toBe('1');
    expect((await as(t.app, mgr, { method: 'GET', url: '/api/assets/reclassification' })).json().total).toBe(2);
    // One bad item stops the whole batch, and the manager cannot touch another section's asset.
    const bad = await as(t.app, mgr, {
      method: 'POST',
      url: '/api/assets/reclassification',
      payload: { reason: '令和6年10月版への移行', items: [{ assetId: resident.id, confidentiality: '3B' }, { assetId: low.id, confidentiality: '1' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'items.1.assetId', code: 'not_found' });
    const bad2 = await as(t.app, boss, {
      method: 'POST',
      url: '/api/assets/reclassification',
      payload: { reason: '移行', items: [{ assetId: resident.id, confidentiality: '3B' }, { assetId: secret.id, confidentiality: '3' }] },
    });
    expect(bad2.json().errors[0]).toMatchObject({ field: 'items.1.confidentiality', code: 'level_not_in_scheme' });
    expect((await t.app.deps.db.selectFrom('assets').select('confidentiality').where('id', '=', resident.id).executeTakeFirstOrThrow()).confidentiality).toBe('2');
    const good = await as(t.app, boss, {
      method: 'POST',
      url: '/api/assets/reclassification',
      payload: { reason: '令和6年10月版への移行', items: [{ assetId: resident.id, confidentiality: '3B' }, { assetId: secret.id, confidentiality: '3A', availability: '1' }] },
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toEqual({ reclassified: 2, edition: 'R8.3' });
    const hist = (await as(t.app, boss, { method: 'GET', url: `/api/assets/${secret.id}/history` })).json().items;
    expect(hist[0]).toMatchObject({ schemeEdition: 'R8.3', confidentiality: '3A', availability: '1', reason: '令和6年10月版への移行' });
    expect(hist[1]).toMatchObject({ schemeEdition: 'R5.3', confidentiality: '3', availability: '2' });
    expect((await as(t.app, boss, { method: 'GET', url: '/api/assets/reclassification' })).json().total).toBe(1);
  });

  it('lists earlier reclassifications that disagree with the corrected map for review, changing nothing', async () => {
    const o = (await createOrg(t.app)).id;
    const d = await createUnit(t.app, o, 'department');
    const s1 = await createUnit(t.app, o, 'section', d);
    const boss = await sessionFor(t.app, await createUser(t.app, o, { roles: ['chiefSecurityManager'], mfa: true }));
    const legacy = { schemeEdition: 'R5.3', integrity: '2', availability: '2', ownerSectionId: s1 };
    // What the earlier map let through: old-2 resident data to 3C, old-3 data to 3B.
    const res3c = await insertAsset(t.app, o, { ...legacy, code: 'V-1', confidentiality: '2', residentData: 1 });
    const old3to3b = await insertAsset(t.app, o, { ...legacy, code: 'V-2', confidentiality: '3', residentData: 1 });
    const fine = await insertAsset(t.app, o, { ...legacy, code: 'V-3', confidentiality: '2', residentData: 1 });
    await insertAsset(t.app, o, { ...legacy, code: 'V-4', confidentiality: '1' });
    const moved = await as(t.app, boss, {
      method: 'POST',
      url: '/api/assets/reclassification',
      payload: { reason: '旧い提案による移行', items: [{ assetId: res3c.id, confidentiality: '3C' }, { assetId: old3to3b.id, confidentiality: '3B' }, { assetId: fine.id, confidentiality: '3B' }] },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const review = await as(t.app, boss, { method: 'GET', url: '/api/assets/reclassification/review' });
    expect(review.statusCode, review.body).toBe(200);
    const byCode = Object.fromEntries(review.json().items.map((i: { code: string }) => [i.code, i]));
    expect(Object.keys(byCode).sort()).toEqual(['V-1', 'V-2']);
    expect(byCode['V-1']).toMatchObject({ finding: 'resident_not_3b', from: { confidentiality: '2' }, current: { confidentiality: '3C' }, proposed: '3B' });
    expect(byCode['V-2']).toMatchObject({ finding: 'outside_map', from: { confidentiality: '3' }, current: { confidentiality: '3B' }, candidates: ['3A'] });
    expect(byCode['V-1'].message.ja).toContain('3B');
    expect(byCode['V-1'].source).toMatch(/Corrections of 2026-12/);
    // Listed, not changed.
    const row = await t.app.deps.db.selectFrom('assets').select('confidentiality').where('tenantId', '=', o).where('id', '=', res3c.id).executeTakeFirstOrThrow();
    expect(row.confidentiality).toBe('3C');
    // Another organisation sees none of it; staff without asset.classify are refused.
    expect((await as(t.app, chief, { method: 'GET', url: '/api/assets/reclassification/review' })).json().items.map((i: { code: string }) => i.code)).not.toContain('V-1');
    expect((await as(t.app, staffA, { method: 'GET', url: '/api/assets/reclassification/review' })).statusCode).toBe(403);
    expect((await as(t.app, boss, { method: 'GET', url: '/api/assets/reclassification/review?pageSize=0' })).statusCode).toBe(400);
  });

  it('explains the levels of an edition with examples, and lists the checks', async () => {
    const res = await as(t.app, staffA, { method: 'GET', url: '/api/assets/scheme' });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.edition.id).toBe('R8.3');
    expect(s.scheme.levels.c.map((l: { id: string }) => l.id)).toEqual(['3A', '3B', '3C', '2', '1']);
    expect(s.scheme.levels.c[1].examples.length).toBeGreaterThan(0);
    expect(s.rules.map((r: { id: string }) => r.id)).toContain('AC-01');
    const old = (await as(t.app, staffA, { method: 'GET', url: '/api/assets/scheme?edition=R5.3' })).json();
    expect(old.scheme.levels.c.map((l: { id: string }) => l.id)).toEqual(['3', '2', '1']);
    expect((await as(t.app, staffA, { method: 'GET', url: '/api/assets/scheme?edition=R0.1' })).statusCode).toBe(404);
  });
});
