import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, hashEvent } from '../server/platform/audit';
import { type Checkpoint, auditTenants, latestCheckpoint, retainAudit, verifyOrganisation } from '../server/platform/audit-checkpoints';
import { systemCtx } from '../server/platform/context';
import { disableAuditGuards } from './helpers/audit';
import { as, createOrg, createTestApp, createUser, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

/**
 * The audit-trail tampering suite (issue 13): each way of tampering, done by someone with write
 * access to the database but without the key store, must be detected by the keyed chain, and
 * cutting back or rewriting past a signed checkpoint must be detected against that checkpoint.
 */

let t: TestApp | null = null;
let org: string;
let cp: Checkpoint;
const db = () => (t as TestApp).app.deps.db;

beforeEach(async () => {
  await t?.close();
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  const ctx = systemCtx(org, 'system:test');
  await db().transaction().execute(async (trx) => {
    for (let i = 1; i <= 6; i++) await appendAudit(trx, ctx.audit, { action: `test.step${i}`, targetId: `t-${i}`, changes: { n: i } });
  });
  cp = await latestCheckpoint(db(), org);
});
afterAll(() => t?.close());

let detected = 0;
let total = 0;
afterAll(() => {
  process.stdout.write(`audit tampering on ${testDbKind()}: ${detected}/${total} cases detected\n`);
});

async function expectDetected(label: string, external?: Checkpoint) {
  total++;
  const r = await verifyOrganisation(db(), org, external);
  expect(r.ok, label).toBe(false);
  detected++;
  return r;
}

/** Recompute a whole chain with the unkeyed SHA-256, as an attacker without the key would. */
async function recomputeUnkeyed() {
  const rows = await db().selectFrom('auditEvents').selectAll().where('tenantId', '=', org).orderBy('seq').execute();
  let prev = '0'.repeat(64);
  let seq = 0;
  for (const e of rows) {
    seq++;
    const row = { ...e, seq, prevHash: prev, keyId: e.keyId };
    const hash = hashEvent(row);
    await db().updateTable('auditEvents').set({ seq, prevHash: prev, hash }).where('tenantId', '=', org).where('id', '=', e.id).execute();
    prev = hash;
  }
  await db().updateTable('auditHeads').set({ seq, hash: prev }).where('tenantId', '=', org).execute();
}

describe(`the database itself refuses changes on ${testDbKind()}`, () => {
  it('refuses UPDATE and DELETE of entries, DELETE of heads and checkpoints, and moving a head back', async () => {
    const attempts = [
      () => db().updateTable('auditEvents').set({ changes: '{}' }).where('tenantId', '=', org).execute(),
      () => db().deleteFrom('auditEvents').where('tenantId', '=', org).execute(),
      () => db().deleteFrom('auditHeads').where('tenantId', '=', org).execute(),
      () => db().updateTable('auditHeads').set({ seq: 1 }).where('tenantId', '=', org).execute(),
      () => db().deleteFrom('auditCheckpoints').where('tenantId', '=', org).execute(),
      () => db().updateTable('auditCheckpoints').set({ hash: 'x' }).where('tenantId', '=', org).execute(),
    ];
    let refused = 0;
    for (const a of attempts) {
      await expect(a()).rejects.toThrow(/refused|only|forward/);
      refused++;
    }
    expect(refused).toBe(6);
    expect((await verifyOrganisation(db(), org, cp)).ok).toBe(true);
  });
});

describe(`audit-trail tampering on ${testDbKind()} (keyed chain and signed checkpoint)`, () => {
  beforeEach(async () => disableAuditGuards((t as TestApp).handle));

  it('detects a changed entry', async () => {
    await db().updateTable('auditEvents').set({ changes: '{"n":999}' }).where('tenantId', '=', org).where('seq', '=', 3).execute();
    expect((await expectDetected('change')).broken?.seq).toBe(3);
  });

  it('detects a changed entry whose chain was recomputed without the key', async () => {
    await db().updateTable('auditEvents').set({ changes: '{"n":999}' }).where('tenantId', '=', org).where('seq', '=', 3).execute();
    await recomputeUnkeyed();
    expect((await expectDetected('change + recompute')).broken?.seq).toBe(1);
  });

  it('detects a deleted entry (also after recomputing)', async () => {
    await db().deleteFrom('auditEvents').where('tenantId', '=', org).where('seq', '=', 2).execute();
    expect((await expectDetected('delete')).broken?.seq).toBe(2);
    await recomputeUnkeyed();
    await expectDetected('delete + recompute');
  });

  it('detects reordered entries', async () => {
    await db().updateTable('auditEvents').set({ seq: 1002 }).where('tenantId', '=', org).where('seq', '=', 2).execute();
    await db().updateTable('auditEvents').set({ seq: 2 }).where('tenantId', '=', org).where('seq', '=', 3).execute();
    await db().updateTable('auditEvents').set({ seq: 3 }).where('tenantId', '=', org).where('seq', '=', 1002).execute();
    expect((await expectDetected('reorder')).broken?.seq).toBe(2);
  });

  it('detects an inserted entry (forged without the key)', async () => {
    const last = await db().selectFrom('auditEvents').selectAll().where('tenantId', '=', org).where('seq', '=', 6).executeTakeFirstOrThrow();
    const forged = { ...last, seq: 7, id: 'forged', action: 'test.forged', prevHash: last.hash };
    await db().insertInto('auditEvents').values({ ...forged, hash: hashEvent(forged) }).execute();
    await db().updateTable('auditHeads').set({ seq: 7, hash: hashEvent(forged) }).where('tenantId', '=', org).execute();
    expect((await expectDetected('insert')).broken?.seq).toBe(7);
  });

  it('detects truncation: by the head, and against the checkpoint when the head was moved back too', async () => {
    await db().deleteFrom('auditEvents').where('tenantId', '=', org).where('seq', '>=', 5).execute();
    expect((await expectDetected('truncate')).broken?.seq).toBe(5);
    const four = await db().selectFrom('auditEvents').select('hash').where('tenantId', '=', org).where('seq', '=', 4).executeTakeFirstOrThrow();
    await db().updateTable('auditHeads').set({ seq: 4, hash: four.hash }).where('tenantId', '=', org).execute();
    await db().deleteFrom('auditCheckpoints').where('tenantId', '=', org).execute();
    expect((await verifyOrganisation(db(), org)).ok).toBe(true); // undetectable inside the database alone
    expect((await expectDetected('truncate past the checkpoint', cp)).broken?.reason).toMatch(/cut back/);
  });

  it('detects a deleted head row, also when it is the only trace (verify every organisation)', async () => {
    await db().deleteFrom('auditHeads').where('tenantId', '=', org).execute();
    expect((await expectDetected('head-row deletion')).broken?.reason).toMatch(/head row is missing/);
    expect(await auditTenants(db())).toContain(org);
  });

  it('detects a forged or foreign checkpoint', async () => {
    await expectDetected('forged checkpoint', { ...cp, seq: 2 });
  });

  it('retention removes old entries only under a signed cut, and the chain verifies from it', async () => {
    const r = await retainAudit(db(), org, 3, systemCtx(org, 'system:test').audit);
    expect(r.removed).toBe(3);
    const v = await verifyOrganisation(db(), org, cp);
    expect(v).toMatchObject({ ok: true, retainedUpTo: 3 });
    // Deleting more without a new signed cut is detected.
    await db().deleteFrom('auditEvents').where('tenantId', '=', org).where('seq', '=', 4).execute();
    await expectDetected('delete after retention');
  });
});

describe(`audit trail through the API on ${testDbKind()}`, () => {
  it('verifies through the API and sends no-store', async () => {
    const app = (t as TestApp).app;
    const s = await sessionFor(app, await createUser(app, org, { roles: ['auditor'] }));
    const v = await as(app, s, { method: 'GET', url: '/api/audit-events/verify' });
    expect(v.json().ok).toBe(true);
    expect(v.headers['cache-control']).toBe('no-store');
    const csv = await as(app, s, { method: 'GET', url: '/api/audit-events/export?format=csv' });
    expect(csv.headers['cache-control']).toMatch(/no-store/);
    const missing = await as(app, s, { method: 'GET', url: '/api/no-such-route' });
    expect(missing.headers['cache-control']).toBe('no-store');
    await sql`select 1`.execute(db());
  });
});
