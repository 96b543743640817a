import type * as Docx from 'docx';
import { lazyRequire } from '../../platform/lazy';

/** docx is loaded when a Word file is first made, not at start. */
const docx = lazyRequire<typeof Docx>('docx');

/** A report as headings with paragraphs and label–value rows; rendered to .docx or to HTML for PDF. */
export interface ReportSection {
  heading: string;
  rows?: Array<[string, string]>;
  paragraphs?: string[];
}
export interface ReportModel {
  title: string;
  /** Addressee line, e.g. 「個人情報保護委員会 御中」. */
  to?: string;
  /** From line: the organisation and date. */
  from: string;
  date: string;
  notes: string[];
  sections: ReportSection[];
}

export async function renderDocx(m: ReportModel): Promise<Buffer> {
  const { Document, Packer, Paragraph, HeadingLevel, AlignmentType, Table, TableRow, TableCell, TextRun, WidthType } = docx();
  const children: Array<InstanceType<typeof Paragraph> | InstanceType<typeof Table>> = [];
  if (m.to) children.push(new Paragraph({ text: m.to }));
  children.push(new Paragraph({ text: m.date, alignment: AlignmentType.RIGHT }));
  children.push(new Paragraph({ text: m.from, alignment: AlignmentType.RIGHT }));
  children.push(new Paragraph({ text: m.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }));
  for (const s of m.sections) {
    children.push(new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_2 }));
    if (s.rows?.length) {
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: s.rows.map(
            ([k, v]) =>
              new TableRow({
                children: [
                  new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: k, bold: true })] })] }),
                  new TableCell({ width: { size: 70, type: WidthType.PERCENTAGE }, children: v.split('\n').map((line) => new Paragraph({ text: line })) }),
                ],
              }),
          ),
        }),
      );
    }
    for (const p of s.paragraphs ?? []) children.push(new Paragraph({ text: p }));
  }
  for (const n of m.notes) children.push(new Paragraph({ children: [new TextRun({ text: n, size: 18, italics: true })] }));
  const doc = new Document({
    creator: 'Shirube',
    title: m.title,
    styles: { default: { document: { run: { font: 'Noto Sans JP', size: 21 } } } },
    sections: [{ children }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function renderHtml(m: ReportModel): string {
  const body = m.sections
    .map(
      (s) =>
        `<h2>${esc(s.heading)}</h2>${s.rows?.length ? `<table>${s.rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v).replaceAll('\n', '<br>')}</td></tr>`).join('')}</table>` : ''}${(s.paragraphs ?? []).map((p) => `<p>${esc(p)}</p>`).join('')}`,
    )
    .join('');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${esc(m.title)}</title><style>
body{font-family:'Noto Sans JP','Noto Sans CJK JP',sans-serif;font-size:10.5pt;line-height:1.6;margin:0}
h1{font-size:16pt;text-align:center;margin:12pt 0}h2{font-size:12pt;border-bottom:1px solid #333;margin:14pt 0 6pt}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #666;padding:4pt 6pt;vertical-align:top;text-align:left}th{width:30%;background:#f2f2f2}
.r{text-align:right;margin:0}.note{font-size:8.5pt;color:#444;margin-top:14pt}
</style></head><body>${m.to ? `<p>${esc(m.to)}</p>` : ''}<p class="r">${esc(m.date)}</p><p class="r">${esc(m.from)}</p><h1>${esc(m.title)}</h1>${body}${m.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('')}</body></html>`;
}
