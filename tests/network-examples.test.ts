import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../server/cli/main';

/**
 * The example models in docs/examples/, checked through the CLI exactly as a user runs it: each
 * compliant design stays free of errors, and the design with planted violations reports exactly
 * the rules its comments name, element by element.
 */

const EXAMPLES = path.resolve(import.meta.dirname, '../docs/examples');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'shirube-network-'));
  process.env.SHIRUBE_DATA_DIR = tmp;
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const code = await runCli(['node', 'shirube', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  element: { type: string; id: string; line?: number };
  catalog: string[];
  provisional: boolean;
  inferred?: boolean;
}

async function check(file: string, extra: string[] = []) {
  const r = await cli(['network', 'check', path.join(EXAMPLES, file), '--format', 'json', ...extra]);
  const body = JSON.parse(r.stdout) as { edition: string; summary: Record<string, number>; findings: JsonFinding[] };
  return { ...r, body, pairs: body.findings.map((f) => `${f.ruleId} ${f.element.type}:${f.element.id}`).sort() };
}

describe('docs/examples network models', () => {
  it('small town on α: no errors; the Government Cloud area is shown as inferred My Number segment', async () => {
    const r = await check('network-alpha-town.yaml');
    expect(r.code).toBe(0);
    expect(r.pairs).toEqual(['NW-MN-04 node:gc-kikan']);
    expect(r.body.findings[0]).toMatchObject({ severity: 'info', inferred: true, catalog: ['KB-3.1.1', 'CP-3.1'] });
    expect(r.body.findings[0].element.line).toBe(45);
  });

  it('mid-size city on β′: compliant under R8.3; My Number wireless is refused under R6.10', async () => {
    const now = await check('network-beta-prime-city.yaml');
    expect(now.code).toBe(0);
    expect(now.pairs).toEqual(['NW-MN-04 node:gc-kikan']);
    const old = await check('network-beta-prime-city.yaml', ['--edition', 'R6.10']);
    expect(old.code).toBe(1);
    expect(old.body.edition).toBe('R6.10');
    expect(old.pairs).toEqual(['NW-MN-04 node:gc-kikan', 'NW-WL-02 node:mn-ap']);
    // KB-3.1.4 (My Number wireless) only exists from R7.3 on.
    expect(old.body.findings.find((f) => f.ruleId === 'NW-WL-02')?.catalog).toEqual(['KB-6.1.13']);
    expect(now.body.findings.length).toBe(1);
  });

  it('city on α′: no errors under R8.3 (the ISMAP-LIU service is a provisional warning); the α′ model does not exist in R5.3', async () => {
    const now = await check('network-alpha-prime-city.yaml');
    expect(now.code).toBe(0);
    // ISMAP-LIU in α′ is not in the source (deck p.16 names ISMAP): a provisional warning, not a pass.
    expect(now.pairs).toEqual(['NW-AP-03 link:exchange']);
    expect(now.body.findings[0]).toMatchObject({ severity: 'warning', provisional: true });
    const old = await check('network-alpha-prime-city.yaml', ['--edition', 'R5.3']);
    expect(old.code).toBe(1);
    expect(old.pairs).toEqual(['NW-AP-03 link:exchange', 'NW-MODEL-01 model:model']);
  });

  it('design with planted violations: exactly the rules named in its comments', async () => {
    const r = await check('network-violations.yaml');
    expect(r.code).toBe(1);
    expect(r.pairs).toEqual(
      [
        'NW-AP-02 link:lg-chat',
        'NW-AS-01 node:lg-file',
        'NW-AS-02 node:gc-lg-area',
        'NW-AS-04 node:storage-folder',
        'NW-CL-01 node:gc-area',
        'NW-CL-01 zone:free-storage',
        'NW-LG-01 node:lg-terminals',
        'NW-LG-01 node:lg-wsus',
        'NW-LG-02 link:mail-in',
        'NW-LG-03 link:lg-web',
        'NW-MN-01 node:mn-server',
        'NW-MN-02 link:mn-leak',
        'NW-MN-03 link:mn-eltax',
        'NW-MN-04 node:gc-area',
        'NW-MN-05 node:mn-terminals',
        'NW-MN-06 node:mn-terminals',
        'NW-RA-01 link:telework',
        'NW-RA-02 link:telework',
        'NW-SC-01 link:inet-direct',
        'NW-UP-01 link:wsus-updates',
        'NW-WL-01 node:lg-ap',
        'NW-WL-02 node:mn-ap',
      ].sort(),
    );
    expect(r.body.summary).toEqual({ error: 19, warning: 2, info: 1, total: 22 });
    // Provisional rules say so.
    expect(r.body.findings.find((f) => f.ruleId === 'NW-RA-01')?.provisional).toBe(true);
    expect(r.body.findings.find((f) => f.ruleId === 'NW-MN-02')?.provisional).toBe(false);
  });

  it('the expectation comments in the violations file are exactly what is reported', async () => {
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(path.join(EXAMPLES, 'network-violations.yaml'), 'utf8').split('\n');
    const expected: string[] = [];
    let section = '';
    let pending: string[] = [];
    for (const line of lines) {
      const top = /^(zones|nodes|links):/.exec(line);
      if (top) section = top[1];
      const comment = /# 想定 \/ expected: (.*)$/.exec(line);
      if (comment) {
        pending = [...comment[1].matchAll(/NW-[A-Z]+-\d+/g)].map((m) => m[0]);
        continue;
      }
      const id = /^\s+- (?:\{ )?id: ([^,\s}]+)/.exec(line);
      if (id && pending.length) {
        const type = section === 'zones' ? 'zone' : section === 'nodes' ? 'node' : 'link';
        for (const rule of pending) expected.push(`${rule} ${type}:${id[1]}`);
        pending = [];
      }
    }
    const r = await check('network-violations.yaml');
    expect(r.pairs).toEqual(expected.sort());
  });
});

describe('docs/network-model.md', () => {
  it('its full example checks the way the text says: one inferred element, no errors', async () => {
    const { readFileSync } = await import('node:fs');
    const md = readFileSync(path.resolve(import.meta.dirname, '../docs/network-model.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(md)?.[1];
    expect(yaml).toBeDefined();
    const file = path.join(tmp, 'doc-example.yaml');
    writeFileSync(file, yaml as string);
    const r = await cli(['network', 'check', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    expect(body.findings.map((f) => `${f.ruleId} ${f.element.id}`)).toEqual(['NW-MN-04 gc-kikan']);
  });
});

describe('shirube network check: output and exit codes', () => {
  it('text output is Japanese by default and English with --lang en, with file:line:col', async () => {
    const ja = await cli(['network', 'check', path.join(EXAMPLES, 'network-violations.yaml')]);
    expect(ja.code).toBe(1);
    expect(ja.stdout).toContain('[違反] NW-MN-02 接続 mn-leak');
    expect(ja.stdout).toMatch(/network-violations\.yaml:\d+:\d+/);
    expect(ja.stdout).toContain('集計: 違反 19 件・注意 2 件・情報 1 件（計 22 件）');
    expect(ja.stdout).toContain('暫定');
    const en = await cli(['--lang', 'en', 'network', 'check', path.join(EXAMPLES, 'network-alpha-town.yaml')]);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Summary: 0 error(s), 0 warning(s), 1 info (1 in all)');
  });

  it('invalid input exits 2 with file:line:col and checks nothing', async () => {
    const file = path.join(tmp, 'bad.yaml');
    writeFileSync(file, 'format: shirube-network/1\nmodel: alpha\nzones:\n  - { id: s, kind: segment, segment: lgwan }\nnodes:\n  - { id: t, kind: terminal, zone: s }\nlinks:\n  - { from: t, to: nowhere, purpose: web }\n');
    const r = await cli(['network', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:8:20:`);
    expect(r.stderr).toContain('unknown_reference');
  });

  it('an unknown purpose, an unknown edition and a file over the limit exit 2', async () => {
    const file = path.join(tmp, 'purpose.json');
    writeFileSync(file, JSON.stringify({ format: 'shirube-network/1', model: 'alpha', zones: [{ id: 's', kind: 'segment', segment: 'lgwan' }], nodes: [{ id: 't', kind: 'terminal', zone: 's' }], links: [{ from: 't', to: 's', purpose: 'gaming' }] }, null, 1));
    const p = await cli(['network', 'check', file]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/purpose\.json:\d+:\d+: 「gaming」は使えません/);

    const e = await cli(['network', 'check', path.join(EXAMPLES, 'network-alpha-town.yaml'), '--edition', 'R9.9']);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('unknown_edition');

    const big = path.join(tmp, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const b = await cli(['network', 'check', big, '--max-mb', '1']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('big.yaml');
    expect(b.stderr).toContain('上限 1 MB');
  });

  it('network rules lists every rule with its catalog items', async () => {
    const r = await cli(['network', 'rules', '--edition', 'R7.3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(25);
    expect(lines.find((l) => l.startsWith('NW-WL-02'))).toContain('KB-3.1.4');
  });
});
