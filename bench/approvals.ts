import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { japanDate } from '../shared/era';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { addDays } from '../server/platform/calendar';
import { systemCtx } from '../server/platform/context';
import { openRequest } from '../server/modules/approvals/approvals.service';
import { as, createOrg, createUnit, createUser, sessionFor } from '../tests/helpers/app';
import { insertAsset } from '../tests/helpers/assets';
import { freshDatabase } from '../tests/helpers/db';
import { median } from './lib';

/**
 * Issue 14 figure: the approval decision round trip (goal p95 ≤ 30 ms) — through the HTTP layer
 * (session, CSRF, permission, zod): a take-out request with its asset lookup and checks, the section
 * manager's decision (role, own-request and state checks, history, audit entry), and reading the two
 * audit entries back. The organisation already holds 2,000 requests. Every record is fictional.
 *
 *   npx tsx bench/approvals.ts        (SHIRUBE_BENCH_ONLY=sqlite|postgres for one of the two)
 */

const EXISTING = Number(process.env.SHIRUBE_BENCH_EXISTING ?? 2_000);
const ROUND_TRIPS = Number(process.env.SHIRUBE_BENCH_RUNS ?? 300);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function measure(label: string, handle?: Awaited<ReturnType<typeof freshDatabase>>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-approvals-'));
  const config = loadConfig({ SHIRUBE_DATA_DIR: dataDir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' });
  const app = await buildApp(config, { logger: false, handle });
  await app.ready();
  try {
    const org = (await createOrg(app, { name: 'ベンチ市（架空）' })).id;
    const dept = await createUnit(app, org, 'department');
    const sec = await createUnit(app, org, 'section', dept, 'BENCH-S');
    const staff = await sessionFor(app, await createUser(app, org, { roles: [['staff', sec]], sectionId: sec }));
    const manager = await sessionFor(app, await createUser(app, org, { roles: [['securityManager', sec]], sectionId: sec }));
    const asset = (await insertAsset(app, org, { ownerSectionId: sec, confidentiality: '2', cRank: 2, name: 'ベンチ用の資料（架空）' })).id;
    const today = japanDate();
    const details = (i: number) => ({ items: `ベンチ用USBメモリ ${i}`, destination: '架空の会場', purpose: 'ベンチ', outOn: today, dueBack: addDays(today, 3), encrypted: true });
    const s0 = performance.now();
    for (let i = 0; i < EXISTING; i += 100) {
      await app.deps.db.transaction().execute(async (trx) => {
        for (let j = i; j < i + 100; j++) await openRequest(app.deps, trx, systemCtx(org, 'bench'), { subjectType: 'take_out', title: `既存の申請 ${j}`, assetIds: [asset], details: details(j) });
      });
    }
    console.log(`\n## ${label}\nseeded ${EXISTING} requests in ${((performance.now() - s0) / 1000).toFixed(1)} s`);

    const once = async (i: number) => {
      const t0 = performance.now();
      const req = await as(app, staff, { method: 'POST', url: '/api/approvals', payload: { subjectType: 'take_out', title: `ベンチ ${i}`, assetIds: [asset], details: details(i) } });
      if (req.statusCode !== 201) throw new Error(req.body);
      const id = req.json().id as string;
      const dec = await as(app, manager, { method: 'POST', url: `/api/approvals/${id}/decision`, payload: { decision: 'approved' } });
      if (dec.statusCode !== 200 || dec.json().state !== 'approved_with_conditions') throw new Error(dec.body);
      const trail = await app.deps.db.selectFrom('auditEvents').select('action').where('tenantId', '=', org).where('targetId', '=', id).execute();
      if (trail.length !== 2) throw new Error(`audit entries: ${trail.length}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 30; i++) await once(-i); // warm-up
    // The platform's own cost on this machine right now: two signed-in reads of one small row.
    const base: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await as(app, staff, { method: 'GET', url: '/api/approvals/settings' });
      await as(app, manager, { method: 'GET', url: '/api/approvals/settings' });
      base.push(performance.now() - t0);
    }
    console.log(`baseline (two signed-in GETs of the settings): median ${median(base).toFixed(1)} ms, p95 ${pct(base, 95).toFixed(1)} ms`);
    const times: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) times.push(await once(i));
    const p95 = pct(times, 95);
    console.log(
      `decision round trip (request → checks → decision → audit trail), ${ROUND_TRIPS} runs: median ${median(times).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (goal p95 ≤ 30 ms) → ${p95 <= 30 ? 'OK' : 'MISSED'}`,
    );
  } finally {
    await app.close();
    if (handle) await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`Node ${process.version}; 1-minute load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
const only = process.env.SHIRUBE_BENCH_ONLY;
if (only !== 'postgres') await measure('SQLite (file)');
if (only !== 'sqlite') await measure('PostgreSQL', await freshDatabase('postgres'));
