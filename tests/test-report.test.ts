import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countPlaywright, countVitest } from '../scripts/test-report.mjs';

const root = path.resolve(import.meta.dirname, '..');

describe('npm test counting (scripts/test-report.mjs)', () => {
  it('counts a file that failed to load as failed even when a test elsewhere failed too', () => {
    const c = countVitest({
      numPassedTests: 3,
      numFailedTests: 1,
      numPendingTests: 2,
      testResults: [
        { name: '/x/a.test.ts', status: 'failed', message: '', assertionResults: [{ status: 'failed' }, { status: 'passed' }] },
        { name: '/x/b.test.ts', status: 'failed', message: 'Error: cannot load\n  at …', assertionResults: [] },
        { name: '/x/c.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
      ],
    });
    expect(c).toEqual({ passed: 3, failed: 2, skipped: 2, brokenFiles: [{ file: '/x/b.test.ts', message: 'Error: cannot load' }] });
  });

  it('counts a file whose hook failed although all its tests passed', () => {
    const c = countVitest({ numPassedTests: 1, numFailedTests: 0, testResults: [{ name: 'h.test.ts', status: 'failed', message: 'afterAll threw', assertionResults: [{ status: 'passed' }] }] });
    expect(c.failed).toBe(1);
  });

  it('counts Playwright errors outside any test', () => {
    const c = countPlaywright({ stats: { expected: 4, unexpected: 1, flaky: 1, skipped: 0 }, errors: [{ message: 'SyntaxError in x.spec.ts' }] });
    expect(c).toMatchObject({ passed: 5, failed: 2, skipped: 0 });
  });

  it('reads a real Vitest report the same way: one failed test plus one file that does not load is 2 failed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shirube-count-'));
    try {
      writeFileSync(path.join(dir, 'a.test.ts'), "import { expect, it } from 'vitest';\nit('fails', () => expect(1).toBe(2));\nit('passes', () => expect(1).toBe(1));\n");
      writeFileSync(path.join(dir, 'b.test.ts'), "import { it } from 'vitest';\nthrow new Error('cannot load');\nit('never runs', () => {});\n");
      writeFileSync(path.join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'] } };\n");
      const r = spawnSync(path.join(root, 'node_modules/.bin/vitest'), ['run', '--root', dir, '--reporter=json', `--outputFile.json=${path.join(dir, 'r.json')}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status).not.toBe(0);
      const c = countVitest(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')));
      expect(c).toMatchObject({ passed: 1, failed: 2 });
      expect(c.brokenFiles.map((b) => path.basename(b.file))).toEqual(['b.test.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
