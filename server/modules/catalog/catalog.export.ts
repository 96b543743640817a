import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/excel';
import { v5 as uuidv5 } from 'uuid';
import type { AuditItem, CatalogNode, ControlRef, MappingFramework } from '@shared/catalog';
import { packageVersion } from '../../paths';
import { neutraliseFormula, toCsv } from '../../platform/tabular';
import type { CatalogData, MaterialisedEdition } from './catalog.loader';
import type { CatalogServiceImpl } from './catalog.service';

/**
 * Exports of an edition: OSCAL 1.0.6 catalog JSON, .xlsx (tree, crosswalks, audit items, controls),
 * .csv (tree or crosswalks) and the full materialised JSON.
 */

export const EXPORT_FORMATS = ['oscal', 'xlsx', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const CSV_TABLES = ['tree', 'crosswalks'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer | string;
}

/** Fixed namespace for Shirube's name-based (v5) UUIDs, so exports of the same data are identical. */
const UUID_NS = '6f1d2c1e-5a7b-4c3d-9e8f-0a1b2c3d4e5f';
const NS = 'urn:shirube:catalog';
const FRAMEWORK_LABEL: Record<MappingFramework, { ja: string; en: string }> = {
  annexA: { ja: 'JIS Q 27001:2023 附属書A', en: 'JIS Q 27001:2023 Annex A' },
  cld: { ja: 'JIS Q 27017 クラウド固有', en: 'JIS Q 27017 cloud-specific' },
  ordinance: { ja: '施行規則 第16条の3', en: 'Enforcement Regulation art. 16-3' },
};

// ---- OSCAL ---------------------------------------------------------------------------------

type Json = Record<string, unknown>;

/** OSCAL string values: one line, no surrounding whitespace. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim() || '-';
}

function prop(name: string, value: string): Json {
  return { name, ns: NS, value: oneLine(value) };
}

function nonEmpty<T>(key: string, list: T[]): Record<string, T[]> {
  return list.length ? { [key]: list } : {};
}

function lastModified(publishedOn: string): string {
  const date = publishedOn.length === 7 ? `${publishedOn}-01` : publishedOn;
  return `${date}T00:00:00+09:00`;
}

export function toOscal(data: CatalogData, ed: MaterialisedEdition): Json {
  const resourceUuid = (controlId: string) => uuidv5(`control:${controlId}`, UUID_NS);

  const nodeProps = (n: CatalogNode): Json[] => [
    { name: 'label', value: oneLine(n.number) },
    prop('title-en', n.titleEn),
    prop('kind', n.kind),
    prop('obligation', n.obligation),
    prop('confidence', n.provenance.confidence),
    ...(n.provenance.source ? [prop('source', n.provenance.source)] : []),
    ...(n.provenance.note ? [prop('provenance-note', n.provenance.note)] : []),
    ...(n.provenance.since ? [prop('since', n.provenance.since)] : []),
    ...n.tags.segments.map((s) => prop('segment', s)),
    ...n.tags.networkModels.map((s) => prop('network-model', s)),
    ...(n.tags.cloud ? [prop('cloud', 'true')] : []),
    ...n.tags.infoClasses.map((s) => prop('info-class', s)),
    ...(n.tags.orgSize !== 'all' ? [prop('org-size', n.tags.orgSize)] : []),
    ...n.roles.map((r) => prop('role', r)),
    ...(n.annexANone ? [prop('annex-a-none', n.annexANone.en)] : []),
  ];

  const nodeLinks = (n: CatalogNode): Json[] => [
    ...(['annexA', 'cld', 'ordinance'] as MappingFramework[]).flatMap((fw) =>
      n.mappings[fw].map((m) => ({ href: `#${resourceUuid(m.target)}`, rel: m.relation, text: `${m.target} (${fw}, ${m.basis ?? 'shirube'})` })),
    ),
    ...(n.extends ?? []).map((id) => ({ href: `#${id}`, rel: 'extends', text: id })),
  ];

  const auditPart = (n: CatalogNode, a: AuditItem): Json => ({
    id: `${n.id}_${a.id}`,
    name: 'assessment-objective',
    ns: NS,
    title: `${a.id} ${a.title}`,
    props: [
      prop('audit-no', String(a.no)),
      prop('numbering', a.numbering),
      prop('mandatory', a.mandatory === null ? 'unknown' : String(a.mandatory)),
      prop('example-refs', a.exampleRefs),
      prop('confidence', a.provenance.confidence),
      ...a.jisQ27002.map((j) => prop('jis-q-27002', j)),
    ],
    prose: `${a.expectation.ja}\n\n${a.expectation.en}`,
    parts: [
      { id: `${n.id}_${a.id}_method`, name: 'assessment-method', prose: `${a.howToAudit.ja}\n\n${a.howToAudit.en}` },
      ...(a.evidenceExamples.length
        ? [{ id: `${n.id}_${a.id}_objects`, name: 'assessment-objects', prose: a.evidenceExamples.map((e) => `- ${e.ja} / ${e.en}`).join('\n') }]
        : []),
    ],
  });

  const statement = (n: CatalogNode): Json[] => [
    { id: `${n.id}_smt`, name: 'statement', prose: n.summary.ja },
    { id: `${n.id}_smt.en`, name: 'overview', ns: NS, props: [prop('lang', 'en')], prose: n.summary.en },
    ...(ed.auditByNode.get(n.id) ?? []).map((a) => auditPart(n, a)),
  ];

  const control = (n: CatalogNode): Json => {
    const kids = (n.children ?? []).map((id) => ed.byId.get(id) as CatalogNode);
    return {
      id: n.id,
      class: n.kind,
      title: `${n.number} ${n.title}`,
      props: nodeProps(n),
      ...nonEmpty('links', nodeLinks(n)),
      parts: statement(n),
      ...nonEmpty('controls', kids.map(control)),
    };
  };

  // Chapters and sections are groups; items, sub-items, basic-policy items and cloud provisions are controls.
  const group = (n: CatalogNode): Json => {
    const kids = (n.children ?? []).map((id) => ed.byId.get(id) as CatalogNode);
    const subGroups = kids.filter((k) => k.kind === 'chapter' || k.kind === 'section');
    const controls = kids.filter((k) => k.kind !== 'chapter' && k.kind !== 'section');
    return {
      id: n.id,
      class: n.kind,
      title: `${n.number} ${n.title}`,
      props: nodeProps(n),
      ...nonEmpty('links', nodeLinks(n)),
      parts: statement(n),
      ...nonEmpty('groups', subGroups.map(group)),
      ...nonEmpty('controls', controls.map(control)),
    };
  };

  const roots = (part: string) => ed.nodes.filter((n) => n.part === part && n.parentId === null);
  const groups: Json[] = [
    ...roots('general').map(group),
    {
      id: 'BP',
      class: 'basic-policy',
      title: '情報セキュリティ基本方針',
      props: [prop('title-en', 'Basic information security policy')],
      controls: roots('basicPolicy').map(control),
    },
    ...roots('standards').map(group),
    ...roots('cloud').map(group),
  ];

  const allControls: ControlRef[] = (['annexA', 'cld', 'ordinance'] as MappingFramework[]).flatMap((f) => data.frameworks[f].controls);
  return {
    catalog: {
      uuid: uuidv5(`catalog:${ed.meta.id}:${data.contentHash}`, UUID_NS),
      metadata: {
        title: `地方公共団体における情報セキュリティポリシーに関するガイドライン（${ed.meta.label}）— Shirube catalog`,
        'last-modified': lastModified(ed.meta.publishedOn),
        version: ed.meta.id,
        'oscal-version': '1.0.6',
        props: [
          prop('edition', ed.meta.id),
          prop('edition-label', ed.meta.label),
          prop('classification-scheme', ed.meta.classificationScheme),
          prop('content-hash', data.contentHash),
          prop('generator', `shirube ${packageVersion}`),
        ],
        remarks:
          'Ids, numbering, titles and levels follow the MIC guideline as recorded in the project facts. Every summary is written by Shirube in its own words and is not the guideline text. Items marked confidence=provisional were not verified against the guideline itself.',
      },
      groups,
      'back-matter': {
        resources: allControls.map((c) => ({
          uuid: resourceUuid(c.id),
          title: `${c.id} ${c.title}`,
          description: `${FRAMEWORK_LABEL[c.framework as MappingFramework].en}${c.titleJa ? ` / ${c.titleJa}` : ''}`,
          props: [prop('framework', c.framework as string), prop('control-id', c.id)],
        })),
      },
    },
  };
}

// ---- tables --------------------------------------------------------------------------------

export const TREE_HEADERS = [
  'ID',
  '番号 Number',
  '種類 Kind',
  '階層 Depth',
  '親 Parent',
  '表題 Title (ja)',
  'Title (en)',
  '要約 Summary (ja)',
  'Summary (en)',
  '義務 Obligation',
  '系統 Segments',
  'ネットワークモデル Network models',
  'クラウド Cloud',
  '情報の分類 Classes',
  '団体規模 Org size',
  '役割 Roles',
  '附属書A Annex A',
  'CLD',
  '施行規則 Ordinance',
  '附属書Aなしの理由 No Annex A because',
  '拡張する項目 Extends',
  '監査項目 Audit items',
  '確度 Confidence',
  '出典 Source',
  '注記 Note',
  '追加された版 Since',
];

export function treeRows(ed: MaterialisedEdition): unknown[][] {
  const depth = (n: CatalogNode) => {
    let d = 0;
    let p = n.parentId ? ed.byId.get(n.parentId) : undefined;
    while (p) {
      d++;
      p = p.parentId ? ed.byId.get(p.parentId) : undefined;
    }
    return d;
  };
  const links = (n: CatalogNode, fw: MappingFramework) => n.mappings[fw].map((m) => `${m.target} ${m.relation}`).join('; ');
  return ed.nodes.map((n) => [
    n.id,
    n.number,
    n.kind,
    depth(n),
    n.parentId ?? '',
    n.title,
    n.titleEn,
    n.summary.ja,
    n.summary.en,
    n.obligation,
    n.tags.segments.join('; '),
    n.tags.networkModels.join('; '),
    n.tags.cloud ? 'yes' : '',
    n.tags.infoClasses.join('; '),
    n.tags.orgSize,
    n.roles.join('; '),
    links(n, 'annexA'),
    links(n, 'cld'),
    links(n, 'ordinance'),
    n.annexANone ? `${n.annexANone.ja} / ${n.annexANone.en}` : '',
    (n.extends ?? []).join('; '),
    (ed.auditByNode.get(n.id) ?? []).map((a) => a.id).join('; '),
    n.provenance.confidence,
    n.provenance.source ?? '',
    n.provenance.note ?? '',
    n.provenance.since ?? '',
  ]);
}

export const CROSSWALK_HEADERS = ['項目ID Node', '番号 Number', '表題 Title', '枠組み Framework', '対応先 Target', '対応先の名称 Target title', '関係 Relation', '根拠 Basis'];

export function crosswalkRows(svc: CatalogServiceImpl, editionId: string): unknown[][] {
  return svc.crosswalks(editionId).map((r) => [r.nodeId, r.number, r.title, r.framework, r.target, r.targetTitle, r.relation, r.basis]);
}

const AUDIT_HEADERS = ['ID', 'No.', '番号の出所 Numbering', '必須 Mandatory', '項目 Heading', '監査項目 Title', '期待される状態 Expectation (ja)', 'Expectation (en)', '監査資料の例 Evidence', '監査実施の例 How to audit (ja)', 'How to audit (en)', '例文の番号 Example refs', '対象 Nodes', 'JIS Q 27002', '確度 Confidence', '注記 Note'];

function auditRows(ed: MaterialisedEdition): unknown[][] {
  return ed.auditItems.map((a) => [
    a.id,
    a.no,
    a.numbering,
    a.mandatory === null ? '' : a.mandatory ? '○' : '',
    a.heading,
    a.title,
    a.expectation.ja,
    a.expectation.en,
    a.evidenceExamples.map((e) => `${e.ja} / ${e.en}`).join('\n'),
    a.howToAudit.ja,
    a.howToAudit.en,
    a.exampleRefs,
    a.nodeIds.join('; '),
    a.jisQ27002.join('; '),
    a.provenance.confidence,
    a.provenance.note ?? '',
  ]);
}

function addSheet(wb: ExcelJS.Workbook, name: string, headers: string[], rows: unknown[][], widths: number[] = []): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(headers);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)));
  headers.forEach((_h, i) => {
    ws.getColumn(i + 1).width = widths[i] ?? 16;
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
}

export async function toXlsx(svc: CatalogServiceImpl, ed: MaterialisedEdition): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = `Shirube ${packageVersion}`;
  wb.title = `Guideline catalog ${ed.meta.id}`;
  addSheet(wb, '対策基準ツリー', TREE_HEADERS, treeRows(ed), [14, 12, 12, 6, 12, 40, 40, 60, 60]);
  addSheet(wb, 'クロスウォーク', CROSSWALK_HEADERS, crosswalkRows(svc, ed.meta.id), [14, 12, 40, 12, 12, 50, 10, 12]);
  addSheet(wb, '監査項目', AUDIT_HEADERS, auditRows(ed), [8, 6, 10, 8, 40, 30, 50, 50, 40, 40, 40]);
  addSheet(
    wb,
    '管理策',
    ['ID', '枠組み Framework', 'Title', '名称（しるべ） Label (Shirube)', 'テーマ Theme', '対応する項目数 Linked nodes'],
    svc.controls().map((c) => [c.id, c.framework ?? '', c.title, c.titleJa ?? '', c.theme ?? '', ed.byControl.get(c.id)?.length ?? 0]),
    [12, 12, 50, 30, 14, 10],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportEdition(svc: CatalogServiceImpl, editionId: string, format: ExportFormat, table: CsvTable = 'tree'): Promise<ExportFile> {
  const ed = svc.ed(editionId);
  const base = `shirube-catalog-${ed.meta.id}`;
  switch (format) {
    case 'oscal':
      return { filename: `${base}-oscal.json`, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(toOscal(svc.data, ed), null, 2)}\n` };
    case 'json':
      return {
        filename: `${base}.json`,
        contentType: 'application/json; charset=utf-8',
        body: `${JSON.stringify(
          {
            edition: ed.meta,
            contentHash: svc.data.contentHash,
            nodes: ed.nodes,
            auditItems: ed.auditItems,
            classification: ed.classification,
            controls: svc.controls(),
          },
          null,
          2,
        )}\n`,
      };
    case 'csv':
      return table === 'crosswalks'
        ? { filename: `${base}-crosswalks.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(CROSSWALK_HEADERS, crosswalkRows(svc, ed.meta.id)) }
        : { filename: `${base}-tree.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(TREE_HEADERS, treeRows(ed)) };
    case 'xlsx':
      return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await toXlsx(svc, ed) };
  }
}
