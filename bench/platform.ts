/**
 * Platform and identity figures (issues 2 and 3), measured on this machine in one run:
 *  - time from start to healthy (first start on an empty data dir, and a restart);
 *  - GET /api/health throughput against a bare Fastify server (goal ratio ≥ 0.8);
 *  - an authenticated list endpoint (GET /api/organizations) against the same bare server (goal ≥ 0.4),
 *    with the in-process caches (session 5 s, directory 30 s) and without them (the goal is for
 *    the uncached figure: several processes cannot share an in-process cache);
 *  - the cost of authentication: the same handler public vs signed in (goal ≤ 1.5×), cached and uncached;
 * Ratios: a warm-up round, then ≥ 5 interleaved rounds; the median of the per-round ratios and
 * their spread (bench/lib.ts).
 *  - argon2id sign-in time with the configured parameters (goal < 250 ms).
 * Run: npm run bench -- platform   (or: npx tsx bench/platform.ts)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import { prepareDatabase } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/database';
import { hashPassword } from '../server/modules/identity/passwords';
import { newId, newToken, sha256 } from '../server/platform/ids';
import { MIN_ROUNDS, type Served, fmt, fmtSpread, interleaved, load, median, ratioOf, serve, spread } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? MIN_ROUNDS);

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
const firstStart = await timeToHealthy(dataDir, Number(process.env.BENCH_PORT_BASE ?? 3320));
const restarts: number[] = [];
for (let i = 0; i < 3; i++) restarts.push(await timeToHealthy(dataDir, Number(process.env.BENCH_PORT_BASE ?? 3320)));
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

const PORT = Number(process.env.BENCH_PORT_BASE ?? 3320);
// Two copies of the real app on the same database: one with the in-process caches (a session is
// reused for 5 s, a directory page for 30 s), one with both turned off, which is what several
// processes behind a load balancer get on most requests. The targets must hold for the uncached one.
const app = await serve('bench/servers/app.ts', PORT + 1, { SHIRUBE_DATA_DIR: dataDir });
const uncached = await serve('bench/servers/app.ts', PORT + 2, { SHIRUBE_DATA_DIR: dataDir, SHIRUBE_SESSION_CACHE_MS: '0', SHIRUBE_DIRECTORY_CACHE_MS: '0' });
const orgsJson = await (await fetch(`${app.url}/api/organizations?pageSize=100`, { headers: cookie })).text();
const bare = await serve('bench/servers/bare.ts', PORT + 3, { BENCH_ORGS_JSON: orgsJson });

console.log(`\n== throughput (${SECONDS} s per measure, 10 connections; 1 warm-up round + ${Math.max(ROUNDS, MIN_ROUNDS)} interleaved rounds) ==`);
const generator: number[] = [];
// Each measure records throughput; the server's CPU per request goes to a parallel record, so the
// same interleaved rounds give both a throughput ratio and a CPU-cost ratio.
const cpu: Record<string, number[]> = {};
const rps = async (key: string, served: Served, pathAndQuery: string, headers: Record<string, string> = {}) => {
  const r = await load(`${served.url}${pathAndQuery}`, headers, SECONDS, 10, served.proc.pid);
  if (r.errors || r.non2xx) throw new Error(`${pathAndQuery} answered ${r.non2xx} non-2xx responses and ${r.errors} errors`);
  generator.push(r.generatorCores);
  if (!cpu[key]) cpu[key] = [];
  cpu[key].push(r.serverCpuUsPerRequest);
  return r.rps;
};
const list = '/api/organizations?pageSize=100';
const pub = '/bench/public-organizations?pageSize=100';
const results = await interleaved(
  {
    bareHealth: () => rps('bareHealth', bare, '/api/health'),
    appHealth: () => rps('appHealth', app, '/api/health'),
    bareOrgs: () => rps('bareOrgs', bare, '/api/organizations'),
    signedIn: () => rps('signedIn', app, list, cookie),
    publicOrgs: () => rps('publicOrgs', app, pub),
    signedInUncached: () => rps('signedInUncached', uncached, list, cookie),
    publicUncached: () => rps('publicUncached', uncached, pub),
  },
  {
    rounds: ROUNDS,
    log: (round, v) => console.log(`round ${round}: ${Object.entries(v).map(([k, x]) => `${k} ${fmt(x, 0)}`).join(', ')} req/s`),
  },
);
// Drop the warm-up round's CPU figures (interleaved() drops its throughput figures).
for (const k of Object.keys(cpu)) cpu[k] = cpu[k].slice(1);
// As a "throughput" ratio: subject ÷ baseline of 1/CPU-per-request, round by round.
const cpuRatio = (subject: string, baseline: string) => spread(cpu[subject].map((x, i) => cpu[baseline][i] / x));
const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const healthRatio = ratioOf(results, 'appHealth', 'bareHealth');
const orgsRatio = ratioOf(results, 'signedIn', 'bareOrgs');
const orgsRatioUncached = ratioOf(results, 'signedInUncached', 'bareOrgs');
const authCost = ratioOf(results, 'publicOrgs', 'signedIn');
const authCostUncached = ratioOf(results, 'publicUncached', 'signedInUncached');
const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');
const cpuFigures = {
  healthRatio: cpuRatio('appHealth', 'bareHealth'),
  orgsRatio: cpuRatio('signedIn', 'bareOrgs'),
  orgsRatioUncached: cpuRatio('signedInUncached', 'bareOrgs'),
  authCost: spread(cpu.signedIn.map((x, i) => x / cpu.publicOrgs[i])),
  authCostUncached: spread(cpu.signedInUncached.map((x, i) => x / cpu.publicUncached[i])),
};
const us = (k: string) => `${fmt(median(cpu[k]), 0)} µs`;
console.log('(figures: median of the per-round ratios, spread min–max in brackets)');
console.log(`GET /api/health          bare ${fmt(m.bareHealth, 0)} req/s   shirube ${fmt(m.appHealth, 0)} req/s   ratio ${fmtSpread(healthRatio)}   [goal ≥ 0.80] ${verdict(healthRatio.median >= 0.8)}`);
console.log(`GET /api/organizations   bare ${fmt(m.bareOrgs, 0)} req/s   signed in, cached ${fmt(m.signedIn, 0)} req/s   ratio ${fmtSpread(orgsRatio)}   [goal ≥ 0.40] ${verdict(orgsRatio.median >= 0.4)}`);
console.log(`GET /api/organizations   bare ${fmt(m.bareOrgs, 0)} req/s   signed in, uncached ${fmt(m.signedInUncached, 0)} req/s   ratio ${fmtSpread(orgsRatioUncached)}   [goal ≥ 0.40] ${verdict(orgsRatioUncached.median >= 0.4)}`);
console.log(`authentication cost, cached     public ${fmt(m.publicOrgs, 0)} req/s   signed in ${fmt(m.signedIn, 0)} req/s   cost ${fmtSpread(authCost)}×   [goal ≤ 1.50×] ${verdict(authCost.median <= 1.5)}`);
console.log(`authentication cost, uncached   public ${fmt(m.publicUncached, 0)} req/s   signed in ${fmt(m.signedInUncached, 0)} req/s   cost ${fmtSpread(authCostUncached)}×   [goal ≤ 1.50×] ${verdict(authCostUncached.median <= 1.5)}`);
console.log('\nserver CPU per request (from /proc, median): ' + Object.keys(cpu).map((k) => `${k} ${us(k)}`).join(', '));
console.log(`by CPU per request: health ${fmtSpread(cpuFigures.healthRatio)} [≥ 0.80]; signed-in list cached ${fmtSpread(cpuFigures.orgsRatio)}, uncached ${fmtSpread(cpuFigures.orgsRatioUncached)} [≥ 0.40]; auth cost cached ${fmtSpread(cpuFigures.authCost)}×, uncached ${fmtSpread(cpuFigures.authCostUncached)}× [≤ 1.50×]`);
const gen = spread(generator);
console.log(`load generator (autocannon, in this process) kept ${fmt(gen.median)} cores busy (${fmt(gen.min)}–${fmt(gen.max)}) of the machine's ${cpus().length}; load average at the end ${loadavg().map((x) => fmt(x)).join(' ')}`);
await bare.stop();
await uncached.stop();

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
  JSON.stringify({ firstStartMs: firstStart, restartMs: median(restarts), ...m, healthRatio, orgsRatio, orgsRatioUncached, authCost, authCostUncached, byCpu: cpuFigures, cpuUsPerRequest: cpu, generatorCores: gen, argon2: cost, verifyMs: median(verifies), signInMs: median(signIns) }, null, 2),
);
