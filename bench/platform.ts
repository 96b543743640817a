/**
 * Platform and identity figures (issues 2 and 3), measured on this machine in one run:
 *  - time from start to healthy (first start on an empty data dir, and a restart);
 *  - GET /api/health throughput against a bare Fastify server (goal ratio ≥ 0.8);
 *  - an authenticated list endpoint (GET /api/organizations) against the same bare server (goal ≥ 0.4);
 *  - the cost of authentication: the same handler public vs signed in (goal ≤ 1.5×);
 *  - argon2id sign-in time with the configured parameters (goal < 250 ms).
 * Run: npm run bench -- platform   (or: npx tsx bench/platform.ts)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import { prepareDatabase } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/database';
import { hashPassword } from '../server/modules/identity/passwords';
import { newId, newToken, sha256 } from '../server/platform/ids';
import { fmt, load, median, serve } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

if (!existsSync('dist/server/cli.js') || !existsSync('dist/client/index.html')) {
  console.log('building first (node scripts/build.mjs)…');
  const b = spawn('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  await new Promise((r) => b.on('exit', r));
}

async function timeToHealthy(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const proc = spawn('node', ['--max-semi-space-size=64', 'dist/server/cli.js', 'serve'], {
    env: { ...process.env, PORT: String(port), SHIRUBE_DATA_DIR: dataDir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.status === 200) return performance.now() - started;
      } catch {
        /* not yet */
      }
      if (performance.now() - started > 30_000) throw new Error('server did not become healthy');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }
}

console.log('== start to healthy (after build) ==');
const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-'));
const firstStart = await timeToHealthy(dataDir, 3391);
const restarts: number[] = [];
for (let i = 0; i < 3; i++) restarts.push(await timeToHealthy(dataDir, 3391));
console.log(`first start (creates the database): ${fmt(firstStart, 0)} ms`);
console.log(`restart (median of 3): ${fmt(median(restarts), 0)} ms   [goal ≤ 2000 ms]`);

// A signed-in staff user in a municipality, directly in the database the app will serve.
const config = loadConfig({ SHIRUBE_DATA_DIR: dataDir });
const handle = openDatabase({ kind: 'sqlite', sqlitePath: config.sqlitePath });
await prepareDatabase(handle);
const now = new Date().toISOString();
const tenantId = newId();
const userId = newId();
const token = newToken();
await handle.db
  .insertInto('organizations')
  .values({ id: tenantId, kind: 'municipality', name: 'ベンチ市', nameKana: null, nameEn: null, lgCode: null, prefectureCode: '13', parentId: null, isDemo: 0, settings: '{}', status: 'active', createdAt: now, updatedAt: now })
  .execute();
await handle.db
  .insertInto('users')
  .values({
    tenantId,
    id: userId,
    email: 'bench@example.jp',
    displayName: 'ベンチ',
    displayNameKana: null,
    sectionId: null,
    contractorId: null,
    employment: 'regular',
    passwordHash: await hashPassword('bench password long enough', { memoryKiB: config.SHIRUBE_ARGON2_MEMORY_KIB, iterations: config.SHIRUBE_ARGON2_ITERATIONS }),
    status: 'active',
    mustChangePassword: 0,
    passwordChangedAt: now,
    mfaSecret: null,
    mfaPendingSecret: null,
    mfaEnabledAt: null,
    mfaLastStep: null,
    inviteTokenHash: null,
    inviteExpiresAt: null,
    lastLoginAt: null,
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  })
  .execute();
await handle.db.insertInto('roleAssignments').values({ tenantId, id: newId(), userId, role: 'staff', scopeKind: 'organization', scopeId: null, grantedBy: null, grantedAt: now, revokedBy: null, revokedAt: null }).execute();
await handle.db
  .insertInto('sessions')
  .values({ id: sha256(token), tenantId, userId, stage: 'full', csrfToken: 'x', createdAt: now, lastSeenAt: now, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), ip: null, userAgent: null, revokedAt: null })
  .execute();
await handle.close();
const cookie = { cookie: `shirube_sid=${token}` };

const app = await serve('bench/servers/app.ts', 3392, { SHIRUBE_DATA_DIR: dataDir });
const orgsJson = await (await fetch(`${app.url}/api/organizations?pageSize=100`, { headers: cookie })).text();
const bare = await serve('bench/servers/bare.ts', 3393, { BENCH_ORGS_JSON: orgsJson });

console.log(`\n== throughput (${SECONDS} s × ${ROUNDS} rounds, 10 connections, alternating) ==`);
const results: Record<string, number[]> = { bareHealth: [], appHealth: [], bareOrgs: [], appOrgs: [], publicOrgs: [] };
for (let i = 0; i < ROUNDS; i++) {
  results.bareHealth.push((await load(`${bare.url}/api/health`, {}, SECONDS)).rps);
  results.appHealth.push((await load(`${app.url}/api/health`, {}, SECONDS)).rps);
  results.bareOrgs.push((await load(`${bare.url}/api/organizations`, {}, SECONDS)).rps);
  const authed = await load(`${app.url}/api/organizations?pageSize=100`, cookie, SECONDS);
  if (authed.non2xx) throw new Error(`authenticated list answered ${authed.non2xx} non-2xx responses`);
  results.appOrgs.push(authed.rps);
  results.publicOrgs.push((await load(`${app.url}/bench/public-organizations?pageSize=100`, {}, SECONDS)).rps);
}
const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const healthRatio = m.appHealth / m.bareHealth;
const orgsRatio = m.appOrgs / m.bareOrgs;
const authCost = m.publicOrgs / m.appOrgs;
console.log(`GET /api/health          bare ${fmt(m.bareHealth, 0)} req/s   shirube ${fmt(m.appHealth, 0)} req/s   ratio ${fmt(healthRatio)}   [goal ≥ 0.80]`);
console.log(`GET /api/organizations   bare ${fmt(m.bareOrgs, 0)} req/s   shirube (signed in) ${fmt(m.appOrgs, 0)} req/s   ratio ${fmt(orgsRatio)}   [goal ≥ 0.40]`);
console.log(`authentication cost      public ${fmt(m.publicOrgs, 0)} req/s   signed in ${fmt(m.appOrgs, 0)} req/s   cost ${fmt(authCost)}×   [goal ≤ 1.50×]`);
await bare.stop();

console.log('\n== sign-in (argon2id) ==');
const cost = { memoryKiB: config.SHIRUBE_ARGON2_MEMORY_KIB, iterations: config.SHIRUBE_ARGON2_ITERATIONS };
const stored = await hashPassword('bench password long enough', cost);
const verifies: number[] = [];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  await verify(stored, 'bench password long enough');
  verifies.push(performance.now() - t0);
}
const signIns: number[] = [];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  const r = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.jp', password: 'bench password long enough' }) });
  if (r.status !== 200) throw new Error(`sign-in answered ${r.status}`);
  signIns.push(performance.now() - t0);
}
await app.stop();
console.log(`argon2id m=${cost.memoryKiB} KiB t=${cost.iterations} p=1: verify median ${fmt(median(verifies), 1)} ms`);
console.log(`POST /api/auth/login end to end: median ${fmt(median(signIns), 1)} ms, max ${fmt(Math.max(...signIns), 1)} ms   [goal < 250 ms]`);

mkdirSync('out', { recursive: true });
writeFileSync(
  'out/bench-platform.json',
  JSON.stringify({ firstStartMs: firstStart, restartMs: median(restarts), ...m, healthRatio, orgsRatio, authCost, argon2: cost, verifyMs: median(verifies), signInMs: median(signIns) }, null, 2),
);
