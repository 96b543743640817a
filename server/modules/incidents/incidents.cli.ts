import type { Command } from 'commander';
import { formatJapanDateTime } from '@shared/era';
import { fail, findOrg, guarded, out, withAppDeps } from '../../cli/support';
import { scanDue } from './obligations.service';
import { ruleById } from './rules/obligations';

/**
 * `shirube incidents due [--hours 24] [--org <ref>] [--json]`: open reports due within the next hours
 * (and every overdue one), in every organisation or one. Exit 1 when any is overdue, 2 on bad input.
 */
export function registerIncidentCommands(program: Command): void {
  const incidents = program.command('incidents').description('インシデント・CSIRT / incidents and the CSIRT');
  incidents
    .command('due')
    .description('期限の迫った・過ぎた外部への報告を一覧する（期限超過があれば終了コード1） / reports due soon or overdue (exit 1 if overdue)')
    .option('--hours <n>', '何時間先までか / look-ahead in hours', '24')
    .option('--org <ref>', '団体コード6桁・ID・demo / organisation')
    .option('--json', 'JSONで出力 / print JSON')
    .action(async (opts: { hours: string; org?: string; json?: boolean }) => {
      const hours = Number(opts.hours);
      if (!Number.isInteger(hours) || hours < 0 || hours > 24 * 90) fail(`--hours は 0〜2160 の整数です / --hours must be a whole number 0–2160: ${opts.hours}`, 2);
      let overdue = 0;
      await guarded(async () => {
        await withAppDeps(async (deps) => {
          const tenantId = opts.org ? (await findOrg(deps.db, opts.org)).id : null;
          const rows = (await scanDue(deps.db, new Date(Date.now() + hours * 3_600_000).toISOString())).filter((r) => !tenantId || r.tenantId === tenantId);
          overdue = rows.filter((r) => new Date(r.dueAt).getTime() < Date.now()).length;
          if (opts.json) {
            out(JSON.stringify(rows, null, 2));
            return;
          }
          out(`期限の迫った報告 ${rows.length}件（うち期限超過 ${overdue}件） / ${rows.length} due, ${overdue} overdue`);
          for (const r of rows) out(`${formatJapanDateTime(r.dueAt)}  ${r.code}  ${ruleById(r.ruleId)?.label.ja ?? r.ruleId}  ${r.title}`);
        });
      });
      if (overdue > 0) process.exitCode = 1;
    });
}
