import { japanDate } from '@shared/era';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../server/platform/calendar';
import { as, createOrg, createTestApp, createUnit, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

/** Improvement actions and the to-do list they feed: bad input first, then the flow, escalation and mail choice. */

let t: TestApp;
let org: string;
let dept: string;
let section: string;
let chief: Session;
let manager: Session;
let officer: Session;
let staffS: Session;
let managerId: string;
const today = japanDate();
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  dept = await createUnit(t.app, org, 'department');
  section = await createUnit(t.app, org, 'section', dept);
  chief = await sessionFor(t.app, await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true }));
  const m = await createUser(t.app, org, { roles: [['securityManager', section]], sectionId: section });
  managerId = m.id;
  manager = await sessionFor(t.app, m);
  officer = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityOfficer', dept]] }));
  staffS = await sessionFor(t.app, await createUser(t.app, org, { roles: [['staff', section]], sectionId: section }));
});

afterAll(async () => {
  await t?.close();
});

const raise = (s: Session, payload: Record<string, unknown>) => as(t.app, s, { method: 'POST', url: '/api/improvements', payload });
const good = () => ({ source: 'audit_finding', sourceRef: { type: 'auditFinding', id: 'F-1' }, title: 'パスワード規則の周知', ownerSectionId: section, dueDate: addDays(today, 10) });
const count = async () => Number((await t.app.deps.db.selectFrom('improvementActions').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow()).n);
const mine = async (s: Session) => (await as(t.app, s, { method: 'GET', url: '/api/tasks/mine' })).json();
const keys = (list: { items: Record<string, Array<{ key: string }>> }) => Object.values(list.items).flat().map((i) => i.key);

