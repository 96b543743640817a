import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { type CheckResult, type Finding, MODEL_LABELS, SEVERITY_LABELS } from '@shared/network';
import { CliExit, configOrExit, fail, out } from '../../cli/support';
import type { FieldError } from '../../platform/errors';
import { CatalogInvalidError, loadCatalog } from '../catalog/catalog.loader';
import { CatalogServiceImpl } from '../catalog/catalog.service';
import { checkGraph, resolveEdition, validateModel, worst } from './check';
import { parseSource, SourceProblems } from './model/source';
import { networkModelSchema } from './model/schema';
import { RULES } from './rules/index';

/**
 * `shirube network …`: check a network model file against the three-layer rules, list the rules,
 * print the JSON Schema. `check` exits 0 when no finding is an error, 1 when one is, and 2 when
 * the input is invalid (with file:line:col for each problem).
 */

type Lang = 'ja' | 'en';

function langOf(cmd: Command): Lang {
  return (cmd.optsWithGlobals() as { lang?: Lang }).lang === 'en' ? 'en' : 'ja';
}

function catalogOrExit(): CatalogServiceImpl {
  const config = configOrExit();
  try {
    return new CatalogServiceImpl(loadCatalog({ dir: config.catalogDir, cacheDir: path.join(config.dataDir, 'cache') }));
  } catch (e) {
    if (e instanceof CatalogInvalidError) fail(`ガイドラインカタログを読み込めません / The guideline catalog could not be loaded: ${e.message}`, 1);
    throw e;
  }
}

export function formatProblem(p: FieldError, lang: Lang): string {
  const where = p.line !== undefined ? `${p.file ?? ''}:${p.line}:${p.col ?? 1}` : (p.file ?? p.field ?? '');
  return `${where}: ${lang === 'en' ? p.message.en : p.message.ja} [${p.code}]`;
}

function where(f: Finding, file: string): string {
  return f.element.line !== undefined ? ` (${file}:${f.element.line}:${f.element.col ?? 1})` : '';
}

const ELEMENT_WORD: Record<Finding['element']['type'], { ja: string; en: string }> = {
  model: { ja: 'モデル', en: 'model' },
  zone: { ja: 'ゾーン', en: 'zone' },
  node: { ja: 'ノード', en: 'node' },
  link: { ja: '接続', en: 'link' },
};

export function formatText(result: CheckResult, file: string, lang: Lang): string[] {
  const t = (x: { ja: string; en: string }) => (lang === 'en' ? x.en : x.ja);
  const lines: string[] = [];
  const m = MODEL_LABELS[result.model];
  lines.push(
    lang === 'en'
      ? `Network model check: ${file} — ${m.en}, edition ${result.edition}; ${result.counts.zones} zones, ${result.counts.nodes} nodes, ${result.counts.links} links`
      : `ネットワーク構成の検査: ${file} — ${m.ja}、${result.edition}版、ゾーン ${result.counts.zones}・ノード ${result.counts.nodes}・接続 ${result.counts.links}`,
  );
  for (const f of result.findings) {
    const el = `${t(ELEMENT_WORD[f.element.type])} ${f.element.id}`;
    lines.push('');
    lines.push(`[${t(SEVERITY_LABELS[f.severity])}] ${f.ruleId} ${el}${where(f, file)}${f.inferred ? (lang === 'en' ? ' (inferred My Number segment)' : '（マイナンバー利用事務系と推定）') : ''}`);
    lines.push(`  ${t(f.message)}`);
    lines.push(`  ${lang === 'en' ? 'Remedy' : '対処'}: ${t(f.remedy)}`);
    if (f.catalog.length) lines.push(`  ${lang === 'en' ? 'Catalog' : 'カタログ'}: ${f.catalog.join(', ')}`);
    if (f.provisional) lines.push(`  ${lang === 'en' ? 'Provisional: this rule rests on facts not yet confirmed.' : '暫定: この規則は確認途中の事実にもとづきます。'}`);
  }
  if (result.truncated) lines.push('', lang === 'en' ? `… ${result.truncated} more finding(s) not shown` : `… ほか ${result.truncated} 件は表示していません`);
  if (result.unresolvedAssets > 0) {
    lines.push(
      '',
      lang === 'en'
        ? `Note: ${result.unresolvedAssets} asset reference(s) name the register, which this command does not read; their classes were not checked.`
        : `注: 台帳のIDで書かれた情報資産 ${result.unresolvedAssets} 件は、このコマンドでは台帳を読まないため、分類を確かめていません。`,
    );
  }
  const s = result.summary;
  lines.push(
    '',
    lang === 'en'
      ? `Summary: ${s.error} error(s), ${s.warning} warning(s), ${s.info} info (${s.total} in all)`
      : `集計: 違反 ${s.error} 件・注意 ${s.warning} 件・情報 ${s.info} 件（計 ${s.total} 件）`,
  );
  return lines;
}

