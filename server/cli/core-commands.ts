import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import { ROLE_IDS, type Role, roleDef } from '@shared/permissions';
import { prepareDatabase } from '../db/prepare';
import { migrateToLatest, migrationStatus } from '../db/migrate';
import { nowIso } from '../db/sql';
import { generatePassword, hashPassword, passwordProblem } from '../modules/identity/passwords';
import { importOrganizations } from '../modules/tenancy/org-import';
import { PLATFORM_TENANT, appendAudit } from '../platform/audit';
import { auditTenants, latestCheckpoint, parseCheckpoint, retainAudit, verifyOrganisation } from '../platform/audit-checkpoints';
import { AUDIT_KEY_FILE } from '../platform/audit-keys';
import { systemCtx } from '../platform/context';
import { AppError } from '../platform/errors';
import { newId } from '../platform/ids';
import { cliLang, configOrExit, fail, findOrg, guarded, openConfigured, out, progressBar, readInputFile } from './support';


export function registerCoreCommands(program: Command): void {
  program
    .command('serve')
    .description('Webサーバーを起動する（既定 http://127.0.0.1:3000） / start the web server')
    .option('--demo', 'デモ団体（【デモ】しるべ市）を作成して起動する / create the demo organisation')
    .action(async (opts: { demo?: boolean }) => {
      const config = configOrExit();
      // Loaded only here: the server pulls in every module, which the other commands do not need.
      const { StartError, startServer } = await import('../main');
      try {
        await startServer(config, { demo: opts.demo });
      } catch (e) {
        if (e instanceof StartError) fail(e.message, 1);
        // e.g. an invalid guideline catalog: its message names the file and the id.
        if (e instanceof AppError) fail(e.message, 1);
        throw e;
      }
      // Keep running until a signal stops the server.
      await new Promise(() => {});
    });

  const db = program.command('db').description('データベースの管理 / database management');
  db.command('migrate')
    .description('マイグレーションを最新まで適用する / apply migrations')
    .action(async () => {
      const config = configOrExit();
      const handle = openConfigured(config);
      try {
        const r = await migrateToLatest(handle.db);
        const applied = r.results?.filter((x) => x.status === 'Success').map((x) => x.migrationName) ?? [];
        out(applied.length ? `適用しました / applied: ${applied.join(', ')}` : '最新です / already up to date');
        await prepareDatabase(handle);
      } finally {
        await handle.close();
      }
    });
  db.command('status')
    .description('マイグレーションの適用状況を表示する / show migration status')
    .action(async () => {
      const config = configOrExit();
      const handle = openConfigured(config);
      try {
        const list = await migrationStatus(handle.db);
        out(`データベース / database: ${config.dbKind === 'sqlite' ? config.sqlitePath : 'PostgreSQL'}`);
        for (const m of list) out(`  ${m.executedAt ? '適用済' : '未適用'}  ${m.name}${m.executedAt ? `  (${m.executedAt})` : ''}`);
        const pending = list.filter((m) => !m.executedAt).length;
        out(pending ? `未適用 ${pending} 件 — shirube db migrate で適用してください。` : 'すべて適用済みです / all applied');
      } finally {
        await handle.close();
      }
    });

  const admin = program.command('admin').description('管理者の操作 / administration');
  admin
    .command('create')
    .description('管理者アカウントを作成する（仮パスワードを一度だけ表示） / create an administrator')
    .requiredOption('--org <ref>', '団体コード（6桁）、団体ID、または demo')
    .requiredOption('--email <email>', 'メールアドレス')
    .requiredOption('--name <name>', '氏名')
    .option('--role <role...>', `役割（既定 orgAdmin）: ${ROLE_IDS.join(', ')}`)
    .option('--password-stdin', 'パスワードを標準入力から読む（指定しなければ仮パスワードを生成）')
    .action(async (opts: { org: string; email: string; name: string; role?: string[]; passwordStdin?: boolean }) => {
      const config = configOrExit();
      const handle = openConfigured(config);
      try {
        await prepareDatabase(handle);
        const org = await findOrg(handle.db, opts.org);
        const roles = (opts.role ?? ['orgAdmin']) as Role[];
        for (const r of roles) {
          if (!ROLE_IDS.includes(r)) fail(`不明な役割 / unknown role: ${r}`, 2);
          if (roleDef(r).assignTo !== 'organization') fail(`役割 ${r} は部局・課室に付与するため、画面から登録してください。 / ${r} needs a unit; use the web UI.`, 2);
        }
        const email = opts.email.trim().toLowerCase();
        if (!/^[^@\s]+@[^@\s]+$/.test(email)) fail(`メールアドレスの形式が正しくありません / invalid e-mail: ${opts.email}`, 2);
        let password: string;
        let generated = false;
        if (opts.passwordStdin) {
          const chunks: Buffer[] = [];
          for await (const c of process.stdin) chunks.push(c as Buffer);
          password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
          const problem = passwordProblem(password, { email });
          if (problem) fail(`${problem.ja} / ${problem.en}`, 2);
        } else {
          password = generatePassword();
          generated = true;
        }
        const hashed = await hashPassword(password, { memoryKiB: config.SHIRUBE_ARGON2_MEMORY_KIB, iterations: config.SHIRUBE_ARGON2_ITERATIONS });
        const now = nowIso();
        const userId = newId();
        await handle.db.transaction().execute(async (trx) => {
          if (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
            fail(`このメールアドレスは既に登録されています / already registered: ${email}`, 2);
          }
          await trx
            .insertInto('users')
            .values({
              tenantId: org.id,
              id: userId,
              email,
              displayName: opts.name,
              displayNameKana: null,
              sectionId: null,
              contractorId: null,
              employment: 'regular',
              passwordHash: hashed,
              status: 'active',
              mustChangePassword: generated ? 1 : 0,
              passwordChangedAt: generated ? null : now,
              mfaSecret: null,
              mfaPendingSecret: null,
              mfaEnabledAt: null,
              mfaLastStep: null,
              inviteTokenHash: null,
              inviteExpiresAt: null,
              lastLoginAt: null,
              disabledAt: null,
              createdAt: now,
              updatedAt: now,
            })
            .execute();
          for (const role of roles) {
            await trx
              .insertInto('roleAssignments')
              .values({ tenantId: org.id, id: newId(), userId, role, scopeKind: 'organization', scopeId: null, grantedBy: null, grantedAt: now, revokedBy: null, revokedAt: null })
              .execute();
          }
          await appendAudit(trx, systemCtx(org.id, 'system:cli').audit, { action: 'user.create', targetType: 'user', targetId: userId, changes: { email, roles, via: 'cli' } });
        });
        out(`${org.name} に ${opts.name}（${email}）を登録しました。役割: ${roles.map((r) => roleDef(r).ja).join('・')}`);
        if (generated) {
          out(`仮パスワード / temporary password: ${password}`);
          out('初回サインイン時にパスワードの変更と多要素認証の登録が必要です。この表示は一度だけです。');
          out('At first sign-in the password must be changed and MFA enrolled. This is shown only once.');
        }
      } finally {
        await handle.close();
      }
    });

  program
    .command('backup')
    .description('バックアップを作成する（SQLite: 稼働中でも一貫したコピー / PostgreSQL: pg_dump） / make a backup')
    .option('--out <file>', '出力先（既定 data/backups/shirube-日時.db）')
    .action(async (opts: { out?: string }) => {
      const config = configOrExit();
      const stamp = nowIso().replace(/[-:]/g, '').replace(/\..+$/, '').replace('T', '-');
      if (config.dbKind === 'postgres') {
        const file = opts.out ?? path.join(config.dataDir, 'backups', `shirube-${stamp}.dump`);
        mkdirSync(path.dirname(file), { recursive: true });
        const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, config.DATABASE_URL as string], { stdio: 'inherit' });
        if (r.error || r.status !== 0) {
          fail(`pg_dump が失敗しました。docs/operations.md の手順で実行してください。 / pg_dump failed; see docs/operations.md.`, 1);
        }
        copyKey(config.dataDir, file);
        out(`バックアップを作成しました / backup written: ${file}`);
        return;
      }
      if (!existsSync(config.sqlitePath)) fail(`データベースがありません / no database at ${config.sqlitePath}`, 1);
      const file = opts.out ?? path.join(config.dataDir, 'backups', `shirube-${stamp}.db`);
      mkdirSync(path.dirname(file), { recursive: true });
      const source = new SQLite(config.sqlitePath, { readonly: true, fileMustExist: true });
      const bar = progressBar('バックアップ');
      let started = false;
      try {
        await source.backup(file, {
          progress({ totalPages, remainingPages }) {
            if (!started) {
              bar.start(totalPages, 0);
              started = true;
            }
            bar.update(totalPages - remainingPages);
            return 200;
          },
        });
      } finally {
        if (started) bar.stop();
        source.close();
      }
      chmodSync(file, 0o600);
      copyKey(config.dataDir, file);
      out(`バックアップを作成しました / backup written: ${file}`);
      out(`暗号鍵の控え / instance key copy: ${file}.secret.key（多要素認証の秘密の復号に必要です）`);
    });

  program
    .command('restore <file>')
    .description('バックアップから復元する（サーバーを停止してから実行） / restore a backup (stop the server first)')
    .option('--yes', '確認なしで上書きする / overwrite without asking')
    .action(async (file: string, opts: { yes?: boolean }) => {
      const config = configOrExit();
      if (!existsSync(file)) fail(`ファイルが見つかりません / file not found: ${file}`, 2);
      if (config.dbKind === 'postgres') {
        if (!opts.yes) fail('PostgreSQL への復元は既存データを置き換えます。--yes を付けて実行してください。 / add --yes to replace the data.', 2);
        const r = spawnSync('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${config.DATABASE_URL}`, file], { stdio: 'inherit' });
        if (r.error || r.status !== 0) fail('pg_restore が失敗しました。docs/operations.md を参照してください。 / pg_restore failed.', 1);
        restoreKey(config.dataDir, file);
        out('復元しました / restored');
        return;
      }
      let check: SQLite.Database | null = null;
      try {
        check = new SQLite(file, { readonly: true, fileMustExist: true });
        const ok = check.pragma('integrity_check', { simple: true });
        const hasTables = check.prepare("select count(*) as n from sqlite_master where name in ('organizations','kysely_migration')").get() as { n: number };
        if (ok !== 'ok' || hasTables.n < 2) fail(`しるべのバックアップではないか、壊れています / not a valid Shirube backup: ${file}`, 2);
      } catch (e) {
        if ((e as Error).name === 'CliExit') throw e;
        fail(`SQLiteファイルとして読めません / not an SQLite file: ${file}`, 2);
      } finally {
        check?.close();
      }
      if (!opts.yes) fail('復元すると現在のデータが置き換わります。サーバーを停止し、--yes を付けて実行してください。 / stop the server and add --yes.', 2);
      mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
      if (existsSync(config.sqlitePath)) {
        const aside = `${config.sqlitePath}.before-restore-${Date.now()}`;
        renameSync(config.sqlitePath, aside);
        out(`現在のデータベースを退避しました / current database moved to: ${aside}`);
      }
      for (const ext of ['-wal', '-shm']) rmSync(`${config.sqlitePath}${ext}`, { force: true });
      copyFileSync(file, config.sqlitePath);
      restoreKey(config.dataDir, file);
      const handle = openConfigured(config);
      try {
        await prepareDatabase(handle);
      } finally {
        await handle.close();
      }
      out(`復元しました / restored: ${config.sqlitePath}`);
    });

  const org = program.command('org').description('団体の管理 / organisations');
  org
    .command('import <file>')
    .description('市区町村・一部事務組合をCSVから取り込む（UTF-8/Shift_JIS、1行でも誤りがあれば何も取り込まない） / import organisations from CSV')
    .addHelpText(
      'after',
      '\n列 / columns: 団体コード, 団体名, 種別（市・区・町・村・一部事務組合・広域連合）, 団体名カナ, 英語名, 都道府県コード\n例 / example: docs/examples/organizations.csv',
    )
    .option('--encoding <enc>', '文字コードを指定する（utf-8 | cp932）。既定は自動判別')
    .option('--dry-run', '検査だけ行い、書き込まない / check only')
    .action(async (file: string, opts: { encoding?: 'utf-8' | 'cp932'; dryRun?: boolean }) => {
      if (opts.encoding && !['utf-8', 'cp932'].includes(opts.encoding)) fail('--encoding は utf-8 か cp932 です / --encoding is utf-8 or cp932', 2);
      const config = configOrExit();
      const buf = readInputFile(file, config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
      const handle = openConfigured(config);
      const bar = progressBar('取込み');
      let started = false;
      try {
        await prepareDatabase(handle);
        await guarded(async () => {
          const r = await importOrganizations(handle.db, systemCtx(PLATFORM_TENANT, 'system:cli'), buf, {
            filename: file,
            encoding: opts.encoding,
            dryRun: opts.dryRun,
            onProgress(done, total) {
              if (!started) {
                bar.start(total, 0);
                started = true;
              }
              bar.update(done);
            },
          });
          if (started) bar.stop();
          out(`${opts.dryRun ? '検査のみ（書き込みなし）' : '取り込みました'}: ${r.rows}行（新規 ${r.created}・更新 ${r.updated}・変更なし ${r.unchanged}）文字コード ${r.encoding ?? '-'}`);
        });
      } finally {
        if (started) bar.stop();
        await handle.close();
      }
    });

  const audit = program.command('audit').description('システム管理記録 / audit trail');
  audit
    .command('verify')
    .description('ハッシュチェーン（鍵付き）と署名付き検証点を検証し、最初に壊れている記録を示す / verify the keyed hash chains and signed checkpoints')
    .option('--org <ref>', '団体コード・ID・demo（既定: 存在するすべての団体と基盤）')
    .option('--checkpoint <file>', '外部に保管した検証点（shirube audit checkpoint の出力）と照合する / verify against a checkpoint file')
    .action(async (opts: { org?: string; checkpoint?: string }) => {
      const config = configOrExit();
      const handle = openConfigured(config);
      let broken = 0;
      try {
        await guarded(async () => {
          const external = opts.checkpoint ? parseCheckpoint(readInputFile(opts.checkpoint, 16 * 1024 * 1024).toString('utf8')) : [];
          const fromFile = new Map(external.map((c) => [c.org, c]));
          // Every organisation that exists (and every chain found), not only those with a head row.
          const tenants = opts.org ? [(await findOrg(handle.db, opts.org)).id] : await auditTenants(handle.db);
          for (const c of external) if (!tenants.includes(c.org) && !opts.org) tenants.push(c.org);
          const names = new Map((await handle.db.selectFrom('organizations').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
          for (const t of tenants) {
            const r = await verifyOrganisation(handle.db, t, fromFile.get(t));
            const label = t === PLATFORM_TENANT ? '（基盤 / platform）' : (names.get(t) ?? t);
            if (r.ok) {
              const extra = [r.retainedUpTo ? `保存期間により ${r.retainedUpTo} まで削除済み（署名あり）` : null, r.checkpoints ? `検証点 ${r.checkpoints}件一致` : null].filter(Boolean).join('・');
              out(`OK  ${label}: ${r.checked}件 / head ${r.headHash.slice(0, 16)}…${extra ? ` / ${extra}` : ''}`);
            } else {
              broken++;
              out(`NG  ${label}: 連番 ${r.broken?.seq}${r.broken?.id ? `（ID ${r.broken.id}）` : ''} で破損 — ${r.broken?.reason}`);
            }
          }
          if (opts.org && fromFile.size && !fromFile.has(tenants[0])) fail('検証点のファイルにこの団体の記録がありません / the checkpoint file has no entry for this organisation', 2);
        }, cliLang(program));
      } finally {
        await handle.close();
      }
      if (broken) fail(`${broken}件の団体で改ざんまたは欠落を検出しました / tampering detected in ${broken} chain(s)`, 1);
    });

  audit
    .command('checkpoint')
    .description('各団体の連鎖の先頭に Ed25519 で署名した検証点を出力する（別の場所に保管） / write signed checkpoints of every chain head')
    .option('--org <ref>', '団体コード・ID・demo（既定: すべての団体と基盤）')
    .option('--out <file>', '出力先（既定: 標準出力） / output file (default: standard output)')
    .action(async (opts: { org?: string; out?: string }) => {
      const config = configOrExit();
      const handle = openConfigured(config);
      try {
        const tenants = opts.org ? [(await findOrg(handle.db, opts.org)).id] : await auditTenants(handle.db);
        const list = [];
        for (const t of tenants) list.push(await latestCheckpoint(handle.db, t));
        const text = `${JSON.stringify(opts.org ? list[0] : list, null, 2)}\n`;
        if (opts.out) {
          writeFileSync(opts.out, text, { mode: 0o600 });
          process.stderr.write(`検証点を書き出しました / checkpoints written: ${opts.out}（${list.length}件）\n`);
        } else process.stdout.write(text);
      } finally {
        await handle.close();
      }
    });

  audit
    .command('retain')
    .description('保存期間を過ぎた記録を削除する（唯一の削除手段。署名付きの保存期間検証点を残す） / remove old entries under a signed retention checkpoint')
    .requiredOption('--org <ref>', '団体コード・ID・demo、又は platform')
    .option('--up-to <seq>', 'この連番まで削除する / remove entries 1..seq')
    .option('--before <date>', 'この日付（YYYY-MM-DD、日本時間）より前の記録を削除する / remove entries before this date')
    .option('--yes', '確認なしで実行する / do it without asking')
    .action(async (opts: { org: string; upTo?: string; before?: string; yes?: boolean }) => {
      const config = configOrExit();
      const handle = openConfigured(config);
      try {
        await guarded(async () => {
          const tenantId = opts.org === PLATFORM_TENANT ? PLATFORM_TENANT : (await findOrg(handle.db, opts.org)).id;
          let upTo: number;
          if (opts.upTo !== undefined) {
            if (!/^\d+$/.test(opts.upTo)) fail(`--up-to は連番（整数）です / --up-to must be a sequence number: ${opts.upTo}`, 2);
            upTo = Number(opts.upTo);
          } else if (opts.before !== undefined) {
            if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.before) || Number.isNaN(Date.parse(`${opts.before}T00:00:00+09:00`))) fail(`--before は YYYY-MM-DD です / --before must be YYYY-MM-DD: ${opts.before}`, 2);
            const cut = new Date(`${opts.before}T00:00:00+09:00`).toISOString();
            const last = await handle.db.selectFrom('auditEvents').select((eb) => eb.fn.max('seq').as('seq')).where('tenantId', '=', tenantId).where('occurredAt', '<', cut).executeTakeFirst();
            upTo = Number(last?.seq ?? 0);
            if (!upTo) fail('その日付より前の記録はありません / no entries before that date', 2);
          } else fail('--up-to か --before を指定してください / give --up-to or --before', 2);
          if (!opts.yes) fail(`連番 1〜${upTo} を削除します。先に shirube audit checkpoint で検証点を外部に保管し、--yes を付けて実行してください。 / add --yes`, 2);
          const r = await retainAudit(handle.db, tenantId, upTo, systemCtx(tenantId, 'system:cli').audit);
          out(`削除しました / removed: ${r.removed}件（連番 ${upTo} まで）`);
          out(JSON.stringify(r.checkpoint, null, 2));
        }, cliLang(program));
      } finally {
        await handle.close();
      }
    });
}

// The instance key (secret.key) and the audit trail's key store (audit.key) travel with a backup.
const KEY_FILES = ['secret.key', AUDIT_KEY_FILE];

function copyKey(dataDir: string, backupFile: string): void {
  for (const name of KEY_FILES) {
    const key = path.join(dataDir, name);
    if (existsSync(key)) {
      copyFileSync(key, `${backupFile}.${name}`);
      chmodSync(`${backupFile}.${name}`, 0o600);
    }
  }
}

function restoreKey(dataDir: string, backupFile: string): void {
  for (const name of KEY_FILES) {
    const saved = `${backupFile}.${name}`;
    if (!existsSync(saved)) continue;
    const key = path.join(dataDir, name);
    if (existsSync(key)) renameSync(key, `${key}.before-restore-${Date.now()}`);
    copyFileSync(saved, key);
    chmodSync(key, 0o600);
  }
}
