import type { Command } from 'commander';
import { ROLE_IDS, type Role, roleDef } from '@shared/permissions';
import { prepareDatabase } from '../db/prepare';
import type { Config } from '../config';
import type { DbHandle } from '../db/database';
import { SecretBox } from '../modules/identity/secrets';
import * as users from '../modules/identity/users.service';
import { systemCtx } from '../platform/context';
import type { AppDeps } from '../platform/deps';
import { configOrExit, fail, findOrg, guarded, openConfigured, out, readInputFile } from './support';

/**
 * `shirube user …`: the same user administration as the web UI, for operators at the server.
 * Commands act as the system (the operator has the server in hand) and are recorded in the audit
 * trail as `system:cli`.
 */

function cliDeps(config: Config, handle: DbHandle): AppDeps {
  return {
    config,
    handle,
    db: handle.db,
    dbKind: handle.kind,
    log: console as never,
    routes: [],
    mounted: [],
    onClose: [],
    authenticate: async () => null,
    isAllowedOrigin: () => false,
    services: {
      identity: {
        secrets: SecretBox.fromDataDir(config.dataDir),
        passwordCost: { memoryKiB: config.SHIRUBE_ARGON2_MEMORY_KIB, iterations: config.SHIRUBE_ARGON2_ITERATIONS },
      },
    } as AppDeps['services'],
  };
}

async function withOrg<T>(ref: string, fn: (deps: AppDeps, tenantId: string, base: string) => Promise<T>): Promise<T> {
  const config = configOrExit();
  const handle = openConfigured(config);
  try {
    await prepareDatabase(handle);
    const org = await findOrg(handle.db, ref);
    const base = config.SHIRUBE_PUBLIC_URL?.replace(/\/$/, '') ?? `http://${config.HOST}:${config.PORT}`;
    return await fn(cliDeps(config, handle), org.id, base);
  } finally {
    await handle.close();
  }
}

async function userIdByEmail(deps: AppDeps, tenantId: string, email: string): Promise<string> {
  const u = await deps.db.selectFrom('users').select('id').where('tenantId', '=', tenantId).where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (!u) fail(`利用者が見つかりません / user not found: ${email}`, 2);
  return u.id;
}

async function unitIdByCode(deps: AppDeps, tenantId: string, code: string | undefined): Promise<string | null> {
  if (!code) return null;
  const u = await deps.db.selectFrom('orgUnits').select('id').where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst();
  if (!u) fail(`組織コードが見つかりません / unit not found: ${code}`, 2);
  return u.id;
}

