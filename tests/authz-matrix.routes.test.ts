import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action, PERMISSIONS, ROLE_IDS, type Role, roleDef } from '@shared/permissions';
import type { AnyRoute } from '../server/platform/routes';
import { as, createOrg, createTestApp, createUnit, createUser, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';
import { paramFixtures, sampleBodies } from './helpers/matrix-fixtures';

/**
 * Every API route × every role × own or other organisation → the expected answer, generated from
 * the route table and the permission table. A route without a policy, or mounted outside the
 * route table, fails here.
 */

let t: TestApp;
let own: { id: string; section: string; department: string };
let other: { id: string };
let contractorId: string;
const ids = new Map<string, { own: string; other: string }>();

beforeAll(async () => {
  t = await createTestApp();
  const o = await createOrg(t.app);
  const department = await createUnit(t.app, o.id, 'department');
  const section = await createUnit(t.app, o.id, 'section', department);
  own = { id: o.id, section, department };
  other = { id: (await createOrg(t.app)).id };
  contractorId = await paramFixtures.contractorId.make(t.app, own.id);
});
afterAll(() => t?.close());

function paramNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

async function fill(route: AnyRoute, _tenantId: string, which: 'own' | 'other'): Promise<string> {
  let url = route.url;
  for (const name of paramNames(route.url)) {
    const fixture = paramFixtures[name];
    if (!fixture) throw new Error(`no matrix fixture for :${name} (${route.method} ${route.url}); add one in tests/helpers/matrix-fixtures.ts`);
    const key = `${name}`;
    let entry = ids.get(key);
    if (!entry) {
      entry = { own: await fixture.make(t.app, own.id), other: await fixture.make(t.app, other.id) };
      ids.set(key, entry);
    }
    url = url.replace(`:${name}`, encodeURIComponent(which === 'own' ? entry.own : entry.other));
  }
  return url;
}

async function userWith(role: Role) {
  const def = roleDef(role);
  const scope = def.assignTo === 'section' ? own.section : def.assignTo === 'department' ? own.department : def.assignTo === 'contractor' ? contractorId : null;
  const u = await createUser(t.app, own.id, { roles: [scope ? [role, scope] : role], sectionId: own.section, mfa: true });
  return u;
}

/**
 * Routes that end the caller's sessions (sign out everywhere, password change, MFA steps): they run
 * as a throwaway user of the same role, so the shared session of the role stays valid.
 */
const SESSION_ENDING = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all', 'POST /api/auth/password', 'POST /api/auth/mfa/verify', 'POST /api/auth/mfa/recover', 'POST /api/auth/mfa/enrolment/confirm']);

function expectedAllowed(route: AnyRoute, role: Role): boolean {
  const access = route.access as AnyRoute['access'];
  if ('public' in access || 'signedIn' in access) return true;
  return PERMISSIONS[role][(access as { action: Action }).action] !== undefined;
}

// Every route × 16 roles × 2 organisations: thousands of requests, so a longer budget than other files.
describe(`authorization matrix on ${testDbKind()}`, { timeout: 600_000 }, () => {
  it('every route has a valid policy and every mounted API route is in the route table', () => {
    const actions = new Set(ACTIONS.map((a) => a.id));
    for (const r of t.app.deps.routes) {
      expect(r.access, `${r.method} ${r.url}`).toBeDefined();
      const ok = 'public' in r.access || 'signedIn' in r.access || ('action' in r.access && actions.has(r.access.action));
      expect(ok, `${r.method} ${r.url} has an unknown policy`).toBe(true);
    }
    const table = new Set(t.app.deps.routes.map((r) => `${r.method} ${r.url}`));
    const mountedApi = t.app.deps.mounted.filter((m) => m.url.startsWith('/api') && m.method !== 'HEAD');
    for (const m of mountedApi) expect(table.has(`${m.method} ${m.url}`), `${m.method} ${m.url} bypasses the route table`).toBe(true);
  });

  it('anonymous requests to non-public routes answer 401', async () => {
    for (const r of t.app.deps.routes) {
      if ('public' in r.access) continue;
      const res = await as(t.app, null, { method: r.method, url: await fill(r, own.id, 'own'), payload: ['GET', 'DELETE'].includes(r.method) ? undefined : {} });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('each role gets exactly what the permission table grants, in its own organisation', async () => {
    const failures: string[] = [];
    for (const role of ROLE_IDS) {
      const user = await userWith(role);
      const shared = await sessionFor(t.app, user);
      for (const r of t.app.deps.routes) {
        if ('public' in r.access) continue;
        const s = SESSION_ENDING.has(`${r.method} ${r.url}`) ? await sessionFor(t.app, await userWith(role)) : shared;
        const res = await as(t.app, s, { method: r.method, url: await fill(r, own.id, 'own'), payload: ['GET', 'DELETE'].includes(r.method) ? undefined : {} });
        const allowed = expectedAllowed(r, role);
        const got = res.statusCode;
        if (allowed && (got === 401 || got === 403)) failures.push(`${role} ${r.method} ${r.url}: expected access, got ${got} ${res.body.slice(0, 120)}`);
        if (!allowed && got !== 403) failures.push(`${role} ${r.method} ${r.url}: expected 403, got ${got}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("records of another organisation answer 404 to every role that may act on its own", async () => {
    const failures: string[] = [];
    for (const role of ROLE_IDS) {
      const user = await userWith(role);
      const shared = await sessionFor(t.app, user);
      for (const r of t.app.deps.routes) {
        if ('public' in r.access || !expectedAllowed(r, role)) continue;
        const names = paramNames(r.url);
        if (names.length === 0 || !names.some((n) => paramFixtures[n]?.tenantOwned)) continue;
        const s = SESSION_ENDING.has(`${r.method} ${r.url}`) ? await sessionFor(t.app, await userWith(role)) : shared;
        const sample = sampleBodies[`${r.method} ${r.url}`];
        const payload = ['GET', 'DELETE'].includes(r.method) ? undefined : (sample ?? {});
        const res = await as(t.app, s, { method: r.method, url: await fill(r, other.id, 'other'), payload: payload as object | undefined });
        // Without a sample body, {} may fail validation (400) before the lookup; the record is still not revealed.
        const ok = res.statusCode === 404 || (sample === undefined && payload !== undefined && res.statusCode === 400);
        if (!ok) failures.push(`${role} ${r.method} ${r.url}: expected 404, got ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
