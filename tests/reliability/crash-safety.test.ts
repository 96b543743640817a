import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTION_CODES, writeCsv } from '../../bench/assets-data';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createOrg, createUnit, createUser, sessionFor } from '../helpers/app';
import { makeProject } from '../helpers/disposal';

/**
 * Crash safety (issue 13): a real server process on a SQLite file is killed with SIGKILL at a
 * random moment while it imports the asset register and while it imports the items of a disposal
 * project. After every kill the file must pass PRAGMA integrity_check, the import must be there
 * wholly or not at all (its rows and its one audit entry), and `shirube audit verify` must pass;
 * then the server is started again on the same file for the next round.
 * `npm test` runs SHIRUBE_CRASH_ROUNDS (default 6) kills per import; `npm run reliability` more.
 */

const ROUNDS = Number(process.env.SHIRUBE_CRASH_ROUNDS ?? 6);
const ASSET_ROWS = Number(process.env.SHIRUBE_CRASH_ASSET_ROWS ?? 3000);
const DISPOSAL_ROWS = Number(process.env.SHIRUBE_CRASH_DISPOSAL_ROWS ?? 1000);
const root = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(root, 'bin/shirube.js');

let dataDir: string;
let dbFile: string;
let tenantId: string;
let projectId: string;
let cookie: string;
let csrf: string;
let assetCsv: string;
let server: { child: ChildProcess; port: number } | null = null;

function env(port: number): NodeJS.ProcessEnv {
  return { ...process.env, SHIRUBE_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), SHIRUBE_LOG_LEVEL: 'warn', SHIRUBE_SCHEDULER: 'false', TZ: 'Asia/Tokyo' };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], { env: env(port), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return { child, port };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not answer /api/health within 90 s: ${stderr}`);
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

function upload(port: number, url: string, name: string, body: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([body], { type: 'text/csv' }), name);
  return fetch(`http://127.0.0.1:${port}${url}`, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': csrf, origin: `http://127.0.0.1:${port}` } });
}

function cli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(1), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Checks of the file after a kill, with the server stopped. */
function inspect(kind: 'asset' | 'disposal', tag: string): { integrity: string; rows: number; audits: number; fkProblems: number } {
  const db = new SQLite(dbFile);
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
    const fkProblems = (db.pragma('foreign_key_check') as unknown[]).length;
    const rows =
      kind === 'asset'
        ? (db.prepare('select count(*) as n from assets where tenant_id = ? and code like ?').get(tenantId, `${tag}-%`) as { n: number }).n
        : (db.prepare('select count(*) as n from disposals where tenant_id = ? and project_id = ? and serial_number like ?').get(tenantId, projectId, `${tag}-%`) as { n: number }).n;
    const audits = (db.prepare('select count(*) as n from audit_events where tenant_id = ? and action = ?').get(tenantId, kind === 'asset' ? 'asset.import' : 'disposal.bulk_create') as { n: number }).n;
    return { integrity, rows, audits, fkProblems };
  } finally {
    db.close();
  }
}

function disposalCsv(tag: string): string {
  const lines = ['種類,記憶装置,製造番号,機種・型番,機密性,方法'];
  for (let i = 1; i <= DISPOSAL_ROWS; i++) lines.push(`パソコン,SSD,${tag}-${String(i).padStart(5, '0')},試験機,2,flashChipDestroy`);
  return `${lines.join('\r\n')}\r\n`;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-crash-'));
  const config = loadConfig({ SHIRUBE_DATA_DIR: dataDir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' });
  dbFile = config.sqlitePath;
  const app = await buildApp(config, { logger: false });
  await app.ready();
  try {
    tenantId = (await createOrg(app, { lgCode: '999992' })).id;
    const dept = await createUnit(app, tenantId, 'department');
    for (const code of SECTION_CODES) await createUnit(app, tenantId, 'section', dept, code);
    projectId = await makeProject(app, tenantId);
    const user = await createUser(app, tenantId, { roles: ['chiefSecurityManager'], mfa: true });
    const s = await sessionFor(app, user);
    cookie = s.cookie;
    csrf = s.csrf;
  } finally {
    await app.close();
  }
  const file = path.join(dataDir, 'assets.csv');
  await writeCsv(file, ASSET_ROWS);
  assetCsv = readFileSync(file, 'utf8');
}, 120_000);

afterAll(async () => {
  if (server) {
    server.child.kill('SIGKILL');
    await killed(server.child);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety: kill -9 during imports on a SQLite file', () => {
  for (const kind of ['asset', 'disposal'] as const) {
    it(`${kind} import: ${ROUNDS} kills at random moments leave the file sound and the import whole or absent`, async () => {
      const url = kind === 'asset' ? '/api/assets/import' : `/api/disposal-projects/${projectId}/import`;
      const body = (tag: string) => (kind === 'asset' ? assetCsv.replaceAll('BENCH-', `${tag}-`) : disposalCsv(tag));
      const rows = kind === 'asset' ? ASSET_ROWS : DISPOSAL_ROWS;
      const started = Date.now();

      // One import that runs to the end, to learn how long an import takes on this machine.
      server ??= await startServer();
      const t0 = performance.now();
      const first = await upload(server.port, url, 'items.csv', body(`${kind[0].toUpperCase()}0`));
      const full = performance.now() - t0;
      expect(first.status, await first.text()).toBe(200);
      let audits = inspectAudits(kind);

      const outcomes = { present: 0, absent: 0 };
      const delays: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        server ??= await startServer();
        const tag = `${kind[0].toUpperCase()}${round}`;
        const delay = Math.random() * full * 0.95;
        delays.push(delay);
        const child = server.child;
        const request = upload(server.port, url, 'items.csv', body(tag)).then(
          (r) => r.status,
          () => 0,
        );
        await new Promise((r) => setTimeout(r, delay));
        child.kill('SIGKILL');
        await killed(child);
        await request;
        server = null;

        const s = inspect(kind, tag);
        expect(s.integrity, `round ${round}`).toBe('ok');
        expect(s.fkProblems, `round ${round}: foreign_key_check`).toBe(0);
        expect([0, rows], `round ${round}: rows of the import (killed after ${delay.toFixed(0)} ms)`).toContain(s.rows);
        // Its audit entry is there exactly when its rows are.
        expect(s.audits - audits, `round ${round}: audit entries`).toBe(s.rows ? 1 : 0);
        audits = s.audits;
        outcomes[s.rows ? 'present' : 'absent']++;
        const verify = await cli('audit', 'verify');
        expect(verify.code, verify.out).toBe(0);
      }

      // The server starts again on the file and serves the signed-in user.
      server = await startServer();
      const me = await fetch(`http://127.0.0.1:${server.port}/api/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      process.stdout.write(
        `crash safety (${kind} import of ${rows} rows, full import ${full.toFixed(0)} ms): ${ROUNDS} × kill -9 after ${Math.min(...delays).toFixed(0)}–${Math.max(...delays).toFixed(0)} ms; ` +
          `afterwards ${outcomes.present} wholly present, ${outcomes.absent} wholly absent, 0 partial; integrity_check ok and audit verify passed ${ROUNDS} times; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }, 900_000);
  }
});

function inspectAudits(kind: 'asset' | 'disposal'): number {
  return inspect(kind, '__none__').audits;
}
