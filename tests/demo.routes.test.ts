import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NAME, ensureDemo } from '../server/modules/tenancy/demo';
import { createTestApp, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe(`demo organisation on ${testDbKind()}`, () => {
  it('creates a clearly labelled demo municipality once, with units and users who can sign in', async () => {
    const first = await ensureDemo(t.app.deps);
    expect(first.created).toBe(true);
    const org = await t.app.deps.db.selectFrom('organizations').selectAll().where('id', '=', first.tenantId).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name: DEMO_NAME, isDemo: 1, lgCode: null, kind: 'municipality' });
    const units = await t.app.deps.db.selectFrom('orgUnits').select(['kind']).where('tenantId', '=', first.tenantId).execute();
    expect(units.filter((u) => u.kind === 'department').length).toBeGreaterThanOrEqual(3);
    expect(units.filter((u) => u.kind === 'section').length).toBeGreaterThanOrEqual(4);
    expect(first.users.length).toBeGreaterThanOrEqual(5);
    const staff = first.users.find((u) => u.email.startsWith('zeimu@')) as { email: string; password: string };
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: staff.email, password: staff.password } });
    expect(login.statusCode).toBe(200);
    expect(login.json().stage).toBe('full');
    const again = await ensureDemo(t.app.deps);
    expect(again).toMatchObject({ created: false, tenantId: first.tenantId });
    const count = await t.app.deps.db.selectFrom('organizations').select('id').where('isDemo', '=', 1).execute();
    expect(count).toHaveLength(1);
  });
});
