import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

/** The `shirube` command as users run it: a real process against a SQLite file. */

const BIN = path.resolve('bin/shirube.js');

function run(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync('node', [BIN, ...args], { env: { ...process.env, SHIRUBE_LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function dataDir() {
  return mkdtempSync(path.join(tmpdir(), 'shirube-cli-'));
}

// Each step starts a process through tsx; on a busy 2-core machine that takes seconds.
describe('shirube CLI', { timeout: 60_000 }, () => {
  it('prints help for every command', () => {
    const r = run(['--help'], {});
    expect(r.code).toBe(0);
    for (const c of ['serve', 'db', 'admin', 'backup', 'restore', 'org', 'audit']) expect(r.out).toContain(c);
    expect(run(['org', 'import', '--help'], {}).out).toContain('団体コード');
  });

  it('stops with one line naming a bad setting, and a non-zero exit', () => {
    const r = run(['serve'], { PORT: 'eighty', SHIRUBE_DATA_DIR: dataDir() });
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('PORT');
    const bad = run(['db', 'status'], { DATABASE_URL: 'mysql://x', SHIRUBE_DATA_DIR: dataDir() });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('DATABASE_URL');
  });

  it('says so when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
        const p = spawn('node', [BIN, 'serve'], { env: { ...process.env, PORT: String(port), SHIRUBE_DATA_DIR: dataDir(), SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false' } });
        let err = '';
        p.stderr.on('data', (d: Buffer) => {
          err += d.toString();
        });
        p.on('exit', (code) => resolve({ code, err }));
      });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`ポート ${port} は既に使用されています`);
    } finally {
      blocker.close();
    }
  });

  it('migrates, creates an administrator, imports organisations, verifies and detects tampering, backs up and restores', () => {
    const dir = dataDir();
    const env = { SHIRUBE_DATA_DIR: dir };
    expect(run(['db', 'status'], env).out).toContain('未適用');
    expect(run(['db', 'migrate'], env).code).toBe(0);
    expect(run(['db', 'status'], env).out).toContain('すべて適用済み');

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, '団体コード,団体名\n131017,誤り区\n');
    const rejected = run(['org', 'import', bad], env);
    expect(rejected.code).toBe(2);
    expect(rejected.err).toContain('2行目');
    expect(rejected.err).toContain('検査数字');

    const imported = run(['org', 'import', 'docs/examples/organizations.csv'], env);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('新規 4');

    const created = run(['admin', 'create', '--org', '132012', '--email', 'admin@hachioji.example.jp', '--name', '管理 太郎'], env);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/仮パスワード \/ temporary password: \S+/);
    const dup = run(['admin', 'create', '--org', '132012', '--email', 'admin@hachioji.example.jp', '--name', 'x'], env);
    expect(dup.code).toBe(2);
    expect(run(['admin', 'create', '--org', '999999', '--email', 'b@x.jp', '--name', 'x'], env).code).toBe(2);
    const weak = run(['admin', 'create', '--org', '132012', '--email', 'c@x.jp', '--name', 'x', '--password-stdin'], env, 'password');
    expect(weak.code).toBe(2);

    // User administration from the command line.
    const invited = run(['user', 'create', '--org', '132012', '--email', 'staff@hachioji.example.jp', '--name', '職員 一郎', '--role', 'cio'], env);
    expect(invited.code).toBe(0);
    expect(invited.out).toContain('/invite#token=');
    expect(run(['user', 'role', 'add', '--org', '132012', '--email', 'staff@hachioji.example.jp', '--role', 'auditor'], env).code).toBe(0);
    expect(run(['user', 'role', 'add', '--org', '132012', '--email', 'staff@hachioji.example.jp', '--role', 'securityManager'], env).code).toBe(2);
    expect(run(['user', 'role', 'remove', '--org', '132012', '--email', 'staff@hachioji.example.jp', '--role', 'cio'], env).code).toBe(0);
    expect(run(['user', 'disable', '--org', '132012', '--email', 'staff@hachioji.example.jp'], env).code).toBe(0);
    const listed = run(['user', 'list', '--org', '132012'], env);
    expect(listed.out).toMatch(/disabled\s+staff@hachioji\.example\.jp/);
    expect(listed.out).toContain('監査人');

    const verified = run(['audit', 'verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('OK');

    const backupFile = path.join(dir, 'backup.db');
    const backup = run(['backup', '--out', backupFile], env);
    expect(backup.code).toBe(0);
    expect(existsSync(backupFile)).toBe(true);
    // The instance key travels with the backup whenever one exists (it is made on the first server start).
    expect(existsSync(`${backupFile}.secret.key`)).toBe(existsSync(path.join(dir, 'secret.key')));

    const db = new SQLite(path.join(dir, 'shirube.db'));
    const org = db.prepare("select id from organizations where lg_code = '132012'").get() as { id: string };
    // The triggers refuse the change; an attacker with the file drops them first.
    expect(() => db.prepare('update audit_events set changes = ? where tenant_id = ? and seq = 1').run('{"tampered":true}', org.id)).toThrow(/refused/);
    db.exec('drop trigger audit_events_no_update');
    db.prepare('update audit_events set changes = ? where tenant_id = ? and seq = 1').run('{"tampered":true}', org.id);
    db.close();
    const tampered = run(['audit', 'verify', '--org', '132012'], env);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('連番 1');

    expect(run(['restore', backupFile], env).code).toBe(2); // needs --yes
    const restored = run(['restore', backupFile, '--yes'], env);
    expect(restored.code).toBe(0);
    expect(run(['audit', 'verify', '--org', '132012'], env).code).toBe(0);
    const notDb = path.join(dir, 'x.db');
    writeFileSync(notDb, 'hello');
    expect(run(['restore', notDb, '--yes'], env).code).toBe(2);
  }, 400_000);

  it('keeps --version for policy export/compare and the program, and drains >64 KiB of output on a pipe before a non-zero exit', () => {
    const dir = dataDir();
    const env = { SHIRUBE_DATA_DIR: dir };
    expect(run(['--version'], env).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run(['-v'], env).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run(['db', 'migrate'], env).code).toBe(0);
    // The command's own --version reaches it: an unknown version id is its error, not the program version.
    const exp = run(['policy', 'export', '--org', '999999', '--version', 'no-such-version'], env);
    expect(exp.out).not.toMatch(/^\d+\.\d+\.\d+\s*$/);
    expect(exp.code).toBe(2);
    expect(exp.err).toContain('999999');
    const cmp = run(['policy', 'compare', '--org', '999999', '--version', 'x', '--edition', 'R7.3'], env);
    expect(cmp.out).not.toMatch(/^\d+\.\d+\.\d+\s*$/);
    expect(cmp.code).toBe(2);
    // 3,000 organisations (every one is verified), one with a tampered trail: exit 1 with > 64 KiB on stdout.
    const db = new SQLite(path.join(dir, 'shirube.db'));
    const now = new Date().toISOString();
    const ins = db.prepare("insert into organizations (id, kind, name, prefecture_code, is_demo, settings, status, created_at, updated_at) values (?, 'municipality', ?, '13', 0, '{}', 'active', ?, ?)");
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) ins.run(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `出力検査用の団体名${'長'.repeat(10)}${i}`, now, now);
    })();
    db.prepare("insert into audit_heads (tenant_id, seq, hash) values ('00000000-0000-4000-8000-000000000000', 3, ?)").run('f'.repeat(64));
    db.close();
    const big = spawnSync('sh', ['-c', `node ${BIN} audit verify | cat`], { env: { ...process.env, SHIRUBE_LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    const lines = big.stdout.trim().split('\n');
    expect(Buffer.byteLength(big.stdout)).toBeGreaterThan(64 * 1024);
    expect(lines.filter((l) => l.startsWith('OK') || l.startsWith('NG')).length).toBeGreaterThanOrEqual(3001); // + reference organisations
    expect(big.stdout).toContain('NG');
    expect(big.stderr).toContain('tampering detected');
  }, 300_000);
});
