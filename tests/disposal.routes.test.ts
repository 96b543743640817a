import ExcelJS from 'exceljs';
import { addDays } from '../server/modules/disposal/disposal.common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japanDate } from '@shared/era';
import { verifyChain } from '../server/platform/audit';
import { certificateSource, leaseSource } from '../server/modules/disposal/disposal.reminders';
import { asSerialConflict, bulkInsert } from '../server/modules/disposal/disposal.service';
import { AppError } from '../server/platform/errors';
import { newId } from '../server/platform/ids';
import { as, createOrg, createTestApp, createUnit, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { insertAsset } from './helpers/assets';
import { testDbKind } from './helpers/db';
import { samplePdf, samplePng } from './helpers/disposal';

/**
 * Disposal of equipment, media and cloud data: access and scope first (401 / 403 / other
 * organisation 404 / 400), then the rules, the state machine with its proof, projects, reminders
 * and exports.
 */

let t: TestApp;
let org: string;
let secA: string;
let secB: string;
let chief: Session;
let managerA: Session;
let operatorB: Session;
let staffA: Session;
let auditor: Session;
let contractorA: Session;
let contractorB: Session;
let outsider: Session;
let chiefUserId: string;
let mnAsset: string;
let conf2Asset: string;
let conf1Asset: string;
let contractorAId: string;
let contractorBId: string;

beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  const dept = await createUnit(t.app, org, 'department');
  secA = await createUnit(t.app, org, 'section', dept, 'SEC-A');
  secB = await createUnit(t.app, org, 'section', dept, 'SEC-B');
  const chiefUser = await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true, sectionId: secA });
  chiefUserId = chiefUser.id;
  chief = await sessionFor(t.app, chiefUser);
  managerA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityManager', secA]], sectionId: secA }));
  operatorB = await sessionFor(t.app, await createUser(t.app, org, { roles: [['systemOperator', secB]], sectionId: secB }));
  staffA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['staff', secA]], sectionId: secA }));
  auditor = await sessionFor(t.app, await createUser(t.app, org, { roles: ['auditor'] }));
  // Contractor companies live in the vendors register; their accounts hold the contractor role for them.
  const company = async (name: string) => {
    const res = await as(t.app, chief, { method: 'POST', url: '/api/vendors/contractors', payload: { name } });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json().id as string;
  };
  contractorAId = await company('回収株式会社A');
  contractorBId = await company('回収株式会社B');
  contractorA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['contractor', contractorAId]] }));
  contractorB = await sessionFor(t.app, await createUser(t.app, org, { roles: [['contractor', contractorBId]] }));
  const other = (await createOrg(t.app)).id;
  outsider = await sessionFor(t.app, await createUser(t.app, other, { roles: ['chiefSecurityManager'], mfa: true }));
  mnAsset = (await insertAsset(t.app, org, { ownerSectionId: secA, segment: 'mynumber', residentData: 1, confidentiality: '3B', cRank: 5, name: '住民記録' })).id;
  conf2Asset = (await insertAsset(t.app, org, { ownerSectionId: secA, segment: 'lgwan', confidentiality: '2', cRank: 2 })).id;
  conf1Asset = (await insertAsset(t.app, org, { ownerSectionId: secA, segment: 'internet', confidentiality: '1', cRank: 1 })).id;
});
afterAll(() => t?.close());

let serialNo = 0;
const serial = (p = 'SN') => `${p}-${Date.now().toString(36)}-${++serialNo}`;
const today = () => japanDate();
const nowLocal = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 16);

