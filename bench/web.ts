/**
 * The web UI as a browser meets it (issue 21): headless Debian Chromium against the built app
 * (dist/, run `node scripts/build.mjs` first) serving the demo organisation.
 *   - sign-in page: from navigation until the e-mail field can be typed into (fresh browser
 *     context each time, so nothing is cached), median of 5;
 *   - dashboard: signed in, from navigation until its figures and every card have rendered
 *     (no loading indicator left), median of 5;
 *   - the JavaScript the sign-in page loads, raw and gzip-compressed (level 9).
 * Targets: sign-in ≤ 600 ms, dashboard ≤ 1 s, first-page JavaScript ≤ 200 KB gzip.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { median } from './lib';

const PORT = Number(process.env.BENCH_WEB_PORT ?? 3317);
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = 5;
const dist = path.resolve('dist');
if (!existsSync(path.join(dist, 'server/cli.js'))) {
  console.error('bench/web: build first (node scripts/build.mjs)');
  process.exit(2);
}

async function startDemo(dataDir: string): Promise<{ proc: ChildProcess; accounts: Map<string, string> }> {
  const proc = spawn('node', ['--max-semi-space-size=64', path.join(dist, 'server/cli.js'), 'serve', '--demo'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', SHIRUBE_DATA_DIR: dataDir, SHIRUBE_CLIENT_DIR: path.join(dist, 'client'), SHIRUBE_LOG_LEVEL: 'warn', SHIRUBE_SCHEDULER: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const on = (d: Buffer) => {
      out += d.toString();
      if (out.includes('起動しました')) {
        clearTimeout(t);
        resolve();
      }
    };
    proc.stdout?.on('data', on);
    proc.stderr?.on('data', on);
    proc.on('exit', (c) => reject(new Error(`server exited ${c}:\n${out}`)));
  });
  const accounts = new Map<string, string>();
  for (const m of out.matchAll(/(\S+@demo\.shirube\.invalid)\s+パスワード: (\S+)/g)) accounts.set(m[1], m[2]);
  return { proc, accounts };
}

async function signInPage(browser: Browser): Promise<{ ms: number; jsRaw: number; jsGzip: number }> {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  const scripts: Array<Promise<Buffer>> = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.body());
  });
  const started = performance.now();
  await page.goto(`${BASE}/login`, { waitUntil: 'commit' });
  await page.getByLabel('メールアドレス').waitFor({ state: 'visible' });
  await page.getByLabel('メールアドレス').fill('x', { timeout: 5000 });
  const ms = performance.now() - started;
  const bodies = await Promise.all(scripts);
  await context.close();
  return { ms, jsRaw: bodies.reduce((s, b) => s + b.length, 0), jsGzip: bodies.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0) };
}

async function dashboard(browser: Browser, email: string, password: string): Promise<number> {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  // A fresh page load of the dashboard (the browser's cache is warm, as for a returning user).
  const started = performance.now();
  await page.goto(`${BASE}/`, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
  await page.locator('main dd').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('main [role="status"]').length === 0 && document.querySelectorAll('main section, main dd').length > 0);
  const ms = performance.now() - started;
  await context.close();
  return ms;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-web-'));
const { proc, accounts } = await startDemo(dataDir);
const browser = await chromium.launch({ executablePath: process.env.SHIRUBE_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const user = 'kansa@demo.shirube.invalid';
  const password = accounts.get(user);
  if (!password) throw new Error('the demo accounts were not printed');
  await signInPage(browser); // warm the server's file cache
  const signIn = [];
  for (let i = 0; i < RUNS; i++) signIn.push(await signInPage(browser));
  const dash = [];
  for (let i = 0; i < RUNS; i++) dash.push(await dashboard(browser, user, password));
  const ms = median(signIn.map((s) => s.ms));
  const js = signIn[0];
  console.log(`sign-in page usable:       median ${ms.toFixed(0)} ms of ${RUNS} (target ≤ 600 ms) [${signIn.map((s) => s.ms.toFixed(0)).join(', ')}]`);
  console.log(`dashboard with figures:    median ${median(dash).toFixed(0)} ms of ${RUNS} (target ≤ 1000 ms) [${dash.map((d) => d.toFixed(0)).join(', ')}]`);
  console.log(`first-page JavaScript:     ${(js.jsRaw / 1024).toFixed(0)} KB raw, ${(js.jsGzip / 1024).toFixed(0)} KB gzip (target ≤ 200 KB gzip)`);
  const entry = /src="\/assets\/(index-[^"]+\.js)"/.exec(readFileSync(path.join(dist, 'client/index.html'), 'utf8'))?.[1];
  if (entry) {
    const b = readFileSync(path.join(dist, 'client/assets', entry));
    console.log(`entry script ${entry}: ${(b.length / 1024).toFixed(0)} KB raw, ${(gzipSync(b, { level: 9 }).length / 1024).toFixed(0)} KB gzip`);
  }
} finally {
  await browser.close();
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
  rmSync(dataDir, { recursive: true, force: true });
}
