/**
 * The guideline catalog as data: types shared by the server, the client and every module that
 * refers to guideline items (assets, network rules, policy documents, vendors, disposal).
 *
 * Ids are stable across editions:
 *   BP-1 … BP-10         基本方針 model items
 *   KB-1 … KB-9          対策基準 chapters
 *   KB-1.7, KB-1.7.2     items of chapters without sections: 1.(7), 1.(7)②
 *   KB-6.1               sections: 6.1
 *   KB-6.1.13, KB-4.1.7.2  items and sub-items under sections: 6.1(13), 4.1(7)②
 *   CP, CP-1 … CP-9      第4編 cloud special provisions: the part, its chapters (one per 対策基準
 *                        chapter they extend) and provisions CP-<chapter>.<n> (numbering is Shirube's)
 *   GR, GR-1 … GR-4.3    第1編 総則: the part, its chapters and sections
 *   AI-<No.>             audit items of the audit guideline (No. as MIC prints it)
 *   AI-S<n>              audit items Shirube derived where the MIC table is not available
 *                        (always provisional; the numbering is Shirube's, not MIC's)
 *   A.5.1 … A.8.34       JIS Q 27001:2023 Annex A controls
 *   CLD.6.3.1 …          JIS Q 27017 cloud-specific controls
 *   ORD-1 … ORD-8        the 2026 ordinance's measure areas (地方自治法施行規則 第16条の3)
 */

export interface Bilingual {
  ja: string;
  en: string;
}

export type EditionId = string;
export type Segment = 'mynumber' | 'lgwan' | 'internet';
export type NetworkModel = 'alpha' | 'alphaPrime' | 'beta' | 'betaPrime';
export type OrgSize = 'all' | 'small' | 'large';

/** Verified facts were seen in a source; provisional ones come from practitioners' knowledge and say so. */
export type Confidence = 'verified' | 'provisional';

export interface Provenance {
  confidence: Confidence;
  /** Where the fact comes from (e.g. "MIC deck slide 17"), when known. */
  source?: string;
  note?: string;
  /** The edition this materialised record belongs to (filled by the loader). */
  edition?: EditionId;
  /** The edition that introduced it, when the facts say so (e.g. 8.2 → "R6.10", 第4編 → "R5.3"). */
  since?: EditionId;
}

export type MappingRelation = 'equal' | 'subset' | 'superset' | 'related';

export interface Mapping {
  /** Annex A control id (A.5.15), CLD id (CLD.6.3.1) or ordinance area (ORD-2). */
  target: string;
  /**
   * Read from the catalog node's side: equal (same scope), subset (the node covers part of the
   * target), superset (the node covers more than the target), related (they overlap or touch).
   */
  relation: MappingRelation;
  /**
   * Who made the link: 'auditTable' when MIC's audit table cites the same JIS Q 27002 number for
   * this node; 'chapter' when inherited from the chapter (ordinance areas); otherwise 'shirube'
   * (Shirube's own analysis). Filled by the loader.
   */
  basis?: 'auditTable' | 'chapter' | 'shirube';
}

export type MappingFramework = 'annexA' | 'cld' | 'ordinance';

export type NodeKind = 'part' | 'chapter' | 'section' | 'item' | 'subItem' | 'basicPolicy' | 'cloudProvision';

/** Which part of the guideline a node belongs to (from its id prefix). */
export type CatalogPart = 'general' | 'basicPolicy' | 'standards' | 'cloud';

export const CATALOG_PARTS: ReadonlyArray<{ id: CatalogPart; prefix: string; label: Bilingual }> = [
  { id: 'general', prefix: 'GR', label: { ja: '第1編 総則', en: 'Part 1 General provisions' } },
  { id: 'basicPolicy', prefix: 'BP', label: { ja: '情報セキュリティ基本方針', en: 'Basic policy' } },
  { id: 'standards', prefix: 'KB', label: { ja: '情報セキュリティ対策基準', en: 'Control standards' } },
  { id: 'cloud', prefix: 'CP', label: { ja: '第4編 クラウド利用等に関する特則', en: 'Part 4 Cloud special provisions' } },
];

export function partOfId(id: string): CatalogPart | undefined {
  const prefix = id.split('-')[0];
  return CATALOG_PARTS.find((p) => p.prefix === prefix)?.id;
}

