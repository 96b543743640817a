import { formatEraDate, formatJapanDateTime, japanDate } from '@shared/era';
import {
  CATEGORY_LABELS,
  CLOUD_STATE_LABELS,
  type DisposalState,
  type EventKind,
  MEDIA_LABELS,
  METHOD_INFO,
  PROOF_LABELS,
  type ProofKind,
  STATE_LABELS,
  STORAGE_LABELS,
} from '@shared/disposal';
import type * as Docx from 'docx';
import { lazyRequire } from '../../platform/lazy';
import { loadExcel } from '../../platform/excel';
import type { Db } from '../../db/database';
import { fromJson, isSet } from '../../db/sql';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, err } from '../../platform/errors';
import { neutraliseFormula } from '../../platform/tabular';
import { scopeFor, whereScope } from './disposal.common';
import { getProject } from './disposal.projects';
import { type DisposalListQuery, applyListFilters, getDisposal, isOverdue, namesFor } from './disposal.service';
import type { DisposalsTable } from './disposal.tables';

/** docx is loaded when a Word file is first made, not at start. */
const docx = lazyRequire<typeof Docx>('docx');

/**
 * Exports for audits: the disposal register (.xlsx) and a report per disposal or per project
 * (.docx, or PDF printed by Chromium from the same content). Dates are written in 和暦.
 */

const EXPORT_LIMIT = 200_000;

/** 令和8年3月31日, or 令和8年3月31日 14:05 when a time was recorded. */
export function eraDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = formatJapanDateTime(iso).slice(-5);
  return time === '00:00' ? formatEraDate(iso) : `${formatEraDate(iso)} ${time}`;
}

export function eraDate(date: string | null | undefined): string {
  return date ? formatEraDate(date) : '';
}

function stateLabel(state: DisposalState, target: string): string {
  return (target === 'cloud' ? CLOUD_STATE_LABELS[state]?.ja : undefined) ?? STATE_LABELS[state].ja;
}

function mediaLabel(r: Pick<DisposalsTable, 'target' | 'mediaKind'>): string {
  return r.target === 'cloud' ? MEDIA_LABELS.cloud.ja : r.mediaKind ? MEDIA_LABELS[r.mediaKind].ja : '';
}

async function orgName(db: Db, tenantId: string): Promise<string> {
  const o = await db.selectFrom('organizations').select('name').where('id', '=', tenantId).executeTakeFirst();
  return o?.name ?? '';
}

// ---- register (.xlsx) ---------------------------------------------------------------------

const REGISTER_COLUMNS: Array<{ header: string; width: number }> = [
  { header: '管理番号', width: 15 },
  { header: 'プロジェクト', width: 14 },
  { header: '種類', width: 18 },
  { header: '記憶装置', width: 14 },
  { header: '製造番号', width: 20 },
  { header: '機種・型番', width: 20 },
  { header: '所有形態', width: 9 },
  { header: 'リース終了日', width: 16 },
  { header: '所管課室', width: 14 },
  { header: 'クラウドサービス', width: 18 },
  { header: '適用した版', width: 10 },
  { header: '機密性', width: 8 },
  { header: 'マイナンバー利用事務系の住民情報', width: 12 },
  { header: '区分', width: 28 },
  { header: '方法', width: 30 },
  { header: '状態', width: 16 },
  { header: '申請日', width: 16 },
  { header: '承認日', width: 16 },
  { header: '庁舎内消去日', width: 16 },
  { header: '引渡日', width: 16 },
  { header: '引渡先', width: 22 },
  { header: '破壊・消去日', width: 16 },
  { header: '証明書の提出期限', width: 16 },
  { header: '証明書の受領日', width: 16 },
  { header: '証明書の確認日', width: 16 },
  { header: '完了日', width: 16 },
  { header: '必要な証跡', width: 40 },
  { header: '期限超過', width: 8 },
];

