import type * as Docx from 'docx';
import { lazyRequire } from '../../platform/lazy';
import { loadExcel } from '../../platform/excel';
import { formatEraDate } from '@shared/era';
import { CONTROL_AREAS, PARTIES, cLabel, named, SERVICE_KINDS, SERVICE_MODELS } from '@shared/vendors';
import { neutraliseFormula } from '../../platform/tabular';
import type { getMatrix } from './matrices.service';
import type { Requirement, RequirementSection } from './rules';

/** docx is loaded when a Word file is first made, not at start. */
const docx = lazyRequire<typeof Docx>('docx');

/**
 * Documents for contracts and procurement: the responsibility matrix as .xlsx and .docx, and the
 * security requirements of a procurement specification as .docx. Japanese, as they are used.
 */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Matrix = Awaited<ReturnType<typeof getMatrix>>;

const PROVISIONAL_NOTE = '「暫定」の印は、ガイドライン本文で確認できていない、しるべの整理による内容を示します。';

function partyHeader(p: Matrix['parties'][number]): string {
  const base = named(PARTIES, p.id, 'ja');
  const who = p.contractorName ? `\n（${p.contractorName}）` : '';
  return p.coordinator ? `${base}\n［調整役］${who}` : `${base}${who}`;
}

function cellText(m: Matrix, areaId: string, party: string): string {
  const c = m.cells.find((x) => x.areaId === areaId && x.party === party);
  return c ? (c.role === 'R' ? '◎ 実施責任' : '○ 協議') : '';
}

function flagText(flag: 'none' | 'multiple' | null): string {
  return flag === 'none' ? '要確認：実施責任者なし' : flag === 'multiple' ? '要確認：実施責任者が複数' : '';
}

function subjectName(m: Matrix): string {
  if (m.service) return `外部サービス：${m.service.name}`;
  if (m.system) return `情報システム：${m.system.code ? `${m.system.code} ` : ''}${m.system.name}`;
  return '';
}

export async function matrixXlsx(m: Matrix): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Shirube';
  const ws = wb.addWorksheet('責任分界表');
  ws.addRow([`責任分界表：${neutraliseFormula(m.name)}`]).font = { bold: true, size: 14 };
  ws.addRow([neutraliseFormula(subjectName(m))]);
  ws.addRow([`作成日：${formatEraDate(new Date())}　◎ 実施責任　○ 協議・連携　地方公共団体は事業者間の調整役を担う`]);
  ws.addRow([]);
  const header = ws.addRow(['管理項目', '根拠', ...m.parties.map(partyHeader), '確認']);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of m.rows) {
    const area = CONTROL_AREAS.find((a) => a.id === row.areaId);
    const r = ws.addRow([area?.ja ?? row.areaId, area?.refs.join(' ') ?? '', ...m.parties.map((p) => cellText(m, row.areaId, p.id)), flagText(row.flag)]);
    if (row.flag) {
      const c = r.getCell(m.parties.length + 3);
      c.font = { bold: true, color: { argb: 'FFB00020' } };
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE7E9' } };
    }
  }
  ws.addRow([]);
  ws.addRow([`実施責任者のいない項目：${m.gaps}件　実施責任者が複数の項目：${m.overlaps}件`]);
  ws.columns.forEach((c, i) => {
    c.width = i === 0 ? 30 : i === 1 ? 28 : i === m.parties.length + 2 ? 26 : 18;
  });
  ws.views = [{ state: 'frozen', ySplit: 5, xSplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cell(text: string, opts: { bold?: boolean; shade?: string; width?: number } = {}): Docx.TableCell {
  const { Paragraph, ShadingType, TableCell, TextRun, WidthType } = docx();
  return new TableCell({
    width: opts.width ? { size: opts.width, type: WidthType.DXA } : undefined,
    shading: opts.shade ? { type: ShadingType.CLEAR, color: 'auto', fill: opts.shade } : undefined,
    children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: opts.bold, size: 18 })] })),
  });
}

