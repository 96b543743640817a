import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { japanDate } from '@shared/era';
import { CATEGORY_LABELS, MEDIA_KINDS, MEDIA_LABELS, type MediaKind, STORAGE_KINDS, STORAGE_OF_MEDIA, type StorageKind } from '@shared/disposal';
import { type Command, Option } from 'commander';
import { cliLang, fail, findOrg, guarded, out, readInputFile, withAppDeps } from '../../cli/support';
import { systemCtx } from '../../platform/context';
import { exportRegister } from './disposal.exports';
import { importItemsFrom } from './disposal.projects';
import { certificateSource, leaseSource } from './disposal.reminders';
import { RULE_SETS, RuleError, evaluate } from './rules/disposal-rules';

/**
 * `shirube disposal rules` prints what a medium's class allows under an edition (no database);
 * `shirube disposal import <file> --org <ref> --project <code>` adds items to a project (all or
 * nothing); `shirube disposal export --org <ref> --out <file>` writes the register (.xlsx);
 * `shirube disposal due [--date]` lists what the daily reminders would say (read-only).
 * Exit codes: 0 success, 2 bad input.
 */




export function registerDisposalCommands(program: Command): void {
  const disposal = program.command('disposal').description('機器等の廃棄 / equipment and media disposal');

  disposal
    .command('rules')
    .description('分類・媒体ごとに認められる方法と必要な証跡を表示する / show allowed methods and required proof')
    .addOption(new Option('--edition <id>', '版 / edition').default('R8.3').choices(RULE_SETS.flatMap((r) => r.editions)))
    .addOption(new Option('--media <kind>', '機器・媒体の種類 / media kind').choices([...MEDIA_KINDS]))
    .addOption(new Option('--storage <kind>', '記憶装置 / storage').choices([...STORAGE_KINDS]))
    .addOption(new Option('--class <level>', '機密性 / confidentiality').choices(['3A', '3B', '3C', '3', '2', '1']).makeOptionMandatory())
    .option('--my-number', 'マイナンバー利用事務系の住民情報 / My Number resident data')
    .option('--cloud', 'クラウド上のデータ / cloud data')
    .action((opts: { edition: string; media?: MediaKind; storage?: StorageKind; class: string; myNumber?: boolean; cloud?: boolean }, cmd: Command) =>
      guarded(async () => {
        const en = cliLang(cmd) === 'en';
        if (!opts.cloud && !opts.media) fail('--media か --cloud を指定してください / give --media or --cloud', 2);
        const storage = opts.cloud ? null : (opts.storage ?? STORAGE_OF_MEDIA[opts.media as MediaKind][0]);
        let ev: ReturnType<typeof evaluate>;
        try {
          ev = evaluate(opts.edition, { target: opts.cloud ? 'cloud' : 'device', mediaKind: opts.cloud ? null : (opts.media as MediaKind), storage, confidentiality: opts.class, myNumberResident: Boolean(opts.myNumber) });
        } catch (e) {
          if (e instanceof RuleError) fail(`${e.messages.ja} / ${e.messages.en}`, 2);
          throw e;
        }
        const t = (l: { ja: string; en: string }) => (en ? l.en : l.ja);
        const p = (b: boolean) => (b ? (en ? ' [provisional]' : '【暫定】') : '');
        out(`${ev.edition} — ${t(ev.ruleSet.label)}`);
        out(`${en ? 'Category' : '区分'}: ${t(CATEGORY_LABELS[ev.category])}${opts.media ? ` (${t(MEDIA_LABELS[opts.media])})` : ''}`);
        out(en ? 'Allowed:' : '認められる方法:');
        for (const a of ev.allowed) out(`  ✓ ${a.method}  ${t(a.label)}  [${a.refs.join(', ')}]${p(a.provisional)}`);
        out(en ? 'Required proof:' : '必要な証跡:');
        for (const x of ev.proof) out(`  ${x.level === 'required' ? '●' : '○'} ${x.kind}  ${t(x.label)}${p(x.provisional)}`);
        out(en ? 'Not allowed:' : '認められない方法:');
        for (const r of ev.refused) out(`  ✗ ${r.method}  ${t(r.reason)}  [${r.refs.join(', ')}]${p(r.provisional)}`);
      }, cliLang(cmd)),
    );

  disposal
    .command('import <file>')
    .description('プロジェクトに対象を .xlsx/.csv から追加する（誤りが一つでもあれば何も登録しない） / add items to a project (all or nothing)')
    .requiredOption('--org <ref>', '団体コード（6桁）、団体ID、または demo')
    .requiredOption('--project <code>', 'プロジェクトの管理番号（例: P2026-0001） / project code')
    .option('--dry-run', '確認だけ行い、書き込まない / check only, write nothing')
    .action(async (file: string, opts: { org: string; project: string; dryRun?: boolean }, cmd: Command) =>
      guarded(
        () =>
          withAppDeps(async (deps) => {
            const buf = readInputFile(file, deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
            const org = await findOrg(deps.db, opts.org);
            const project = await deps.db.selectFrom('disposalProjects').selectAll().where('tenantId', '=', org.id).where('code', '=', opts.project).executeTakeFirst();
            if (!project) fail(`プロジェクトが見つかりません / project not found: ${opts.project}`, 2);
            const r = await importItemsFrom(deps, systemCtx(org.id, 'system:cli'), project, buf, path.basename(file), opts.dryRun === true);
            out(`${r.dryRun ? '確認のみ（書き込みなし） / dry run (nothing written)' : '登録しました / created'}: ${r.created}件 / items (${r.codes.first ?? '—'} … ${r.codes.last ?? '—'})`);
          }),
        cliLang(cmd),
      ),
    );

  disposal
    .command('export')
    .description('廃棄台帳を .xlsx に出力する（和暦） / export the disposal register')
    .requiredOption('--org <ref>', '団体コード（6桁）、団体ID、または demo')
    .requiredOption('--out <file>', '出力先 / output file')
    .option('--open', '未完了のみ / open disposals only')
    .action(async (opts: { org: string; out: string; open?: boolean }, cmd: Command) =>
      guarded(
        () =>
          withAppDeps(async (deps) => {
            const org = await findOrg(deps.db, opts.org);
            const buf = await exportRegister(deps, systemCtx(org.id, 'system:cli'), opts.open ? { open: 'true' } : {});
            writeFileSync(opts.out, buf);
            out(`出力しました / written: ${opts.out} (${buf.length} bytes)`);
          }),
        cliLang(cmd),
      ),
    );

  disposal
    .command('due')
    .description('日次のお知らせの対象（証明書の期限・リース終了）を表示する（送信しない） / list what the daily reminders would say (read-only)')
    .option('--date <yyyy-mm-dd>', '基準日（既定は今日） / day (default today)')
    .action(async (opts: { date?: string }, cmd: Command) =>
      guarded(
        () =>
          withAppDeps(async (deps) => {
            const day = opts.date ?? japanDate();
            if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) fail('日付は YYYY-MM-DD で指定してください / use YYYY-MM-DD', 2);
            const en = cliLang(cmd) === 'en';
            for (const source of [certificateSource(), leaseSource()]) {
              const items = await source.scan(deps.db, day);
              out(`${en ? source.label.en : source.label.ja}: ${items.length}`);
              for (const i of items) out(`  [${i.severity}] ${en ? i.title.en : i.title.ja}  ${i.link}`);
            }
          }),
        cliLang(cmd),
      ),
    );
}
