import type { Command } from 'commander';
import { isDateOnly, japanDate } from '@shared/era';
import { cliLang, fail, findOrg, guarded, out, withAppDeps } from '../../cli/support';
import { runOrgChecks, scanExpiries } from './checks.service';

/**
 * `shirube vendors check --org <ref>`: every rule over an organisation's contractors and services.
 * `shirube vendors expiry [--org <ref>] [--days 60]`: what ends soon or has ended.
 * Exit codes: 0 nothing of error severity, 1 at least one error finding (for scripts), 2 bad input.
 */




function dayOrExit(value: string | undefined): string {
  if (value === undefined) return japanDate();
  if (!isDateOnly(value)) fail(`日付は YYYY-MM-DD で指定してください / give the date as YYYY-MM-DD: ${value}`, 2);
  return value;
}

export function registerVendorCommands(program: Command): void {
  const vendors = program.command('vendors').description('委託先・外部サービス / contractors and external services');

  vendors
    .command('check')
    .description('組織全体のチェックを実行する（重大な指摘があれば終了コード1） / run every check (exit 1 on an error finding)')
    .requiredOption('--org <ref>', '団体コード6桁・ID・demo / organisation')
    .option('--today <date>', '基準日 YYYY-MM-DD / reference date')
    .option('--json', 'JSONで出力 / print JSON')
    .action(async (opts: { org: string; today?: string; json?: boolean }, cmd: Command) => {
      const l = cliLang(cmd);
      let errors = 0;
      await guarded(async () => {
        await withAppDeps(async (deps) => {
          const org = await findOrg(deps.db, opts.org);
          const today = dayOrExit(opts.today);
          const started = performance.now();
          const r = await runOrgChecks(deps, deps.db, org.id, today);
          const ms = Math.round(performance.now() - started);
          errors = r.counts.error;
          if (opts.json) {
            out(JSON.stringify({ ...r, ms }, null, 2));
            return;
          }
          out(`${org.name}: サービス ${r.services}件・委託事業者 ${r.contractors}件 / services ${r.services}, contractors ${r.contractors} (${ms} ms)`);
          out(`指摘 / findings: 重大 error ${r.counts.error}, 注意 warning ${r.counts.warning}, 参考 info ${r.counts.info}`);
          for (const f of r.findings.filter((x) => x.severity !== 'info')) {
            out(`  [${f.severity}] ${f.ruleId}${f.provisional ? (l === 'en' ? ' (provisional)' : '（暫定）') : ''} ${f.subject.name}: ${l === 'en' ? f.message.en : f.message.ja} (${f.refs.join(', ')})`);
          }
        });
      }, l);
      if (errors > 0) process.exitCode = 1;
    });

  vendors
    .command('expiry')
    .description('有効期限が近い・切れた認証、ISMAP登録、証跡を一覧する / list expiring or expired certifications, registrations and evidence')
    .option('--org <ref>', '団体コード6桁・ID・demo（省略時は全団体） / organisation (all when omitted)')
    .option('--days <n>', '何日先までを対象にするか / horizon in days', '60')
    .option('--today <date>', '基準日 YYYY-MM-DD / reference date')
    .action(async (opts: { org?: string; days: string; today?: string }, cmd: Command) => {
      const l = cliLang(cmd);
      await guarded(async () => {
        const days = Number(opts.days);
        if (!Number.isInteger(days) || days < 0 || days > 3650) fail(`--days は0〜3650の整数で指定してください / --days must be an integer 0–3650: ${opts.days}`, 2);
        await withAppDeps(async (deps) => {
          const tenantId = opts.org ? (await findOrg(deps.db, opts.org)).id : undefined;
          const today = dayOrExit(opts.today);
          const items = await scanExpiries(deps.db, today, { tenantId, horizonDays: days });
          out(`${items.length}件 / item(s) (${today} から${days}日 / within ${days} days of ${today})`);
          for (const x of items.sort((a, b) => a.validUntil.localeCompare(b.validUntil))) {
            out(`  ${x.validUntil} ${x.expired ? (l === 'en' ? 'EXPIRED ' : '期限切れ ') : ''}[${x.type}] ${x.label}`);
          }
        });
      }, l);
    });
}
