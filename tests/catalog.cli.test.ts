import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../server/cli/main';
import { itWithOscalSchema, oscalValidator, patched, removeDir, writeFixtureCatalog } from './catalog-fixtures';

/**
 * `shirube catalog …`. Most cases run the CLI in-process (fast); two spawn bin/shirube.js to check
 * real exit codes and output end to end.
 */

const root = path.resolve(import.meta.dirname, '..');
let dataDir: string;
let outDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-cli-'));
  outDir = mkdtempSync(path.join(tmpdir(), 'shirube-cli-out-'));
  vi.stubEnv('SHIRUBE_DATA_DIR', dataDir);
  vi.stubEnv('SHIRUBE_CATALOG_DIR', path.join(root, 'catalog'));
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(['node', 'shirube', ...args]);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('shirube catalog (in-process)', () => {
  it('validate: reports the editions and exits 0', async () => {
    const r = await run('catalog', 'validate');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The catalog is valid');
    expect(r.stdout).toMatch(/R8\.3 +令和8年3月（現行 \/ current）: \d+ nodes, \d+ items\+sub-items/);
    expect(r.stdout).toContain('Annex A 93, CLD 7, ordinance 8');
    // Verified and provisional node counts per edition (issue 12).
    expect(r.stdout.match(/nodes verified \d+, provisional \d+/g)).toHaveLength(4);
  });

  it('validate: an invalid catalog exits 1 and lists every problem with file, line and id', async () => {
    const dir = writeFixtureCatalog({
      ...patched('base/kb.yaml', 'roles: [ciso]', 'roles: [mayor]'),
      ...patched('base/cloud.yaml', 'extends: [KB-1.1]', 'extends: [KB-8.8]'),
    });
    try {
      const r = await run('catalog', 'validate', '--dir', dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('2 problem(s)');
      expect(r.stderr).toMatch(/base\/kb\.yaml:\d+:\d+ KB-1\.1 \(unknown_role\)/);
      expect(r.stderr).toMatch(/base\/cloud\.yaml:\d+:\d+ CP-1\.1 \(dangling_extends\)/);
      expect(r.stdout).toBe('');
    } finally {
      removeDir(dir);
    }
  });

  it('stats --format json: per chapter counts', async () => {
    const r = await run('catalog', 'stats', '--format', 'json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.edition.id).toBe('R8.3');
    expect(s.chapters.map((c: { number: string }) => c.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const c of s.chapters) for (const k of ['sections', 'items', 'subItems', 'auditItems', 'mappedItems', 'provisional']) expect(typeof c[k]).toBe('number');
    const text = await run('catalog', 'stats', '--edition', 'R5.3');
    expect(text.stdout).toContain('令和5年3月（R5.3）');
    expect(text.stdout).toContain('組織体制');
  });

  it('diff --format json lists added, removed and changed', async () => {
    const r = await run('catalog', 'diff', 'R5.3', 'R6.10', '--format', 'json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.entries.filter((e: { change: string }) => e.change === 'added').map((e: { id: string }) => e.id)).toContain('KB-3.2.3');
  });

  it('an unknown edition exits 2 with a bilingual message and writes nothing', async () => {
    const target = path.join(outDir, 'never.json');
    const r = await run('catalog', 'export', '--format', 'oscal', '--edition', 'R9.9', '--out', target);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('版「R9.9」は見つかりません');
    expect(r.stderr).toContain('Edition "R9.9" was not found');
    expect(existsSync(target)).toBe(false);
    expect((await run('catalog', 'diff', 'R7.3', 'R0.1')).code).toBe(2);
    expect((await run('catalog', 'stats', '--edition', 'X')).code).toBe(2);
  });

  it('a bad --format exits 2', async () => {
    expect((await run('catalog', 'export', '--format', 'pdf')).code).toBe(2);
    expect((await run('catalog', 'diff', 'R7.3', 'R8.3', '--format', 'yaml')).code).toBe(2);
  });

  it('export --format oscal --out writes the OSCAL catalog of the edition', async () => {
    const target = path.join(outDir, 'r73.json');
    const r = await run('catalog', 'export', '--format', 'oscal', '--edition', 'R7.3', '--out', target);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(target, 'utf8'));
    expect(doc.catalog.metadata.version).toBe('R7.3');
  });

  itWithOscalSchema('export --format oscal writes a catalog valid against the OSCAL schema', () => {
    const doc = JSON.parse(readFileSync(path.join(outDir, 'r73.json'), 'utf8'));
    expect(oscalValidator()(doc)).toBe(true);
  });

  it('export: csv goes to stdout, xlsx to --out', async () => {
    const csv = await run('catalog', 'export', '--format', 'csv', '--table', 'crosswalks');
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toContain('Relation');
    const xlsx = await run('catalog', 'export', '--format', 'xlsx', '--out', path.join(outDir, 'c.xlsx'));
    expect(xlsx.code).toBe(0);
    expect(readFileSync(path.join(outDir, 'c.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('export into a folder that does not exist exits 2 and writes nothing', async () => {
    const r = await run('catalog', 'export', '--format', 'json', '--out', path.join(outDir, 'missing', 'x.json'));
    expect(r.code).toBe(2);
    expect(existsSync(path.join(outDir, 'missing'))).toBe(false);
  });
});

describe('bin/shirube.js catalog (spawned)', () => {
  const env = { ...process.env, SHIRUBE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'shirube-cli-spawn-')), NO_COLOR: '1' };

  it('diff R7.3 R8.3 prints the changes side by side and exits 0', () => {
    const r = spawnSync(process.execPath, ['bin/shirube.js', 'catalog', 'diff', 'R7.3', 'R8.3'], { cwd: root, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    // R8.3 changed the commentary of existing items (deck p.24); it added no numbered items (facts Corrections no.4).
    expect(r.stdout).toContain('追加 0 件・削除 0 件・変更 5 件');
    expect(r.stdout).not.toContain('KB-4.4.6');
    expect(r.stdout).toContain('~ KB-4.1.7');
    expect(r.stdout).toContain('~ KB-4.4.5');
    expect(r.stdout).toMatch(/前: .*物理的に破壊/);
  });

  it('an unknown edition exits 2', () => {
    const r = spawnSync(process.execPath, ['bin/shirube.js', 'catalog', 'diff', 'R7.3', 'R99.1'], { cwd: root, env, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('R99.1');
  });

  afterAll(() => rmSync(env.SHIRUBE_DATA_DIR, { recursive: true, force: true }));
});