export async function matrixDocx(m: Matrix): Promise<Buffer> {
  const { Document, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableRow, WidthType } = docx();
  const head = new TableRow({ tableHeader: true, children: [cell('管理項目', { bold: true, shade: 'E8EEF7' }), ...m.parties.map((p) => cell(partyHeader(p), { bold: true, shade: 'E8EEF7' })), cell('確認', { bold: true, shade: 'E8EEF7' })] });
  const rows = m.rows.map((row) => {
    const area = CONTROL_AREAS.find((a) => a.id === row.areaId);
    return new TableRow({
      children: [cell(`${area?.ja ?? row.areaId}\n${area?.refs.join(' ') ?? ''}`), ...m.parties.map((p) => cell(cellText(m, row.areaId, p.id))), cell(flagText(row.flag), row.flag ? { bold: true, shade: 'FDE7E9' } : {})],
    });
  });
  const doc = new Document({
    creator: 'Shirube',
    title: `責任分界表 ${m.name}`,
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({ text: `責任分界表：${m.name}`, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: subjectName(m) }),
          new Paragraph({ text: `作成日：${formatEraDate(new Date())}` }),
          new Paragraph({ text: '◎ 実施責任　○ 協議・連携。地方公共団体は、複数の事業者の間に立って調整役を担う。各管理項目に実施責任者を一者だけ置く。' }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [head, ...rows] }),
          new Paragraph({ text: '' }),
          new Paragraph({ text: `実施責任者のいない項目：${m.gaps}件　実施責任者が複数の項目：${m.overlaps}件` }),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

export interface ProcurementDocInput {
  serviceName: string;
  providerName: string;
  kind: string;
  model: string;
  purpose: string | null;
  classes: { c: string | null; i: string | null; a: string | null };
  sections: RequirementSection[];
}

function requirementParagraph(n: string, r: Requirement): Docx.Paragraph {
  const { Paragraph, TextRun } = docx();
  return new Paragraph({
    spacing: { after: 80 },
    children: [
      new TextRun({ text: `${n}　${r.text.ja}` }),
      new TextRun({ text: `（根拠：${r.refs.join('、')}）`, size: 16, color: '555555' }),
      ...(r.provisional ? [new TextRun({ text: '［暫定］', bold: true, size: 16, color: 'B00020' })] : []),
    ],
  });
}

export async function procurementDocx(p: ProcurementDocInput): Promise<Buffer> {
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } = docx();
  const cls = [`機密性：${cLabel(p.classes.c)}`, `完全性：${p.classes.i ?? '未分類'}`, `可用性：${p.classes.a ?? '未分類'}`].join('　');
  const children: Array<Docx.Paragraph | Docx.Table> = [
    new Paragraph({ text: '調達仕様書（情報セキュリティに関する要件）', heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER }),
    new Paragraph({ text: `作成日：${formatEraDate(new Date())}` }),
    new Paragraph({ text: '1　対象', heading: HeadingLevel.HEADING_2 }),
    new Paragraph({ text: `サービス：${p.serviceName}（${p.providerName}）` }),
    new Paragraph({ text: `種別：${named(SERVICE_KINDS, p.kind, 'ja')}／${named(SERVICE_MODELS, p.model, 'ja')}` }),
    new Paragraph({ text: `利用目的：${p.purpose ?? '（未記入）'}` }),
    new Paragraph({ text: `取り扱う情報の分類：${cls}` }),
    new Paragraph({ text: '2　情報セキュリティに関する要件', heading: HeadingLevel.HEADING_2 }),
  ];
  const marks = ['ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ'];
  for (const [i, s] of p.sections.entries()) {
    children.push(new Paragraph({ text: `(${i + 1}) ${s.heading.ja}`, heading: HeadingLevel.HEADING_3 }));
    for (const [j, r] of s.items.entries()) children.push(requirementParagraph(marks[j] ?? String(j + 1), r));
  }
  children.push(new Paragraph({ text: '' }));
  children.push(new Paragraph({ children: [new TextRun({ text: `注：本要件は しるべ がガイドラインのカタログ項目をもとに作成した案です。根拠欄の記号はカタログの項目番号（KB-…、CP-…）と JIS Q 27001 附属書A・JIS Q 27017 の管理策番号です。${PROVISIONAL_NOTE}`, size: 16, color: '555555' })] }));
  const doc = new Document({ creator: 'Shirube', title: `調達仕様書（セキュリティ要件）${p.serviceName}`, sections: [{ children }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** RFC 6266 attachment header with an ASCII fallback and the UTF-8 name. */
export function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
