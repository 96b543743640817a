/**
 * Asset register list (issue 5): GET /api/assets over 100,000 assets on SQLite (a database file,
 * WAL), filtered, sorted and paged on the server, measured through the full request path
 * (session, permission, validation, query, checks per row, JSON). Goal: p95 ≤ 50 ms per page.
 * Run: npx tsx bench/assets-list.ts [rows] [runs per query]   (default 100000, 30)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { nowIso } from '../server/db/sql';
import { newId, newToken, sha256 } from '../server/platform/ids';
import { ASSET_COLUMNS, INSERT_ASSET_SQL } from '../server/modules/assets/assets.import';
import { HOSTING_WORDS, KIND_WORDS, SEGMENT_WORDS, lookup } from '../server/modules/assets/assets.columns';
import { sortRank } from '../server/modules/assets/assets.scheme';
import { SECTION_CODES, records } from './assets-data';
import { percentile } from './lib';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 30);

const dir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-list-'));
const app = await buildApp(loadConfig({ SHIRUBE_DATA_DIR: dir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' }), { logger: false });
const { deps } = app;
const sqlite = deps.handle.sqlite;
if (!sqlite) throw new Error('this benchmark measures SQLite');

const tenantId = newId();
const now = nowIso();
await deps.db.insertInto('organizations').values({ id: tenantId, kind: 'municipality', name: 'ベンチ市（一覧）', nameKana: null, nameEn: null, lgCode: null, prefectureCode: '13', parentId: null, isDemo: 1, settings: '{}', status: 'active', createdAt: now, updatedAt: now }).execute();
const dept = newId();
await deps.db.insertInto('orgUnits').values({ tenantId, id: dept, kind: 'department', parentId: null, code: 'B-D', name: 'ベンチ部', nameEn: null, sortOrder: 0, status: 'active', createdAt: now, updatedAt: now }).execute();
const sections = new Map<string, string>();
for (const code of SECTION_CODES) {
  const id = newId();
  sections.set(code, id);
  await deps.db.insertInto('orgUnits').values({ tenantId, id, kind: 'section', parentId: dept, code, name: `ベンチ課 ${code}`, nameEn: null, sortOrder: 0, status: 'active', createdAt: now, updatedAt: now }).execute();
}

console.log(`seeding ${N} assets …`);
const stmt = sqlite.prepare(INSERT_ASSET_SQL);
const rows: unknown[][] = [];
let k = 0;
for (const x of records(N)) {
  const r: Record<string, unknown> = {
    tenantId,
    id: newId(),
    code: x.code,
    name: x.name,
    description: null,
    kind: lookup(KIND_WORDS, x.kind),
    ownerSectionId: sections.get(x.section),
    custodian: null,
    segment: lookup(SEGMENT_WORDS, x.segment),
    hosting: lookup(HOSTING_WORDS, x.hosting),
    location: x.location,
    cloudServiceId: null,
    residentData: x.residentData ? 1 : 0,
    myNumber: x.myNumber ? 1 : 0,
    specialCare: x.specialCare ? 1 : 0,
    recordCount: x.recordCount,
    retention: x.retention,
    backupNote: x.backupNote || null,
    confidentiality: x.confidentiality,
    integrity: x.integrity,
    availability: x.availability,
    cRank: sortRank(x.confidentiality),
    schemeEdition: k % 97 === 0 ? null : 'R8.3',
    classifiedAt: now,
    classifiedBy: null,
    classifiedByLabel: 'bench',
    classificationReason: x.reason,
    status: k % 41 === 0 ? 'retired' : 'active',
    // Spread the update times so sorting by them is not trivially the insertion order.
    createdAt: now,
    updatedAt: new Date(Date.parse(now) - ((k * 7919) % 100_000) * 60_000).toISOString(),
  };
  rows.push(ASSET_COLUMNS.map(([key]) => r[key]));
  k++;
}
sqlite.transaction(() => {
  for (const r of rows) stmt.run(r);
})();
rows.length = 0;
sqlite.exec('analyze');

async function session(roles: Array<[string, string | null]>, sectionId: string | null) {
  const userId = newId();
  await deps.db.insertInto('users').values({ tenantId, id: userId, email: `bench-${userId.slice(-8)}@example.invalid`, displayName: 'ベンチ利用者', displayNameKana: null, sectionId, contractorId: null, employment: 'regular', passwordHash: null, status: 'active', mustChangePassword: 0, passwordChangedAt: now, mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: now, mfaLastStep: null, inviteTokenHash: null, inviteExpiresAt: null, lastLoginAt: null, disabledAt: null, createdAt: now, updatedAt: now }).execute();
  for (const [role, scopeId] of roles) {
    await deps.db.insertInto('roleAssignments').values({ tenantId, id: newId(), userId, role: role as never, scopeKind: scopeId ? 'section' : 'organization', scopeId, grantedBy: null, grantedAt: now, revokedBy: null, revokedAt: null }).execute();
  }
  const token = newToken();
  await deps.db.insertInto('sessions').values({ id: sha256(token), tenantId, userId, stage: 'full', csrfToken: newToken(24), createdAt: now, lastSeenAt: now, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), ip: '127.0.0.1', userAgent: 'bench', revokedAt: null }).execute();
  return { cookie: `shirube_sid=${token}`, host: '127.0.0.1:3000' };
}

const chief = await session([['chiefSecurityManager', null]], null);
const s05 = sections.get('B-S05') as string;
const manager = await session([['securityManager', s05]], s05);

const QUERIES: Array<[string, Record<string, string>, string]> = [
  ['first page, by code', chief, ''],
  ['page 100, by code', chief, 'page=100'],
  ['page 1000 (deep), by code', chief, 'page=1000'],
  ['by name', chief, 'sort=name'],
  ['by name, descending, page 50', chief, 'sort=-name&page=50'],
  ['strictest first', chief, 'sort=-confidentiality'],
  ['3A and 3B', chief, 'confidentiality=3A,3B'],
  ['My Number segment, by name', chief, 'segment=mynumber&sort=name'],
  ['systems only', chief, 'kind=system'],
  ['resident data at 2', chief, 'flag=residentData&confidentiality=2'],
  ['search "000123"', chief, 'q=000123'],
  ['one section', chief, `ownerSectionId=${s05}`],
  ['all statuses', chief, 'status=all'],
  ['section manager (scope), by code', manager, ''],
  ['section manager, strictest first', manager, 'sort=-confidentiality'],
];

// Warm up once (statement cache, catalog).
for (const [, headers, q] of QUERIES) await app.inject({ method: 'GET', url: `/api/assets?${q}`, headers });

const all: number[] = [];
console.log(`\n== GET /api/assets, ${N} assets, SQLite file (WAL), ${RUNS} runs per query, page size 50, Node ${process.version} ==\n`);
console.log('| query | total | p50 ms | p95 ms |');
console.log('|---|---|---|---|');
for (const [name, headers, q] of QUERIES) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: `/api/assets?${q}`, headers });
    times.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    total = res.json().total;
  }
  all.push(...times);
  console.log(`| ${name} | ${total} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
}
console.log(`| **all queries** | | ${percentile(all, 50).toFixed(1)} | **${percentile(all, 95).toFixed(1)}** (goal ≤ 50) |`);
await app.close();