function multipart(fields: Record<string, string>, filename: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----shirube-disposal-test';
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([...parts, head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const device = (over: Record<string, unknown> = {}) => ({
  target: 'device',
  sectionId: secA,
  mediaKind: 'hdd',
  serialNumber: serial(),
  assetIds: [conf2Asset],
  method: 'hddShred',
  ...over,
});

async function create(s: Session, body: Record<string, unknown>) {
  const res = await as(t.app, s, { method: 'POST', url: '/api/disposals', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function post(s: Session, url: string, payload: unknown = {}) {
  return as(t.app, s, { method: 'POST', url, payload: payload as object });
}

async function count(table: 'disposals' | 'disposalEvidence' | 'disposalEvents' | 'disposalWitnesses' | 'auditEvents') {
  const r = await t.app.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe(`disposal on ${testDbKind()}: access`, () => {
  it('answers 401 without a session', async () => {
    expect((await as(t.app, null, { method: 'GET', url: '/api/disposals' })).statusCode).toBe(401);
    expect((await as(t.app, null, { method: 'POST', url: '/api/disposals', payload: device() })).statusCode).toBe(401);
  });

  it('answers 403 to roles without the action', async () => {
    const list = await as(t.app, staffA, { method: 'GET', url: '/api/disposals' });
    expect(list.statusCode).toBe(403);
    const create = await as(t.app, auditor, { method: 'POST', url: '/api/disposals', payload: device() });
    expect(create.statusCode).toBe(403);
    const d = await create_(chief, device());
    const approve = await post(operatorB, `/api/disposals/${d.id}/approve`);
    expect(approve.statusCode).toBe(403);
    const upload = await as(t.app, chief, { method: 'POST', url: `/api/disposals/${d.id}/contractor/evidence`, ...multipart({ kind: 'certificate' }, 'c.pdf', samplePdf(['x'])) });
    expect(upload.statusCode).toBe(403);
  });

  it("answers 404 for another organisation's disposal, for reads and writes", async () => {
    const d = await create_(chief, device());
    expect((await as(t.app, outsider, { method: 'GET', url: `/api/disposals/${d.id}` })).statusCode).toBe(404);
    expect((await post(outsider, `/api/disposals/${d.id}/approve`)).statusCode).toBe(404);
    expect((await as(t.app, outsider, { method: 'PATCH', url: `/api/disposals/${d.id}`, payload: { notes: 'x' } })).statusCode).toBe(404);
    const list = await as(t.app, outsider, { method: 'GET', url: '/api/disposals' });
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(d.id);
  });

  it('narrows by section: a section manager does not see another section, an operator cannot act on it', async () => {
    const inB = await create_(chief, device({ sectionId: secB }));
    expect((await as(t.app, managerA, { method: 'GET', url: `/api/disposals/${inB.id}` })).statusCode).toBe(404);
    expect((await as(t.app, operatorB, { method: 'GET', url: `/api/disposals/${inB.id}` })).statusCode).toBe(200);
    const inA = await create_(chief, device());
    expect((await as(t.app, operatorB, { method: 'PATCH', url: `/api/disposals/${inA.id}`, payload: { notes: 'x' } })).statusCode).toBe(404);
    const outOfScope = await as(t.app, operatorB, { method: 'POST', url: '/api/disposals', payload: device({ sectionId: secA }) });
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json().errors[0]).toMatchObject({ field: 'sectionId', code: 'section_out_of_scope' });
    // The auditor reads everything, the section manager lists only section A.
    const all = await as(t.app, auditor, { method: 'GET', url: '/api/disposals?pageSize=500' });
    expect(all.json().items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([inA.id, inB.id]));
    const mine = await as(t.app, managerA, { method: 'GET', url: '/api/disposals?pageSize=500' });
    expect(mine.json().items.every((i: { section: { id: string } }) => i.section.id === secA)).toBe(true);
  });

  it('gives an empty register (not an error) to a department officer whose department has no sections yet', async () => {
    const empty = await createUnit(t.app, org, 'department');
    const officer = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityOfficer', empty]] }));
    const res = await as(t.app, officer, { method: 'GET', url: '/api/disposals' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ items: [], total: 0 });
    expect((await as(t.app, officer, { method: 'GET', url: '/api/disposal-projects' })).json().items).toEqual([]);
    expect((await as(t.app, officer, { method: 'GET', url: '/api/disposals/summary' })).json().open).toBe(0);
  });

  it('names the fields of invalid input in both languages and saves nothing', async () => {
    const before = await count('disposals');
    const res = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: { target: 'device', sectionId: secA, mediaKind: 'pc', storageKind: 'optical', ownership: 'leased', assetIds: [] } });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['serialNumber', 'leaseEnd', 'storageKind', 'confidentiality']));
    for (const e of res.json().errors) {
      expect(e.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(e.message.en).toMatch(/[a-z]/i);
    }
    const bad = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: { ...device(), leaseEnd: '2026-02-30', ownership: 'leased' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('leaseEnd');
    const cloud = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: { target: 'cloud', sectionId: secA, assetIds: [conf2Asset], method: 'providerDeletion' } });
    expect(cloud.statusCode).toBe(400);
    expect(cloud.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['serviceName', 'dataDescription']));
    const unknownAsset = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: device({ assetIds: ['0190b8a0-0000-7000-8000-000000000000'] }) });
    expect(unknownAsset.statusCode).toBe(400);
    expect(unknownAsset.json().errors[0]).toMatchObject({ field: 'assetIds.0', code: 'asset_unknown' });
    const unknownContractor = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: device({ contractorId: '0190b8a0-0000-7000-8000-000000000001', contractorName: '架空' }) });
    expect(unknownContractor.statusCode).toBe(400);
    expect(unknownContractor.json().errors[0]).toMatchObject({ field: 'contractorId', code: 'contractor_unknown' });
    const unknownService = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: { target: 'cloud', sectionId: secA, assetIds: [conf2Asset], serviceId: 'no-such-service', serviceName: 'x', dataDescription: 'x', method: 'providerDeletion' } });
    expect(unknownService.statusCode).toBe(400);
    expect(unknownService.json().errors[0]).toMatchObject({ field: 'serviceId', code: 'service_unknown' });
    const unknownEdition = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: device({ edition: 'R1.1' }) });
    expect(unknownEdition.statusCode).toBe(400);
    expect(unknownEdition.json().errors[0].field).toBe('edition');
    expect(await count('disposals')).toBe(before);
  });
});

// A create that tolerates being called before the describe above defines `create`.
async function create_(s: Session, body: Record<string, unknown>) {
  return create(s, body);
}