export function registerNetworkCommands(program: Command): void {
  const network = program.command('network').description('三層の対策のネットワーク構成 / the three-layer network model');

  network
    .command('check <file>')
    .description('構成モデル（YAML・JSON）をガイドラインの規則で検査する / check a network model file')
    .addOption(new Option('--format <format>', '出力の形式 / output format').choices(['text', 'json']).default('text'))
    .option('--edition <edition>', '検査に使う版（例: R7.3）。既定はモデルの edition、なければ現行版 / guideline edition')
    .option('--max-mb <mb>', 'ファイルの上限（MB）。既定は SHIRUBE_IMPORT_LIMIT_MB / size limit in MB')
    .addHelpText('after', '\n終了コード / exit codes: 0 違反なし / no errors, 1 違反あり / errors found, 2 入力の誤り / invalid input\n例 / example: shirube network check docs/examples/network-alpha-town.yaml')
    .action((file: string, opts: { format: 'text' | 'json'; edition?: string; maxMb?: string }, cmd: Command) => {
      const lang = langOf(cmd);
      const config = configOrExit();
      const limitMb = opts.maxMb !== undefined ? Number(opts.maxMb) : config.SHIRUBE_IMPORT_LIMIT_MB;
      if (!Number.isFinite(limitMb) || limitMb <= 0) fail('--max-mb は正の数です / --max-mb must be a positive number', 2);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        fail(`ファイルが見つかりません / file not found: ${file}`, 2);
      }
      if (size > limitMb * 1024 * 1024) {
        fail(`${file}: ファイルが大きすぎます（${(size / 1024 / 1024).toFixed(1)} MB、上限 ${limitMb} MB） / file too large (${(size / 1024 / 1024).toFixed(1)} MB, limit ${limitMb} MB)`, 2);
      }
      const catalog = catalogOrExit();
      let result: CheckResult;
      try {
        const source = parseSource(readFileSync(file, 'utf8'), file);
        const graph = validateModel(source);
        const edition = resolveEdition(source, graph, opts.edition, catalog);
        result = checkGraph(graph, { edition, source, catalogHas: (id) => catalog.node(edition, id) !== undefined });
      } catch (e) {
        if (e instanceof SourceProblems) {
          process.stderr.write(lang === 'en' ? `The model is invalid (${e.problems.length} problem(s)); nothing was checked.\n` : `モデルに誤りがあります（${e.problems.length}件）。検査していません。\n`);
          for (const p of e.problems) process.stderr.write(`${formatProblem(p, lang)}\n`);
          throw new CliExit(2);
        }
        throw e;
      }
      if (opts.format === 'json') out(JSON.stringify(result, null, 2));
      else for (const line of formatText(result, file, lang)) out(line);
      if (worst(result) === 'error') throw new CliExit(1);
    });

  network
    .command('rules')
    .description('検査の規則の一覧 / list the rules of the checker')
    .option('--edition <edition>', 'カタログの項目を示す版 / edition for catalog items')
    .action((opts: { edition?: string }, cmd: Command) => {
      const lang = langOf(cmd);
      const catalog = catalogOrExit();
      const edition = opts.edition ?? catalog.current().id;
      if (!catalog.hasEdition(edition)) fail(`版「${edition}」は見つかりません / Edition "${edition}" was not found`, 2);
      for (const r of RULES) {
        const items = r.catalog.filter((c) => catalog.node(edition, c.id) !== undefined).map((c) => c.id);
        out(`${r.id}\t${r.severity}\t${lang === 'en' ? r.title.en : r.title.ja}\t${items.join(', ')}${r.provisional ? (lang === 'en' ? '\tprovisional' : '\t暫定') : ''}`);
      }
    });

  network
    .command('schema')
    .description('構成モデルの JSON Schema を出力する / print the JSON Schema of the model format')
    .action(() => {
      out(JSON.stringify(networkModelSchema, null, 2));
    });
}