export interface CatalogNode {
  id: string;
  kind: NodeKind;
  part: CatalogPart;
  /** Numbering as the guideline prints it: "6.1(13)", "1.(7)②", "4.1". */
  number: string;
  parentId: string | null;
  /** Japanese title as in the guideline (a fact). */
  title: string;
  titleEn: string;
  /** What it requires, in Shirube's own words. */
  summary: Bilingual;
  obligation: 'mandatory' | 'recommended';
  tags: {
    segments: Segment[];
    networkModels: NetworkModel[];
    cloud: boolean;
    /** Confidentiality levels the item is about (e.g. ["3B", "2"]); empty when it applies to all. */
    infoClasses: string[];
    orgSize: OrgSize;
  };
  /** Role ids from shared/permissions.ts. */
  roles: string[];
  mappings: {
    annexA: Mapping[];
    cld: Mapping[];
    ordinance: Mapping[];
  };
  /** Set when an item deliberately maps to no Annex A control, with the reason. */
  annexANone?: Bilingual;
  /** For cloud provisions: the 対策基準 items they extend. */
  extends?: string[];
  /** Graded rules by place and act (e.g. personal devices, seed 003), for approvals to apply. */
  grades?: NodeGrade[];
  provenance: Provenance;
  /** Children in guideline order (filled by the loader). */
  children?: string[];
}

export interface AuditItem {
  id: string; // AI-1, or AI-S1 for Shirube's own
  /** MIC's running number, or Shirube's for AI-S items. */
  no: number;
  /** Whose numbering: MIC's audit table, or Shirube's where the table is not available. */
  numbering: 'mic' | 'shirube';
  /** The 必須 column; null when it is not known. */
  mandatory: boolean | null;
  /** The 対策基準 heading it sits under, e.g. "1. 組織体制 / (1)組織体制、権限及び責任". */
  heading: string;
  title: string;
  /** What the auditor expects to find, in our words. */
  expectation: Bilingual;
  evidenceExamples: Bilingual[];
  howToAudit: Bilingual;
  /** 例文の番号 as printed, e.g. "1.(1)～(6),(8)". */
  exampleRefs: string;
  /** The catalog nodes those numbers resolve to. */
  nodeIds: string[];
  /** JIS Q 27002:2024 numbers, e.g. ["5.2", "5.4"]. */
  jisQ27002: string[];
  provenance: Provenance;
}

export type Axis = 'c' | 'i' | 'a';

export type HandlingTopic =
  | 'storage'
  | 'transmission'
  | 'copying'
  | 'takeOut'
  | 'printing'
  | 'disposal'
  | 'backup'
  | 'terminal'
  | 'labelling'
  | 'cloud';

export interface HandlingRule {
  topic: HandlingTopic;
  text: Bilingual;
  /** Catalog node ids the rule rests on. */
  refs: string[];
  provenance: Provenance;
}

export interface ClassificationLevel {
  axis: Axis;
  /** "3A", "3B", "3C", "2", "1" (or "3" in the older scheme). */
  id: string;
  /** "自治体機密性3A", "完全性2" … */
  label: string;
  labelEn: string;
  /** Higher is stricter; used for "highest wins" aggregation. */
  rank: number;
  meaning: Bilingual;
  examples: Bilingual[];
  handling: HandlingRule[];
  /** Disposal method family this level leads to (see the disposal module). */
  disposalFamily: 'destroy' | 'purge' | 'clear' | 'none';
  provenance: Provenance;
}

export interface ClassificationScheme {
  /** "jichitai5" since R6.10 (3A/3B/3C/2/1); "legacy3" before (3/2/1). */
  id: 'jichitai5' | 'legacy3';
  label: Bilingual;
  levels: Record<Axis, ClassificationLevel[]>;
  /** For reclassification after a scheme change: old level → the new levels it may become. */
  migratesFrom?: { scheme: 'legacy3'; map: Record<string, string[]>; confidence?: 'verified' | 'provisional'; source?: string; note?: string };
}

export interface EditionMeta {
  id: EditionId;
  /** 令和8年3月 */
  label: string;
  labelEn: string;
  /** YYYY-MM-DD, or YYYY-MM when the day is not known. */
  publishedOn: string;
  /** Chronological position (0 = oldest in the catalog). */
  order: number;
  /** The edition this one is written as a delta of (none for the base edition). */
  basedOn?: EditionId;
  /** The edition new policies start from. */
  current: boolean;
  summary: Bilingual;
  classificationScheme: ClassificationScheme['id'];
  provenance: Provenance;
}

export interface ControlRef {
  id: string;
  title: string;
  titleJa?: string;
  theme?: string;
  framework?: MappingFramework;
  provenance?: Provenance;
  /** Said explicitly when no item of the guideline corresponds. */
  noCounterpart?: Bilingual;
}

