import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japanDate } from '@shared/era';
import { addDays } from '../server/platform/calendar';
import { as, createOrg, createTestApp, createUnit, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { insertAsset } from './helpers/assets';
import { testDbKind } from './helpers/db';
import { makeService } from './helpers/vendors';
import { copyVendorApprovals } from '../server/db/migrations/0011_approvals';
import { newId } from '../server/platform/ids';
import { approvalsTaskProvider } from '../server/modules/approvals/approvals.module';

/**
 * The approval engine: access first (401 / 403 / other organisation 404), then every bad input of
 * issue 14 (each leaves nothing behind), then the subject types, expiry, registers and the calendar.
 */

let t: TestApp;
let org: string;
let secA: string;
let secB: string;
let ciso: Session;
let chief: Session;
let managerA: Session;
let managerB: Session;
let staffA: Session;
let staffAId: string;
let contractor: Session;
let outsider: Session;
let conf2: string;
let conf3: string;

beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  const dept = await createUnit(t.app, org, 'department');
  secA = await createUnit(t.app, org, 'section', dept, 'AP-A');
  secB = await createUnit(t.app, org, 'section', dept, 'AP-B');
  ciso = await sessionFor(t.app, await createUser(t.app, org, { roles: ['ciso'], mfa: true }));
  chief = await sessionFor(t.app, await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true }));
  managerA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityManager', secA]], sectionId: secA }));
  managerB = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityManager', secB]], sectionId: secB }));
  const s = await createUser(t.app, org, { roles: [['staff', secA]], sectionId: secA });
  staffAId = s.id;
  staffA = await sessionFor(t.app, s);
  const company = await as(t.app, chief, { method: 'POST', url: '/api/vendors/contractors', payload: { name: '保守株式会社' } });
  contractor = await sessionFor(t.app, await createUser(t.app, org, { roles: [['contractor', company.json().id]] }));
  const other = (await createOrg(t.app)).id;
  outsider = await sessionFor(t.app, await createUser(t.app, other, { roles: ['ciso'], mfa: true }));
  conf2 = (await insertAsset(t.app, org, { ownerSectionId: secA, confidentiality: '2', cRank: 2 })).id;
  conf3 = (await insertAsset(t.app, org, { ownerSectionId: secA, confidentiality: '3B', cRank: 4 })).id;
});
afterAll(() => t?.close());

const today = () => japanDate();

function takeOut(over: Record<string, unknown> = {}, details: Record<string, unknown> = {}) {
  return {
    subjectType: 'take_out',
    title: '説明会資料の持ち出し',
    assetIds: [conf2],
    ...over,
    details: { items: 'USBメモリ1本', destination: '公民館', purpose: '住民説明会', outOn: today(), dueBack: addDays(today(), 2), encrypted: true, ...details },
  };
}

async function post(s: Session, url: string, payload: unknown) {
  return as(t.app, s, { method: 'POST', url, payload: payload as Record<string, unknown> });
}

