import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CompareModel } from './documents.render';
import type { DiffSegment } from '@shared/documents';
import { fail, findOrg, guarded, out, withAppDeps } from '../../cli/support';
import { systemCtx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { compareVersions, proposal } from './documents.compare';
import { EXPORT_FORMATS, EXPORT_SCOPES, type ExportFormat, type ExportScope, compareModel, exportCompare, exportVersion, proposalModel } from './documents.export';
import { listPolicies } from './documents.service';

/**
 * `shirube policy …`: list the policies of an organisation, export a version (docx, pdf, html) and
 * produce the 新旧対照表 of two versions or of a version against a newer guideline edition.
 * Exit codes: 0 success, 1 failure, 2 bad input (unknown organisation, version or edition).
 */



/** The version to use: the one named, else the version in force, else the newest. */
async function pickVersion(deps: AppDeps, orgId: string, versionId: string | undefined): Promise<string> {
  if (versionId) return versionId;
  const { items } = await listPolicies(deps, systemCtx(orgId, 'cli'));
  if (items.length === 0) fail('この団体にはポリシーがありません / the organisation has no policy', 2);
  const p = items[0];
  return p.inForceId ?? p.versions[p.versions.length - 1].id;
}

function segText(segments: DiffSegment[], mark: [string, string]): string {
  return segments.map((s) => (s.changed ? `${mark[0]}${s.text}${mark[1]}` : s.text)).join('');
}

function printCompare(m: CompareModel): void {
  out(m.title);
  for (const s of m.subtitle) out(s);
  out(`（変更 ${m.rows.length} 件。〔〕は改正部分 / brackets mark the changed words）`);
  for (const r of m.rows) {
    out('');
    out(`■ ${r.documentTitle} ${r.after?.label ?? r.before?.label ?? ''} ${r.after?.heading ?? r.before?.heading ?? ''}（${{ added: '新設', removed: '削除', changed: '改正' }[r.change]}）`);
    out(`【改正後】${r.afterSegments.length ? segText(r.afterSegments, ['〔', '〕']) : '（削る）'}`);
    out(`【改正前】${r.beforeSegments.length ? segText(r.beforeSegments, ['〔', '〕']) : '（新設）'}`);
  }
}

export function registerDocumentCommands(program: Command): void {
  const policy = program.command('policy').description('情報セキュリティポリシーの文書 / policy documents');

  policy
    .command('list')
    .description('ポリシーと版の一覧 / list policies and versions')
    .requiredOption('--org <ref>', '団体（団体コード6桁・ID・demo） / organisation')
    .action((opts: { org: string }) =>
      guarded(() =>
        withAppDeps(async (deps) => {
          const org = await findOrg(deps.db, opts.org);
          const { items } = await listPolicies(deps, systemCtx(org.id, 'cli'));
          if (items.length === 0) out('ポリシーはありません / no policies');
          for (const p of items) {
            out(`${p.title}  (${p.id})`);
            for (const v of p.versions) {
              out(`  第${v.versionNo}版  ${v.id}  ${v.state}  ${v.edition}${v.effectiveFrom ? `  施行 ${v.effectiveFrom}` : ''}${v.decisionRef ? `  ${v.decisionRef}` : ''}`);
            }
          }
        }),
      ),
    );

  policy
    .command('export')
    .description('版を Word・PDF・HTML で書き出す / export a version')
    .requiredOption('--org <ref>', '団体（団体コード6桁・ID・demo） / organisation')
    .option('--version <id>', '版のID（省略時は施行中の版） / version id (default: the version in force)')
    .option('--format <format>', `形式 / format: ${EXPORT_FORMATS.join('|')}`, 'docx')
    .option('--scope <scope>', `範囲 / documents: ${EXPORT_SCOPES.join('|')}`, 'all')
    .option('--out <file>', '出力先 / output file')
    .action((opts: { org: string; version?: string; format: string; scope: string; out?: string }) =>
      guarded(() =>
        withAppDeps(async (deps) => {
          if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) fail(`形式は ${EXPORT_FORMATS.join(', ')} のいずれかです / unknown format: ${opts.format}`, 2);
          if (!(EXPORT_SCOPES as readonly string[]).includes(opts.scope)) fail(`範囲は ${EXPORT_SCOPES.join(', ')} のいずれかです / unknown scope: ${opts.scope}`, 2);
          const org = await findOrg(deps.db, opts.org);
          const versionId = await pickVersion(deps, org.id, opts.version);
          const file = await exportVersion(deps, systemCtx(org.id, 'cli'), versionId, opts.format as ExportFormat, opts.scope as ExportScope);
          const target = opts.out ?? file.filename;
          writeFileSync(target, file.data);
          out(`書き出しました / written: ${target} (${file.data.length} bytes)`);
        }),
      ),
    );

  policy
    .command('compare')
    .description('新旧対照表（二つの版、又は新しい版のガイドラインとの比較） / old–new comparison')
    .requiredOption('--org <ref>', '団体（団体コード6桁・ID・demo） / organisation')
    .option('--from <id>', '改正前の版 / older version')
    .option('--to <id>', '改正後の版 / newer version')
    .option('--version <id>', '--edition と比べる版（省略時は施行中の版） / version to compare with --edition')
    .option('--edition <edition>', '新しい版のガイドライン（例 R8.3） / newer guideline edition')
    .option('--format <format>', '形式 / format: text|docx|html', 'text')
    .option('--out <file>', '出力先（docx・html） / output file')
    .action((opts: { org: string; from?: string; to?: string; version?: string; edition?: string; format: string; out?: string }) =>
      guarded(() =>
        withAppDeps(async (deps) => {
          if (!['text', 'docx', 'html'].includes(opts.format)) fail(`形式は text, docx, html のいずれかです / unknown format: ${opts.format}`, 2);
          const org = await findOrg(deps.db, opts.org);
          const ctx = systemCtx(org.id, 'cli');
          let model: CompareModel;
          if (opts.edition) {
            if (!deps.services.catalog.hasEdition(opts.edition)) {
              fail(`版「${opts.edition}」は見つかりません（利用できる版: ${deps.services.catalog.editions().map((e) => e.id).join(', ')}）`, 2);
            }
            const versionId = await pickVersion(deps, org.id, opts.version);
            const p = await proposal(deps, ctx, versionId, opts.edition);
            const title = (await listPolicies(deps, ctx)).items.find((x) => x.id === p.version.policyId)?.title ?? '';
            model = proposalModel(p, title);
          } else {
            if (!opts.from || !opts.to) {
              const { items } = await listPolicies(deps, ctx);
              const vs = items[0]?.versions ?? [];
              if (vs.length < 2) fail('--from と --to（又は --edition）を指定してください / give --from and --to, or --edition', 2);
              opts.from ??= vs[vs.length - 2].id;
              opts.to ??= vs[vs.length - 1].id;
            }
            model = compareModel(await compareVersions(deps, ctx, opts.from, opts.to));
          }
          if (opts.format === 'text') {
            printCompare(model);
            return;
          }
          const file = await exportCompare(model, opts.format as 'docx' | 'html');
          const target = opts.out ?? file.filename;
          writeFileSync(target, file.data);
          out(`書き出しました / written: ${target} (${file.data.length} bytes, ${model.rows.length} rows)`);
        }),
      ),
    );
}
