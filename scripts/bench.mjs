// `npm run bench [-- name …]`: runs the benchmark scripts in bench/ one after another (they share a
// 2-core machine, so never in parallel) and prints each one's figures. Without names, all run.
// Examples: npm run bench -- platform     npm run bench -- assets-import disposal
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

/** Kept in step with the start script in package.json and bin/shirube.js. */
const SERVER_NODE_FLAGS = '--max-semi-space-size=64';

// lib.ts and assets-data.ts are shared helpers, not benchmarks.
const HELPERS = new Set(['lib', 'assets-data']);
const available = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .filter((n) => !HELPERS.has(n))
  .sort();

const wanted = process.argv.slice(2);
if (wanted.includes('--help') || wanted.includes('-h')) {
  console.log(`usage: npm run bench [-- <name> …]\navailable: ${available.join(', ')}`);
  process.exit(0);
}
const unknown = wanted.filter((n) => !available.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')}\navailable: ${available.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length ? wanted : available) {
  console.log(`\n==> bench/${name}.ts`);
  // The same V8 flag as `npm start`, so the figures are those of the server as it runs.
  const nodeOptions = [process.env.NODE_OPTIONS, SERVER_NODE_FLAGS].filter(Boolean).join(' ');
  const r = spawnSync('npx', ['tsx', `bench/${name}.ts`], { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: nodeOptions } });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${name}.ts exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
