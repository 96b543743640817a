import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOf, japanDate } from '@shared/era';
import { sha256 } from '../server/platform/ids';
import { addDays } from '../server/modules/vendors/rules';
import { insertAsset } from './helpers/assets';
import { type Session, type TestApp, as, createOrg, createTestApp, createUnit, createUser, sessionFor } from './helpers/app';
import { testDbKind } from './helpers/db';
import { multipart, samplePdf, samplePng } from './helpers/vendors';

let t: TestApp;
let orgId: string;
let sectionA: string;
let sectionB: string;
const S: Record<string, Session> = {};
const today = japanDate();

const count = async (table: 'vendorContractors' | 'vendorEvidence' | 'storedFiles' | 'vendorSubcontracts' | 'vendorServices' | 'vendorCertifications' | 'vendorContracts') =>
  Number((await t.app.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', orgId).executeTakeFirstOrThrow()).n);

function call(who: string | null, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return as(t.app, who ? S[who] : null, { method: method as 'GET', url, payload: payload as object, headers });
}

async function contractor(name: string, fields: Record<string, unknown> = {}, who = 'csm'): Promise<string> {
  const r = await call(who, 'POST', '/api/vendors/contractors', { name, ...fields });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().id;
}

beforeAll(async () => {
  t = await createTestApp({ SHIRUBE_EVIDENCE_LIMIT_MB: '1' });
  orgId = (await createOrg(t.app)).id;
  const dept = await createUnit(t.app, orgId, 'department');
  sectionA = await createUnit(t.app, orgId, 'section', dept);
  sectionB = await createUnit(t.app, orgId, 'section', dept);
  const users = {
    csm: await createUser(t.app, orgId, { roles: ['chiefSecurityManager'], mfa: true }),
    ciso: await createUser(t.app, orgId, { roles: ['ciso'], mfa: true }),
    sysA: await createUser(t.app, orgId, { roles: [['systemManager', sectionA]], sectionId: sectionA, mfa: true }),
    sysB: await createUser(t.app, orgId, { roles: [['systemManager', sectionB]], sectionId: sectionB, mfa: true }),
    staff: await createUser(t.app, orgId, { roles: [['staff', sectionA]], sectionId: sectionA }),
    auditor: await createUser(t.app, orgId, { roles: ['auditor'] }),
  };
  for (const [k, u] of Object.entries(users)) S[k] = await sessionFor(t.app, u);
});
afterAll(() => t?.close());

describe(`vendors on ${testDbKind()}: refusals first`, () => {
  it('401 without a session, 403 without the action', async () => {
    expect((await call(null, 'GET', '/api/vendors/contractors')).statusCode).toBe(401);
    expect((await call('staff', 'GET', '/api/vendors/contractors')).statusCode).toBe(403);
    expect((await call('auditor', 'POST', '/api/vendors/contractors', { name: '監査人は登録できない' })).statusCode).toBe(403);
    expect((await call('sysA', 'POST', '/api/vendors/approvals/0190aaaa-0000-7000-8000-000000000001/decision', { decision: 'approved' })).statusCode).toBe(403);
  });

  it('404 for another organisation’s contractor, even with a valid body', async () => {
    const other = await createOrg(t.app);
    const otherUser = await createUser(t.app, other.id, { roles: ['chiefSecurityManager'], mfa: true });
    const s = await sessionFor(t.app, otherUser);
    const r = await as(t.app, s, { method: 'POST', url: '/api/vendors/contractors', payload: { name: '他団体の委託先' } });
    const theirs = r.json().id;
    expect((await call('csm', 'GET', `/api/vendors/contractors/${theirs}`)).statusCode).toBe(404);
    expect((await call('csm', 'PATCH', `/api/vendors/contractors/${theirs}`, { note: 'x' })).statusCode).toBe(404);
    const list = (await call('csm', 'GET', '/api/vendors/contractors')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(theirs);
  });

  it('400 for an invalid corporate number (check digit), naming the field; nothing saved', async () => {
    const before = await count('vendorContractors');
    const bad = await call('csm', 'POST', '/api/vendors/contractors', { name: '番号誤り株式会社', corporateNumber: '8000012050002' });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors[0].field).toBe('corporateNumber');
    expect(body.errors[0].message.ja).toContain('チェックデジット');
    const short = await call('csm', 'POST', '/api/vendors/contractors', { name: '桁不足株式会社', corporateNumber: '12345' });
    expect(short.json().errors[0].message.en).toContain('13 digits');
    expect(await count('vendorContractors')).toBe(before);
  });

  it('400 for an unknown service kind and for dates that end before they begin; nothing saved', async () => {
    const services = await count('vendorServices');
    const kind = await call('csm', 'POST', '/api/vendors/services', { name: 'X', providerName: 'Y', model: 'SaaS', kind: 'superCloud' });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().errors.map((e: { field: string }) => e.field)).toEqual(['kind']);
    const reg = await call('csm', 'POST', '/api/vendors/services', { name: 'X', providerName: 'Y', model: 'SaaS', kind: 'ismap', registeredFrom: '2026-04-01', registeredUntil: '2026-03-31' });
    expect(reg.statusCode).toBe(400);
    expect(reg.json().errors[0]).toMatchObject({ field: 'registeredUntil' });
    expect(await count('vendorServices')).toBe(services);

    const id = await contractor('日付検査株式会社');
    const certs = await count('vendorCertifications');
    const cert = await call('csm', 'POST', `/api/vendors/contractors/${id}/certifications`, { kind: 'isms', validFrom: '2026-05-01', validUntil: '2026-04-30' });
    expect(cert.statusCode).toBe(400);
    expect(cert.json().errors[0].field).toBe('validUntil');
    expect(cert.json().errors[0].message.ja).toContain('開始日');
    expect(await count('vendorCertifications')).toBe(certs);
    const contracts = await count('vendorContracts');
    const k = await call('csm', 'POST', `/api/vendors/contractors/${id}/contracts`, { title: '逆転', subject: 'other', startsOn: '2026-04-01', endsOn: '2025-03-31' });
    expect(k.json().errors[0].field).toBe('endsOn');
    expect(await count('vendorContracts')).toBe(contracts);
  });

  it('a section-scoped writer can only register records for its own sections and sees only those', async () => {
    const other = await call('sysA', 'POST', '/api/vendors/contractors', { name: '他課の委託先', ownerSectionId: sectionB });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].code).toBe('section_out_of_scope');
    const mine = await call('sysA', 'POST', '/api/vendors/contractors', { name: '自課の委託先', ownerSectionId: sectionA });
    expect(mine.statusCode).toBe(200);
    expect((await call('sysB', 'GET', `/api/vendors/contractors/${mine.json().id}`)).statusCode).toBe(404);
    expect((await call('sysA', 'GET', `/api/vendors/contractors/${mine.json().id}`)).statusCode).toBe(200);
    const listB = (await call('sysB', 'GET', '/api/vendors/contractors')).json();
    expect(listB.items.map((i: { id: string }) => i.id)).not.toContain(mine.json().id);
  });
});

