import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@shared/permissions';
import { as, createOrg, createTestApp, createUnit, createUser, type Session, sessionFor, type TestApp } from '../helpers/app';
import { insertAsset } from '../helpers/assets';
import { makeEvidence, makeProject } from '../helpers/disposal';
import { buildRequest, fetchOpenApi, Harvest, rng, TableWatch } from './fuzz';

/**
 * OpenAPI-driven fuzzing (issue 13). `npm test` sends SHIRUBE_FUZZ_REQUESTS (default 2,000) requests
 * spread over every operation of /api/openapi.json, half as an organisation administrator and half
 * as a section's security manager; `npm run reliability` sends many more. Expected: no response
 * ≥ 500, and a write that is refused (4xx) changes no table.
 */

const REQUESTS = Number(process.env.SHIRUBE_FUZZ_REQUESTS ?? 2000);
const SEED = Number(process.env.SHIRUBE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
// Sessions record when they were last seen on every request, refused or not.
const VOLATILE_TABLES = new Set(['sessions']);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Actor {
  label: string;
  role: Role | [Role, string];
  /** Organisation roles held besides, so that the administrator reaches the security officers' work too. */
  extra: Role[];
  sectionId: string | null;
  session: Session;
}

let t: TestApp;
let tenantId: string;
const actors: Actor[] = [];

async function signIn(a: Omit<Actor, 'session'>): Promise<Session> {
  const user = await createUser(t.app, tenantId, { roles: [a.role, ...a.extra], sectionId: a.sectionId, mfa: true });
  return sessionFor(t.app, user);
}

beforeAll(async () => {
  t = await createTestApp();
  tenantId = (await createOrg(t.app, { lgCode: '999991' })).id;
  const dept = await createUnit(t.app, tenantId, 'department');
  const section = await createUnit(t.app, tenantId, 'section', dept);
  // A little of everything, so that identifiers exist for the fuzzer to find and reuse.
  await insertAsset(t.app, tenantId, { ownerSectionId: section });
  await makeProject(t.app, tenantId);
  await makeEvidence(t.app, tenantId);
  for (const a of [
    { label: 'orgAdmin', role: 'orgAdmin' as Role, sectionId: null, extra: ['ciso', 'chiefSecurityManager'] as Role[] },
    { label: 'securityManager (section)', role: ['securityManager', section] as [Role, string], sectionId: section, extra: [] as Role[] },
  ]) actors.push({ ...a, session: await signIn(a) });
});

afterAll(async () => {
  await t?.close();
});

describe('OpenAPI-driven fuzzing', () => {
  it(`answers ${REQUESTS} fuzzed requests over every operation with no 5xx, and refused writes change no table`, async () => {
    const r = rng(SEED);
    const h = new Harvest();
    const ops = await fetchOpenApi(t.app);
    expect(ops.length).toBeGreaterThan(50);
    const started = Date.now();

    // Read what can be read without parameters first, to learn identifiers.
    for (const op of ops.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
      for (const a of actors) {
        const res = await as(t.app, a.session, { method: 'GET', url: op.path });
        if (res.statusCode === 200 && String(res.headers['content-type']).includes('json')) h.add(safeJson(res));
      }
    }

    const order = [...ops];
    const counts = { total: 0, byKind: { valid: 0, broken: 0, garbage: 0 }, byStatus: new Map<number, number>(), refusedWrites: 0, acceptedWrites: 0, relogins: 0, notProblem: 0, codes403: new Map<string, number>() };
    const covered = new Map<string, Set<string>>();
    const serverErrors: string[] = [];
    const leaks: string[] = [];
    const watch = new TableWatch(t.handle, VOLATILE_TABLES);

    for (let i = 0; i < REQUESTS; i++) {
      if (i % (ops.length * actors.length) === 0) shuffle(order, r);
      const op = order[Math.floor(i / actors.length) % order.length];
      const actor = actors[i % actors.length];
      const req = buildRequest(op, r, h);
      const write = WRITES.has(op.method);
      const checked = write && op.access !== 'public';
      if (checked) await watch.before();
      let res: LightMyRequestResponse;
      try {
        res = await as(t.app, actor.session, { method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload });
      } catch (e) {
        serverErrors.push(`${req.method} ${req.url.slice(0, 200)} [${req.kind}] threw ${(e as Error).message}`);
        continue;
      }
      counts.total++;
      counts.byKind[req.kind]++;
      counts.byStatus.set(res.statusCode, (counts.byStatus.get(res.statusCode) ?? 0) + 1);
      const key = `${op.method} ${op.path}`;
      if (!covered.has(key)) covered.set(key, new Set());
      covered.get(key)?.add(actor.label);
      if (res.statusCode >= 500) serverErrors.push(`${req.method} ${req.url.slice(0, 200)} [${req.kind}, ${actor.label}, seed ${SEED}] → ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (res.statusCode >= 400 && !String(res.headers['content-type'] ?? '').startsWith('application/problem+json')) counts.notProblem++;
      if (res.statusCode === 403) {
        const code = String((safeJson(res) as { code?: string } | null)?.code);
        counts.codes403.set(code, (counts.codes403.get(code) ?? 0) + 1);
      }
      if (res.statusCode < 300 && String(res.headers['content-type'] ?? '').includes('json')) h.add(safeJson(res));

      // Sign-in attempts (public operations) record failures by design; accepted writes change tables.
      if (checked && res.statusCode >= 400 && res.statusCode < 500) {
        counts.refusedWrites++;
        const changed = await watch.changedSince();
        if (changed.length) leaks.push(`${req.method} ${req.url.slice(0, 200)} [${req.kind}, ${actor.label}] → ${res.statusCode} changed ${changed.join(', ')}`);
      } else if (write && res.statusCode < 300) counts.acceptedWrites++;

      // A fuzzed request may have signed the actor out, disabled it or taken its role: start again.
      if (write && res.statusCode < 300) {
        const me = await as(t.app, actor.session, { method: 'GET', url: '/api/me' });
        if (me.statusCode !== 200 || !JSON.stringify(me.json()).includes(typeof actor.role === 'string' ? actor.role : actor.role[0])) {
          actor.session = await signIn(actor);
          counts.relogins++;
        }
      }
    }

    const seconds = (Date.now() - started) / 1000;
    const statuses = [...counts.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
    const uncovered = ops.filter((o) => (covered.get(`${o.method} ${o.path}`)?.size ?? 0) < actors.length).map((o) => `${o.method} ${o.path}`);
    process.stdout.write(
      `${[
        `fuzz (${t.handle.kind}, seed ${SEED}): ${counts.total} requests over ${ops.length} operations × ${actors.length} roles in ${seconds.toFixed(1)} s`,
        `  kinds: ${counts.byKind.valid} schema-valid, ${counts.byKind.broken} with one field broken, ${counts.byKind.garbage} garbage`,
        `  statuses: ${statuses}`,
        `  responses ≥ 500: ${serverErrors.length}; writes refused and checked against every table: ${counts.refusedWrites}, of which changed a table: ${leaks.length}; writes accepted: ${counts.acceptedWrites}; re-sign-ins: ${counts.relogins}; full table snapshots: ${watch.fullSnapshots}`,
        `  403 by code: ${[...counts.codes403.entries()].map(([c, n]) => `${c}×${n}`).join(' ')}; 4xx without problem+json: ${counts.notProblem}`,
      ].join('\n')}\n`,
    );
    expect(serverErrors).toEqual([]);
    expect(leaks).toEqual([]);
    expect(counts.total).toBeGreaterThanOrEqual(REQUESTS);
    if (REQUESTS >= ops.length * actors.length) expect(uncovered).toEqual([]);
  }, 1_200_000);
});

function safeJson(res: LightMyRequestResponse): unknown {
  try {
    return res.json();
  } catch {
    return null;
  }
}

function shuffle<T>(xs: T[], r: ReturnType<typeof rng>): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}