export async function exportRegister(deps: AppDeps, ctx: Ctx, query: Omit<DisposalListQuery, 'page' | 'pageSize' | 'sort'>): Promise<Buffer> {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'disposal.read');
  if (!scope) throw err.forbidden();
  let q = whereScope(db.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId), scope);
  q = applyListFilters(q, query);
  const rows = (await q.orderBy('code').limit(EXPORT_LIMIT + 1).execute()) as DisposalsTable[];
  if (rows.length > EXPORT_LIMIT) {
    throw new AppError(413, 'export_too_large', {
      ja: `出力件数が上限（${EXPORT_LIMIT.toLocaleString()}件）を超えます。条件を絞ってください。`,
      en: `More than ${EXPORT_LIMIT.toLocaleString()} rows; narrow the filter.`,
    });
  }
  const names = await namesFor(db, ctx.tenantId, rows);
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Shirube';
  wb.created = new Date();
  const ws = wb.addWorksheet('廃棄台帳', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = REGISTER_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  const today = japanDate();
  const text = (v: string | null | undefined) => neutraliseFormula(v ?? '');
  for (const r of rows) {
    const proof = fromJson<ProofKind[]>(r.requiredProof, []);
    ws.addRow([
      r.code,
      r.projectId ? (names.projects.get(r.projectId)?.code ?? '') : '',
      mediaLabel(r),
      r.storageKind ? STORAGE_LABELS[r.storageKind].ja : '',
      text(r.serialNumber),
      text(r.model),
      r.ownership === 'leased' ? 'リース' : r.ownership === 'owned' ? '所有' : '',
      eraDate(r.leaseEnd),
      text(names.sections.get(r.sectionId)),
      text(r.serviceName),
      r.edition,
      r.confidentiality,
      isSet(r.myNumberResident) ? '該当' : '',
      CATEGORY_LABELS[r.category].ja,
      r.method ? METHOD_INFO[r.method].label.ja : '未定',
      stateLabel(r.state, r.target),
      eraDateTime(r.requestedAt),
      eraDateTime(r.approvedAt),
      eraDateTime(r.erasedInBuildingAt),
      eraDateTime(r.handedOverAt),
      text([r.contractorName, r.handedTo].filter(Boolean).join(' ')),
      eraDateTime(r.destroyedAt),
      eraDate(r.certificateDueOn),
      eraDateTime(r.certificateReceivedAt),
      eraDateTime(r.certificateCheckedAt),
      eraDateTime(r.closedAt),
      proof.map((p) => PROOF_LABELS[p].ja).join('、'),
      isOverdue(r, today) ? '超過' : '',
    ]);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REGISTER_COLUMNS.length } };
  const about = wb.addWorksheet('出力情報');
  about.columns = [{ width: 22 }, { width: 80 }];
  about.addRows([
    ['団体', await orgName(db, ctx.tenantId)],
    ['出力日', formatEraDate(new Date())],
    ['出力者', ctx.audit.actorLabel],
    ['件数', rows.length],
    ['注記', '区分・方法・必要な証跡は、各記録の「適用した版」の規定からしるべが算出したものです。クラウド上のデータの扱いと証跡の要件は暫定（資料で文言を確認できていないもの）を含みます。'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- report model -------------------------------------------------------------------------

interface Section {
  heading: string;
  rows?: Array<[string, string]>;
  table?: { head: string[]; body: string[][] };
  paragraphs?: string[];
}

export interface Report {
  title: string;
  subtitle: string;
  org: string;
  printedAt: string;
  sections: Section[];
  footnote: string;
}

const EVENT_LABELS: Record<EventKind, string> = {
  requested: '申請',
  updated: '内容の変更',
  approved: '承認',
  erasedInBuilding: '庁舎内で消去',
  handedOver: '事業者へ引渡し',
  custodyTransfer: '受け渡し',
  destroyed: '破壊・消去の完了',
  witnessRecorded: '立会いの記録',
  certificateUploaded: '完了証明書の提出',
  photoUploaded: '写真の提出',
  certificateChecked: '証明書の確認',
  staffChecked: '職員による確認',
  keyDestroyed: '暗号鍵の消去',
  closed: '完了',
  cancelled: '取消し',
};

export async function disposalReport(deps: AppDeps, ctx: Ctx, id: string): Promise<Report> {
  const d = await getDisposal(deps, ctx, id);
  const org = await orgName(deps.db, ctx.tenantId);
  const basics: Array<[string, string]> = [
    ['管理番号', d.code],
    ['状態', stateLabel(d.state, d.target)],
    ['種類', d.target === 'cloud' ? MEDIA_LABELS.cloud.ja : d.mediaKind ? MEDIA_LABELS[d.mediaKind].ja : ''],
  ];
  if (d.target === 'device') {
    basics.push(
      ['記憶装置', d.storageKind ? STORAGE_LABELS[d.storageKind].ja : ''],
      ['製造番号', d.serialNumber ?? ''],
      ['機種・型番', d.model ?? ''],
      ['所有形態', d.ownership === 'leased' ? `リース（終了日 ${eraDate(d.leaseEnd)}${d.lessor ? `、${d.lessor}` : ''}）` : d.ownership === 'owned' ? '所有' : ''],
    );
  } else if (d.service) {
    basics.push(['クラウドサービス', d.service.name ?? ''], ['テナント等', d.service.tenant ?? ''], ['データ', d.service.data ?? ''], ['暗号鍵', d.service.keys ?? '']);
  }
  if (d.section) basics.push(['所管課室', d.section.name ?? '']);
  if (d.project) basics.push(['プロジェクト', `${d.project.code} ${d.project.name}`]);
  basics.push(
    ['適用した版と規定', `${d.edition}：${d.evaluation.ruleSet.label.ja}`],
    ['機密性（最も高いもの）', d.confidentiality],
    ['区分', d.evaluation.categoryLabel.ja],
    ['方法', d.method ? `${METHOD_INFO[d.method].label.ja}${d.evaluation.allowed.find((a) => a.method === d.method)?.provisional ? '（暫定）' : ''}` : '未定'],
    ['委託事業者', d.contractor?.name ?? ''],
    ['証明書の提出期限', eraDate(d.certificateDueOn)],
  );
  const sections: Section[] = [{ heading: '基本情報', rows: basics }];
  if (d.assets.length) {
    sections.push({
      heading: '記録されていた情報資産',
      table: { head: ['資産コード', '名称', '機密性', '系統', '住民情報'], body: d.assets.map((a) => [a.code, a.name, a.confidentiality ?? '', a.segment ?? '', a.residentData ? 'あり' : '']) },
    });
  }
  sections.push({
    heading: '必要な証跡と充足状況',
    table: {
      head: ['証跡', '要否', '状況', '根拠'],
      body: d.proof.map((p) => [p.label.ja, p.level === 'required' ? '必須' : '推奨', p.met ? `充足${p.detail ? `（${p.detail.ja}）` : ''}` : '未充足', `${p.refs.join('・')}${p.provisional ? '（暫定）' : ''}`]),
    },
  });
  sections.push({
    heading: '経過',
    table: { head: ['日時', '内容', '記録者', '備考'], body: d.events.map((e) => [eraDateTime(e.occurredAt), EVENT_LABELS[e.kind as EventKind] ?? e.kind, e.actor, [e.to, e.place, e.note].filter(Boolean).join(' / ')]) },
  });
  sections.push({
    heading: '引渡しの記録（受け渡しの連鎖）',
    table: d.custody.length
      ? { head: ['日時', '渡した者', '受け取った者', '場所'], body: d.custody.map((c) => [eraDateTime(c.at), c.from ?? '', c.to ?? '', c.place ?? '']) }
      : undefined,
    paragraphs: d.custody.length ? undefined : ['引渡しの記録はありません。'],
  });
  sections.push({
    heading: '立会い',
    table: d.witnesses.length ? { head: ['立ち会った職員', '開始', '終了'], body: d.witnesses.map((w) => [w.name, eraDateTime(w.from), eraDateTime(w.until)]) } : undefined,
    paragraphs: d.witnesses.length ? undefined : ['立会いの記録はありません。'],
  });
  sections.push({
    heading: '証跡ファイル',
    table: d.evidence.length
      ? { head: ['種類', 'ファイル名', 'SHA-256', '提出者・日時'], body: d.evidence.map((e) => [e.kind === 'certificate' ? '完了証明書' : '写真', e.filename, e.sha256, `${e.uploadedBy} ${eraDateTime(e.uploadedAt)}`]) }
      : undefined,
    paragraphs: d.evidence.length ? undefined : ['提出された証跡ファイルはありません。'],
  });
  if (d.missingForClose.length && d.state !== 'closed' && d.state !== 'cancelled') {
    sections.push({ heading: '完了までに不足しているもの', paragraphs: d.missingForClose.map((m) => `・${m.ja}`) });
  }
  return {
    title: '機器等の廃棄等 記録書',
    subtitle: `${d.code}${d.serialNumber ? `（製造番号 ${d.serialNumber}）` : d.service?.name ? `（${d.service.name}）` : ''}`,
    org,
    printedAt: formatEraDate(new Date()),
    sections,
    footnote: `根拠: ${d.evaluation.refs.join('・')}。方法と証跡はしるべが版の規定から算出したもので、「暫定」とあるものは資料で文言を確認できていない規定にもとづきます。`,
  };
}

export async function projectReport(deps: AppDeps, ctx: Ctx, id: string): Promise<Report> {
  const p = await getProject(deps, ctx, id);
  const scope = await scopeFor(deps.db, ctx, 'disposal.read');
  if (!scope) throw err.forbidden();
  const rows = (await whereScope(deps.db.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId).where('projectId', '=', id), scope)
    .orderBy('code')
    .execute()) as DisposalsTable[];
  const evidence = rows.length
    ? await deps.db
        .selectFrom('disposalEvidence')
        .select(['disposalId', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where('tenantId', '=', ctx.tenantId)
        .where('disposalId', 'in', (eb) => eb.selectFrom('disposals').select('id').where('tenantId', '=', ctx.tenantId).where('projectId', '=', id))
        .groupBy(['disposalId', 'kind'])
        .execute()
    : [];
  const ev = new Map<string, { c: number; p: number }>();
  for (const e of evidence) {
    const x = ev.get(e.disposalId) ?? { c: 0, p: 0 };
    if (e.kind === 'certificate') x.c = Number(e.n);
    else x.p = Number(e.n);
    ev.set(e.disposalId, x);
  }
  const today = japanDate();
  const org = await orgName(deps.db, ctx.tenantId);
  const counts = Object.entries(p.counts.byState)
    .filter(([, n]) => n > 0)
    .map(([s, n]): [string, string] => [STATE_LABELS[s as DisposalState].ja, `${n}件`]);
  return {
    title: '機器等の廃棄等 プロジェクト報告書',
    subtitle: `${p.code} ${p.name}`,
    org,
    printedAt: formatEraDate(new Date()),
    sections: [
      {
        heading: '概要',
        rows: [
          ['プロジェクト', `${p.code} ${p.name}`],
          ['所管課室', p.sectionName ?? ''],
          ['適用した版', p.edition],
          ['委託事業者', p.contractor?.name ?? ''],
          ['予定日', eraDate(p.scheduledOn)],
          ['証明書の提出期限', `引渡しから${p.certificateDays}日`],
          ['件数', `${p.counts.total}件（未完了 ${p.counts.open}件、証明書の期限超過 ${p.counts.overdue}件）`],
          ...counts,
        ],
      },
      {
        heading: '対象の一覧',
        table: {
          head: ['管理番号', '製造番号', '機種', '方法', '状態', '引渡日', '破壊・消去日', '証明書・写真', '完了日'],
          body: rows.map((r) => [
            r.code,
            r.serialNumber ?? '',
            r.model ?? '',
            r.method ? METHOD_INFO[r.method].label.ja : '未定',
            `${stateLabel(r.state, r.target)}${isOverdue(r, today) ? '（証明書期限超過）' : ''}`,
            eraDate(r.handedOverAt ? japanDate(r.handedOverAt) : null),
            eraDate(r.destroyedAt ? japanDate(r.destroyedAt) : null),
            `${ev.get(r.id)?.c ?? 0} / ${ev.get(r.id)?.p ?? 0}`,
            eraDate(r.closedAt ? japanDate(r.closedAt) : null),
          ]),
        },
      },
    ],
    footnote: '各機器の経過・立会い・証跡の詳細は、機器ごとの記録書に記載しています。方法と証跡はしるべが版の規定から算出したもので、「暫定」を含むことがあります。',
  };
}

// ---- .docx --------------------------------------------------------------------------------

function cell(text: string, bold = false, width?: number): Docx.TableCell {
  const { TableCell, Paragraph, TextRun, WidthType } = docx();
  return new TableCell({
    children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })],
    width: width ? { size: width, type: WidthType.PERCENTAGE } : undefined,
  });
}

export async function reportDocx(report: Report): Promise<Buffer> {
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableRow, TextRun, WidthType } = docx();
  const children: Array<Docx.Paragraph | Docx.Table> = [
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: `${report.org}　${report.printedAt}`, size: 18 })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: report.title })] }),
    new Paragraph({ children: [new TextRun({ text: report.subtitle, size: 24 })] }),
  ];
  for (const s of report.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: s.heading })] }));
    if (s.rows) {
      children.push(
        new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: s.rows.map(([k, v]) => new TableRow({ children: [cell(k, true, 28), cell(v, false, 72)] })) }),
      );
    }
    if (s.table) {
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [new TableRow({ tableHeader: true, children: s.table.head.map((h) => cell(h, true)) }), ...s.table.body.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
        }),
      );
    }
    for (const p of s.paragraphs ?? []) children.push(new Paragraph({ children: [new TextRun({ text: p, size: 20 })] }));
  }
  children.push(new Paragraph({ children: [] }), new Paragraph({ children: [new TextRun({ text: report.footnote, size: 16, italics: true })] }));
  const doc = new Document({
    creator: 'Shirube',
    title: report.title,
    styles: { default: { document: { run: { font: 'Yu Gothic' } } } },
    sections: [{ properties: {}, children }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

// ---- HTML → PDF ---------------------------------------------------------------------------

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function reportHtml(report: Report): string {
  const body = report.sections
    .map((s) => {
      const rows = s.rows ? `<table class="kv">${s.rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>` : '';
      const table = s.table
        ? `<table><thead><tr>${s.table.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${s.table.body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
        : '';
      const paras = (s.paragraphs ?? []).map((p) => `<p>${esc(p)}</p>`).join('');
      return `<section><h2>${esc(s.heading)}</h2>${rows}${table}${paras}</section>`;
    })
    .join('');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${esc(report.title)}</title><style>
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; font-size: 9.5pt; color: #1a1a1a; }
.meta { text-align: right; font-size: 9pt; }
h1 { font-size: 16pt; margin: 4mm 0 1mm; }
.sub { font-size: 11pt; margin: 0 0 4mm; }
h2 { font-size: 11.5pt; border-bottom: 1.5px solid #333; margin: 6mm 0 2mm; padding-bottom: 1mm; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.6px solid #777; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #eee; }
table.kv th { width: 30%; background: #f4f4f4; }
.foot { margin-top: 6mm; font-size: 8pt; color: #444; }
</style></head><body><p class="meta">${esc(report.org)}　${esc(report.printedAt)}</p><h1>${esc(report.title)}</h1><p class="sub">${esc(report.subtitle)}</p>${body}<p class="foot">${esc(report.footnote)}</p></body></html>`;
}