describe(`vendors on ${testDbKind()}: contractors, contracts and subcontracting`, () => {
  it('normalises full-width corporate numbers, refuses duplicates and audits the write', async () => {
    const r = await call('csm', 'POST', '/api/vendors/contractors', { name: '全角入力株式会社', corporateNumber: '１１８０３０１０１８７７１' });
    expect(r.statusCode).toBe(200);
    expect(r.json().corporateNumber).toBe('1180301018771');
    const dup = await call('csm', 'POST', '/api/vendors/contractors', { name: '重複株式会社', corporateNumber: '1180301018771' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('corporate_number_taken');
    const audit = await t.app.deps.db.selectFrom('auditEvents').select(['action', 'actorId']).where('tenantId', '=', orgId).where('targetId', '=', r.json().id).execute();
    expect(audit.map((a) => a.action)).toContain('vendor.contractor.create');
  });

  it('keeps subcontracting chains of any depth and refuses a loop without saving it', async () => {
    const prime = await contractor('元請株式会社');
    const a = await contractor('一次下請株式会社');
    const b = await contractor('二次下請株式会社');
    const c = await contractor('三次下請株式会社');
    const k = await call('csm', 'POST', `/api/vendors/contractors/${prime}/contracts`, { title: '基幹系保守', subject: 'operation', startsOn: '2026-04-01', endsOn: '2027-03-31', maxConfidentiality: '3B' });
    const contractId = k.json().id;
    for (const [p, ch] of [
      [prime, a],
      [a, b],
      [b, c],
    ]) {
      const r = await call('csm', 'POST', `/api/vendors/contracts/${contractId}/subcontracts`, { parentContractorId: p, contractorId: ch, work: '作業' });
      expect(r.statusCode, r.body).toBe(200);
    }
    const before = await count('vendorSubcontracts');
    const loop = await call('csm', 'POST', `/api/vendors/contracts/${contractId}/subcontracts`, { parentContractorId: c, contractorId: a, work: '戻り' });
    expect(loop.statusCode).toBe(409);
    expect(loop.json().code).toBe('subcontract_loop');
    expect(loop.json().messages.ja).toContain('循環');
    const toPrime = await call('csm', 'POST', `/api/vendors/contracts/${contractId}/subcontracts`, { parentContractorId: c, contractorId: prime, work: '戻り' });
    expect(toPrime.json().code).toBe('subcontract_loop');
    const stray = await call('csm', 'POST', `/api/vendors/contracts/${contractId}/subcontracts`, { parentContractorId: await contractor('無関係株式会社'), contractorId: await contractor('孫請株式会社'), work: 'x' });
    expect(stray.statusCode).toBe(400);
    expect(stray.json().errors[0].field).toBe('parentContractorId');
    expect(await count('vendorSubcontracts')).toBe(before);

    const detail = (await call('csm', 'GET', `/api/vendors/contracts/${contractId}`)).json();
    expect(detail.subcontracts.map((s: { depth: number }) => s.depth)).toEqual([1, 2, 3]);
    const first = detail.subcontracts[0].id;
    expect((await call('csm', 'POST', `/api/vendors/subcontracts/${first}/decision`, { decision: 'approved', note: '誓約書確認' })).json().status).toBe('approved');
    const findings = (await call('csm', 'GET', `/api/vendors/contractors/${prime}`)).json().findings;
    const sub = findings.filter((f: { ruleId: string }) => f.ruleId === 'VC-SUBCONTRACT');
    expect(sub).toHaveLength(2);
  });

  it('keeps the contract-clause checklist and names missing clauses', async () => {
    const id = await contractor('条項確認株式会社');
    const k = (await call('csm', 'POST', `/api/vendors/contractors/${id}/contracts`, { title: '窓口委託', subject: 'dataEntry', startsOn: '2026-04-01', maxConfidentiality: '3C' })).json().id;
    const noValue = await call('csm', 'PUT', `/api/vendors/contracts/${k}/clauses`, { clauses: [{ id: 'incidentReporting', status: 'included' }] });
    expect(noValue.statusCode).toBe(400);
    expect(noValue.json().errors[0].field).toBe('clauses.0.value');
    const ok = await call('csm', 'PUT', `/api/vendors/contracts/${k}/clauses`, {
      clauses: [
        { id: 'incidentReporting', status: 'included', value: '24' },
        { id: 'liability', status: 'missing', note: '重過失も免責' },
      ],
    });
    expect(ok.statusCode).toBe(200);
    const c = (await call('csm', 'GET', `/api/vendors/contractors/${id}`)).json();
    const f = c.findings.find((x: { ruleId: string }) => x.ruleId === 'VC-CLAUSES');
    expect(f.details.clauses).toContain('liability');
    expect(f.details.clauses).not.toContain('incidentReporting');
    expect(f.refs).toEqual(['KB-8.1.2', 'KB-8.3.3']);
    // The organisation-wide checks read the confirmed clauses kept on the contract: same answer.
    const org = (await call('csm', 'GET', '/api/vendors/checks?limit=5000')).json();
    const same = org.findings.find((x: { ruleId: string; subject: { id: string } }) => x.ruleId === 'VC-CLAUSES' && x.subject.id === id);
    expect(same.details.clauses).toEqual(f.details.clauses);
  });
});

describe(`vendors on ${testDbKind()}: evidence files`, () => {
  let certId: string;
  let contractorId: string;
  beforeAll(async () => {
    contractorId = await contractor('証明書株式会社', { ownerSectionId: sectionA });
    certId = (await call('csm', 'POST', `/api/vendors/contractors/${contractorId}/certifications`, { kind: 'isms', number: 'IS 000001', validFrom: '2025-04-01', validUntil: addDays(today, 30) })).json().id;
  });

  it('stores a PDF with its SHA-256 and serves it only as an attachment to those who may see the record', async () => {
    const pdf = samplePdf('ISMS certificate');
    const m = multipart(pdf, '認証書.pdf', { title: 'ISMS登録証', validUntil: addDays(today, 30) });
    const up = await call('csm', 'POST', `/api/vendors/certifications/${certId}/evidence`, m.payload, m.headers);
    expect(up.statusCode, up.body).toBe(200);
    const e = up.json();
    expect(e.sha256).toBe(sha256(pdf));
    expect(e.contentType).toBe('application/pdf');
    expect(e.validUntil).toBe(addDays(today, 30));
    const dl = await call('sysA', 'GET', `/api/vendors/evidence/${e.id}/file`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
    expect(dl.headers['content-security-policy']).toContain('sandbox');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(sha256(dl.rawPayload)).toBe(e.sha256);
    expect((await call('sysB', 'GET', `/api/vendors/evidence/${e.id}/file`)).statusCode).toBe(404);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select('changes').where('tenantId', '=', orgId).where('action', '=', 'vendor.evidence.upload').execute();
    expect(audit.some((a) => a.changes.includes(e.sha256))).toBe(true);
  });

  it('refuses a file of the wrong type (judged by content, not name) and one over the limit; nothing saved', async () => {
    const files = await count('storedFiles');
    const ev = await count('vendorEvidence');
    const html = multipart(Buffer.from('<html><script>alert(1)</script></html>'), 'looks-like.pdf', {}, 'application/pdf');
    const r1 = await call('csm', 'POST', `/api/vendors/certifications/${certId}/evidence`, html.payload, html.headers);
    expect(r1.statusCode).toBe(415);
    expect(r1.json().code).toBe('file_type_not_allowed');
    const txt = multipart(Buffer.from('plain text is not evidence here'), 'note.txt');
    expect((await call('csm', 'POST', `/api/vendors/certifications/${certId}/evidence`, txt.payload, txt.headers)).statusCode).toBe(415);
    const big = Buffer.concat([samplePdf(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const large = multipart(big, 'big.pdf');
    const r2 = await call('csm', 'POST', `/api/vendors/certifications/${certId}/evidence`, large.payload, large.headers);
    expect(r2.statusCode).toBe(413);
    expect(r2.json().code).toBe('payload_too_large');
    expect(await count('storedFiles')).toBe(files);
    expect(await count('vendorEvidence')).toBe(ev);
  });

  it('accepts images and lists the evidence with the certification', async () => {
    const m = multipart(samplePng(), 'scan.png');
    expect((await call('csm', 'POST', `/api/vendors/certifications/${certId}/evidence`, m.payload, m.headers)).statusCode).toBe(200);
    const c = (await call('csm', 'GET', `/api/vendors/contractors/${contractorId}`)).json();
    const cert = c.certifications.find((x: { id: string }) => x.id === certId);
    expect(cert.evidence.map((e: { contentType: string }) => e.contentType).sort()).toEqual(['application/pdf', 'image/png']);
  });
});

describe(`vendors on ${testDbKind()}: services, checks and the first question`, () => {
  let iaas: string;
  let assetAvail: string;
  it('finds ISMAP scope gaps and missing availability targets for availability-2 assets', async () => {
    const r = await call('csm', 'POST', '/api/vendors/services', {
      name: '基盤IaaS',
      providerName: '雲株式会社',
      model: 'IaaS',
      kind: 'ismap',
      connection: 'closed',
      status: 'inUse',
      ismapRegistrationNumber: 'C00-0000-1',
      registeredFrom: '2025-01-01',
      registeredUntil: addDays(today, 500),
      ismapScope: ['physical', 'network', 'backup'],
      reliedAreas: ['physical', 'network', 'backup', 'accessControl', 'encryption'],
      dataCountry: 'jp',
      governingLaw: 'JP',
      jurisdiction: 'JP',
    });
    expect(r.statusCode, r.body).toBe(200);
    iaas = r.json().id;
    expect(r.json().dataCountry).toBe('JP');
    assetAvail = (await insertAsset(t.app, orgId, { confidentiality: '3B', integrity: '2', availability: '2', cRank: 4 })).id;
    const linked = await call('csm', 'PUT', `/api/vendors/services/${iaas}/assets`, { assets: [{ assetId: assetAvail, relation: 'handles' }] });
    expect(linked.statusCode, linked.body).toBe(200);
    const s = linked.json();
    expect(s.classes).toEqual({ c: '3B', i: '2', a: '2' });
    const ids = s.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['VS-SCOPE-GAP', 'VS-AVAILABILITY', 'VS-MATRIX', 'VS-APPROVAL']));
    const gap = s.findings.find((f: { ruleId: string }) => f.ruleId === 'VS-SCOPE-GAP');
    expect(gap.details.gaps).toEqual(['accessControl', 'encryption']);
    expect(gap.refs).toContain('CLD.6.3.1');
    expect(s.byClass.find((x: { classes: { c: string } }) => x.classes.c === '3A').verdict).toBe('no');
  });

  it('refuses unknown assets and non-system assets as "used by"', async () => {
    const unknown = await call('csm', 'PUT', `/api/vendors/services/${iaas}/assets`, { assets: [{ assetId: '0190aaaa-0000-7000-8000-00000000dead' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'assets.0.assetId', code: 'asset_unknown' });
    const usedBy = await call('csm', 'PUT', `/api/vendors/services/${iaas}/assets`, { assets: [{ assetId: assetAvail, relation: 'usedBy' }] });
    expect(usedBy.json().errors[0].code).toBe('not_a_system');
    const s = (await call('csm', 'GET', `/api/vendors/services/${iaas}`)).json();
    expect(s.assets.map((a: { id: string }) => a.id)).toEqual([assetAvail]);
  });

  it('answers "may it hold this class?" with yes / no / conditions and reasons', async () => {
    const terms = (await call('csm', 'POST', '/api/vendors/services', { name: '無料メモ', providerName: 'Memo Inc.', model: 'SaaS', kind: 'termsOnly', dataCountry: 'US', governingLaw: 'US', jurisdiction: 'US' })).json().id;
    const no = (await call('auditor', 'GET', `/api/vendors/services/${terms}/suitability?c=2`)).json();
    expect(no.verdict).toBe('no');
    expect(no.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(expect.arrayContaining(['VS-TERMS-C2', 'VS-FOREIGN']));
    const low = (await call('auditor', 'GET', `/api/vendors/services/${terms}/suitability?c=1`)).json();
    expect(low.verdict).toBe('conditions');
    expect(low.reasons.every((r: { effect: string }) => r.effect !== 'no')).toBe(true);
    const bad = await call('auditor', 'GET', `/api/vendors/services/${terms}/suitability?c=4`);
    expect(bad.statusCode).toBe(400);
  });

  it('keeps SLA breaches, including after a correction', async () => {
    await call('csm', 'PUT', `/api/vendors/services/${iaas}/sla`, { availability: 99.9, rtoMinutes: 240, rpoMinutes: 60, firstReportMinutes: 60, backupFrequency: '毎日', exitTerms: '返却と暗号化消去' });
    const month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
    const r = (await call('csm', 'POST', `/api/vendors/services/${iaas}/sla-actuals`, { month, availability: 99.5, longestOutageMinutes: 300, dataLossMinutes: 0 })).json();
    expect(r.breaches.map((b: { metric: string }) => b.metric)).toEqual(['availability', 'rto']);
    const corrected = (await call('csm', 'POST', `/api/vendors/services/${iaas}/sla-actuals`, { month, availability: 99.95, longestOutageMinutes: 300, dataLossMinutes: 0 })).json();
    expect(corrected.breaches.map((b: { metric: string }) => b.metric)).toEqual(['rto']);
    const rows = await t.app.deps.db.selectFrom('vendorSlaBreaches').selectAll().where('tenantId', '=', orgId).where('serviceId', '=', iaas).orderBy('metric').execute();
    expect(rows.map((b) => [b.metric, b.supersededAt === null])).toEqual([
      ['availability', false],
      ['rto', true],
    ]);
    const future = await call('csm', 'POST', `/api/vendors/services/${iaas}/sla-actuals`, { month: `${Number(today.slice(0, 4)) + 1}-01` });
    expect(future.json().errors[0].code).toBe('future_month');
    const s = (await call('csm', 'GET', `/api/vendors/services/${iaas}`)).json();
    expect(s.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('VS-SLA-BREACH');
    expect(s.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('VS-AVAILABILITY');
  });

  it('flags matrix areas with nobody or two responsible, names the coordinator, and exports .xlsx and .docx', async () => {
    const m = (await call('csm', 'POST', '/api/vendors/matrices', { name: 'IaaS分界', serviceId: iaas })).json();
    expect(m.parties[0]).toMatchObject({ id: 'municipality', coordinator: true });
    expect(m.gaps).toBe(20);
    const cells = [
      ...['accessControl', 'identity', 'privilegedOps', 'logging', 'monitoring', 'encryption', 'keyManagement', 'backup', 'vulnerability', 'malware', 'network', 'virtualisation', 'physical', 'changeManagement', 'incidentReporting', 'evidence', 'disasterRecovery', 'dataReturnDeletion'].map((areaId) => ({ areaId, party: 'cloudProvider', role: 'R' })),
      { areaId: 'accessControl', party: 'appVendor', role: 'R' },
      { areaId: 'training', party: 'municipality', role: 'C' },
    ];
    const bad = await call('csm', 'PUT', `/api/vendors/matrices/${m.id}/cells`, { cells: [...cells, { areaId: 'training', party: 'municipality', role: 'R' }] });
    expect(bad.json().errors[0]).toMatchObject({ field: 'cells.20', code: 'duplicate' });
    const saved = (await call('csm', 'PUT', `/api/vendors/matrices/${m.id}/cells`, { cells })).json();
    expect(saved.rows.filter((r: { flag: string | null }) => r.flag === 'none').map((r: { areaId: string }) => r.areaId)).toEqual(['training', 'complianceEvidence']);
    expect(saved.rows.find((r: { areaId: string }) => r.areaId === 'accessControl').flag).toBe('multiple');

    const x = await call('auditor', 'GET', `/api/vendors/matrices/${m.id}/export?format=xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toMatch(/^attachment;/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('責任分界表');
    const header = ws?.getRow(5).values as string[];
    expect(header).toContain('管理項目');
    expect(String(header[3])).toContain('［調整役］');
    const flags: string[] = [];
    ws?.eachRow((row) => {
      const v = String(row.getCell(row.cellCount).value ?? '');
      if (v.startsWith('要確認')) flags.push(String(row.getCell(1).value));
    });
    expect(flags).toEqual(['アクセス制御', '研修・教育', '遵守状況の証明（監査報告書等）']);

    const d = await call('auditor', 'GET', `/api/vendors/matrices/${m.id}/export?format=docx`);
    const zip = await JSZip.loadAsync(d.rawPayload);
    const xml = await zip.file('word/document.xml')?.async('string');
    expect(xml).toContain('責任分界表');
    expect(xml).toContain('要確認：実施責任者が複数');
    const s = (await call('csm', 'GET', `/api/vendors/services/${iaas}`)).json();
    expect(s.findings.find((f: { ruleId: string }) => f.ruleId === 'VS-MATRIX-FLAGS').details).toEqual({ gaps: 2, overlaps: 1 });
  });

  it('writes procurement requirements from the classes and use as .docx', async () => {
    const r = await call('auditor', 'GET', `/api/vendors/services/${iaas}/procurement.docx`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    const xml = (await (await JSZip.loadAsync(r.rawPayload)).file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('調達仕様書');
    expect(xml).toContain('自治体機密性3B');
    expect(xml).toContain('RTO');
    expect(xml).toContain('1時間以内');
    expect(xml).toContain('［暫定］');
  });

  it('runs the organisation-wide checks with reasons and references', async () => {
    const r = (await call('auditor', 'GET', '/api/vendors/checks')).json();
    expect(r.services).toBeGreaterThanOrEqual(2);
    const f = r.findings.find((x: { ruleId: string }) => x.ruleId === 'VS-SCOPE-GAP');
    expect(f.subject.id).toBe(iaas);
    expect(f.message.ja).toContain('言明対象');
    expect(r.byRule.every((x: { refs: string[] }) => x.refs.length > 0)).toBe(true);
  });
});

describe(`vendors on ${testDbKind()}: cloud-use approval`, () => {
  it('blocks approval when the checks say no, requires conditions when they give some, and lists approved services', async () => {
    const terms = (await call('sysA', 'POST', '/api/vendors/services', { name: '約款型ストレージ', providerName: 'Box Inc.', model: 'SaaS', kind: 'termsOnly', ownerSectionId: sectionA, dataCountry: 'JP', governingLaw: 'JP', jurisdiction: 'JP' })).json().id;
    const req = await call('sysA', 'POST', `/api/vendors/services/${terms}/approvals`, { purpose: '課内の資料共有', c: '2' });
    expect(req.statusCode, req.body).toBe(200);
    expect(req.json().check.verdict).toBe('no');
    const again = await call('sysA', 'POST', `/api/vendors/services/${terms}/approvals`, { purpose: '重ねて', c: '1' });
    expect(again.json().code).toBe('approval_pending');
    const blocked = await call('ciso', 'POST', `/api/vendors/approvals/${req.json().id}/decision`, { decision: 'approved', conditions: '気をつける' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('approval_blocked');
    expect(blocked.json().errors.map((e: { code: string }) => e.code)).toContain('VS-TERMS-C2');
    expect((await call('ciso', 'POST', `/api/vendors/approvals/${req.json().id}/decision`, { decision: 'rejected', note: '約款型は不可' })).json().status).toBe('rejected');

    const meet = (await call('sysA', 'POST', '/api/vendors/services', { name: 'Web会議', providerName: '会議株式会社', model: 'SaaS', kind: 'ismapLiu', connection: 'alphaPrime', status: 'inUse', ownerSectionId: sectionA, ismapRegistrationNumber: 'L-1', registeredFrom: '2025-01-01', registeredUntil: addDays(today, 400), dataCountry: 'JP', governingLaw: 'JP', jurisdiction: 'JP' })).json().id;
    const r2 = (await call('sysA', 'POST', `/api/vendors/services/${meet}/approvals`, { purpose: '庁内会議', c: '2', i: '1', a: '1' })).json();
    expect(r2.check.verdict).toBe('conditions');
    const noCond = await call('csm', 'POST', `/api/vendors/approvals/${r2.id}/decision`, { decision: 'approved' });
    expect(noCond.json().errors[0].field).toBe('conditions');
    const ok = await call('csm', 'POST', `/api/vendors/approvals/${r2.id}/decision`, { decision: 'approved', conditions: '責任分界表を作成すること' });
    expect(ok.json().status).toBe('approved');
    const list = (await call('sysA', 'GET', '/api/vendors/approved-services')).json();
    const entry = list.find((x: { serviceId: string }) => x.serviceId === meet);
    expect(entry).toMatchObject({ covered: true, state: 'approved' });
    expect((await call('sysB', 'GET', '/api/vendors/approved-services')).json().map((x: { serviceId: string }) => x.serviceId)).not.toContain(meet);

    // A change of use (a new asset of a higher class) needs a new approval.
    const asset = await insertAsset(t.app, orgId, { confidentiality: '3C', cRank: 3, ownerSectionId: sectionA });
    await call('sysA', 'PUT', `/api/vendors/services/${meet}/assets`, { assets: [{ assetId: asset.id }] });
    const after = (await call('sysA', 'GET', '/api/vendors/approved-services')).json().find((x: { serviceId: string }) => x.serviceId === meet);
    expect(after).toMatchObject({ covered: false, state: 'stale' });
    const s = (await call('sysA', 'GET', `/api/vendors/services/${meet}`)).json();
    expect(s.findings.find((f: { ruleId: string }) => f.ruleId === 'VS-APPROVAL').message.en).toContain('new approval');
    const under = await call('sysA', 'POST', `/api/vendors/services/${meet}/approvals`, { purpose: '庁内会議', c: '2' });
    expect(under.json().errors[0]).toMatchObject({ field: 'c', code: 'below_assets' });
    const renewed = (await call('sysA', 'POST', `/api/vendors/services/${meet}/approvals`, { purpose: '庁内会議（資料共有を含む）', c: '3C', i: '1', a: '1' })).json();
    await call('ciso', 'POST', `/api/vendors/approvals/${renewed.id}/decision`, { decision: 'approved', conditions: 'ISMAP-LIUの影響度評価を記録すること' });
    const history = (await call('sysA', 'GET', `/api/vendors/services/${meet}`)).json().approvals.map((a: { status: string }) => a.status);
    expect(history).toEqual(['approved', 'superseded']);

    // The approval engine holds the same requests as subject type 'cloud_use' (issue 14).
    const engine = t.app.deps.services.approvals;
    const mirrored = await engine.forRecord(t.app.deps.db, orgId, 'vendorService', meet);
    expect(mirrored.map((m) => [m.id, m.state, m.validUntil])).toEqual([
      [renewed.id, 'approved_with_conditions', null],
      [r2.id, 'approved_with_conditions', today],
    ]);
    expect(mirrored[0].conditions).toEqual(['ISMAP-LIUの影響度評価を記録すること']);
    expect(await engine.isEffective(t.app.deps.db, orgId, 'vendorService', meet, today)).toBe(true);
    expect((await engine.forRecord(t.app.deps.db, orgId, 'vendorService', terms)).map((m) => m.state)).toEqual(['rejected']);
    const pendingId = (await call('sysA', 'POST', `/api/vendors/services/${terms}/approvals`, { purpose: '再申請', c: '1' })).json().id;
    const viaEngine = await call('ciso', 'POST', `/api/approvals/${pendingId}/decision`, { decision: 'approved' });
    expect(viaEngine.statusCode).toBe(409);
    expect(viaEngine.json().code).toBe('decide_in_vendors');
  });
});

describe(`vendors on ${testDbKind()}: check sheets, the contractor account and reminders`, () => {
  let mine: string;
  let theirs: string;
  let sheet: string;
  let otherSheet: string;
  let contractorUser: Session;
  let portalUserId: string;

  beforeAll(async () => {
    mine = await contractor('回答する株式会社', { ownerSectionId: sectionA });
    theirs = await contractor('よその株式会社', { ownerSectionId: sectionA });
    const invite = await call('csm', 'POST', `/api/vendors/contractors/${mine}/users`, { email: 'portal@kaito.example.jp', displayName: '回答 担当' });
    expect(invite.statusCode, invite.body).toBe(200);
    expect(invite.json().inviteUrl).toMatch(/\/invite#token=/);
    const row = await t.app.deps.db.selectFrom('users').selectAll().where('id', '=', invite.json().user.id).executeTakeFirstOrThrow();
    expect(row.contractorId).toBe(mine);
    expect(row.employment).toBe('contractor');
    // Sign the invited account in directly (the invite acceptance itself belongs to the identity suite).
    await t.app.deps.db.updateTable('users').set({ status: 'active' }).where('id', '=', row.id).execute();
    portalUserId = row.id;
    contractorUser = await sessionFor(t.app, { id: row.id, tenantId: orgId, email: row.email, mfaSecret: null });
    S.portal = contractorUser;
    sheet = (await call('csm', 'POST', `/api/vendors/contractors/${mine}/check-sheets`, { dueOn: addDays(today, -1) })).json().id;
    otherSheet = (await call('csm', 'POST', `/api/vendors/contractors/${theirs}/check-sheets`, {})).json().id;
  });

  it('builds the sheet from the catalog’s chapter 8 items and hides drafts from the contractor', async () => {
    const s = (await call('csm', 'GET', `/api/vendors/check-sheets/${sheet}`)).json();
    expect(s.status).toBe('draft');
    expect(s.total).toBeGreaterThan(10);
    expect(new Set(s.items.map((i: { nodeId: string }) => i.nodeId.split('.').slice(0, 2).join('.')))).toEqual(new Set(['KB-8.1', 'KB-8.2']));
    expect(s.items[0].node.number).toMatch(/^8\.1/);
    expect((await call('portal', 'GET', `/api/vendors/check-sheets/${sheet}`)).statusCode).toBe(404);
    const dup = await call('csm', 'POST', `/api/vendors/contractors/${mine}/check-sheets`, {});
    expect(dup.json().code).toBe('sheet_exists');
  });

  it('lets the contractor see only its own sheets, requests and reports (another company’s → 404)', async () => {
    await call('csm', 'POST', `/api/vendors/check-sheets/${sheet}/send`, {});
    await call('csm', 'POST', `/api/vendors/check-sheets/${otherSheet}/send`, {});
    const portal = (await call('portal', 'GET', '/api/vendors/portal')).json();
    expect(portal.contractors.map((c: { id: string }) => c.id)).toEqual([mine]);
    expect(portal.sheets.map((s: { id: string }) => s.id)).toEqual([sheet]);
    expect((await call('portal', 'GET', `/api/vendors/check-sheets/${otherSheet}`)).statusCode).toBe(404);
    expect((await call('portal', 'PUT', `/api/vendors/portal/check-sheets/${otherSheet}/answers`, { answers: [{ itemId: 'KB-8.1.2#1', answer: 'yes' }] })).statusCode).toBe(404);
    const req = (await call('csm', 'POST', `/api/vendors/contractors/${theirs}/evidence-requests`, { title: '他社への依頼' })).json().id;
    expect((await call('portal', 'GET', `/api/vendors/evidence-requests/${req}`)).statusCode).toBe(404);
    const m = multipart(samplePdf(), 'x.pdf');
    expect((await call('portal', 'POST', `/api/vendors/portal/evidence-requests/${req}/evidence`, m.payload, m.headers)).statusCode).toBe(404);
    expect((await call('portal', 'GET', `/api/vendors/contractors/${mine}`)).statusCode).toBe(404);
    expect((await call('portal', 'GET', '/api/vendors/services')).json().items).toEqual([]);
    expect((await call('portal', 'GET', '/api/vendors/check-sheets')).json().map((s: { id: string }) => s.id)).toEqual([sheet]);
    expect((await call('portal', 'POST', '/api/vendors/contractors', { name: '勝手に登録' })).statusCode).toBe(403);
  });

  it('runs answer → submit → send back → answer again → accept, with evidence per item', async () => {
    const s = (await call('portal', 'GET', `/api/vendors/check-sheets/${sheet}`)).json();
    const first = s.items[0].itemId;
    const partial = await call('portal', 'PUT', `/api/vendors/portal/check-sheets/${sheet}/answers`, { answers: [{ itemId: first, answer: 'yes', comment: '規程あり' }] });
    expect(partial.json().answered).toBe(1);
    const early = await call('portal', 'POST', `/api/vendors/portal/check-sheets/${sheet}/submit`, {});
    expect(early.statusCode).toBe(400);
    expect(early.json().errors).toHaveLength(s.total - 1);
    const unknown = await call('portal', 'PUT', `/api/vendors/portal/check-sheets/${sheet}/answers`, { answers: [{ itemId: 'KB-1.1#1', answer: 'yes' }] });
    expect(unknown.json().errors[0].code).toBe('item_unknown');
    const ev = multipart(samplePdf('policy'), '規程.pdf', { itemId: first, title: '情報セキュリティ規程' });
    const up = await call('portal', 'POST', `/api/vendors/portal/check-sheets/${sheet}/evidence`, ev.payload, ev.headers);
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().itemId).toBe(first);
    await call('portal', 'PUT', `/api/vendors/portal/check-sheets/${sheet}/answers`, { answers: s.items.map((i: { itemId: string }) => ({ itemId: i.itemId, answer: 'yes' })) });
    expect((await call('portal', 'POST', `/api/vendors/portal/check-sheets/${sheet}/submit`, {})).json().status).toBe('answered');
    const locked = await call('portal', 'PUT', `/api/vendors/portal/check-sheets/${sheet}/answers`, { answers: [{ itemId: first, answer: 'no' }] });
    expect(locked.json().code).toBe('sheet_locked');
    const noReason = await call('csm', 'POST', `/api/vendors/check-sheets/${sheet}/review`, { decision: 'return' });
    expect(noReason.json().errors[0].field).toBe('note');
    const back = (await call('csm', 'POST', `/api/vendors/check-sheets/${sheet}/review`, { decision: 'return', itemNotes: [{ itemId: first, note: '規程の版数を示してください' }] })).json();
    expect(back.status).toBe('returned');
    const seen = (await call('portal', 'GET', `/api/vendors/check-sheets/${sheet}`)).json();
    expect(seen.items[0].reviewNote).toBe('規程の版数を示してください');
    expect(seen.items[0].evidence).toHaveLength(1);
    await call('portal', 'PUT', `/api/vendors/portal/check-sheets/${sheet}/answers`, { answers: [{ itemId: first, answer: 'yes', comment: '第3版' }] });
    await call('portal', 'POST', `/api/vendors/portal/check-sheets/${sheet}/submit`, {});
    expect((await call('csm', 'POST', `/api/vendors/check-sheets/${sheet}/review`, { decision: 'accept' })).json().status).toBe('accepted');
    const audit = await t.app.deps.db.selectFrom('auditEvents').select(['action', 'actorId']).where('tenantId', '=', orgId).where('targetId', '=', sheet).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['vendor.sheet.answer', 'vendor.sheet.submit', 'vendor.sheet.return', 'vendor.sheet.accept']));
    expect(seen.viewer).toBe('contractor');
    expect(audit.filter((a) => a.action === 'vendor.sheet.submit').every((a) => a.actorId === portalUserId)).toBe(true);
  });

  it('takes evidence for a request and a report from the contractor', async () => {
    const req = (await call('csm', 'POST', `/api/vendors/contractors/${mine}/evidence-requests`, { title: 'ISMS登録証の写し', dueOn: addDays(today, 7) })).json().id;
    const early = await call('portal', 'POST', `/api/vendors/portal/evidence-requests/${req}/submit`, {});
    expect(early.json().errors[0].code).toBe('evidence_required');
    const m = multipart(samplePdf(), '登録証.pdf');
    expect((await call('portal', 'POST', `/api/vendors/portal/evidence-requests/${req}/evidence`, m.payload, m.headers)).statusCode).toBe(200);
    expect((await call('portal', 'POST', `/api/vendors/portal/evidence-requests/${req}/submit`, { note: '最新版です' })).json().status).toBe('submitted');
    expect((await call('csm', 'POST', `/api/vendors/evidence-requests/${req}/review`, { decision: 'accept' })).json().status).toBe('accepted');
    const rep = await call('portal', 'POST', '/api/vendors/portal/reports', { kind: 'incident', title: '誤送信の第一報', body: '調査中' });
    expect(rep.statusCode, rep.body).toBe(200);
    const list = (await call('sysA', 'GET', '/api/vendors/reports')).json();
    expect(list.map((r: { id: string }) => r.id)).toContain(rep.json().id);
    expect((await call('sysB', 'GET', `/api/vendors/reports/${rep.json().id}`)).statusCode).toBe(404);
  });

  it('reminds about expiring certificates and overdue sheets, once a day', async () => {
    const c = await contractor('期限間近株式会社');
    await call('csm', 'POST', `/api/vendors/contractors/${c}/certifications`, { kind: 'pmark', validFrom: '2024-04-01', validUntil: addDays(today, 10) });
    const s2 = (await call('csm', 'POST', `/api/vendors/contractors/${theirs}/check-sheets`, { fiscalYear: fiscalYearOf(today) - 1, dueOn: addDays(today, -3) })).json().id;
    await call('csm', 'POST', `/api/vendors/check-sheets/${s2}/send`, {});
    const theirsUser = await createUser(t.app, orgId, { roles: [['contractor', theirs]] });
    const run = await t.app.deps.services.notifications.runReminders(today);
    expect((run.jobs!.tasks as { reconcile: { added: number } }).reconcile.added).toBeGreaterThan(0);
    const csmId = (await t.app.deps.db.selectFrom('roleAssignments').select('userId').where('tenantId', '=', orgId).where('role', '=', 'chiefSecurityManager').executeTakeFirstOrThrow()).userId;
    const tasks = await t.app.deps.db.selectFrom('tasks').selectAll().where('tenantId', '=', orgId).where('provider', '=', 'vendors').where('status', '=', 'open').execute();
    expect(tasks.some((n) => n.kind === 'vendors.expiry' && n.titleJa.includes('期限間近株式会社'))).toBe(true);
    const portal = await t.app.deps.db.selectFrom('notifications').selectAll().where('tenantId', '=', orgId).where('userId', '=', theirsUser.id).where('source', '=', 'tasks.digest').execute();
    expect(portal).toHaveLength(1);
    expect(portal[0].bodyJa).toContain(`/vendors/check-sheets/${s2}`);
    const mine = await t.app.deps.db.selectFrom('notifications').selectAll().where('tenantId', '=', orgId).where('userId', '=', csmId).where('source', '=', 'tasks.digest').execute();
    expect(mine).toHaveLength(1);
    const again = await t.app.deps.services.notifications.runReminders(today);
    expect((again.jobs!.tasks as { digest: { users: number } }).digest.users).toBe(0);
  });

  it('shows real figures in the summary', async () => {
    const s = (await call('csm', 'GET', '/api/vendors/summary')).json();
    expect(s.scope).toBe('staff');
    expect(s.expiringSoon).toBeGreaterThanOrEqual(2);
    expect(s.unansweredSheets).toBe(1);
    expect(typeof s.pendingApprovals).toBe('number');
    const p = (await call('portal', 'GET', '/api/vendors/summary')).json();
    expect(p).toEqual({ scope: 'contractor', unansweredSheets: 0, openRequests: 0 });
  });
});

describe(`vendors on ${testDbKind()}: demo records`, () => {
  it('seeds clearly fictional contractors and services that show the checks at work', async () => {
    const { seedVendorsDemo } = await import('../server/modules/vendors/demo');
    const { systemCtx } = await import('../server/platform/context');
    const demo = await createOrg(t.app, { name: '【デモ】試験市', isDemo: 1 });
    const d = await createUnit(t.app, demo.id, 'department');
    const s = await createUnit(t.app, demo.id, 'section', d);
    await seedVendorsDemo(t.app.deps, systemCtx(demo.id, 'system:demo'), new Map([['S-JOHO', s], ['S-SHIMIN', s]]));
    const names = (await t.app.deps.db.selectFrom('vendorContractors').select('name').where('tenantId', '=', demo.id).execute()).map((r) => r.name);
    expect(names.length).toBe(4);
    expect(names.every((n) => n.startsWith('【架空】'))).toBe(true);
    const numbers = await t.app.deps.db.selectFrom('vendorContractors').select('corporateNumber').where('tenantId', '=', demo.id).execute();
    expect(numbers.every((n) => n.corporateNumber === null)).toBe(true);
    const { runOrgChecks } = await import('../server/modules/vendors/checks.service');
    const r = await runOrgChecks(t.app.deps, t.app.deps.db, demo.id, today);
    const rules = new Set(r.findings.map((f) => f.ruleId));
    for (const id of ['VS-SCOPE-GAP', 'VS-AVAILABILITY', 'VS-MATRIX-FLAGS', 'VS-TERMS-C2', 'VS-SLA-BREACH', 'VC-CERT-EXPIRED', 'VC-CLAUSES', 'VC-SUBCONTRACT']) expect(rules.has(id), id).toBe(true);
    const sheets = await t.app.deps.db.selectFrom('vendorCheckSheets').select('status').where('tenantId', '=', demo.id).execute();
    expect(sheets.map((x) => x.status)).toEqual(['sent']);
  });
});
