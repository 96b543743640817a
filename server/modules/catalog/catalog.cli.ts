import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { CatalogStatsRow, EditionDiff } from '@shared/catalog';
import { configOrExit, fail, out } from '../../cli/support';
import { AppError } from '../../platform/errors';
import { CSV_TABLES, type CsvTable, EXPORT_FORMATS, type ExportFormat, exportEdition } from './catalog.export';
import { CatalogInvalidError, type CatalogProblem, loadCatalog } from './catalog.loader';
import { CatalogServiceImpl } from './catalog.service';

/**
 * `shirube catalog …`: validate the catalog files, compare editions, export and count.
 * Exit codes: 0 success, 1 the catalog is invalid, 2 bad input (unknown edition, bad option).
 */

type Lang = 'ja' | 'en';

function langOf(cmd: Command): Lang {
  return (cmd.optsWithGlobals() as { lang?: Lang }).lang === 'en' ? 'en' : 'ja';
}

function problemLine(p: CatalogProblem, lang: Lang): string {
  const at = `${p.file}${p.line ? `:${p.line}${p.col ? `:${p.col}` : ''}` : ''}`;
  const eds = p.editions?.length ? ` [${p.editions.join(', ')}]` : '';
  return `  ${at}${p.id ? ` ${p.id}` : ''} (${p.code})${eds}: ${lang === 'en' ? p.message.en : p.message.ja}`;
}

/** Load the catalog or end the command: exit 1 with every problem listed. */
function load(dir: string | undefined, lang: Lang): CatalogServiceImpl {
  const config = configOrExit();
  try {
    const data = loadCatalog({ dir: dir ? path.resolve(dir) : config.catalogDir, cacheDir: path.join(config.dataDir, 'cache') });
    return new CatalogServiceImpl(data);
  } catch (e) {
    if (e instanceof CatalogInvalidError) {
      process.stderr.write(`ガイドラインカタログに誤りがあります（${e.problems.length}件） / The guideline catalog is invalid (${e.problems.length} problem(s)): ${e.dir}\n`);
      for (const p of e.problems.slice(0, 200)) process.stderr.write(`${problemLine(p, lang)}\n`);
      if (e.problems.length > 200) process.stderr.write(`  … 他 ${e.problems.length - 200} 件 / ${e.problems.length - 200} more\n`);
      fail('カタログを修正してから再実行してください。 / Fix the catalog and run again.', 1);
    }
    throw e;
  }
}

/** An unknown edition ends the command with exit 2 and the editions that do exist. */
function editionOrExit(svc: CatalogServiceImpl, id: string | undefined): string {
  if (id === undefined) return svc.current().id;
  if (svc.hasEdition(id)) return id;
  const known = svc.editions().map((e) => e.id).join(', ');
  fail(`版「${id}」は見つかりません（利用できる版: ${known}） / Edition "${id}" was not found (available: ${known})`, 2);
}

function fmtValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ') : '（なし / none）';
  return JSON.stringify(v);
}

export function printDiffText(d: EditionDiff, lang: Lang): void {
  const t = (ja: string, en: string) => (lang === 'en' ? en : ja);
  out(`${d.from.label}（${d.from.id}）→ ${d.to.label}（${d.to.id}）`);
  out(t(`追加 ${d.counts.added} 件・削除 ${d.counts.removed} 件・変更 ${d.counts.changed} 件`, `${d.counts.added} added, ${d.counts.removed} removed, ${d.counts.changed} changed`));
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  const kind = { node: '', auditItem: t('［監査項目］', '[audit item] '), classification: t('［分類］', '[classification] ') };
  for (const e of d.entries) {
    out('');
    out(`${mark[e.change]} ${e.id}  ${kind[e.kind ?? 'node']}${e.number ? `${e.number} ` : ''}${e.title ?? ''}`);
    if (e.change !== 'changed') continue;
    for (const f of e.fields) {
      out(`    ${f.field}`);
      out(`      ${t('前', 'before')}: ${fmtValue(f.before)}`);
      out(`      ${t('後', 'after ')}: ${fmtValue(f.after)}`);
    }
  }
}