async function count() {
  const r = await t.app.deps.db.selectFrom('approvals').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function auditFor(id: string) {
  return t.app.deps.db.selectFrom('auditEvents').select(['action', 'actorId']).where('tenantId', '=', org).where('targetId', '=', id).orderBy('seq').execute();
}

function fieldOf(res: { json(): { errors?: Array<{ field?: string; code: string }> } }) {
  return res.json().errors?.map((e) => `${e.field}:${e.code}`) ?? [];
}

describe(`approvals on ${testDbKind()}`, () => {
  it('answers 401 without a session, 403 without the action, 404 across organisations', async () => {
    expect((await as(t.app, null, { method: 'GET', url: '/api/approvals' })).statusCode).toBe(401);
    expect((await as(t.app, contractor, { method: 'GET', url: '/api/approvals' })).statusCode).toBe(403);
    expect((await post(staffA, '/api/approvals/00000000-0000-7000-8000-000000000000/review', {})).statusCode).toBe(403);
    const res = await post(staffA, '/api/approvals', takeOut());
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect((await as(t.app, outsider, { method: 'GET', url: `/api/approvals/${id}` })).statusCode).toBe(404);
    expect((await post(outsider, `/api/approvals/${id}/decision`, { decision: 'approved' })).statusCode).toBe(404);
    // Another section's manager does not see section A's request either.
    expect((await as(t.app, managerB, { method: 'GET', url: `/api/approvals/${id}` })).statusCode).toBe(404);
  });

  it('refuses an unknown subject type and a validity that ends before it starts, naming the field; nothing is written', async () => {
    const before = await count();
    const unknown = await post(staffA, '/api/approvals', { subjectType: 'teleport', title: 'x', details: {} });
    expect(unknown.statusCode).toBe(400);
    expect(fieldOf(unknown)).toEqual(['subjectType:subject_type_unknown']);
    expect(unknown.json().detail ?? unknown.json().title).toBeTruthy();
    const reversed = await post(staffA, '/api/approvals', {
      subjectType: 'offsite_equipment',
      title: '出張',
      validFrom: '2027-04-10',
      validUntil: '2027-04-01',
      details: { equipment: 'ノートPC', location: '県庁', purpose: '説明', measures: ['画面ロック'] },
    });
    expect(reversed.statusCode).toBe(400);
    expect(fieldOf(reversed)).toEqual(['validUntil:validity_reversed']);
    const backwards = await post(staffA, '/api/approvals', takeOut({}, { outOn: '2027-01-10', dueBack: '2027-01-05' }));
    expect(fieldOf(backwards)).toContain('details.dueBack:return_before_out');
    const badForm = await post(staffA, '/api/approvals', takeOut({}, { destination: '' }));
    expect(fieldOf(badForm)).toContain('details.destination:too_small');
    expect(await count()).toBe(before);
  });

  it('take-out: encryption is a condition at class 2 and above; a prohibited class is refused', async () => {
    const ok = await post(staffA, '/api/approvals', takeOut({ assetIds: [conf3] }, { encrypted: false }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().classes.c).toBe('3B');
    expect(ok.json().conditions.join()).toMatch(/暗号化/);
    expect(JSON.stringify(ok.json().checks)).toMatch(/encryption_missing/);

    const set = await as(t.app, chief, { method: 'PUT', url: '/api/approvals/settings', payload: { prohibitedTakeOut: ['3B'] } });
    expect(set.statusCode, set.body).toBe(200);
    const before = await count();
    const refused = await post(staffA, '/api/approvals', takeOut({ assetIds: [conf3] }));
    expect(refused.statusCode).toBe(400);
    expect(fieldOf(refused)).toEqual(['assetIds:take_out_prohibited']);
    expect(JSON.stringify(refused.json().errors[0])).toMatch(/持ち出せません/);
    expect(await count()).toBe(before);
    await as(t.app, chief, { method: 'PUT', url: '/api/approvals/settings', payload: { prohibitedTakeOut: [] } });
  });

  it('request → approve by the section manager; the task flow, the history and the audit trail', async () => {
    const res = await post(staffA, '/api/approvals', takeOut());
    const id = res.json().id;
    expect(res.json()).toMatchObject({ state: 'pending', subjectType: 'take_out', approverRoles: ['securityManager'], sectionId: secA, requestedBy: staffAId });
    // The requester's own request is listed for them (self scope).
    const mine = await as(t.app, staffA, { method: 'GET', url: '/api/approvals?subjectType=take_out&state=pending' });
    expect(mine.json().map((r: { id: string }) => r.id)).toContain(id);
    const decided = await post(managerA, `/api/approvals/${id}/decision`, { decision: 'approved', note: '暗号化を確認' });
    expect(decided.statusCode, decided.body).toBe(200);
    // Class 2 brings the encryption condition, so the approval is conditional.
    expect(decided.json()).toMatchObject({ state: 'approved_with_conditions', decisionNote: '暗号化を確認' });
    expect(decided.json().decidedAt).toBeTruthy();
    const full = await as(t.app, managerA, { method: 'GET', url: `/api/approvals/${id}` });
    expect(full.json().history.map((h: { event: string }) => h.event)).toEqual(['requested', 'approved_with_conditions']);
    expect((await auditFor(id)).map((a) => a.action)).toEqual(['approval.request', 'approval.decide.approved_with_conditions']);
    expect(await t.app.deps.services.approvals.isEffective(t.app.deps.db, org, 'x', 'y', today())).toBe(false);

    const ret = await post(staffA, `/api/approvals/${id}/return`, { returnedOn: today() });
    expect(ret.statusCode, ret.body).toBe(200);
    expect(ret.json().returnedOn).toBe(today());
    expect((await post(staffA, `/api/approvals/${id}/return`, { returnedOn: today() })).statusCode).toBe(409);
  });

  it('refuses approving one’s own request and approving with the wrong role; nothing changes', async () => {
    const own = await post(managerA, '/api/approvals', takeOut());
    const ownId = own.json().id;
    const self = await post(managerA, `/api/approvals/${ownId}/decision`, { decision: 'approved' });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('self_approval');
    expect(fieldOf(self)).toEqual(['decision:self_approval']);

    const req = await post(staffA, '/api/approvals', takeOut());
    const id = req.json().id;
    const wrong = await post(chief, `/api/approvals/${id}/decision`, { decision: 'approved' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('approver_role_required');
    expect(wrong.json().detail ?? wrong.json().title).toMatch(/情報セキュリティ管理者|Section security manager/);
    const staffTry = await post(staffA, `/api/approvals/${id}/decision`, { decision: 'rejected' });
    expect(staffTry.json().code).toBe('self_approval');
    for (const x of [ownId, id]) {
      const row = await t.app.deps.db.selectFrom('approvals').select(['state', 'decidedAt']).where('tenantId', '=', org).where('id', '=', x).executeTakeFirstOrThrow();
      expect(row).toEqual({ state: 'pending', decidedAt: null });
      expect((await auditFor(x)).map((a) => a.action)).toEqual(['approval.request']);
    }
  });

  it('refuses a decision on a withdrawn or already decided request', async () => {
    const a = (await post(staffA, '/api/approvals', takeOut())).json().id;
    expect((await post(managerA, `/api/approvals/${a}/decision`, { decision: 'withdrawn' })).json().code).toBe('withdraw_own_only');
    const w = await post(staffA, `/api/approvals/${a}/decision`, { decision: 'withdrawn' });
    expect(w.json().state).toBe('withdrawn');
    const late = await post(managerA, `/api/approvals/${a}/decision`, { decision: 'approved' });
    expect(late.statusCode).toBe(409);
    expect(fieldOf(late)).toEqual(['decision:approval_not_pending']);
    expect(late.json().detail ?? late.json().title).toMatch(/取下げ|withdrawn/);

    const b = (await post(staffA, '/api/approvals', takeOut())).json().id;
    expect((await post(managerA, `/api/approvals/${b}/decision`, { decision: 'rejected', note: '目的が不明確' })).json().state).toBe('rejected');
    const again = await post(managerA, `/api/approvals/${b}/decision`, { decision: 'approved' });
    expect(again.statusCode).toBe(409);
    const row = await t.app.deps.db.selectFrom('approvals').select('state').where('tenantId', '=', org).where('id', '=', b).executeTakeFirstOrThrow();
    expect(row.state).toBe('rejected');
  });

  it('emergency exception: report due in business days (holidays skipped), late flag, report needs the original action', async () => {
    const exception = (actedOn: string) => ({
      subjectType: 'exception',
      title: '障害対応での一時的な外部接続',
      validUntil: addDays(today(), 30),
      details: { catalogItemId: 'KB-6.1.13', reason: '基幹系の障害復旧', compensatingMeasures: ['接続ログの毎日確認'], scope: '保守端末1台', emergency: { actedOn, action: '保守回線を一時接続した' } },
    });
    // 2026-11-02 (Mon) + 3 business days: 11-03 is 文化の日, so the report is due on 11-06.
    const res = await post(staffA, '/api/approvals', exception('2026-11-02'));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect(res.json()).toMatchObject({ emergency: true, actedOn: '2026-11-02', reportDue: '2026-11-06' });
    expect(res.json().reportLate).toBe(today() > '2026-11-06');
    // 2026-12-25 (Fri) + 3: 12-28 is open, 29 Dec – 3 Jan closed, so 4 and 5 Jan complete it.
    const yearEnd = await post(staffA, '/api/approvals', exception('2026-12-25'));
    expect(yearEnd.json().reportDue).toBe('2027-01-05');

    const early = await post(ciso, `/api/approvals/${id}/decision`, { decision: 'approved' });
    expect(early.json().code).toBe('report_missing');

    const noAction = await post(staffA, '/api/approvals/emergency-reports', { report: '報告します' });
    expect(noAction.statusCode).toBe(400);
    expect(fieldOf(noAction)).toEqual(['actionId:invalid_type']);
    const plain = (await post(staffA, '/api/approvals', takeOut())).json().id;
    const wrongTarget = await post(staffA, '/api/approvals/emergency-reports', { actionId: plain, report: '報告します' });
    expect(fieldOf(wrongTarget)).toEqual(['actionId:emergency_action_unknown']);

    const late = await as(t.app, ciso, { method: 'GET', url: '/api/approvals?reportLate=true' });
    expect(late.json().map((r: { id: string }) => r.id)).toContain(id);
    const reported = await post(staffA, '/api/approvals/emergency-reports', { actionId: id, report: '復旧後に接続を外した' });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().reportLate).toBe(true);
    const decided = await post(ciso, `/api/approvals/${id}/decision`, { decision: 'approved' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().state).toBe('approved_with_conditions');
    expect(decided.json().conditions.join()).toMatch(/接続ログ/);
  });

  it('exception: an unknown catalog item is refused', async () => {
    const res = await post(staffA, '/api/approvals', { subjectType: 'exception', title: 'x', validUntil: addDays(today(), 10), details: { catalogItemId: 'KB-99.99', reason: 'r', compensatingMeasures: ['m'], scope: 's' } });
    expect(fieldOf(res)).toEqual(['details.catalogItemId:catalog_item_unknown']);
  });

  it('personal devices are graded by place and act; remote access needs MFA', async () => {
    const byod = (uses: unknown[]) => ({ subjectType: 'byod', title: '私物スマートフォン', validUntil: addDays(today(), 90), details: { deviceOwner: '山田', device: 'スマートフォン', uses } });
    const bad = await post(staffA, '/api/approvals', byod([{ place: 'meeting_room', act: 'carry' }, { place: 'server_room', act: 'carry' }, { place: 'office', act: 'photograph' }]));
    expect(fieldOf(bad)).toEqual(['details.uses.1:byod_prohibited', 'details.uses.2:byod_prohibited']);
    const ok = await post(staffA, '/api/approvals', byod([{ place: 'meeting_room', act: 'carry' }]));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().conditions).toEqual([]);

    const remote = (mfa: boolean) => ({ subjectType: 'remote_access', title: 'テレワーク', validUntil: addDays(today(), 180), details: { user: '佐藤', method: 'internet_vpn', mfa, terminal: '貸与PC-12' } });
    expect(fieldOf(await post(staffA, '/api/approvals', remote(false)))).toEqual(['details.mfa:mfa_required']);
    expect((await post(staffA, '/api/approvals', remote(true))).statusCode).toBe(201);
  });

  it('an expired approval shows as expired and is not effective; the effective one is', async () => {
    const { approvals } = t.app.deps.services;
    const mk = async (from: string, until: string) => {
      const r = await post(staffA, '/api/approvals', { subjectType: 'remote_access', title: '保守接続', recordType: 'networkLink', recordId: `link-${from}`, validFrom: from, validUntil: until, details: { user: '保守', method: 'closed_network', mfa: true, terminal: '保守端末' } });
      expect(r.statusCode, r.body).toBe(201);
      const d = await post(chief, `/api/approvals/${r.json().id}/decision`, { decision: 'approved' });
      expect(d.statusCode, d.body).toBe(200);
      return d.json();
    };
    const old = await mk('2025-01-01', '2025-12-31');
    expect(old.state).toBe('expired');
    expect(await approvals.isEffective(t.app.deps.db, org, 'networkLink', 'link-2025-01-01', today())).toBe(false);
    expect(await approvals.isEffective(t.app.deps.db, org, 'networkLink', 'link-2025-01-01', '2025-06-01')).toBe(true);
    await mk(today(), addDays(today(), 10));
    expect(await approvals.isEffective(t.app.deps.db, org, 'networkLink', `link-${today()}`, today())).toBe(true);
    expect((await approvals.forRecord(t.app.deps.db, org, 'networkLink', 'link-2025-01-01'))[0].state).toBe('expired');
    const expired = await as(t.app, chief, { method: 'GET', url: '/api/approvals?state=expired' });
    expect(expired.json().map((r: { id: string }) => r.id)).toContain(old.id);
    const soon = await as(t.app, chief, { method: 'GET', url: '/api/approvals?expiringWithin=30' });
    expect(soon.json().some((r: { recordId: string }) => r.recordId === `link-${today()}`)).toBe(true);
    expect(soon.json().some((r: { id: string }) => r.id === old.id)).toBe(false);
  });

  it('take-outs not returned by the due date are overdue', async () => {
    const r = await post(staffA, '/api/approvals', takeOut({}, { outOn: addDays(today(), -5), dueBack: addDays(today(), -1) }));
    await post(managerA, `/api/approvals/${r.json().id}/decision`, { decision: 'approved' });
    const list = await as(t.app, managerA, { method: 'GET', url: '/api/approvals?overdue=true' });
    const row = list.json().find((x: { id: string }) => x.id === r.json().id);
    expect(row?.overdue).toBe(true);
  });

  it('the periodic review list holds approvals decided more than a year ago until reviewed', async () => {
    const r = await post(staffA, '/api/approvals', { subjectType: 'offsite_equipment', title: '庁外設置の端末', validUntil: '2099-01-01', details: { equipment: '端末', location: '出張所', purpose: '窓口', measures: ['施錠'] } });
    const id = r.json().id;
    await post(ciso, `/api/approvals/${id}/decision`, { decision: 'approved' });
    await t.app.deps.db.updateTable('approvals').set({ decidedAt: '2024-01-05T00:00:00.000Z' }).where('tenantId', '=', org).where('id', '=', id).execute();
    const due = await as(t.app, ciso, { method: 'GET', url: '/api/approvals/review-due' });
    expect(due.json().map((x: { id: string }) => x.id)).toContain(id);
    expect((await post(ciso, `/api/approvals/${id}/review`, { note: '継続' })).statusCode).toBe(200);
    const after = await as(t.app, ciso, { method: 'GET', url: '/api/approvals/review-due' });
    expect(after.json().map((x: { id: string }) => x.id)).not.toContain(id);
  });

  it('approver roles are configurable per organisation', async () => {
    const bad = await as(t.app, chief, { method: 'PUT', url: '/api/approvals/settings', payload: { approvers: { byod: ['wizard'] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('approvers.byod.0');
    const set = await as(t.app, chief, { method: 'PUT', url: '/api/approvals/settings', payload: { approvers: { offsite_equipment: ['chiefSecurityManager'] } } });
    expect(set.json().approvers.offsite_equipment).toEqual(['chiefSecurityManager']);
    const r = await post(staffA, '/api/approvals', { subjectType: 'offsite_equipment', title: '端末', validUntil: '2099-01-01', details: { equipment: '端末', location: '出張所', purpose: '窓口', measures: ['施錠'] } });
    expect((await post(ciso, `/api/approvals/${r.json().id}/decision`, { decision: 'approved' })).json().code).toBe('approver_role_required');
    expect((await post(chief, `/api/approvals/${r.json().id}/decision`, { decision: 'approved' })).statusCode).toBe(200);
  });

  it('closed days: defaults to 年末年始, can be changed, and the calendar service uses them', async () => {
    expect((await as(t.app, staffA, { method: 'GET', url: '/api/calendar/closed-days' })).json()).toEqual({ yearly: [{ from: '12-29', to: '01-03' }], dates: [] });
    expect((await as(t.app, staffA, { method: 'PUT', url: '/api/calendar/closed-days', payload: { yearly: [], dates: [] } })).statusCode).toBe(403);
    const bad = await as(t.app, chief, { method: 'PUT', url: '/api/calendar/closed-days', payload: { yearly: [{ from: '13-01', to: '01-03' }], dates: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('yearly.0.from');
    const ok = await as(t.app, chief, { method: 'PUT', url: '/api/calendar/closed-days', payload: { yearly: [{ from: '12-29', to: '01-03' }], dates: ['2027-06-15'] } });
    expect(ok.statusCode, ok.body).toBe(200);
    const cal = await t.app.deps.services.calendar.forTenant(t.app.deps.db, org);
    expect(cal.isBusinessDay('2027-06-15')).toBe(false);
    expect(cal.isBusinessDay('2027-06-16')).toBe(true);
    const trail = await t.app.deps.db.selectFrom('auditEvents').select('action').where('tenantId', '=', org).where('action', '=', 'calendar.closedDays.update').execute();
    expect(trail).toHaveLength(1);
  });

  it('exports the register as .xlsx with 和暦 dates', async () => {
    const res = await as(t.app, chief, { method: 'GET', url: '/api/approvals/export.xlsx?subjectType=take_out' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('種類');
    expect(ws.rowCount).toBeGreaterThan(3);
    expect(String(ws.getRow(2).getCell(1).value)).toBe('情報資産の持ち出し');
    expect(String(ws.getRow(2).getCell(5).value)).toMatch(/^令和/);
  });

  it('the migration copies the vendors module’s cloud-use approvals, superseded ones ending when replaced', async () => {
    const serviceId = await makeService(t.app, org);
    const base = { tenantId: org, serviceId, iLevel: null, aLevel: null, assetIds: '[]', checkSnapshot: '{"verdict":"yes"}', requestedBy: null, requestedByLabel: '旧申請者', decidedBy: null, decidedByLabel: 'CISO', decisionNote: null };
    const [first, second, waiting] = [newId(), newId(), newId()];
    await t.app.deps.db
      .insertInto('vendorApprovals')
      .values([
        { ...base, id: first, purpose: '当初の利用\n"引用"を含む', cLevel: '2', status: 'superseded', requestedAt: '2025-04-01T00:00:00.000Z', decidedAt: '2025-04-03T00:00:00.000Z', conditions: null },
        { ...base, id: second, purpose: '拡大', cLevel: '3C', status: 'approved', requestedAt: '2026-04-01T00:00:00.000Z', decidedAt: '2026-04-10T01:00:00.000Z', conditions: '影響度評価' },
        { ...base, id: waiting, purpose: '追加', cLevel: '1', status: 'pending', requestedAt: '2026-11-01T00:00:00.000Z', decidedAt: null, decidedByLabel: null, conditions: null },
      ])
      .execute();
    expect(await copyVendorApprovals(t.app.deps.db as never)).toBe(3);
    expect(await copyVendorApprovals(t.app.deps.db as never)).toBe(0);
    const rows = await t.app.deps.services.approvals.forRecord(t.app.deps.db, org, 'vendorService', serviceId);
    expect(rows.map((r) => [r.id, r.state, r.validFrom, r.validUntil])).toEqual([
      [waiting, 'pending', null, null],
      [second, 'approved_with_conditions', '2026-04-10', null],
      [first, 'expired', '2025-04-03', '2026-04-10'],
    ]);
    const full = await as(t.app, chief, { method: 'GET', url: `/api/approvals/${first}` });
    expect(full.json().details.purpose).toBe('当初の利用\n"引用"を含む');
    expect(full.json().classes.c).toBe('2');
  });

  it('the task provider lists approvals ending within the reminder days and emergency reports due or late', async () => {
    const drafts = await approvalsTaskProvider().collect(t.app.deps.db, org, today());
    const byKind = (kind: string) => drafts.filter((d) => d.kind === kind);
    // The remote access approved earlier for today … today + 10 ends within 30 days.
    const expiring = byKind('approval.expiring');
    expect(expiring.length).toBeGreaterThan(0);
    expect(expiring.every((d) => d.key.startsWith('approvals:') && d.key.endsWith(':renew') && d.dueDate !== null && d.dueDate >= today() && d.dueDate <= addDays(today(), 30))).toBe(true);
    // The year-end emergency action is not reported yet; its report is not late before 5 Jan 2027.
    const due = [...byKind('approval.report_due'), ...byKind('approval.report_late')];
    expect(due.some((d) => d.dueDate === '2027-01-05')).toBe(true);
    expect(byKind('approval.report_late').every((d) => (d.dueDate ?? '') < today())).toBe(true);
    // Nothing of another organisation.
    expect(await approvalsTaskProvider().collect(t.app.deps.db, (await createOrg(t.app)).id, today())).toEqual([]);
  });

  it('puts the decision on the approver\'s to-do list, clears it on decision, and raises the compensating measure as an improvement action', async () => {
    const r = await post(staffA, '/api/approvals', { subjectType: 'exception', title: '旧OSの端末を一時継続', validUntil: addDays(today(), 60), details: { catalogItemId: 'KB-6.1.13', reason: '更新の遅れ', compensatingMeasures: ['ネットワークから隔離'], scope: '端末2台' } });
    expect(r.statusCode).toBe(201);
    const id = r.json().id;
    const key = `approvals:${id}:decide`;
    const allItems = (list: { items: Record<string, Array<{ key: string; link: string }>> }) => Object.values(list.items).flat();
    const cisoList = (await as(t.app, ciso, { method: 'GET', url: '/api/tasks/mine?limit=200' })).json();
    expect(allItems(cisoList).find((i) => i.key === key)?.link).toBe(`/approvals/${id}`);
    // The requester sees it as waiting on others; a section manager of another section does not see it at all.
    expect((await as(t.app, staffA, { method: 'GET', url: '/api/tasks/mine?limit=200' })).json().items.waiting.some((i: { key: string }) => i.key === key)).toBe(true);
    expect(allItems((await as(t.app, managerB, { method: 'GET', url: '/api/tasks/mine?limit=200' })).json()).some((i) => i.key === key)).toBe(false);

    expect((await post(ciso, `/api/approvals/${id}/decision`, { decision: 'approved' })).statusCode).toBe(200);
    expect(allItems((await as(t.app, ciso, { method: 'GET', url: '/api/tasks/mine?limit=200' })).json()).some((i) => i.key === key)).toBe(false);
    const actions = (await as(t.app, chief, { method: 'GET', url: '/api/improvements' })).json().items as Array<{ source: string; sourceType: string; sourceId: string; ownerSectionId: string | null; dueDate: string }>;
    const raised = actions.filter((a) => a.sourceType === 'approval' && a.sourceId === id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ source: 'exception_measure', ownerSectionId: secA, dueDate: addDays(today(), 60) });
  });
});
