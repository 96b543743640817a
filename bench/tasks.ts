import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { BusinessCalendar } from '../server/platform/calendar';
import { listFor } from '../server/modules/tasks/tasks.list';
import { freshDatabase } from '../tests/helpers/db';
import { fmt, median, percentile } from './lib';
import { TODAY, seedTasks } from './tasks-seed';

/**
 * Issue 14 figure: one user's to-do list in an organisation with 100,000 open tasks (goal p95 ≤ 50 ms
 * on SQLite and PostgreSQL). The list is the same function the route calls (listFor), for four
 * kinds of user: a section manager, a department officer, a staff member and the organisation-wide
 * chief (who matches the most tasks).
 *
 *   npx tsx bench/tasks.ts          (SHIRUBE_BENCH_ONLY=sqlite|postgres runs one)
 */
const TASKS = Number(process.env.SHIRUBE_BENCH_TASKS ?? 100_000);
const RUNS = Number(process.env.SHIRUBE_BENCH_RUNS ?? 60);

async function measure(label: string, handle?: Awaited<ReturnType<typeof freshDatabase>>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-tasks-'));
  const config = loadConfig({ SHIRUBE_DATA_DIR: dataDir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' });
  const app = await buildApp(config, { logger: false, handle });
  try {
    const t0 = performance.now();
    const s = await seedTasks(app, 2_000, TASKS);
    console.log(`${label}: seeded ${s.added.toLocaleString()} open tasks through reconcile in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    const cal = new BusinessCalendar();
    for (const [who, w] of Object.entries({ manager: s.manager, officer: s.officer, staff: s.staff, chief: s.chief })) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        const a = performance.now();
        const l = await listFor(app.deps.db, { tenantId: s.tenantId, ...w }, TODAY, cal, 50);
        times.push(performance.now() - a);
        total = l.counts.overdue + l.counts.today + l.counts.week + l.counts.later;
      }
      times.splice(0, 5);
      console.log(`${label}: list for ${who} (${total.toLocaleString()} tasks): median ${fmt(median(times))} ms, p95 ${fmt(percentile(times, 95))} ms`);
    }
  } finally {
    await app.close();
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const only = process.env.SHIRUBE_BENCH_ONLY;
if (only !== 'postgres') await measure('SQLite (file)');
if (only !== 'sqlite') await measure('PostgreSQL', await freshDatabase('postgres'));
