/**
 * Policy documents figures (issue 7):
 *  - the full 対策基準 (standards) of a version exported as .docx (goal ≤ 2 s);
 *  - the 新旧対照表 of two full versions (goal ≤ 1 s): every article of the second version edited,
 *    compared word by word, as JSON and as the two-column .docx table.
 * Each figure is the median of several runs in one warm process; the first (cold) run is shown too.
 * Run: npx tsx bench/documents.ts            (prints a Markdown section)
 *      npx tsx bench/documents.ts --write    (also replaces the "## Documents (issue 7)" section of docs/benchmarks.md)
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/database';
import { nowIso } from '../server/db/sql';
import { systemCtx } from '../server/platform/context';
import { newId } from '../server/platform/ids';
import { compareVersions } from '../server/modules/documents/documents.compare';
import { compareModel, exportCompare, exportVersion } from '../server/modules/documents/documents.export';
import { approveVersion, createDraft, createPolicy, getVersionDetail } from '../server/modules/documents/documents.service';
import { fmt, median } from './lib';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_ROUNDS ?? 9);
const write = process.argv.includes('--write');

const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-docs-'));
const config = loadConfig({ SHIRUBE_DATA_DIR: dataDir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' });
const handle = openDatabase({ kind: 'sqlite', sqlitePath: ':memory:' });
const app = await buildApp(config, { handle, logger: false });
await app.ready();
const deps = app.deps;

const tenantId = newId();
const now = nowIso();
await deps.db
  .insertInto('organizations')
  .values({ id: tenantId, kind: 'municipality', name: 'ベンチ市', nameKana: null, nameEn: null, lgCode: null, prefectureCode: '13', parentId: null, isDemo: 0, settings: '{}', status: 'active', createdAt: now, updatedAt: now })
  .execute();
const ctx = systemCtx(tenantId, 'bench');

// Version 1 on R8.3 with every optional part switched on (the largest document), approved.
const { policyId, versionId: v1 } = await createPolicy(deps, ctx, {
  edition: 'R8.3',
  choices: { networkModel: 'betaPrime', wirelessLan: true, externalServicesConfidential: true, cloudProvisions: true, optional: { 'KB-3.1.3': true } },
});
await approveVersion(deps, ctx, v1, { decisionRef: 'ベンチ用', effectiveFrom: '2026-04-01' });
// Version 2: every article of every document rewritten a little (the worst case for the table).
const { versionId: v2 } = await createDraft(deps, ctx, policyId, {});
const detail = await getVersionDetail(deps, ctx, v2);
let edited = 0;
await deps.db.transaction().execute(async (trx) => {
  for (const d of detail.documents) {
    for (const a of d.articles) {
      const body = a.body ? a.body.replace(/する。/g, 'するものとする。').replace(/^/, '（改）') : '本条は新たに設ける。';
      await trx.updateTable('policyArticles').set({ body, heading: `${a.heading}等` }).where('tenantId', '=', tenantId).where('id', '=', a.id).execute();
      edited++;
    }
  }
});
const standardsArticles = detail.documents.find((d) => d.template === 'standards')?.articles.filter((a) => a.included).length ?? 0;

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function measure<T>(fn: () => Promise<T>): Promise<{ cold: number; median: number; max: number; value: T }> {
  const first = await time(fn);
  const runs: number[] = [];
  let value = first.value;
  for (let i = 0; i < RUNS; i++) {
    const r = await time(fn);
    runs.push(r.ms);
    value = r.value;
  }
  return { cold: first.ms, median: median(runs), max: Math.max(...runs), value };
}

// The render cache is off here: every run renders the document again.
const docx = await measure(() => exportVersion(deps, ctx, v1, 'docx', 'standards', { cache: false }));
const cmpJson = await measure(() => compareVersions(deps, ctx, v1, v2));
const cmpDocx = await measure(async () => exportCompare(compareModel(await compareVersions(deps, ctx, v1, v2)), 'docx'));

await app.close();
await handle.close();

const ok = (ms: number, goal: number) => (ms <= goal ? '✓' : '✗');
const load = loadavg()[0];
const lines = [
  '## Documents (issue 7)',
  '',
  `Measured by \`npx tsx bench/documents.ts\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), SQLite in memory, ${RUNS} warm runs after one cold run in the same process; median and worst of the warm runs. The machine is shared: the 1-minute load average was ${fmt(load, 1)} when the run ended.`,
  '',
  '| Figure | Goal | Cold (first) | Median | Worst | |',
  '|---|---|---|---|---|---|',
  `| Full 対策基準 (${standardsArticles} articles, R8.3, every option on) as .docx — ${Math.round(docx.value.data.length / 1024)} KB | ≤ 2 s | ${fmt(docx.cold, 0)} ms | ${fmt(docx.median, 0)} ms | ${fmt(docx.max, 0)} ms | ${ok(docx.median, 2000)} |`,
  `| 新旧対照表 of two full versions (${edited} articles each, every one changed), JSON with word-level diff | ≤ 1 s | ${fmt(cmpJson.cold, 0)} ms | ${fmt(cmpJson.median, 0)} ms | ${fmt(cmpJson.max, 0)} ms | ${ok(cmpJson.median, 1000)} |`,
  `| 新旧対照表 of the same two versions as the two-column .docx table (${cmpJson.value.rows.length} rows) | ≤ 1 s | ${fmt(cmpDocx.cold, 0)} ms | ${fmt(cmpDocx.median, 0)} ms | ${fmt(cmpDocx.max, 0)} ms | ${ok(cmpDocx.median, 1000)} |`,
  '',
  'The cold run includes loading the docx library and JIT warm-up; a server pays it once.',
  '',
];
const section = lines.join('\n');
process.stdout.write(`${section}\n`);

if (write) {
  const file = path.join(root, 'docs/benchmarks.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# ベンチマーク / Benchmarks\n';
  const re = /## Documents \(issue 7\)[\s\S]*?(?=\n## |$)/;
  const next = re.test(current) ? current.replace(re, section.trimEnd()) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
  process.stdout.write(`written to ${path.relative(root, file)}\n`);
}