/** A rule of a framework itself (the ordinance's transitional rule and exemption). */
export interface FrameworkProvision {
  id: string;
  kind: 'transitional' | 'exemption';
  title: Bilingual;
  text: Bilingual;
  areas: string[];
  existingOn?: string;
  provenance?: Provenance;
}

export interface EditionDiffEntry {
  id: string;
  change: 'added' | 'removed' | 'changed';
  fields: Array<{ field: string; before: unknown; after: unknown }>;
  /** What the id names. */
  kind?: 'node' | 'auditItem' | 'classification';
  /** Title and number in the newer edition (or the older one when removed). */
  title?: string;
  number?: string;
}

export interface EditionDiff {
  from: EditionMeta;
  to: EditionMeta;
  counts: { added: number; removed: number; changed: number };
  entries: EditionDiffEntry[];
}

/** A node as listed in a tree (no summary text; the item page has it). */
export interface CatalogTreeNode {
  id: string;
  kind: NodeKind;
  number: string;
  title: string;
  titleEn: string;
  obligation: 'mandatory' | 'recommended';
  confidence: Confidence;
  children: CatalogTreeNode[];
}

export interface CatalogTree {
  edition: EditionMeta;
  parts: Array<{ id: CatalogPart; label: Bilingual; roots: CatalogTreeNode[] }>;
}

export interface NodeHistoryEntry {
  edition: EditionId;
  label: string;
  present: boolean;
  /**
   * Relative to the previous edition in the catalog; 'baseline' for the oldest edition the catalog
   * carries (nothing earlier to compare with).
   */
  status: 'baseline' | 'added' | 'changed' | 'unchanged' | 'removed' | 'absent';
  changedFields: string[];
  number?: string;
  title?: string;
}

export interface CrosswalkLink extends Mapping {
  framework: MappingFramework;
  control: ControlRef;
  /** Other nodes of the same edition that map to the same control (the reverse direction). */
  alsoMappedBy: Array<{ id: string; number: string; title: string }>;
}

export interface NodeDetail {
  edition: EditionMeta;
  node: CatalogNode;
  ancestors: Array<{ id: string; number: string; title: string; kind: NodeKind }>;
  children: Array<{ id: string; number: string; title: string; kind: NodeKind }>;
  crosswalks: CrosswalkLink[];
  auditItems: AuditItem[];
  /** Cloud provisions that extend this node, or the nodes this provision extends. */
  extendedBy: Array<{ id: string; number: string; title: string }>;
  extendsNodes: Array<{ id: string; number: string; title: string }>;
  history: NodeHistoryEntry[];
}

export interface ControlDetail {
  edition: EditionMeta;
  control: ControlRef;
  nodes: Array<{ id: string; number: string; title: string; kind: NodeKind; relation: MappingRelation; basis?: Mapping['basis'] }>;
  auditItems: Array<{ id: string; title: string }>;
}

export interface CrosswalkRow {
  nodeId: string;
  number: string;
  title: string;
  framework: MappingFramework;
  target: string;
  targetTitle: string;
  relation: MappingRelation;
  basis: NonNullable<Mapping['basis']>;
}

export interface CatalogStatsRow {
  /** KB-1 … KB-9, or the id of a part (BP, CP, GR) for the rows beyond the 対策基準. */
  id: string;
  number: string;
  title: string;
  sections: number;
  items: number;
  subItems: number;
  auditItems: number;
  /** Items and sub-items with at least one Annex A link. */
  mappedItems: number;
  /** Items and sub-items that say explicitly that no Annex A control fits. */
  annexANone: number;
  /** Nodes and audit items marked provisional. */
  provisional: number;
}

export interface CatalogStats {
  edition: EditionMeta;
  chapters: CatalogStatsRow[];
  others: CatalogStatsRow[];
  totals: Omit<CatalogStatsRow, 'id' | 'number' | 'title'> & { nodes: number; controls: { annexA: number; cld: number; ordinance: number } };
}

export interface SearchHit {
  id: string;
  kind: NodeKind | 'auditItem';
  number: string;
  title: string;
  /** A short piece of the matching text with the first match, for display. */
  snippet: string;
  score: number;
}

export interface SearchResult {
  edition: EditionId;
  q: string;
  total: number;
  hits: SearchHit[];
}

export interface NodeGrade {
  id: string;
  place: Bilingual;
  act: Bilingual;
  rule: 'prohibited' | 'approvalRequired' | 'permitted';
  confidence: 'verified' | 'provisional';
  source: string;
}
