import type * as Docx from 'docx';
import { lazyRequire } from '../../platform/lazy';
import { formatEraDate } from '@shared/era';
import type { ArticleLevel, CompareRow, DiffSegment, DocTemplate } from '@shared/documents';

/**
 * Documents as files: .docx (Word, Japanese layout), HTML (also the source of the PDF) and the
 * 新旧対照表 as a two-column table (改正後 | 改正前) with the changed words underlined.
 */

export interface RenderBlock {
  depth: number;
  level: ArticleLevel;
  label: string;
  heading: string;
  body: string;
}

export interface RenderDoc {
  template: DocTemplate;
  title: string;
  blocks: RenderBlock[];
}

export interface RenderModel {
  policyTitle: string;
  orgName: string;
  draft: boolean;
  /** 第2版 */
  versionLabel: string;
  /** Lines under the title: decision, effective date, edition followed. */
  statusLines: string[];
  docs: RenderDoc[];
}

export interface CompareModel {
  title: string;
  subtitle: string[];
  rows: CompareRow[];
}

const MINCHO = 'Yu Mincho';
const GOTHIC = 'Yu Gothic';
/** docx is loaded when a Word file is first made, not at start. */
const docx = lazyRequire<typeof Docx>('docx');

function headingLevel(depth: number) {
  const { HeadingLevel } = docx();
  return [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4][Math.min(depth, 3)];
}

/** Paragraph shapes of a body line: numbered paragraphs (1　), 号 (一　), items (ア　), bullets (・). */
export function lineKind(line: string): 'paragraph' | 'item' | 'bullet' | 'plain' {
  if (/^\d+　/.test(line)) return 'paragraph';
  if (/^[一二三四五六七八九十]+　/.test(line) || /^[ア-ン]　/.test(line)) return 'item';
  if (/^・/.test(line)) return 'bullet';
  return 'plain';
}

export function headingText(b: Pick<RenderBlock, 'label' | 'heading'>): string {
  return [b.label, b.heading].filter(Boolean).join('　');
}

function bodyIndent(depth: number, kind: ReturnType<typeof lineKind>) {
  const { convertMillimetersToTwip } = docx();
  const base = convertMillimetersToTwip(4 * Math.min(depth + 1, 4));
  const em = convertMillimetersToTwip(3.7);
  switch (kind) {
    case 'paragraph':
      return { left: base + em, hanging: em };
    case 'item':
      return { left: base + 2 * em, hanging: em };
    case 'bullet':
      return { left: base + 2 * em, hanging: em };
    default:
      return { left: base, firstLine: em };
  }
}

function pageSetup() {
  const { convertMillimetersToTwip } = docx();
  return {
    page: {
      size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
      margin: { top: convertMillimetersToTwip(25), bottom: convertMillimetersToTwip(22), left: convertMillimetersToTwip(25), right: convertMillimetersToTwip(22) },
      pageNumbers: { start: 1 },
    },
  };
}

function footer() {
  const { AlignmentType, Footer, PageNumber, Paragraph, TextRun } = docx();
  return new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], size: 18 })] })],
  });
}

function header(text: string) {
  const { AlignmentType, Header, Paragraph, TextRun } = docx();
  return new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text, size: 16, color: '555555' })] })] });
}

function styles() {
  const { AlignmentType, convertMillimetersToTwip } = docx();
  return {
  default: { document: { run: { font: { ascii: MINCHO, eastAsia: MINCHO, hAnsi: MINCHO }, size: 21 }, paragraph: { spacing: { line: 340 } } } },
  paragraphStyles: [
    { id: 'Title', name: 'Title', basedOn: 'Normal', next: 'Normal', run: { font: { ascii: GOTHIC, eastAsia: GOTHIC, hAnsi: GOTHIC }, size: 32, bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 } } },
    { id: 'Heading1', name: 'heading 1', basedOn: 'Normal', next: 'Normal', run: { font: { ascii: GOTHIC, eastAsia: GOTHIC, hAnsi: GOTHIC }, size: 26, bold: true }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true } },
    { id: 'Heading2', name: 'heading 2', basedOn: 'Normal', next: 'Normal', run: { font: { ascii: GOTHIC, eastAsia: GOTHIC, hAnsi: GOTHIC }, size: 23, bold: true }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true } },
    { id: 'Heading3', name: 'heading 3', basedOn: 'Normal', next: 'Normal', run: { font: { ascii: GOTHIC, eastAsia: GOTHIC, hAnsi: GOTHIC }, size: 21, bold: true }, paragraph: { spacing: { before: 160, after: 40 }, indent: { left: convertMillimetersToTwip(4) }, keepNext: true } },
    { id: 'Heading4', name: 'heading 4', basedOn: 'Normal', next: 'Normal', run: { font: { ascii: GOTHIC, eastAsia: GOTHIC, hAnsi: GOTHIC }, size: 21 }, paragraph: { spacing: { before: 120, after: 20 }, indent: { left: convertMillimetersToTwip(8) }, keepNext: true } },
  ],
  };
}

