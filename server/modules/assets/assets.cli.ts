import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { cliLang, findOrg, guarded, out, progressBar, readInputFile, withAppDeps } from '../../cli/support';
import { appendAuditStandalone } from '../../platform/audit';
import { systemCtx } from '../../platform/context';
import { writeRegister } from './assets.export';
import { importRegister } from './assets.import';

/**
 * `shirube assets import <file> --org <ref> [--dry-run]` and `shirube assets export --org <ref>`.
 * They run in-process with the same services as the server; writes land in the audit trail as
 * the CLI system actor. Exit codes: 0 success, 2 bad input (the errors are listed row by row).
 */




export function registerAssetCommands(program: Command): void {
  const assets = program.command('assets').description('情報資産台帳 / information asset register');

  assets
    .command('import <file>')
    .description('台帳を .xlsx/.csv から取り込む（誤りが一つでもあれば何も書き込まない） / import the register (all or nothing)')
    .requiredOption('--org <ref>', '団体コード（6桁）、団体ID、または demo')
    .option('--dry-run', '確認だけ行い、書き込まない / check only, write nothing')
    .addOption(new Option('--encoding <enc>', 'CSVの文字コード（既定は自動判別） / CSV encoding (default: detect)').choices(['utf-8', 'cp932']))
    .action(async (file: string, opts: { org: string; dryRun?: boolean; encoding?: 'utf-8' | 'cp932' }, cmd: Command) =>
      guarded(
        () =>
          withAppDeps(async (deps) => {
            const buf = readInputFile(file, deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
            const org = await findOrg(deps.db, opts.org);
            const bars = { check: progressBar('確認 / checking'), write: progressBar('書込み / writing') };
            let phase: 'check' | 'write' | null = null;
            const r = await importRegister(deps, systemCtx(org.id, 'system:cli'), buf, path.basename(file), {
              dryRun: opts.dryRun === true,
              encoding: opts.encoding,
              onProgress: (p, done, total) => {
                if (total === 0) return;
                if (phase !== p) {
                  if (phase) bars[phase].stop();
                  bars[p].start(total, 0);
                  phase = p;
                }
                bars[p].update(done);
              },
            }).finally(() => {
              if (phase) bars[phase].stop();
            });
            out(
              `${opts.dryRun ? '確認のみ（書き込みなし） / dry run (nothing written)' : '取り込みました / imported'}: ${org.name} — ${r.rows}行 / rows: 新規 created ${r.created}, 更新 updated ${r.updated}, 変更なし unchanged ${r.unchanged}, 分類 classified ${r.reclassified}（${r.format}${r.encoding ? `, ${r.encoding}` : ''}）`,
            );
          }),
        cliLang(cmd),
      ),
    );

  assets
    .command('export')
    .description('台帳を .xlsx（プルダウンつき）または .csv に出力する / export the register')
    .requiredOption('--org <ref>', '団体コード（6桁）、団体ID、または demo')
    .addOption(new Option('--format <format>', '形式 / format').choices(['xlsx', 'csv']).default('xlsx'))
    .option('--out <file>', '出力先（既定: assets.<形式>） / output file')
    .action(async (opts: { org: string; format: 'xlsx' | 'csv'; out?: string }, cmd: Command) =>
      guarded(
        () =>
          withAppDeps(async (deps) => {
            const org = await findOrg(deps.db, opts.org);
            const file = opts.out ?? `assets.${opts.format}`;
            const stream = createWriteStream(file);
            const r = await writeRegister(deps, systemCtx(org.id, 'system:cli'), { format: opts.format, status: 'all' }, stream);
            if (!stream.writableFinished) await new Promise<void>((res) => stream.once('finish', () => res()));
            await appendAuditStandalone(deps.db, systemCtx(org.id, 'system:cli').audit, { action: 'asset.export', targetType: 'asset', changes: { format: opts.format, rows: r.rows, via: 'cli' } });
            out(`${org.name} の台帳 ${r.rows} 件を ${file} に出力しました / exported ${r.rows} assets to ${file}`);
          }),
        cliLang(cmd),
      ),
    );
}