/** Terminal columns a string takes (East Asian wide characters count twice). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

function printStatsText(rows: CatalogStatsRow[], others: CatalogStatsRow[], totals: CatalogStatsRow, lang: Lang): void {
  const t = (ja: string, en: string) => (lang === 'en' ? en : ja);
  const cols = [
    ['sections', t('節', 'sections')],
    ['items', t('項目', 'items')],
    ['subItems', t('細目', 'sub-items')],
    ['auditItems', t('監査項目', 'audit')],
    ['mappedItems', t('附属書A対応', 'mapped')],
    ['annexANone', t('対応なし', 'no-AnnexA')],
    ['provisional', t('暫定', 'provisional')],
  ] as const;
  const w = Math.max(...cols.map(([, h]) => width(h))) + 1;
  out(['    ', ...cols.map(([, h]) => padStart(h, w))].join(''));
  const line = (r: CatalogStatsRow) => out([padEnd(r.number, 4), ...cols.map(([k]) => padStart(String(r[k]), w)), `  ${r.title}`].join(''));
  for (const r of rows) line(r);
  if (others.length) {
    out(t('― 対策基準以外 ―', '-- beyond the control standards --'));
    for (const r of others) line({ ...r, number: r.id });
  }
  out(t('― 合計（監査項目は重複なし） ―', '-- totals (audit items counted once) --'));
  line(totals);
}

async function writeAtomically(file: string, body: Buffer | string): Promise<void> {
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`出力先のフォルダがありません / the output folder does not exist: ${dir}`, 2);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, body);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function registerCatalogCommands(program: Command): void {
  const cat = program.command('catalog').description('ガイドラインカタログ（検証・版の比較・出力・件数） / the guideline catalog');
  // Usage errors (a bad --format choice …) end with exit code 2 through runCli instead of exiting here.
  cat.exitOverride();
  const dirOption = () => new Option('--dir <dir>', 'カタログのディレクトリ（既定は SHIRUBE_CATALOG_DIR） / catalog directory');

  cat
    .command('validate')
    .description('カタログのファイルを検証する / validate the catalog files')
    .addOption(dirOption())
    .action((opts: { dir?: string }, cmd: Command) => {
      const lang = langOf(cmd);
      const svc = load(opts.dir, lang);
      const d = svc.data;
      out(`カタログは正常です / The catalog is valid: ${d.dir}`);
      for (const e of d.editions) {
        const items = e.nodes.filter((n) => n.kind === 'item' || n.kind === 'subItem').length;
        const prov = e.nodes.filter((n) => n.provenance.confidence === 'provisional').length;
        const verified = e.nodes.filter((n) => n.provenance.confidence === 'verified').length;
        out(`  ${e.meta.id.padEnd(6)} ${e.meta.label}${e.meta.current ? '（現行 / current）' : ''}: ${e.nodes.length} nodes, ${items} items+sub-items, ${e.auditItems.length} audit items, ${prov} provisional, ${e.meta.classificationScheme}`);
        out(`         確認済み ${verified}・暫定 ${prov} / nodes verified ${verified}, provisional ${prov}`);
      }
      out(`  controls: Annex A ${d.frameworks.annexA.controls.length}, CLD ${d.frameworks.cld.controls.length}, ordinance ${d.frameworks.ordinance.controls.length}`);
      out(`  files: ${d.files.length}, content hash ${d.contentHash.slice(0, 12)}, load ${Math.round(d.timing.totalMs)} ms (parse cache: ${d.timing.parseCache})`);
    });

  cat
    .command('diff')
    .description('二つの版を比較する（例: shirube catalog diff R7.3 R8.3） / compare two editions')
    .argument('<from>', '比較元の版 / older edition')
    .argument('<to>', '比較先の版 / newer edition')
    .addOption(new Option('--format <format>', '出力形式 / output format').choices(['text', 'json']).default('text'))
    .addOption(dirOption())
    .action((from: string, to: string, opts: { format: 'text' | 'json'; dir?: string }, cmd: Command) => {
      const lang = langOf(cmd);
      const svc = load(opts.dir, lang);
      const d = svc.diff(editionOrExit(svc, from), editionOrExit(svc, to));
      if (opts.format === 'json') out(JSON.stringify(d, null, 2));
      else printDiffText(d, lang);
    });

  cat
    .command('export')
    .description('カタログを出力する（OSCAL・.xlsx・.csv・JSON） / export the catalog')
    .addOption(new Option('--format <format>', '形式 / format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('--edition <id>', '版（既定は現行版） / edition (default: current)')
    .addOption(new Option('--table <table>', '.csv の内容 / what the .csv holds').choices([...CSV_TABLES]).default('tree'))
    .option('--out <file>', '出力ファイル（省略時は標準出力、.xlsx はカレントフォルダ） / output file')
    .addOption(dirOption())
    .action(async (opts: { format: ExportFormat; edition?: string; table: CsvTable; out?: string; dir?: string }, cmd: Command) => {
      const lang = langOf(cmd);
      const svc = load(opts.dir, lang);
      const edition = editionOrExit(svc, opts.edition);
      let file: Awaited<ReturnType<typeof exportEdition>>;
      try {
        file = await exportEdition(svc, edition, opts.format, opts.table);
      } catch (e) {
        if (e instanceof AppError) fail(`${e.messages.ja} / ${e.messages.en}`, 2);
        throw e;
      }
      const target = opts.out ?? (opts.format === 'xlsx' ? path.resolve(file.filename) : undefined);
      if (!target) {
        process.stdout.write(file.body);
        return;
      }
      await writeAtomically(path.resolve(target), file.body);
      process.stderr.write(`出力しました / written: ${path.resolve(target)}\n`);
    });

  cat
    .command('stats')
    .description('章ごとの件数（節・項目・細目・監査項目・対応済み・暫定） / counts per chapter')
    .option('--edition <id>', '版（既定は現行版） / edition (default: current)')
    .addOption(new Option('--format <format>', '出力形式 / output format').choices(['text', 'json']).default('text'))
    .addOption(dirOption())
    .action((opts: { edition?: string; format: 'text' | 'json'; dir?: string }, cmd: Command) => {
      const lang = langOf(cmd);
      const svc = load(opts.dir, lang);
      const s = svc.stats(editionOrExit(svc, opts.edition));
      if (opts.format === 'json') {
        out(JSON.stringify(s, null, 2));
        return;
      }
      out(`${s.edition.label}（${s.edition.id}）${s.edition.current ? ' 現行 / current' : ''} — ${lang === 'en' ? 'counts per chapter' : '章ごとの件数'}`);
      printStatsText(s.chapters, s.others, { id: 'total', number: lang === 'en' ? 'all' : '合計', title: `${s.totals.nodes} nodes`, ...s.totals }, lang);
    });
}
