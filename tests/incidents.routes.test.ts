import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAsset } from './helpers/assets';
import { type Session, type TestApp, as, createOrg, createTestApp, createUnit, createUser, sessionFor } from './helpers/app';
import { testDbKind } from './helpers/db';
import { makeContract, makeContractor, makeService, multipart, samplePdf } from './helpers/vendors';

let t: TestApp;
let orgId: string;
let section: string;
let contractA: string;
let contractB: string;
let serviceId: string;
let lgwanAsset: string;
let mynumberAsset: string;
const S: Record<string, Session> = {};

function call(who: string | null, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return as(t.app, who ? S[who] : null, { method: method as 'GET', url, payload: payload as object, headers });
}
const count = async (table: 'incidents' | 'incidentTimeline' | 'incidentObligations' | 'incidentMeasures' | 'csirtMembers') =>
  Number((await t.app.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', orgId).executeTakeFirstOrThrow()).n);

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const base = () => ({
  title: '住民票の写しの誤送付',
  description: '窓口で別人の住民票の写しを交付した。',
  occurredAt: hoursAgo(30),
  discoveredAt: hoursAgo(26),
  knewAt: hoursAgo(25),
  detection: 'resident',
  category: 'mistake',
});

beforeAll(async () => {
  t = await createTestApp({ SHIRUBE_EVIDENCE_LIMIT_MB: '1' });
  orgId = (await createOrg(t.app)).id;
  const dept = await createUnit(t.app, orgId, 'department');
  section = await createUnit(t.app, orgId, 'section', dept);
  const ca = await makeContractor(t.app, orgId);
  const cb = await makeContractor(t.app, orgId);
  contractA = await makeContract(t.app, orgId, ca);
  contractB = await makeContract(t.app, orgId, cb);
  serviceId = await makeService(t.app, orgId);
  await t.app.deps.db.updateTable('vendorServices').set({ slaFirstReportMinutes: 120 }).where('tenantId', '=', orgId).where('id', '=', serviceId).execute();
  lgwanAsset = (await insertAsset(t.app, orgId, { segment: 'lgwan', confidentiality: '2' })).id;
  mynumberAsset = (await insertAsset(t.app, orgId, { segment: 'mynumber', confidentiality: '3A', myNumber: 1 })).id;
  const users = {
    csirt: await createUser(t.app, orgId, { roles: ['csirtMember'], mfa: true }),
    ciso: await createUser(t.app, orgId, { roles: ['ciso'], mfa: true }),
    staff: await createUser(t.app, orgId, { roles: [['staff', section]], sectionId: section }),
    manager: await createUser(t.app, orgId, { roles: [['securityManager', section]], sectionId: section }),
    contractorA: await createUser(t.app, orgId, { roles: [['contractor', ca]] }),
  };
  for (const [k, u] of Object.entries(users)) S[k] = await sessionFor(t.app, u);
  const other = await createOrg(t.app);
  S.other = await sessionFor(t.app, await createUser(t.app, other.id, { roles: ['csirtMember'], mfa: true }));
});
afterAll(() => t?.close());

describe(`incidents on ${testDbKind()}: refusals first`, () => {
  it('401 without a session, 403 without the action', async () => {
    expect((await call(null, 'GET', '/api/incidents')).statusCode).toBe(401);
    expect((await call('staff', 'GET', '/api/incidents')).statusCode).toBe(403);
    expect((await call('staff', 'POST', '/api/csirt/members', { role: 'head', holderName: 'x', validFrom: '2026-04-01' })).statusCode).toBe(403);
    expect((await call('manager', 'GET', '/api/incidents/statistics')).statusCode).toBe(403);
  });

  it('404 for another organisation’s incident', async () => {
    const r = await call('csirt', 'POST', '/api/incidents', base());
    expect(r.statusCode, r.body).toBe(200);
    const id = r.json().id;
    expect((await call('other', 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
    expect((await call('other', 'PATCH', `/api/incidents/${id}`, { severity: 'low' })).statusCode).toBe(404);
    expect((await call('other', 'POST', `/api/incidents/${id}/timeline`, { at: hoursAgo(1), kind: 'decision', text: 'x' })).statusCode).toBe(404);
  });
});

describe(`incidents on ${testDbKind()}: bad input names the field and saves nothing`, () => {
  async function refused(payload: unknown, field: string, url = '/api/incidents', method = 'POST', who = 'csirt') {
    const before = await Promise.all([count('incidents'), count('incidentTimeline'), count('incidentObligations'), count('incidentMeasures')]);
    const r = await call(who, method, url, payload);
    expect(r.statusCode, r.body).toBe(400);
    const body = r.json();
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(body.messages.ja).toBeTruthy();
    expect(body.messages.en).toBeTruthy();
    expect(await Promise.all([count('incidents'), count('incidentTimeline'), count('incidentObligations'), count('incidentMeasures')])).toEqual(before);
    return body;
  }

  it('discovered before occurred, knew before discovered', async () => {
    const b1 = await refused({ ...base(), discoveredAt: hoursAgo(40) }, 'discoveredAt');
    expect(b1.errors[0].code).toBe('discovered_before_occurred');
    const b2 = await refused({ ...base(), knewAt: hoursAgo(28) }, 'knewAt');
    expect(b2.errors[0].code).toBe('knew_before_discovered');
  });

  it('a negative or non-integer number of persons', async () => {
    await refused({ ...base(), personsCount: -1 }, 'personsCount');
    await refused({ ...base(), personsCount: 2.5 }, 'personsCount');
  });

  it('an occurrence or a timeline entry in the future', async () => {
    await refused({ ...base(), occurredAt: new Date(Date.now() + 3 * 3_600_000).toISOString(), discoveredAt: new Date(Date.now() + 4 * 3_600_000).toISOString(), knewAt: new Date(Date.now() + 5 * 3_600_000).toISOString() }, 'occurredAt');
    const id = (await call('csirt', 'POST', '/api/incidents', base())).json().id;
    const b = await refused({ at: new Date(Date.now() + 2 * 3_600_000).toISOString(), kind: 'decision', text: '未来の判断' }, 'at', `/api/incidents/${id}/timeline`);
    expect(b.errors[0].code).toBe('in_future');
  });

  it('an obligation marked sent without a date', async () => {
    const id = (await call('csirt', 'POST', '/api/incidents', { ...base(), personalData: true, personsCount: 150 })).json().id;
    const o = (await call('csirt', 'GET', `/api/incidents/${id}`)).json().obligations[0];
    await refused({ status: 'sent' }, 'sentAt', `/api/incidents/${id}/obligations/${o.id}`);
    await refused({ status: 'notApplicable' }, 'reason', `/api/incidents/${id}/obligations/${o.id}`);
    const after = (await call('csirt', 'GET', `/api/incidents/${id}`)).json().obligations[0];
    expect(after.status).toBe('open');
  });

  it('closing without recurrence measures', async () => {
    const id = (await call('csirt', 'POST', '/api/incidents', base())).json().id;
    const b = await refused({ status: 'closed' }, 'status', `/api/incidents/${id}`, 'PATCH');
    expect(b.errors[0].code).toBe('measures_required');
    expect((await call('csirt', 'GET', `/api/incidents/${id}`)).json().status).toBe('new');
  });

  it('a contractor reporting on another contractor’s contract answers 404 and saves nothing', async () => {
    const before = await count('incidents');
    const r = await call('contractorA', 'POST', '/api/incidents', { ...base(), detection: 'contractor', category: 'contractor', contractId: contractB });
    expect(r.statusCode, r.body).toBe(404);
    expect(await count('incidents')).toBe(before);
  });
});

describe(`incidents on ${testDbKind()}: the main flow`, () => {
  it('roster, directory with vendors, readiness with drill not measurable', async () => {
    let r = await call('csirt', 'GET', '/api/csirt/readiness');
    const head0 = r.json().find((c: { id: string }) => c.id === 'head');
    expect(head0.state).toBe('problem');
    r = await call('csirt', 'POST', '/api/csirt/members', { role: 'head', holderName: '政策 太郎', holderTitle: '政策推進部長', validFrom: '2026-04-01', phone24h: '090-0000-0000' });
    expect(r.statusCode, r.body).toBe(200);
    r = await call('csirt', 'POST', '/api/csirt/members', { role: 'head', holderName: 'x', validFrom: '2026-04-01', validUntil: '2026-03-01' });
    expect(r.statusCode).toBe(400);
    r = await call('csirt', 'POST', '/api/csirt/contacts', { body: 'prefecture', name: '県 情報政策課', phone: '000-000-0000', whenToTell: '個人情報の漏えい等：翌開庁日の正午まで', confirmedOn: '2024-01-10' });
    expect(r.statusCode, r.body).toBe(200);
    const checks = (await call('csirt', 'GET', '/api/csirt/readiness')).json();
    const byId = Object.fromEntries(checks.map((c: { id: string }) => [c.id, c]));
    expect(byId.head.state).toBe('ok');
    expect(byId.deputies.state).toBe('problem');
    expect(byId.contacts.state).toBe('problem');
    expect(byId.drill.state).toBe('notMeasurable');
    await call('csirt', 'POST', `/api/csirt/contacts/${r.json().id}/confirm`, {});
    const contacts = (await call('csirt', 'GET', '/api/csirt/contacts')).json();
    expect(contacts.some((c: { source: string }) => c.source === 'vendors')).toBe(true);
    expect((await call('csirt', 'GET', '/api/csirt/readiness')).json().find((c: { id: string }) => c.id === 'contacts').state).toBe('ok');
  });

  it('a leak over 100 persons from a My Number system starts the PPC, prefecture, J-LIS and vendor clocks', async () => {
    const r = await call('csirt', 'POST', '/api/incidents', {
      ...base(),
      title: '委託先サーバーへの不正アクセス',
      category: 'attack',
      cause: 'unauthorizedAccess',
      severity: 'high',
      assetIds: [mynumberAsset, lgwanAsset],
      serviceIds: [serviceId],
      contractId: contractA,
      personalData: true,
      myNumber: true,
      personsCount: 101,
      improperPurpose: true,
      crime: true,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().code).toMatch(/^INC-\d{4}-\d{3}$/);
    const d = (await call('csirt', 'GET', `/api/incidents/${r.json().id}`)).json();
    expect(d.segments).toEqual(['lgwan', 'mynumber']);
    expect(d.maxConfidentiality).toBe('3A');
    const rules = d.obligations.map((o: { ruleId: string }) => o.ruleId).sort();
    expect(rules).toEqual(['jlis.report', 'persons.notice', 'police.report', 'ppc.appi.final', 'ppc.appi.preliminary', 'ppc.mynumber.final', 'ppc.mynumber.preliminary', 'prefecture.report', 'vendor.firstReport']);
    const final = d.obligations.find((o: { ruleId: string }) => o.ruleId === 'ppc.appi.final');
    const days = (new Date(final.dueAt).getTime() - new Date(d.knewAt).getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(61);
    const vendor = d.obligations.find((o: { ruleId: string }) => o.ruleId === 'vendor.firstReport');
    expect(new Date(vendor.dueAt).getTime() - new Date(d.discoveredAt).getTime()).toBe(120 * 60_000);
    expect(d.timeline[0].kind).toBe('report');

    // Encryption exempts the APPI report; the My Number rules still apply to a My Number-use system.
    const p = await call('csirt', 'PATCH', `/api/incidents/${d.id}`, { stronglyEncrypted: true, severity: 'critical', status: 'triage' });
    expect(p.statusCode, p.body).toBe(200);
    const after = p.json();
    const rules2 = after.obligations.map((o: { ruleId: string }) => o.ruleId);
    expect(rules2).not.toContain('ppc.appi.preliminary');
    expect(rules2).toContain('ppc.mynumber.preliminary');
    expect(after.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['statusChanged', 'severityChanged']));

    // Sent with a date; shown in the to-do list until then.
    const todo = (await call('csirt', 'GET', '/api/incidents/todo')).json();
    const o = after.obligations.find((x: { ruleId: string }) => x.ruleId === 'ppc.mynumber.preliminary');
    expect(todo.some((x: { id: string }) => x.id === o.id)).toBe(true);
    const s = await call('csirt', 'POST', `/api/incidents/${d.id}/obligations/${o.id}`, { status: 'sent', sentAt: hoursAgo(1), reference: 'PPC-123' });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().status).toBe('sent');
    expect((await call('csirt', 'GET', '/api/incidents/todo')).json().some((x: { id: string }) => x.id === o.id)).toBe(false);

    // Timeline with evidence, reports, measures, close.
    const up = multipart(samplePdf(), 'log.pdf', { at: hoursAgo(2), kind: 'containment', text: '当該サーバーをネットワークから切り離した。' });
    const e = await call('csirt', 'POST', `/api/incidents/${d.id}/evidence`, up.payload, up.headers);
    expect(e.statusCode, e.body).toBe(200);
    const fileId = e.json().fileIds[0];
    expect((await call('csirt', 'GET', `/api/incidents/${d.id}/files/${fileId}`)).statusCode).toBe(200);
    const docx = await call('csirt', 'GET', `/api/incidents/${d.id}/reports/ppc?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const frozen = await call('csirt', 'POST', `/api/incidents/${d.id}/reports`, { kind: 'prefectureFirst', format: 'docx' });
    expect(frozen.statusCode, frozen.body).toBe(200);
    const m = await call('csirt', 'POST', `/api/incidents/${d.id}/measures`, { title: '委託先のVPN機器の更新', ownerName: '情報政策課', dueDate: '2027-03-31' });
    expect(m.statusCode, m.body).toBe(200);
    expect((await call('csirt', 'POST', `/api/incidents/${d.id}/measures`, { title: '担当なし', dueDate: '2027-03-31' })).statusCode).toBe(400);
    const c = await call('csirt', 'PATCH', `/api/incidents/${d.id}`, { status: 'closed' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().status).toBe('closed');
    expect(c.json().reports).toHaveLength(1);
  });

  it('a contractor reports on its own contract and sees only its own incidents', async () => {
    const r = await call('contractorA', 'POST', '/api/incidents', { ...base(), title: '委託先での紛失', detection: 'internal', category: 'lossTheft', contractId: contractA });
    expect(r.statusCode, r.body).toBe(200);
    const list = (await call('contractorA', 'GET', '/api/incidents')).json();
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((i: { contractorId: string }) => i.contractorId !== null)).toBe(true);
    const d = (await call('csirt', 'GET', `/api/incidents/${r.json().id}`)).json();
    expect(d.reportedVia).toBe('contractor');
    expect(d.detection).toBe('contractor');
    expect((await call('contractorA', 'PATCH', `/api/incidents/${d.id}`, { severity: 'low' })).statusCode).toBe(403);
  });

  it('statistics, the half-year list and the register export', async () => {
    const st = (await call('csirt', 'GET', '/api/incidents/statistics')).json();
    expect(st.total).toBeGreaterThan(0);
    expect(st.byCategory.reduce((s: number, x: { count: number }) => s + x.count, 0)).toBe(st.total);
    const fy = st.fiscalYear;
    const month = Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Tokyo', month: 'numeric' }));
    const half = `${fy}H${month >= 4 && month <= 9 ? 1 : 2}`;
    const pub = (await call('csirt', 'GET', `/api/incidents/publication?half=${half}`)).json();
    expect(pub.items.length).toBeGreaterThan(0);
    const x = await call('csirt', 'GET', '/api/incidents/export');
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
