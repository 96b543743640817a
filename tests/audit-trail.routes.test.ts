import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyChain } from '../server/platform/audit';
import { systemCtx } from '../server/platform/context';
import { as, createOrg, createTestApp, createUser, sessionFor, type TestApp } from './helpers/app';
import { disableAuditGuards } from './helpers/audit';
import { testDbKind } from './helpers/db';

let t: TestApp | null = null;
let org: string;

beforeEach(async () => {
  await t?.close();
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  const ctx = systemCtx(org, 'system:test');
  await t.app.deps.db.transaction().execute(async (trx) => {
    for (let i = 1; i <= 5; i++) await appendAudit(trx, ctx.audit, { action: `test.step${i}`, targetType: 'thing', targetId: `t-${i}`, changes: { n: i } });
  });
});
afterAll(() => t?.close());

const db = () => (t as TestApp).app.deps.db;

describe(`audit trail tamper detection on ${testDbKind()}`, () => {
  it('verifies an untouched chain', async () => {
    const r = await verifyChain(db(), org);
    expect(r).toMatchObject({ ok: true, checked: 5, headSeq: 5 });
  });

  it('names the entry whose content was changed', async () => {
    await disableAuditGuards((t as TestApp).handle);
    await db().updateTable('auditEvents').set({ changes: '{"n":999}' }).where('tenantId', '=', org).where('seq', '=', 3).execute();
    const r = await verifyChain(db(), org);
    expect(r.ok).toBe(false);
    expect(r.broken?.seq).toBe(3);
    expect(r.broken?.reason).toMatch(/changed/);
  });

  it('names the entry that was deleted', async () => {
    await disableAuditGuards((t as TestApp).handle);
    await db().deleteFrom('auditEvents').where('tenantId', '=', org).where('seq', '=', 2).execute();
    const r = await verifyChain(db(), org);
    expect(r.ok).toBe(false);
    expect(r.broken?.seq).toBe(2);
    expect(r.broken?.reason).toMatch(/missing/);
  });

  it('detects entries that were reordered', async () => {
    await disableAuditGuards((t as TestApp).handle);
    // Swap the order of entries 2 and 3 by exchanging their sequence numbers.
    await db().updateTable('auditEvents').set({ seq: 1002 }).where('tenantId', '=', org).where('seq', '=', 2).execute();
    await db().updateTable('auditEvents').set({ seq: 2 }).where('tenantId', '=', org).where('seq', '=', 3).execute();
    await db().updateTable('auditEvents').set({ seq: 3 }).where('tenantId', '=', org).where('seq', '=', 1002).execute();
    const r = await verifyChain(db(), org);
    expect(r.ok).toBe(false);
    expect(r.broken?.seq).toBe(2);
  });

  it('detects the last entries being cut off', async () => {
    await disableAuditGuards((t as TestApp).handle);
    await db().deleteFrom('auditEvents').where('tenantId', '=', org).where('seq', '>=', 4).execute();
    const r = await verifyChain(db(), org);
    expect(r.ok).toBe(false);
    expect(r.broken?.seq).toBe(4);
  });

  it('detects a rewritten hash that no longer links', async () => {
    await disableAuditGuards((t as TestApp).handle);
    await db().updateTable('auditEvents').set({ hash: sql<string>`${'f'.repeat(64)}` }).where('tenantId', '=', org).where('seq', '=', 4).execute();
    const r = await verifyChain(db(), org);
    expect(r.ok).toBe(false);
    expect(r.broken?.seq).toBe(4);
  });

  it('keeps chains separate per organisation', async () => {
    await disableAuditGuards((t as TestApp).handle);
    const other = (await createOrg((t as TestApp).app)).id;
    await db().transaction().execute((trx) => appendAudit(trx, systemCtx(other).audit, { action: 'other.thing' }));
    await db().updateTable('auditEvents').set({ changes: '{"x":1}' }).where('tenantId', '=', org).where('seq', '=', 1).execute();
    expect((await verifyChain(db(), other)).ok).toBe(true);
    expect((await verifyChain(db(), org)).ok).toBe(false);
  });
});

describe(`audit trail pages on ${testDbKind()}`, () => {
  it('filters, exports (.csv/.xlsx, recorded as a security event) and verifies through the API', async () => {
    const app = (t as TestApp).app;
    const s = await sessionFor(app, await createUser(app, org, { roles: ['auditor'] }));
    const list = await as(app, s, { method: 'GET', url: '/api/audit-events?action=test.step' });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(5);
    expect(list.json().items[0].seq).toBe(5);
    const csv = await as(app, s, { method: 'GET', url: '/api/audit-events/export?format=csv&action=test.step' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('連番');
    expect(lines).toHaveLength(6);
    const xlsx = await as(app, s, { method: 'GET', url: '/api/audit-events/export?format=xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('連番');
    const exported = await as(app, s, { method: 'GET', url: '/api/audit-events?action=audit_trail.export' });
    expect(exported.json().total).toBe(2);
    const verify = await as(app, s, { method: 'GET', url: '/api/audit-events/verify' });
    expect(verify.json().ok).toBe(true);
    const staff = await sessionFor(app, await createUser(app, org, { roles: ['staff'] }));
    expect((await as(app, staff, { method: 'GET', url: '/api/audit-events' })).statusCode).toBe(403);
    const bad = await as(app, s, { method: 'GET', url: '/api/audit-events?from=2026-13-01' });
    expect(bad.statusCode).toBe(400);
  });
});