/** The policy (or the chosen documents of it) as a Word document, one section per document. */
export async function renderDocx(m: RenderModel): Promise<Buffer> {
  const { AlignmentType, Document, Packer, Paragraph, TextRun } = docx();
  const sections = m.docs.map((doc) => {
    const children: Docx.Paragraph[] = [];
    children.push(new Paragraph({ style: 'Title', children: [new TextRun(m.draft ? `${doc.title}（案）` : doc.title)] }));
    for (const line of m.statusLines) children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: line, size: 19 })] }));
    children.push(new Paragraph({ children: [] }));
    for (const b of doc.blocks) {
      children.push(new Paragraph({ heading: headingLevel(b.depth), children: [new TextRun(headingText(b))] }));
      if (!b.body) continue;
      for (const line of b.body.split('\n')) {
        children.push(new Paragraph({ indent: bodyIndent(b.depth, lineKind(line)), children: [new TextRun(line)] }));
      }
    }
    return {
      properties: pageSetup(),
      headers: { default: header(`${m.policyTitle}　${m.versionLabel}${m.draft ? '（案）' : ''}`) },
      footers: { default: footer() },
      children,
    };
  });
  const doc = new Document({
    creator: 'Shirube',
    title: m.policyTitle,
    description: m.statusLines.join(' / '),
    styles: styles(),
    sections,
  });
  return Packer.toBuffer(doc);
}

function segmentParagraphs(segments: DiffSegment[], emptyText: string): Docx.Paragraph[] {
  const { Paragraph, TextRun, UnderlineType } = docx();
  if (segments.length === 0) return [new Paragraph({ children: [new TextRun(emptyText)] })];
  const paragraphs: Docx.Paragraph[] = [];
  let runs: Docx.TextRun[] = [];
  const flush = () => {
    paragraphs.push(new Paragraph({ children: runs }));
    runs = [];
  };
  for (const s of segments) {
    const parts = s.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) flush();
      if (part) runs.push(new TextRun(s.changed ? { text: part, underline: { type: UnderlineType.SINGLE } } : { text: part }));
    });
  }
  flush();
  return paragraphs;
}

function tableBorders() {
  const line = { style: docx().BorderStyle.SINGLE, size: 4, color: '000000' };
  return { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line };
}

/** 新旧対照表: 改正後 on the left, 改正前 on the right, changed words underlined. */
export async function renderCompareDocx(m: CompareModel): Promise<Buffer> {
  const { AlignmentType, Document, Packer, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType, convertMillimetersToTwip } = docx();
  const headerRow = new TableRow({
    tableHeader: true,
    children: ['改正後', '改正前'].map(
      (t) =>
        new TableCell({
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E7E7' },
          children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: t, bold: true })] })],
        }),
    ),
  });
  const rows: Docx.TableRow[] = [headerRow];
  let lastDoc = '';
  for (const r of m.rows) {
    if (r.documentTitle !== lastDoc) {
      lastDoc = r.documentTitle;
      rows.push(
        new TableRow({
          children: [
            new TableCell({
              columnSpan: 2,
              shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F4F4F4' },
              children: [new Paragraph({ children: [new TextRun({ text: r.documentTitle, bold: true })] })],
            }),
          ],
        }),
      );
    }
    rows.push(
      new TableRow({
        cantSplit: false,
        children: [
          new TableCell({ children: segmentParagraphs(r.afterSegments, '（削る）') }),
          new TableCell({ children: segmentParagraphs(r.beforeSegments, '（新設）') }),
        ],
      }),
    );
  }
  // Borders and column widths are set once on the table, not on each of the hundreds of cells.
  const half = Math.round(convertMillimetersToTwip(163) / 2);
  const table = new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, columnWidths: [half, half], layout: TableLayoutType.FIXED, borders: tableBorders(), rows });
  const children: Array<Docx.Paragraph | Docx.Table> = [
    new Paragraph({ style: 'Title', children: [new TextRun(m.title)] }),
    ...m.subtitle.map((s) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: s, size: 19 })] })),
    new Paragraph({ children: [new TextRun({ text: '（傍線部分は改正部分）', size: 18 })] }),
  ];
  if (m.rows.length === 0) children.push(new Paragraph({ children: [new TextRun('改正される条項はありません。')] }));
  else children.push(table);
  const doc = new Document({
    creator: 'Shirube',
    title: m.title,
    styles: styles(),
    sections: [{ properties: pageSetup(), headers: { default: header(m.title) }, footers: { default: footer() }, children }],
  });
  return Packer.toBuffer(doc);
}

