import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/database';
import { chunkRows, nowIso } from '../server/db/sql';
import { systemCtx } from '../server/platform/context';
import { newId } from '../server/platform/ids';
import { loadIncident } from '../server/modules/incidents/incidents.common';
import { measuresOf } from '../server/modules/incidents/measures.service';
import { obligationsOf, scanDue } from '../server/modules/incidents/obligations.service';
import { renderReport, reportsOf } from '../server/modules/incidents/reports.service';
import { timelineOf } from '../server/modules/incidents/timeline.service';
import { freshDatabase } from '../tests/helpers/db';
import type { IncidentObligationsTable, IncidentsTable, IncidentTimelineTable } from '../server/modules/incidents/incidents.tables';
import { median, percentile } from './lib';

/**
 * Issue 15 figures: the deadline scan over 100,000 incidents with 500,000 timeline entries in
 * 100 organisations (goal ≤ 1 s), an incident page with 1,000 timeline entries (p95 ≤ 50 ms) and
 * the PPC report .docx (≤ 1 s). SQLite in a file, then PostgreSQL in a fresh database
 * (SHIRUBE_BENCH_ONLY=sqlite|postgres runs one). Every record is fictional (ベンチ用).
 *
 *   npx tsx bench/incidents.ts
 */

const ORGS = 100;
const PER_ORG = 1_000;
const ENTRIES_PER = 5;
const RUNS = Number(process.env.SHIRUBE_BENCH_RUNS ?? 7);

async function seed(db: Db): Promise<{ tenantId: string; bigId: string }> {
  const now = nowIso();
  const base = Date.now() - 400 * 86_400_000;
  let first = '';
  let bigId = '';
  for (let o = 0; o < ORGS; o++) {
    const tenantId = newId();
    if (!first) first = tenantId;
    await db.insertInto('organizations').values({ id: tenantId, kind: 'municipality', name: `ベンチ市${o}（架空）`, nameKana: null, nameEn: null, lgCode: null, prefectureCode: '13', parentId: null, isDemo: 1, settings: '{}', status: 'active', createdAt: now, updatedAt: now }).execute();
    const incidents: IncidentsTable[] = [];
    const entries: IncidentTimelineTable[] = [];
    const obligations: IncidentObligationsTable[] = [];
    for (let i = 0; i < PER_ORG; i++) {
      const id = newId();
      if (o === 0 && i === 0) bigId = id;
      const knew = new Date(base + (i * 400 * 86_400_000) / PER_ORG).toISOString();
      const open = i % 100 === 0;
      incidents.push({
        tenantId, id, code: `INC-B-${i}`, title: `ベンチ用インシデント ${i}`, description: '架空の事案', occurredAt: knew, discoveredAt: knew, knewAt: knew, detection: 'internal' as const, category: 'mistake' as const, cause: 'misdelivery' as const, severity: 'medium' as const, status: open ? ('triage' as const) : ('closed' as const),
        assetIds: '[]', serviceIds: '[]', segments: '["lgwan"]', maxConfidentiality: '2', affectedServices: null, contractorId: null, contractId: null, personalData: 1, personsCount: 150, specialCare: 0, myNumber: 0, ordinanceSpecial: 0, stronglyEncrypted: 0, propertyDamage: 0, improperPurpose: 0, unspecifiedExposure: 0, myNumberSystem: 0, lgwan: 0, crime: 0, dataItems: '氏名', publication: 'halfYear' as const, publicationNote: null, publishedOn: null, reportedBy: null, reportedVia: 'staff' as const, closedAt: open ? null : knew, createdAt: now, updatedAt: now,
      });
      const n = o === 0 && i === 0 ? 1_000 : ENTRIES_PER;
      for (let e = 0; e < n; e++) entries.push({ tenantId, id: newId(), incidentId: id, at: knew, kind: 'decision' as const, text: `経過 ${e}`, authorId: null, authorLabel: 'ベンチ', fileIds: '[]', auto: 0, createdAt: now });
      for (const ruleId of ['ppc.appi.preliminary', 'ppc.appi.final', 'prefecture.report']) {
        const due = open ? new Date(Date.now() + ((i % 7) - 2) * 86_400_000).toISOString() : knew;
        obligations.push({ tenantId, id: newId(), incidentId: id, ruleId, dueAt: due, status: open ? ('open' as const) : ('sent' as const), sentAt: open ? null : knew, reference: null, reason: null, triggers: '["over100"]', updatedBy: null, updatedAt: now });
      }
    }
    await db.transaction().execute(async (trx) => {
      for (const c of chunkRows(incidents, 48)) await trx.insertInto('incidents').values(c).execute();
      for (const c of chunkRows(entries, 12)) await trx.insertInto('incidentTimeline').values(c).execute();
      for (const c of chunkRows(obligations, 13)) await trx.insertInto('incidentObligations').values(c).execute();
    });
  }
  return { tenantId: first, bigId };
}

async function measure(label: string, handle?: Awaited<ReturnType<typeof freshDatabase>>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-inc-'));
  const config = loadConfig({ SHIRUBE_DATA_DIR: dir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' });
  const app = await buildApp(config, { logger: false, handle });
  await app.ready();
  const db = app.deps.db;
  try {
    const t0 = performance.now();
    const { tenantId, bigId } = await seed(db);
    if (app.deps.handle.kind === 'postgres') await sql`analyze`.execute(db);
    else await sql`analyze`.execute(db);
    console.log(`${label}: seeded ${ORGS * PER_ORG} incidents, ${ORGS * PER_ORG * ENTRIES_PER + 995} timeline entries in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadavg()[0].toFixed(1)})`);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const scans: number[] = [];
    let found = 0;
    for (let r = 0; r < RUNS; r++) {
      const s = performance.now();
      found = (await scanDue(db, until)).length;
      scans.push(performance.now() - s);
    }
    console.log(`${label}: deadline scan (all organisations, ${found} due) median ${median(scans).toFixed(1)} ms, max ${Math.max(...scans).toFixed(1)} ms (goal ≤ 1000 ms)`);
    const ctx = systemCtx(tenantId, 'bench');
    const pages: number[] = [];
    for (let r = 0; r < 40; r++) {
      const s = performance.now();
      await loadIncident(db, ctx, bigId);
      await timelineOf(db, tenantId, bigId);
      await obligationsOf(db, tenantId, bigId);
      await measuresOf(app.deps, db, tenantId, bigId);
      await reportsOf(db, tenantId, bigId);
      pages.push(performance.now() - s);
    }
    console.log(`${label}: incident page data (1,000 timeline entries) p50 ${median(pages).toFixed(1)} ms, p95 ${percentile(pages, 95).toFixed(1)} ms (goal p95 ≤ 50 ms)`);
    const docs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const s = performance.now();
      await renderReport(app.deps, ctx, bigId, 'ppc', 'docx');
      docs.push(performance.now() - s);
    }
    console.log(`${label}: PPC report .docx first ${docs[0].toFixed(0)} ms (loads docx), median ${median(docs).toFixed(0)} ms (goal ≤ 1000 ms)`);
  } finally {
    await app.close();
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = process.env.SHIRUBE_BENCH_ONLY;
if (only !== 'postgres') {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-inc-db-'));
  const { openDatabase } = await import('../server/db/database');
  await measure('SQLite', openDatabase({ kind: 'sqlite', sqlitePath: path.join(dir, 'bench.db') }));
  rmSync(dir, { recursive: true, force: true });
}
if (only !== 'sqlite') await measure('PostgreSQL', await freshDatabase('postgres'));