function parseRole(spec: string): { role: Role; unitCode?: string } {
  const [role, unitCode] = spec.split('@');
  if (!ROLE_IDS.includes(role as Role)) fail(`不明な役割 / unknown role: ${role}（${ROLE_IDS.join(', ')}）`, 2);
  return { role: role as Role, unitCode };
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('利用者と役割の管理 / users and roles');

  user
    .command('list')
    .description('利用者の一覧 / list users')
    .requiredOption('--org <ref>', '団体コード・ID・demo')
    .option('--status <status>', 'active | invited | disabled')
    .action(async (opts: { org: string; status?: 'active' | 'invited' | 'disabled' }) =>
      withOrg(opts.org, async (deps, tenantId) => {
        await guarded(async () => {
          const r = await users.listUsers(deps.db, systemCtx(tenantId, 'system:cli'), users.UserListQuery.parse({ status: opts.status, pageSize: 200 }));
          for (const u of r.items) out(`${u.status.padEnd(8)} ${u.email}  ${u.displayName}  ${u.roles.map((x) => roleDef(x.role).ja).join('・')}${u.mfaEnabled ? '  [MFA]' : ''}`);
          out(`${r.total}人 / ${r.total} user(s)`);
        });
      }),
    );

  user
    .command('create')
    .description('利用者を登録する（招待リンクまたは仮パスワードを一度だけ表示） / create a user')
    .requiredOption('--org <ref>', '団体コード・ID・demo')
    .requiredOption('--email <email>', 'メールアドレス')
    .requiredOption('--name <name>', '氏名')
    .option('--section <code>', '所属課室の組織コード')
    .option('--role <role...>', '役割（課室・部局単位は role@組織コード）')
    .option('--password', '招待リンクの代わりに仮パスワードを発行する')
    .action(async (opts: { org: string; email: string; name: string; section?: string; role?: string[]; password?: boolean }) =>
      withOrg(opts.org, async (deps, tenantId, base) => {
        await guarded(async () => {
          const sectionId = await unitIdByCode(deps, tenantId, opts.section);
          const roles = [];
          for (const spec of opts.role ?? []) {
            const { role, unitCode } = parseRole(spec);
            const def = roleDef(role);
            const scopeId = def.assignTo === 'organization' ? null : await unitIdByCode(deps, tenantId, unitCode ?? opts.section);
            roles.push({ role, scopeId });
          }
          const input = users.UserCreateInput.parse({ email: opts.email, displayName: opts.name, sectionId, roles, method: opts.password ? 'password' : 'invite' });
          const r = await users.createUser(deps, systemCtx(tenantId, 'system:cli'), input, base);
          out(`登録しました / created: ${r.user.email}`);
          if (r.inviteUrl) out(`招待リンク / invitation link: ${r.inviteUrl}`);
          if (r.temporaryPassword) out(`仮パスワード / temporary password: ${r.temporaryPassword}`);
        });
      }),
    );

  user
    .command('role')
    .description('役割を付与・解除する / grant or remove a role')
    .argument('<action>', 'add | remove')
    .requiredOption('--org <ref>', '団体コード・ID・demo')
    .requiredOption('--email <email>', 'メールアドレス')
    .requiredOption('--role <role>', '役割（課室・部局単位は role@組織コード）')
    .action(async (action: string, opts: { org: string; email: string; role: string }) =>
      withOrg(opts.org, async (deps, tenantId) => {
        if (action !== 'add' && action !== 'remove') fail('add か remove を指定してください / use add or remove', 2);
        await guarded(async () => {
          const ctx = systemCtx(tenantId, 'system:cli');
          const userId = await userIdByEmail(deps, tenantId, opts.email);
          const { role, unitCode } = parseRole(opts.role);
          const scopeId = roleDef(role).assignTo === 'organization' ? null : await unitIdByCode(deps, tenantId, unitCode);
          if (action === 'add') {
            await users.grantRole(deps, ctx, userId, { role, scopeId });
            out(`付与しました / granted: ${roleDef(role).ja}`);
          } else {
            const view = await users.getUser(deps.db, ctx, userId);
            const a = view.roles.find((r) => r.role === role && (r.scopeId ?? null) === scopeId);
            if (!a) fail('その役割は付与されていません / the user does not hold that role', 2);
            await users.revokeRole(deps, ctx, userId, a.id);
            out(`解除しました / removed: ${roleDef(role).ja}`);
          }
        });
      }),
    );

  for (const [name, status, label] of [
    ['disable', 'disabled', '無効にする（履歴は残す） / disable (history kept)'],
    ['enable', 'active', '有効に戻す / enable again'],
  ] as const) {
    user
      .command(name)
      .description(label)
      .requiredOption('--org <ref>', '団体コード・ID・demo')
      .requiredOption('--email <email>', 'メールアドレス')
      .action(async (opts: { org: string; email: string }) =>
        withOrg(opts.org, async (deps, tenantId) => {
          await guarded(async () => {
            const userId = await userIdByEmail(deps, tenantId, opts.email);
            await users.updateUser(deps, systemCtx(tenantId, 'system:cli'), userId, { status });
            out(`${status === 'disabled' ? '無効にしました / disabled' : '有効にしました / enabled'}: ${opts.email}`);
          });
        }),
      );
  }

  user
    .command('reset-mfa')
    .description('多要素認証をリセットする（次回サインイン時に再登録） / reset MFA')
    .requiredOption('--org <ref>', '団体コード・ID・demo')
    .requiredOption('--email <email>', 'メールアドレス')
    .action(async (opts: { org: string; email: string }) =>
      withOrg(opts.org, async (deps, tenantId) => {
        await guarded(async () => {
          await users.resetMfa(deps, systemCtx(tenantId, 'system:cli'), await userIdByEmail(deps, tenantId, opts.email));
          out(`リセットしました / reset: ${opts.email}`);
        });
      }),
    );

  user
    .command('import <file>')
    .description('利用者を .xlsx/.csv から一括登録する（1行でも誤りがあれば何も登録しない） / import users')
    .requiredOption('--org <ref>', '団体コード・ID・demo')
    .option('--dry-run', '検査だけ行う / check only')
    .action(async (file: string, opts: { org: string; dryRun?: boolean }) =>
      withOrg(opts.org, async (deps, tenantId, base) => {
        const buf = readInputFile(file, deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
        await guarded(async () => {
          const r = await users.importUsers(deps, systemCtx(tenantId, 'system:cli'), buf, file, opts.dryRun === true, base);
          out(`${opts.dryRun ? '検査のみ（登録なし）' : '登録しました'}: ${r.rows}人`);
          for (const i of r.invites) out(`  ${i.email}  ${i.inviteUrl}`);
        });
      }),
    );
}