describe(`disposal on ${testDbKind()}: rules`, () => {
  it('derives the class from the linked assets (highest wins) and shows allowed methods and proof before choosing', async () => {
    const res = await post(managerA, '/api/disposals/evaluate', { target: 'device', edition: 'R7.3', mediaKind: 'hdd', assetIds: [conf1Asset, mnAsset] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.subject).toMatchObject({ confidentiality: '3B', myNumberResident: true });
    expect(body.segment).toBe('mynumber');
    expect(body.evaluation.allowed.map((a: { method: string }) => a.method)).toEqual(['physicalDestruction']);
    // Seed 004 row (1): a witness OR in-building erase + certificate; photos and a deadline only recommended.
    expect(body.evaluation.proof.filter((p: { level: string }) => p.level === 'required')).toEqual([]);
    expect(body.evaluation.proof.filter((p: { level: string }) => p.level === 'recommended').map((p: { kind: string }) => p.kind).sort()).toEqual(['certificateDeadline', 'photos']);
    expect(body.evaluation.proofChoices[0].options.map((o: { kinds: string[] }) => o.kinds)).toEqual([['witness'], ['inBuildingErase', 'certificate']]);
    const r8 = await post(managerA, '/api/disposals/evaluate', { target: 'device', edition: 'R8.3', mediaKind: 'usb', confidentiality: '2' });
    expect(r8.json().evaluation.allowed.map((a: { method: string }) => a.method)).toEqual(['flashChipDestroy']);
  });

  it('refuses a method the class does not allow, with the reason and the catalog reference; nothing is saved', async () => {
    const before = await count('disposals');
    const res = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: device({ edition: 'R7.3', assetIds: [mnAsset], method: 'degauss' }) });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('method_not_allowed');
    expect(body.refs).toContain('KB-4.1.7');
    expect(body.reason.ja).toContain('物理的な破壊に限られます');
    expect(body.errors[0]).toMatchObject({ field: 'method', code: 'method_not_allowed' });
    expect(body.errors[0].message.ja).toContain('KB-4.1.7');
    const usb = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: device({ edition: 'R8.3', mediaKind: 'usb', method: 'cryptoErase' }) });
    expect(usb.statusCode).toBe(422);
    expect(usb.json().reason.en).toContain('may only be destroyed');
    const format = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: device({ assetIds: [conf1Asset], method: 'format' }) });
    expect(format.statusCode).toBe(422);
    expect(await count('disposals')).toBe(before);
  });

  it('refuses a serial number already in an open disposal, and accepts it again once that one is cancelled', async () => {
    const sn = serial('DUP');
    const first = await create(chief, device({ serialNumber: sn }));
    const before = await count('disposals');
    const again = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: device({ serialNumber: ` ${sn.toLowerCase()} ` }) });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('serial_in_open_disposal');
    expect(again.json().messages.ja).toContain(first.code);
    expect(await count('disposals')).toBe(before);
    const cancel = await post(chief, `/api/disposals/${first.id}/cancel`, { reason: '誤登録' });
    expect(cancel.json().state).toBe('cancelled');
    await create(chief, device({ serialNumber: sn }));
  });

  it('has the database refuse a second open disposal with the same serial, reported as a clear conflict', async () => {
    const sn = serial('RACE');
    const first = await create(chief, device({ serialNumber: sn }));
    const row = await t.app.deps.db.selectFrom('disposals').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    const copy = { ...row, id: newId(), code: `${row.code}-X` };
    const e = await bulkInsert(t.app.deps.db, t.app.deps.dbKind, 'disposals', [copy]).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).not.toBeNull();
    const mapped = asSerialConflict(e) as AppError;
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped.status).toBe(409);
    expect(mapped.code).toBe('serial_in_open_disposal');
  });

  it('re-checks the method at approval when the linked asset was reclassified upwards', async () => {
    const asset = await insertAsset(t.app, org, { ownerSectionId: secA, segment: 'lgwan', confidentiality: '1', cRank: 1 });
    const d = await create(chief, device({ assetIds: [asset.id], method: 'overwriteOsReachable' }));
    expect(d.confidentiality).toBe('1');
    await t.app.deps.db.updateTable('assets').set({ confidentiality: '3C', cRank: 3 }).where('tenantId', '=', org).where('id', '=', asset.id).execute();
    const res = await post(chief, `/api/disposals/${d.id}/approve`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('method_not_allowed');
    expect((await as(t.app, chief, { method: 'GET', url: `/api/disposals/${d.id}` })).json().state).toBe('requested');
    const changed = await as(t.app, chief, { method: 'PATCH', url: `/api/disposals/${d.id}`, payload: { method: 'cryptoErase' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().confidentiality).toBe('3C');
    expect((await post(chief, `/api/disposals/${d.id}/approve`)).json().state).toBe('approved');
  });
});

describe(`disposal on ${testDbKind()}: My Number resident media, end to end`, () => {
  let id: string;
  it('walks requested → approved → erased → handed over → destroyed → checked → closed, refusing shortcuts', async () => {
    const d = await create(managerA, device({ edition: 'R7.3', mediaKind: 'server', storageKind: 'hdd', assetIds: [mnAsset], method: 'physicalDestruction', certificateDays: 14 }));
    id = d.id;
    expect(d.category).toBe('myNumberResident');
    expect(d.requiredProof).toEqual([]);
    expect(d.proofChoices[0]).toMatchObject({ id: 'row1', met: false });

    const approved = await post(managerA, `/api/disposals/${id}/approve`, { note: '承認' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().state).toBe('approved');

    // Handing over without erasing first is possible (a witness can prove row (1)), so it is offered.
    expect(approved.json().actions).toEqual(expect.arrayContaining(['eraseInBuilding', 'handover', 'witness']));

    // A completed step cannot be dated in the future; nothing changes.
    const events = await count('disposalEvents');
    const future = await post(managerA, `/api/disposals/${id}/erase-in-building`, { at: addDays(today(), 2), by: '職員' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: 'at', code: 'date_in_future' });
    const beforeApproval = await post(managerA, `/api/disposals/${id}/erase-in-building`, { at: addDays(today(), -3), by: '職員' });
    expect(beforeApproval.statusCode).toBe(400);
    expect(beforeApproval.json().errors[0].code).toBe('date_before_previous_step');
    expect(await count('disposalEvents')).toBe(events);

    expect((await post(managerA, `/api/disposals/${id}/erase-in-building`, { at: nowLocal(), by: '情報政策課 職員' })).json().state).toBe('erasedInBuilding');
    const handed = await post(managerA, `/api/disposals/${id}/handover`, { at: nowLocal(), contractorId: contractorAId, contractorName: '回収株式会社A', receivedBy: '回収 太郎', place: '搬出口' });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().certificateDueOn).toBe(addDays(today(), 14));
    expect(handed.json().custody).toHaveLength(1);
    expect(handed.json().custody[0].to).toContain('回収株式会社A');

    const custody = await post(managerA, `/api/disposals/${id}/custody`, { at: nowLocal(), from: '回収 太郎', to: '破砕工場', place: '工場' });
    expect(custody.json().custody).toHaveLength(2);
  });

  it('lets only the contractor it was handed to see it and submit proof; a photo must be an image', async () => {
    expect((await as(t.app, contractorB, { method: 'GET', url: `/api/disposals/${id}` })).statusCode).toBe(404);
    expect((await as(t.app, contractorB, { method: 'POST', url: `/api/disposals/${id}/contractor/evidence`, ...multipart({ kind: 'certificate' }, 'c.pdf', samplePdf(['x'])) })).statusCode).toBe(404);
    const seen = await as(t.app, contractorA, { method: 'GET', url: `/api/disposals/${id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().assets).toEqual([]);
    expect(seen.json().section).toBeNull();
    const list = await as(t.app, contractorA, { method: 'GET', url: '/api/disposals' });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([id]);

    const evidence = await count('disposalEvidence');
    const notImage = await as(t.app, contractorA, { method: 'POST', url: `/api/disposals/${id}/contractor/evidence`, ...multipart({ kind: 'photo' }, 'photo.png', Buffer.from('this is not an image at all'), 'image/png') });
    expect(notImage.statusCode).toBe(415);
    expect(notImage.json().code).toBe('file_type_not_allowed');
    // Upload routes live in their own scope; they must still answer through the problem+json handler.
    expect(notImage.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(notImage.json().messages.ja).toBeTruthy();
    const pdfAsPhoto = await as(t.app, contractorA, { method: 'POST', url: `/api/disposals/${id}/contractor/evidence`, ...multipart({ kind: 'photo' }, 'photo.jpg', samplePdf(['x']), 'image/jpeg') });
    expect(pdfAsPhoto.statusCode).toBe(415);
    expect(await count('disposalEvidence')).toBe(evidence);

    const cert = await as(t.app, contractorA, { method: 'POST', url: `/api/disposals/${id}/contractor/evidence`, ...multipart({ kind: 'certificate' }, '証明書.pdf', samplePdf(['Certificate'])) });
    expect(cert.statusCode, cert.body).toBe(201);
    const photo = await as(t.app, contractorA, { method: 'POST', url: `/api/disposals/${id}/contractor/evidence`, ...multipart({ kind: 'photo' }, 'photo.png', await samplePng('photo')) });
    expect(photo.statusCode).toBe(201);
    const body = photo.json().disposal;
    expect(body.evidence.map((e: { kind: string }) => e.kind)).toEqual(['certificate', 'photo']);
    expect(body.evidence[0].byContractor).toBe(true);
    expect(body.certificateReceivedAt).not.toBeNull();

    const file = await as(t.app, chief, { method: 'GET', url: `/api/disposals/${id}/evidence/${body.evidence[0].id}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment/);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The requester hears about the submission.
    const notes = await t.app.deps.db.selectFrom('notifications').select('titleJa').where('tenantId', '=', org).where('source', '=', 'notify').execute();
    expect(notes.some((n) => n.titleJa.includes('完了証明書が提出されました'))).toBe(true);

    const done = await post(contractorA, `/api/disposals/${id}/contractor/completion`, { at: nowLocal(), place: '破砕工場' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().state).toBe('destroyed');
  });

  it('cannot close while required proof is missing, and names what is missing', async () => {
    const res = await post(chief, `/api/disposals/${id}/close`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('proof_missing');
    const missing = res.json().errors.map((e: { field: string }) => e.field);
    // Neither way of row (1) is complete yet: no witness, certificate not checked.
    expect(missing).toEqual(['proofChoice.row1', 'proof.certificate']);
    expect(res.json().messages.ja).toContain('立ち会う');
    // A certificate was received but not yet checked: the message names the check as the next step (issue 21).
    const cert = res.json().errors.find((e: { field: string }) => e.field === 'proof.certificate');
    expect(cert.message.ja).toBe('完了証明書を確認済みにしてください（1件 受領（未確認））。次の手順は「証明書を確認済みにする」です。');
    const shown = (await as(t.app, chief, { method: 'GET', url: `/api/disposals/${id}` })).json();
    expect(shown.state).toBe('destroyed');
    expect(shown.missingForClose.map((m: { ja: string }) => m.ja)).toContain(cert.message.ja);
    expect(shown.missingForClose.map((m: { ja: string }) => m.ja).join()).not.toContain('完了証明書（消去・破壊の証明）がありません');
  });

  it('records the witness (who, when), checks the certificate and closes', async () => {
    const bad = await post(managerA, `/api/disposals/${id}/witness`, { from: nowLocal(), until: nowLocal() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('name');
    const w = await post(managerA, `/api/disposals/${id}/witness`, { userId: chiefUserId, from: nowLocal(), until: nowLocal() });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().witnesses[0].name).toMatch(/^利用者/);
    expect((await post(managerA, `/api/disposals/${id}/certificate-check`)).json().state).toBe('certificateChecked');
    const closed = await post(managerA, `/api/disposals/${id}/close`, { note: '確認済み' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe('closed');
    expect(closed.json().proof.every((p: { level: string; met: boolean }) => p.level !== 'required' || p.met)).toBe(true);
    expect(closed.json().proofChoices[0]).toMatchObject({ met: true, option: { id: 'witness', example: true } });
    expect(closed.json().proofWarnings).toEqual([]);
    expect(closed.json().events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['requested', 'approved', 'erasedInBuilding', 'handedOver', 'custodyTransfer', 'certificateUploaded', 'photoUploaded', 'destroyed', 'witnessRecorded', 'certificateChecked', 'closed']),
    );
  });

  it('refuses a certificate after closure, saving nothing', async () => {
    const evidence = await count('disposalEvidence');
    const files = Number((await t.app.deps.db.selectFrom('storedFiles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const late = await as(t.app, contractorA, { method: 'POST', url: `/api/disposals/${id}/contractor/evidence`, ...multipart({ kind: 'certificate' }, 'late.pdf', samplePdf(['late'])) });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('disposal_closed');
    expect(late.json().messages.ja).toContain('完了している');
    expect(await count('disposalEvidence')).toBe(evidence);
    expect(Number((await t.app.deps.db.selectFrom('storedFiles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(files);
  });

  it('kept every step in the audit trail, whose chain verifies', async () => {
    const actions = (await t.app.deps.db.selectFrom('auditEvents').select('action').where('tenantId', '=', org).where('targetId', '=', id).execute()).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['disposal.create', 'disposal.approve', 'disposal.erase_in_building', 'disposal.hand_over', 'disposal.custody', 'disposal.evidence', 'disposal.complete', 'disposal.witness', 'disposal.check_certificate', 'disposal.close']),
    );
    expect((await verifyChain(t.app.deps.db, org)).ok).toBe(true);
  });
});

describe(`disposal on ${testDbKind()}: other classes and cloud data`, () => {
  it('My Number HDD witnessed until completion closes without a certificate; missing photos only warn', async () => {
    const d = await create(managerA, device({ edition: 'R7.3', mediaKind: 'hdd', assetIds: [mnAsset], method: 'physicalDestruction' }));
    await post(managerA, `/api/disposals/${d.id}/approve`);
    const from = nowLocal();
    const done = await post(managerA, `/api/disposals/${d.id}/completion`, { at: nowLocal(), place: '庁舎内' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await post(managerA, `/api/disposals/${d.id}/witness`, { name: '情報政策課 職員', from, until: nowLocal() })).statusCode).toBe(200);
    const closed = await post(managerA, `/api/disposals/${d.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe('closed');
    expect(closed.json().proofWarnings.map((w: { kind: string }) => w.kind)).toEqual(['photos', 'certificateDeadline']);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select('changes').where('targetId', '=', d.id).where('action', '=', 'disposal.close').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.changes)).toMatchObject({ provenBy: { row1: 'witness' }, recommendedMissing: ['photos', 'certificateDeadline'] });
  });

  it('closes an open disposal approved under the stricter proof once its proof suffices, recording the earlier requirement', async () => {
    const d = await create(managerA, device({ edition: 'R7.3', mediaKind: 'hdd', assetIds: [mnAsset], method: 'physicalDestruction' }));
    await post(managerA, `/api/disposals/${d.id}/approve`);
    const old = ['inBuildingErase', 'witness', 'certificate', 'photos', 'certificateDeadline'];
    await t.app.deps.db.updateTable('disposals').set({ requiredProof: JSON.stringify(old) }).where('tenantId', '=', org).where('id', '=', d.id).execute();
    const from = nowLocal();
    // Under the stored snapshot this completion would need a handover and a certificate first.
    expect((await post(managerA, `/api/disposals/${d.id}/completion`, { at: nowLocal() })).statusCode).toBe(200);
    await post(managerA, `/api/disposals/${d.id}/witness`, { name: '職員', from, until: nowLocal() });
    const closed = await post(managerA, `/api/disposals/${d.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select('changes').where('targetId', '=', d.id).where('action', '=', 'disposal.close').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.changes).requiredProofAtApproval).toEqual(old);
  });

  it('confidentiality 2+ confirmed another way than the example closes only with a recorded reason', async () => {
    const d = await create(chief, device({ mediaKind: 'ssd', assetIds: [conf2Asset], method: 'nvmeSanitize' }));
    await post(chief, `/api/disposals/${d.id}/approve`);
    const from = nowLocal();
    expect((await post(chief, `/api/disposals/${d.id}/completion`, { at: nowLocal() })).statusCode).toBe(200);
    const none = await post(chief, `/api/disposals/${d.id}/close`);
    expect(none.statusCode).toBe(409);
    expect(none.json().errors.map((e: { field: string }) => e.field)).toEqual(['proofChoice.row2']);
    await post(chief, `/api/disposals/${d.id}/witness`, { name: '職員', from, until: nowLocal() });
    const silent = await post(chief, `/api/disposals/${d.id}/close`);
    expect(silent.statusCode).toBe(409);
    expect(silent.json()).toMatchObject({ code: 'confirmation_reason_required' });
    expect(silent.json().errors[0].field).toBe('note');
    expect((await as(t.app, chief, { method: 'GET', url: `/api/disposals/${d.id}` })).json().state).toBe('destroyed');
    const ok = await post(chief, `/api/disposals/${d.id}/close`, { note: '庁舎内で職員が消去作業に最後まで立ち会ったため' });
    expect(ok.statusCode, ok.body).toBe(200);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select('changes').where('targetId', '=', d.id).where('action', '=', 'disposal.close').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.changes)).toMatchObject({ provenBy: { row2: 'witness' }, otherWayReason: '庁舎内で職員が消去作業に最後まで立ち会ったため' });
  });

  it('confidentiality 1: erased in house, checked by staff, closed without a certificate', async () => {
    const d = await create(managerA, device({ mediaKind: 'pc', storageKind: 'ssd', assetIds: [conf1Asset], method: 'overwriteOsReachable' }));
    expect(d.requiredProof).toEqual([]);
    expect(d.proofChoices[0].options[0]).toMatchObject({ kinds: ['staffCheck'], example: true });
    await post(managerA, `/api/disposals/${d.id}/approve`);
    const done = await post(managerA, `/api/disposals/${d.id}/completion`, { at: nowLocal() });
    expect(done.json().state).toBe('destroyed');
    const close = await post(managerA, `/api/disposals/${d.id}/close`);
    expect(close.statusCode).toBe(409);
    expect(close.json().errors.map((e: { field: string }) => e.field)).toEqual(['proofChoice.row3']);
    expect((await post(managerA, `/api/disposals/${d.id}/staff-check`, { at: nowLocal() })).statusCode).toBe(200);
    expect((await post(managerA, `/api/disposals/${d.id}/close`)).json().state).toBe('closed');
  });

  it('cloud data by crypto erase: key destruction and the deletion certificate are required', async () => {
    // The service comes from the vendors register; its name and provider fill in what the form leaves empty.
    const svc = await as(t.app, chief, { method: 'POST', url: '/api/vendors/services', payload: { name: 'テスト文書クラウド', providerName: 'テストクラウド株式会社', model: 'SaaS', kind: 'ismap' } });
    expect(svc.statusCode, svc.body).toBeLessThan(300);
    const d = await create(chief, {
      target: 'cloud',
      sectionId: secA,
      assetIds: [conf2Asset],
      serviceId: svc.json().id,
      cloudTenant: 'tenant-01',
      dataDescription: '旧システムのデータ',
      keyDescription: '鍵 k-1',
      method: 'cryptoErase',
      contractorId: contractorAId,
    });
    expect(d.service).toMatchObject({ id: svc.json().id, name: 'テスト文書クラウド' });
    expect(d.contractor).toMatchObject({ id: contractorAId, name: 'テストクラウド株式会社' });
    expect(d.category).toBe('cloud');
    expect(d.requiredProof.sort()).toEqual(['certificate', 'keyDestruction']);
    await post(chief, `/api/disposals/${d.id}/approve`);
    await post(chief, `/api/disposals/${d.id}/handover`, { at: nowLocal(), receivedBy: 'サポート窓口' });
    await post(contractorA, `/api/disposals/${d.id}/contractor/completion`, { at: nowLocal() });
    await as(t.app, contractorA, { method: 'POST', url: `/api/disposals/${d.id}/contractor/evidence`, ...multipart({ kind: 'certificate' }, 'deletion.pdf', samplePdf(['deleted'])) });
    await post(chief, `/api/disposals/${d.id}/certificate-check`);
    const close = await post(chief, `/api/disposals/${d.id}/close`);
    expect(close.statusCode).toBe(409);
    expect(close.json().errors.map((e: { field: string }) => e.field)).toEqual(['proof.keyDestruction']);
    expect((await post(chief, `/api/disposals/${d.id}/key-destruction`, { at: nowLocal(), keyReference: 'k-1' })).statusCode).toBe(200);
    expect((await post(chief, `/api/disposals/${d.id}/close`)).json().state).toBe('closed');
  });
});

describe(`disposal on ${testDbKind()}: projects`, () => {
  let projectId: string;
  it('creates a project with items from a form; a duplicate serial anywhere refuses the whole batch', async () => {
    const before = await count('disposals');
    const dup = await as(t.app, chief, {
      method: 'POST',
      url: '/api/disposal-projects',
      payload: { name: 'PC更新', sectionId: secA, defaults: { mediaKind: 'pc', storageKind: 'ssd', assetIds: [conf2Asset], method: 'flashChipDestroy' }, items: [{ serialNumber: 'P-1' }, { serialNumber: 'p1' }] },
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0]).toMatchObject({ field: 'items.1.serialNumber', code: 'serial_duplicate' });
    const wrongMethod = await as(t.app, chief, {
      method: 'POST',
      url: '/api/disposal-projects',
      payload: { name: 'PC更新', sectionId: secA, defaults: { mediaKind: 'pc', storageKind: 'ssd', assetIds: [conf2Asset], method: 'flashChipDestroy' }, items: [{ serialNumber: 'P-2' }, { serialNumber: 'P-3', method: 'degauss' }] },
    });
    expect(wrongMethod.statusCode).toBe(400);
    expect(wrongMethod.json().errors[0]).toMatchObject({ field: 'items.1.method', code: 'method_not_allowed' });
    expect(await count('disposals')).toBe(before);
    expect(Number((await t.app.deps.db.selectFrom('disposalProjects').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow()).n)).toBe(0);

    const leaseEnd = addDays(today(), 30);
    const res = await as(t.app, chief, {
      method: 'POST',
      url: '/api/disposal-projects',
      payload: {
        name: 'PC更新（市民課）',
        sectionId: secA,
        contractorId: contractorAId,
        contractorName: '回収株式会社A',
        certificateDays: 10,
        defaults: { mediaKind: 'pc', storageKind: 'ssd', assetIds: [conf2Asset], method: 'flashChipDestroy', ownership: 'leased', leaseEnd },
        items: Array.from({ length: 3 }, (_, i) => ({ serialNumber: `PROJ-${i}` })),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    projectId = res.json().id;
    expect(res.json().counts.total).toBe(3);
    expect(res.json().added.created).toBe(3);
    const items = await as(t.app, chief, { method: 'GET', url: `/api/disposals?projectId=${projectId}` });
    expect(items.json().items.every((i: { leaseEndingSoon: boolean; state: string }) => i.leaseEndingSoon && i.state === 'requested')).toBe(true);
    const toPlan = await as(t.app, chief, { method: 'GET', url: '/api/disposals?toPlan=true&pageSize=500' });
    expect(toPlan.json().total).toBeGreaterThanOrEqual(3);
  });

  it('stores a large batch with its timeline and asset links (the bulk path; on PostgreSQL also the in-transaction ANALYZE)', async () => {
    const res = await as(t.app, chief, {
      method: 'POST',
      url: '/api/disposal-projects',
      payload: { name: '大量登録', sectionId: secB, certificateDays: 20, defaults: { mediaKind: 'pc', storageKind: 'hdd', assetIds: [conf2Asset], method: 'hddShred', ownership: 'owned' }, items: Array.from({ length: 1000 }, (_, i) => ({ serialNumber: `BULK-${i}`, model: i % 2 ? '型A' : null })) },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const rows = await t.app.deps.db.selectFrom('disposals').selectAll().where('tenantId', '=', org).where('projectId', '=', id).orderBy('code').execute();
    expect(rows).toHaveLength(1000);
    expect(rows[1]).toMatchObject({ serialNumber: 'BULK-1', serialKey: 'BULK1', model: '型A', sectionId: secB, state: 'requested', confidentiality: '2', myNumberResident: 0, certificateDays: 20, method: 'hddShred', storageKind: 'hdd' });
    expect(rows[0].model).toBeNull();
    const links = await t.app.deps.db.selectFrom('disposalAssets').innerJoin('disposals', (j) => j.onRef('disposals.tenantId', '=', 'disposalAssets.tenantId').onRef('disposals.id', '=', 'disposalAssets.disposalId')).select(['disposalAssets.assetId', 'disposalAssets.confidentiality']).where('disposals.tenantId', '=', org).where('disposals.projectId', '=', id).execute();
    expect(links).toHaveLength(1000);
    expect(links.every((l) => l.assetId === conf2Asset && l.confidentiality === '2')).toBe(true);
    const events = await t.app.deps.db.selectFrom('disposalEvents').innerJoin('disposals', (j) => j.onRef('disposals.tenantId', '=', 'disposalEvents.tenantId').onRef('disposals.id', '=', 'disposalEvents.disposalId')).select('disposalEvents.kind').where('disposals.tenantId', '=', org).where('disposals.projectId', '=', id).execute();
    expect(events.filter((e) => e.kind === 'requested')).toHaveLength(1000);
    // The serial-number rule holds for rows written by the bulk path too.
    const again = await as(t.app, chief, { method: 'POST', url: '/api/disposals', payload: device({ serialNumber: 'bulk-7' }) });
    expect(again.statusCode).toBe(409);
  });

  it('imports items from a file all or nothing, naming rows and columns; a dry run saves nothing', async () => {
    const header = '種類,記憶装置,製造番号,機種・型番,所有形態,リース終了日,機密性,方法\r\n';
    const bad = `${header}パソコン,SSD,IMP-1,X,リース,2026/13/01,2,flashChipDestroy\r\nフロッピー,,IMP-2,,所有,,2,\r\nパソコン,SSD,IMP-3,,所有,,2,消磁\r\n`;
    const before = await count('disposals');
    const r1 = await as(t.app, chief, { method: 'POST', url: `/api/disposal-projects/${projectId}/import`, ...multipart({}, 'items.csv', Buffer.from(bad), 'text/csv') });
    expect(r1.statusCode).toBe(400);
    const errs = r1.json().errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(errs).toEqual(expect.arrayContaining(['2:リース終了日', '3:種類']));
    // Once the file reads, the rules apply per row: degaussing is refused for an SSD.
    const ruleBad = `${header}パソコン,SSD,IMP-3,,所有,,2,磁気的な破壊（消磁）\r\n`;
    const r2 = await as(t.app, chief, { method: 'POST', url: `/api/disposal-projects/${projectId}/import`, ...multipart({}, 'items.csv', Buffer.from(ruleBad), 'text/csv') });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().errors[0]).toMatchObject({ row: 2, column: '方法', code: 'method_not_allowed' });
    const good = `${header}パソコン,SSD,IMP-10,業務PC,リース,2027/3/31,3B,flashChipDestroy\r\nハードディスク（HDD）,,IMP-11,,所有,,2,hddDrill\r\n`;
    const dry = await as(t.app, chief, { method: 'POST', url: `/api/disposal-projects/${projectId}/import?dryRun=true`, ...multipart({}, 'items.csv', Buffer.from(good), 'text/csv') });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ created: 2, dryRun: true });
    expect(await count('disposals')).toBe(before);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('items');
    ws.addRow(['種類', '記憶装置', '製造番号', '機密性', '方法']);
    ws.addRow(['パソコン', 'SSD', 'IMP-20', '2', 'flashChipDestroy']);
    ws.addRow(['パソコン', 'HDD', 'IMP-21', '2', 'hddShred']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const commit = await as(t.app, chief, { method: 'POST', url: `/api/disposal-projects/${projectId}/import`, ...multipart({}, 'items.xlsx', xlsx) });
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ created: 2, dryRun: false, format: 'xlsx' });
    expect(await count('disposals')).toBe(before + 2);
  });

  it('approves, hands over, receives one batch certificate from the contractor and closes the items with complete proof', async () => {
    const approved = await post(chief, `/api/disposal-projects/${projectId}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().done).toBe(5);
    const handed = await post(chief, `/api/disposal-projects/${projectId}/handover`, { at: nowLocal(), receivedBy: '回収 次郎' });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().project.counts.byState.handedOver).toBe(5);
    const proj = await as(t.app, contractorA, { method: 'GET', url: `/api/disposal-projects/${projectId}` });
    expect(proj.statusCode).toBe(200);
    expect((await as(t.app, contractorB, { method: 'GET', url: `/api/disposal-projects/${projectId}` })).statusCode).toBe(404);
    const plist = await as(t.app, contractorA, { method: 'GET', url: '/api/disposal-projects' });
    expect(plist.statusCode, plist.body).toBe(200);
    expect(plist.json().items.map((x: { id: string }) => x.id)).toEqual([projectId]);
    expect((await as(t.app, contractorB, { method: 'GET', url: '/api/disposal-projects' })).json().items).toEqual([]);
    const done = await post(contractorA, `/api/disposal-projects/${projectId}/contractor/completion`, { at: nowLocal(), place: '工場' });
    expect(done.json().done).toBe(5);
    const cert = await as(t.app, contractorA, { method: 'POST', url: `/api/disposal-projects/${projectId}/contractor/evidence`, ...multipart({ kind: 'certificate' }, 'batch.pdf', samplePdf(['batch'])) });
    expect(cert.statusCode, cert.body).toBe(201);
    expect(cert.json().attached).toBe(5);
    const closed = await post(chief, `/api/disposal-projects/${projectId}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().closed).toBe(5);
    expect(closed.json().notClosed).toEqual([]);
    expect(closed.json().project.counts.byState.closed).toBe(5);
  });
});

describe(`disposal on ${testDbKind()}: reminders and dashboard`, () => {
  it('finds certificates overdue (grouped per project, one per contractor) and lease ends at milestones', async () => {
    const d = await create(chief, device({ mediaKind: 'ssd', method: 'nvmeSanitize', certificateDays: 5 }));
    await post(chief, `/api/disposals/${d.id}/approve`);
    await post(chief, `/api/disposals/${d.id}/handover`, { at: nowLocal(), contractorId: contractorBId, contractorName: '回収株式会社B', receivedBy: '受領者' });
    const source = certificateSource();
    const none = (await source.scan(t.app.deps.db, today())).filter((i) => i.itemKey.includes(d.id));
    expect(none).toEqual([]);
    const soon = (await source.scan(t.app.deps.db, addDays(today(), 3))).find((i) => i.itemKey === `disposal:${d.id}:certificate`);
    expect(soon?.severity).toBe('warning');
    const later = await source.scan(t.app.deps.db, addDays(today(), 6));
    const item = later.find((i) => i.itemKey === `disposal:${d.id}:certificate`);
    expect(item).toMatchObject({ tenantId: org, severity: 'overdue', link: `/disposals/${d.id}` });
    expect(item?.title.ja).toContain('期限を過ぎています');
    const forContractor = later.find((i) => i.itemKey === `disposal-contractor:${contractorBId}:certificate`);
    expect(forContractor?.recipients.userIds).toHaveLength(1);

    // A project is reminded once, with its count, not item by item.
    const p = await as(t.app, chief, {
      method: 'POST',
      url: '/api/disposal-projects',
      payload: { name: '期限確認', sectionId: secA, contractorName: '回収株式会社B', certificateDays: 7, defaults: { mediaKind: 'hdd', assetIds: [conf2Asset], method: 'hddDrill' }, items: [{ serialNumber: serial() }, { serialNumber: serial() }, { serialNumber: serial() }] },
    });
    const pid = p.json().id;
    await post(chief, `/api/disposal-projects/${pid}/approve`);
    await post(chief, `/api/disposal-projects/${pid}/handover`, { at: nowLocal(), receivedBy: '受領者' });
    const projectItems = (await source.scan(t.app.deps.db, addDays(today(), 8))).filter((i) => i.itemKey.includes(pid));
    expect(projectItems).toHaveLength(1);
    expect(projectItems[0]).toMatchObject({ itemKey: `disposal-project:${pid}:certificate`, severity: 'overdue', link: `/disposal-projects/${pid}` });
    expect(projectItems[0].title.ja).toContain('3件');

    const leased = await create(chief, device({ ownership: 'leased', leaseEnd: addDays(today(), 30) }));
    const lease = leaseSource();
    expect((await lease.scan(t.app.deps.db, today())).some((i) => i.itemKey === `disposal:${leased.id}:lease`)).toBe(true);
    expect((await lease.scan(t.app.deps.db, addDays(today(), 1))).some((i) => i.itemKey === `disposal:${leased.id}:lease`)).toBe(false);
    expect((await lease.scan(t.app.deps.db, addDays(today(), 25))).find((i) => i.itemKey === `disposal:${leased.id}:lease`)?.severity).toBe('warning');
  });

  it('puts overdue certificates on the to-do list, with one digest per person and day', async () => {
    const day = addDays(today(), 6);
    const first = await t.app.deps.services.notifications.runReminders(day);
    const job = first.jobs?.tasks as { reconcile: { added: number }; digest: { users: number } };
    expect(job.reconcile.added).toBeGreaterThan(0);
    expect(job.digest.users).toBeGreaterThan(0);
    const open = await t.app.deps.db.selectFrom('tasks').select(['titleJa', 'kind']).where('tenantId', '=', org).where('provider', '=', 'disposal').where('status', '=', 'open').execute();
    expect(open.some((n) => n.kind === 'disposal.certificate' && n.titleJa.includes('期限を過ぎています'))).toBe(true);
    const again = await t.app.deps.services.notifications.runReminders(day);
    expect((again.jobs!.tasks as { reconcile: { added: number }; digest: { users: number } }).digest.users).toBe(0);
    const notes = await t.app.deps.db.selectFrom('notifications').select(['titleJa']).where('tenantId', '=', org).where('source', '=', 'tasks.digest').execute();
    expect(notes.some((n) => n.titleJa.startsWith('今日のやること'))).toBe(true);
  });

  it('reports real figures for the dashboard, within scope', async () => {
    const s = await as(t.app, chief, { method: 'GET', url: '/api/disposals/summary' });
    expect(s.statusCode).toBe(200);
    const open = await as(t.app, chief, { method: 'GET', url: '/api/disposals?open=true&pageSize=1' });
    expect(s.json().open).toBe(open.json().total);
    const plan = await as(t.app, chief, { method: 'GET', url: '/api/disposals?toPlan=true&pageSize=1' });
    expect(s.json().leaseEndingSoon).toBe(plan.json().total);
    // Everything closed in this suite was closed today, so within this fiscal year.
    const closed = await as(t.app, chief, { method: 'GET', url: '/api/disposals?state=closed&pageSize=1' });
    expect(s.json().closedThisFiscalYear).toBe(closed.json().total);
    const b = await as(t.app, operatorB, { method: 'GET', url: '/api/disposals/summary' });
    const bOpen = await as(t.app, operatorB, { method: 'GET', url: '/api/disposals?open=true&pageSize=1' });
    expect(b.json().open).toBe(bOpen.json().total);
    expect(b.json().open).toBeLessThan(s.json().open);
  });
});

describe(`disposal on ${testDbKind()}: exports`, () => {
  it('exports the register as .xlsx with 和暦 dates', async () => {
    const res = await as(t.app, auditor, { method: 'GET', url: '/api/disposals/export.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('廃棄台帳')!;
    expect(ws.getRow(1).getCell(1).value).toBe('管理番号');
    const total = (await as(t.app, auditor, { method: 'GET', url: '/api/disposals?pageSize=1' })).json().total;
    expect(ws.rowCount - 1).toBe(total);
    const requested = ws.getColumn(17).values.slice(2) as string[];
    expect(requested.every((v) => /^令和\d+年\d+月\d+日/.test(String(v)))).toBe(true);
  });

  it('writes a report per disposal and per project as .docx and PDF', async () => {
    const closed = (await as(t.app, chief, { method: 'GET', url: '/api/disposals?state=closed&pageSize=1' })).json().items[0];
    const docx = await as(t.app, chief, { method: 'GET', url: `/api/disposals/${closed.id}/report?format=docx` });
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await as(t.app, chief, { method: 'GET', url: `/api/disposals/${closed.id}/report?format=pdf` });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const projects = (await as(t.app, chief, { method: 'GET', url: '/api/disposal-projects' })).json().items;
    const pdocx = await as(t.app, chief, { method: 'GET', url: `/api/disposal-projects/${projects[0].id}/report` });
    expect(pdocx.statusCode).toBe(200);
    expect(pdocx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await as(t.app, outsider, { method: 'GET', url: `/api/disposals/${closed.id}/report` })).statusCode).toBe(404);
  });
});
