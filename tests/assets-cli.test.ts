import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../server/app';
import { runCli } from '../server/cli/main';
import { loadConfig } from '../server/config';
import { ensureDemo } from '../server/modules/tenancy/demo';

/**
 * `shirube assets import|export` against a SQLite data directory, in-process: the demo
 * organisation's register is exported, imported back unchanged, and a bad file is refused with
 * its errors listed and exit code 2. Also proves the demo seeder's sample assets.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'shirube-assets-cli-'));
const env = { SHIRUBE_DATA_DIR: dir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false', SHIRUBE_ARGON2_MEMORY_KIB: '19456', SHIRUBE_ARGON2_ITERATIONS: '2' };
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const app = await buildApp(loadConfig(), { logger: false });
  try {
    await ensureDemo(app.deps);
  } finally {
    await app.close();
  }
}, 120_000);

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  try {
    const code = await runCli(['node', 'shirube', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('shirube assets (CLI)', () => {
  it('the demo organisation has fictional sample assets, some of them inconsistent on purpose', async () => {
    const app = await buildApp(loadConfig(), { logger: false });
    try {
      const org = await app.deps.db.selectFrom('organizations').select('id').where('isDemo', '=', 1).executeTakeFirstOrThrow();
      const rows = await app.deps.db.selectFrom('assets').select(['code', 'name', 'confidentiality', 'schemeEdition']).where('tenantId', '=', org.id).execute();
      expect(rows.length).toBeGreaterThanOrEqual(8);
      for (const r of rows) {
        expect(r.code).toMatch(/^DEMO-/);
        expect(r.name).toContain('（デモ）');
      }
      expect(rows.some((r) => r.schemeEdition === 'R5.3')).toBe(true);
      const extract = rows.find((r) => r.code === 'DEMO-DS-KAZEI');
      expect(extract?.confidentiality).toBe('2');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('exports the register and imports it back unchanged (dry run, then for real)', async () => {
    const file = path.join(dir, 'register.xlsx');
    const exp = await cli('assets', 'export', '--org', 'demo', '--out', file);
    expect(exp.code, exp.err).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(exp.out).toMatch(/台帳 \d+ 件を/);
    const dry = await cli('assets', 'import', file, '--org', 'demo', '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toMatch(/確認のみ（書き込みなし）.*新規 created 0, 更新 updated 0/);
    expect(dry.err).toContain('確認 / checking');
    const real = await cli('assets', 'import', file, '--org', 'demo');
    expect(real.code, real.err).toBe(0);
    expect(real.out).toMatch(/取り込みました.*新規 created 0, 更新 updated 0/);
  }, 120_000);

  it('imports a CSV with a progress bar, and refuses a bad one with errors per row and column', async () => {
    const good = path.join(dir, 'new.csv');
    writeFileSync(good, '資産コード,名称,種別,所管課室コード,機密性,完全性,可用性\r\nCLI-1,CLIで登録した資産（デモ）,データ・文書,S-JOHO,2,1,1\r\n');
    const ok = await cli('assets', 'import', good, '--org', 'demo');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('新規 created 1');
    expect(ok.err).toMatch(/書込み \/ writing \[[=-]+\] 100%/);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, '資産コード,名称,種別,所管課室コード,機密性,完全性,可用性\r\nCLI-2,誤り,宇宙船,S-NONE,4,1,1\r\n');
    const res = await cli('assets', 'import', bad, '--org', 'demo');
    expect(res.code).toBe(2);
    expect(res.err).toContain('何も取り込んでいません');
    expect(res.err).toContain('2行目 列 C（種別）');
    expect(res.err).toContain('2行目 列 D（所管課室コード）');
    expect(res.err).toContain('2行目 列 E（機密性）');
    const missing = await cli('assets', 'import', path.join(dir, 'nope.csv'), '--org', 'demo');
    expect(missing.code).toBe(2);
  }, 120_000);
});
