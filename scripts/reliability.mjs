// `npm run reliability`: the reliability suites in full — OpenAPI-driven fuzzing on SQLite and
// PostgreSQL, kill -9 during imports, and the hardening tests (audit-trail tampering, archive bombs,
// file names) when they are present. `npm test` runs the same suites in a bounded form.
// Sizes can be changed: SHIRUBE_FUZZ_REQUESTS, SHIRUBE_CRASH_ROUNDS, SHIRUBE_CRASH_ASSET_ROWS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countVitest } from './test-report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const env = {
  ...process.env,
  TZ: 'Asia/Tokyo',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  SHIRUBE_FUZZ_REQUESTS: process.env.SHIRUBE_FUZZ_REQUESTS ?? '20000',
  SHIRUBE_CRASH_ROUNDS: process.env.SHIRUBE_CRASH_ROUNDS ?? '25',
  SHIRUBE_CRASH_ASSET_ROWS: process.env.SHIRUBE_CRASH_ASSET_ROWS ?? '20000',
  SHIRUBE_CRASH_DISPOSAL_ROWS: process.env.SHIRUBE_CRASH_DISPOSAL_ROWS ?? '5000',
};

// The reliability folder, plus the hardening suites written as ordinary tests elsewhere.
const HARDENING = /(audit-trail|audit-chain|tamper|bomb|archive|filename|file-name|upload-name)[^/]*\.test\.ts$/;
const extra = ['tests', 'server']
  .flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))))
  .filter((f) => HARDENING.test(f) && !f.startsWith(path.join('tests', 'reliability')));
const files = ['tests/reliability', ...extra];
mkdirSync('out', { recursive: true });
rmSync('out/reliability.json', { force: true });
console.log(`reliability: ${files.join(' ')} with ${env.SHIRUBE_FUZZ_REQUESTS} fuzzed requests per database and ${env.SHIRUBE_CRASH_ROUNDS} kills per import`);
const started = Date.now();
const v = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=out/reliability.json', '--project', 'unit', '--project', 'sqlite', '--project', 'postgres', ...files], { stdio: 'inherit', env });
if (!existsSync('out/reliability.json')) {
  console.log('reliability: vitest did not produce a report');
  process.exit(1);
}
const c = countVitest(JSON.parse(readFileSync('out/reliability.json', 'utf8')));
for (const b of c.brokenFiles) console.log(`reliability: ${b.file} failed outside its tests: ${b.message}`);
console.log(`reliability: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(c.failed > 0 || v.status !== 0 ? 1 : 0);
