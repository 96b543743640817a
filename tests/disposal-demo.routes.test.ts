import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../server/platform/context';
import { verifyChain } from '../server/platform/audit';
import { seedDisposalDemo } from '../server/modules/disposal/disposal.demo';
import { as, createOrg, createTestApp, createUnit, createUser, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

/** The demo seeder goes through the real services and leaves a coherent, clearly fictional picture. */

let t: TestApp;
let org: string;
beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app, { isDemo: 1, name: '【デモ】試験市' })).id;
  const units = new Map<string, string>();
  for (const [code, parent] of [['D-SOMU', null], ['S-JOHO', 'D-SOMU'], ['D-SHIMIN', null], ['S-SHIMIN', 'D-SHIMIN'], ['S-ZEIMU', 'D-SHIMIN']] as const) {
    units.set(code, await createUnit(t.app, org, parent ? 'section' : 'department', parent ? (units.get(parent) ?? null) : null, code));
  }
  await seedDisposalDemo(t.app.deps, systemCtx(org, 'system:demo'), units);
});
afterAll(() => t?.close());

describe(`disposal demo seeder on ${testDbKind()}`, () => {
  it('creates fictional disposals in several states, one closed with full proof and one with an overdue certificate', async () => {
    const chief = await sessionFor(t.app, await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true }));
    const list = (await as(t.app, chief, { method: 'GET', url: '/api/disposals?pageSize=100' })).json();
    expect(list.total).toBe(24);
    expect(list.items.every((d: { serialNumber: string | null; service: { name: string } | null }) => (d.serialNumber ?? d.service?.name ?? '').match(/^DEMO-|【デモ】/))).toBe(true);
    const states = list.items.map((d: { state: string }) => d.state);
    expect(states).toEqual(expect.arrayContaining(['closed', 'handedOver', 'requested']));
    const closed = list.items.find((d: { state: string }) => d.state === 'closed');
    const detail = (await as(t.app, chief, { method: 'GET', url: `/api/disposals/${closed.id}` })).json();
    expect(detail.proof.filter((p: { level: string }) => p.level === 'required').every((p: { met: boolean }) => p.met)).toBe(true);
    const summary = (await as(t.app, chief, { method: 'GET', url: '/api/disposals/summary' })).json();
    expect(summary.overdueCertificates).toBe(1);
    expect(summary.leaseEndingSoon).toBe(20);
    expect((await verifyChain(t.app.deps.db, org)).ok).toBe(true);
  });
});