function upload(s: Session, id: string) {
  const boundary = '----shirube';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return as(t.app, s, { method: 'POST', url: `/api/improvements/${id}/evidence`, payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

describe(`improvement actions on ${testDbKind()}`, () => {
  it('refuses bad input naming the field, in Japanese and English, and saves nothing', async () => {
    const before = await count();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good(), dueDate: '2026-02-30' }, 'dueDate'],
      [{ ...good(), dueDate: 'tomorrow' }, 'dueDate'],
      [{ ...good(), source: 'gossip' }, 'source'],
      [{ ...good(), ownerSectionId: '0190a0a0-0000-7000-8000-000000000000' }, 'ownerSectionId'],
      [{ ...good(), ownerSectionId: dept }, 'ownerSectionId'],
    ];
    for (const [payload, field] of cases) {
      const r = await raise(chief, payload);
      expect(r.statusCode, field).toBe(400);
      const e = r.json().errors.find((x: { field: string }) => x.field === field);
      expect(e, JSON.stringify(r.json())).toBeDefined();
      expect(e.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(e.message.en).toBeTruthy();
    }
    expect((await raise(staffS, good())).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });

  it('runs raise → owner task → evidence → done → effectiveness check, with the to-do list in step and every write audited', async () => {
    const r = await raise(chief, good());
    expect(r.statusCode).toBe(201);
    const id = r.json().id;
    expect(r.json().code).toMatch(/^IA\d{4}-\d{4}$/);
    expect(keys(await mine(manager))).toContain(`improvements:${id}:do`);
    expect(keys(await mine(officer))).not.toContain(`improvements:${id}:do`);
    expect((await mine(chief)).items.waiting.map((i: { key: string }) => i.key)).toContain(`improvements:${id}:do`);

    const early = await as(t.app, chief, { method: 'POST', url: `/api/improvements/${id}/effectiveness`, payload: { result: 'effective' } });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('not_completed');
    const noEvidence = await as(t.app, manager, { method: 'POST', url: `/api/improvements/${id}/complete`, payload: {} });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().errors[0]).toMatchObject({ field: 'evidence', code: 'evidence_required' });
    expect((await as(t.app, manager, { method: 'GET', url: `/api/improvements/${id}` })).json().status).toBe('open');

    expect((await upload(manager, id)).statusCode).toBe(201);
    const done = await as(t.app, manager, { method: 'POST', url: `/api/improvements/${id}/complete`, payload: { note: '全職員に周知した' } });
    expect(done.statusCode).toBe(200);
    expect(done.json().status).toBe('done');
    expect(keys(await mine(manager))).not.toContain(`improvements:${id}:do`);
    expect(keys(await mine(chief))).toContain(`improvements:${id}:verify`);
    expect((await as(t.app, manager, { method: 'POST', url: `/api/improvements/${id}/effectiveness`, payload: { result: 'effective' } })).statusCode).toBe(403);

    const checked = await as(t.app, chief, { method: 'POST', url: `/api/improvements/${id}/effectiveness`, payload: { result: 'effective', note: '再監査で確認' } });
    expect(checked.json()).toMatchObject({ status: 'verified', effectiveness: { result: 'effective', note: '再監査で確認' } });
    expect(keys(await mine(chief))).not.toContain(`improvements:${id}:verify`);

    const trail = await t.app.deps.db.selectFrom('auditEvents').select('action').where('tenantId', '=', org).where('targetId', '=', id).execute();
    expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['improvement.raise', 'improvement.evidence.add', 'improvement.complete', 'improvement.checkEffectiveness']));

    const list = await as(t.app, officer, { method: 'GET', url: '/api/improvements?status=verified' });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(id);
    const xlsx = await as(t.app, chief, { method: 'GET', url: '/api/improvements/export.xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const bySource = await t.app.deps.services.improvements.countsBySources(t.app.deps.db, org, 'auditFinding', ['F-1']);
    expect(bySource['F-1'].verified).toBe(1);
  });

  it('escalates an overdue action to the section manager and the department officer on the next business day', async () => {
    const r = await raise(chief, { ...good(), dueDate: addDays(today, -30), evidenceRequired: false });
    const id = r.json().id;
    expect(keys(await mine(officer))).not.toContain(`improvements:${id}:escalated`);
    const run = await t.app.deps.services.tasks.reconcile(today, org);
    expect(run.added).toBeGreaterThan(0);
    expect(keys(await mine(officer))).toContain(`improvements:${id}:escalated`);
    const m = await mine(manager);
    expect(m.items.overdue.map((i: { key: string }) => i.key)).toEqual(expect.arrayContaining([`improvements:${id}:do`, `improvements:${id}:escalated`]));
    expect(m.counts.overdue).toBeGreaterThanOrEqual(2);
    // Completing it closes the escalation on the next reconcile.
    await as(t.app, manager, { method: 'POST', url: `/api/improvements/${id}/complete`, payload: {} });
    expect((await t.app.deps.services.tasks.reconcile(today, org)).closed).toBeGreaterThan(0);
    expect(keys(await mine(officer))).not.toContain(`improvements:${id}:escalated`);
  });

  it('lets each person choose immediate mail per kind; unknown kinds are refused and nothing changes', async () => {
    const prefs = (await as(t.app, manager, { method: 'GET', url: '/api/tasks/mail-preferences' })).json();
    expect(prefs.kinds.map((k: { kind: string }) => k.kind)).toEqual(expect.arrayContaining(['improvement.due', 'disposal.certificate', 'vendors.expiry']));
    const bad = await as(t.app, manager, { method: 'PUT', url: '/api/tasks/mail-preferences', payload: { preferences: [{ kind: 'improvement.due', mode: 'immediate' }, { kind: 'no.such', mode: 'immediate' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('preferences.1.kind');
    expect((await as(t.app, manager, { method: 'GET', url: '/api/tasks/mail-preferences' })).json().kinds.find((k: { kind: string }) => k.kind === 'improvement.due').mode).toBe('digest');
    const ok = await as(t.app, manager, { method: 'PUT', url: '/api/tasks/mail-preferences', payload: { preferences: [{ kind: 'improvement.due', mode: 'immediate' }] } });
    expect(ok.statusCode).toBe(200);
    const r = await raise(chief, { ...good(), title: '即時通知の確認' });
    const notes = await t.app.deps.db.selectFrom('notifications').select(['titleJa', 'link']).where('tenantId', '=', org).where('userId', '=', managerId).where('source', '=', 'tasks.improvement.due').execute();
    expect(notes.some((n) => n.link === `/improvements/${r.json().id}` && n.titleJa.includes('即時通知の確認'))).toBe(true);
  });
});