// ---- HTML --------------------------------------------------------------------------------------

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const BASE_CSS = `
@page { size: A4; margin: 22mm 20mm 22mm 22mm; }
html { font-family: "Noto Serif CJK JP", "Yu Mincho", "Hiragino Mincho ProN", serif; font-size: 10.5pt; line-height: 1.75; color: #111; }
body { margin: 0 auto; max-width: 46em; padding: 1.5em; }
h1 { font-family: "Noto Sans CJK JP", "Yu Gothic", sans-serif; font-size: 16pt; text-align: center; margin: 0 0 .6em; }
h2, h3, h4, h5 { font-family: "Noto Sans CJK JP", "Yu Gothic", sans-serif; break-after: avoid; }
h2 { font-size: 13pt; margin: 1.4em 0 .4em; }
h3 { font-size: 11.5pt; margin: 1em 0 .3em; }
h4 { font-size: 10.5pt; margin: .8em 0 .2em .5em; }
h5 { font-size: 10.5pt; font-weight: normal; margin: .6em 0 .1em 1em; }
p { margin: 0; }
.status { text-align: right; font-size: 9.5pt; }
.doc { break-before: page; }
.doc:first-of-type { break-before: auto; }
.plain { text-indent: 1em; }
.paragraph { padding-left: 1em; text-indent: -1em; }
.item, .bullet { padding-left: 2em; text-indent: -1em; }
.draft { color: #a00; }
table.cmp { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.cmp th, table.cmp td { border: 1px solid #000; vertical-align: top; padding: .3em .5em; white-space: pre-wrap; }
table.cmp thead th { background: #e7e7e7; }
table.cmp td.doc-title { background: #f4f4f4; font-weight: bold; }
u { text-decoration: underline; text-underline-offset: 2px; }
`;

export function renderHtml(m: RenderModel): string {
  const out: string[] = [];
  out.push(`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${esc(m.policyTitle)}</title><style>${BASE_CSS}</style></head><body>`);
  for (const doc of m.docs) {
    out.push(`<section class="doc">`);
    out.push(`<h1>${esc(doc.title)}${m.draft ? '<span class="draft">（案）</span>' : ''}</h1>`);
    for (const l of m.statusLines) out.push(`<p class="status">${esc(l)}</p>`);
    for (const b of doc.blocks) {
      const h = Math.min(b.depth, 3) + 2;
      out.push(`<h${h}>${esc(headingText(b))}</h${h}>`);
      if (!b.body) continue;
      for (const line of b.body.split('\n')) out.push(`<p class="${lineKind(line)}" style="margin-left:${Math.min(b.depth, 3)}em">${esc(line)}</p>`);
    }
    out.push('</section>');
  }
  out.push('</body></html>');
  return out.join('\n');
}

function segmentsHtml(segments: DiffSegment[], empty: string): string {
  if (segments.length === 0) return esc(empty);
  return segments.map((s) => (s.changed ? `<u>${esc(s.text)}</u>` : esc(s.text))).join('');
}

export function renderCompareHtml(m: CompareModel): string {
  const out: string[] = [];
  out.push(`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${esc(m.title)}</title><style>${BASE_CSS}</style></head><body>`);
  out.push(`<h1>${esc(m.title)}</h1>`);
  for (const s of m.subtitle) out.push(`<p class="status" style="text-align:center">${esc(s)}</p>`);
  out.push('<p>（傍線部分は改正部分）</p>');
  out.push('<table class="cmp"><thead><tr><th scope="col">改正後</th><th scope="col">改正前</th></tr></thead><tbody>');
  let lastDoc = '';
  for (const r of m.rows) {
    if (r.documentTitle !== lastDoc) {
      lastDoc = r.documentTitle;
      out.push(`<tr><td colspan="2" class="doc-title">${esc(r.documentTitle)}</td></tr>`);
    }
    out.push(`<tr><td>${segmentsHtml(r.afterSegments, '（削る）')}</td><td>${segmentsHtml(r.beforeSegments, '（新設）')}</td></tr>`);
  }
  out.push('</tbody></table></body></html>');
  return out.join('\n');
}

/** Status lines under a title: 令和8年3月25日 情報セキュリティ委員会決定 / 令和8年4月1日施行. */
export function statusLines(v: { status: string; decisionRef: string | null; effectiveFrom: string | null; approvedAt: string | null; editionLabel: string; versionNo: number }): string[] {
  const lines: string[] = [];
  if (v.status === 'draft') lines.push(`第${v.versionNo}版（案）　未承認`);
  else {
    if (v.decisionRef) lines.push(v.decisionRef);
    else if (v.approvedAt) lines.push(`${formatEraDate(v.approvedAt)}承認`);
    if (v.effectiveFrom) lines.push(`${formatEraDate(v.effectiveFrom)}施行`);
  }
  lines.push(`${v.editionLabel}版ガイドライン準拠`);
  return lines;
}
