/**
 * Policy documents (情報セキュリティポリシー): the shapes the server returns and the client shows.
 *
 * A policy has versions (版). Each version holds documents — 基本方針, 対策基準 and 実施手順 —
 * and each document holds articles. An article has a stable key across versions: the catalog id
 * it implements (KB-6.1.13), a procedure step (cloud:selection) or, for the organisation's own
 * additions, X-<uuid>. The 新旧対照表 lines articles up by that key.
 */

import type { Bilingual, NetworkModel } from './catalog';

export type DocKind = 'basicPolicy' | 'standards' | 'procedure';
export type DocTemplate = 'basicPolicy' | 'standards' | 'cloud' | 'classification' | 'incident' | 'disposal';
export const PROCEDURE_TEMPLATES = ['cloud', 'classification', 'incident', 'disposal'] as const;
export type ProcedureTemplate = (typeof PROCEDURE_TEMPLATES)[number];

export const DOC_TEMPLATE_LABELS: Record<DocTemplate, Bilingual> = {
  basicPolicy: { ja: '情報セキュリティ基本方針', en: 'Basic policy' },
  standards: { ja: '情報セキュリティ対策基準', en: 'Control standards' },
  cloud: { ja: '外部サービス（クラウドサービス）利用手順', en: 'External (cloud) service procedure' },
  classification: { ja: '情報資産の分類及び管理手順', en: 'Asset classification procedure' },
  incident: { ja: '情報セキュリティインシデント対応手順', en: 'Incident response procedure' },
  disposal: { ja: '機器等の廃棄手順', en: 'Equipment disposal procedure' },
};

/** Levels of the outline; the .docx heading level follows the depth in the tree. */
export type ArticleLevel = 'part' | 'chapter' | 'section' | 'item' | 'subItem' | 'article';

export type OrgSizeChoice = 'standard' | 'small';

/** Who holds each role, as the policy names them (e.g. CISO → 副市長). */
export interface RoleHolders {
  cio: string;
  ciso: string;
  /** Empty when the organisation has no deputy CISO. */
  deputyCiso: string;
  chiefSecurityManager: string;
  securityOfficer: string;
  securityManager: string;
  systemManager: string;
  auditLead: string;
}

/** The organisation's choices a policy is generated from. */
export interface PolicyChoices {
  orgName: string;
  /** 長の職名: 市長, 町長, 村長, 区長, 知事, 管理者 … */
  headTitle: string;
  roleHolders: RoleHolders;
  committeeName: string;
  networkModel: NetworkModel;
  /** External services handle 自治体機密性2 or above. */
  externalServicesConfidential: boolean;
  wirelessLan: boolean;
  orgSize: OrgSizeChoice;
  /** Standard-compliant systems run on cloud (第4編 特則 applies). */
  cloudProvisions: boolean;
  /** Recommended (推奨) catalog items switched on or off; absent → the model's default. */
  optional: Record<string, boolean>;
}

export const NETWORK_MODEL_LABELS: Record<NetworkModel, Bilingual> = {
  alpha: { ja: 'αモデル', en: 'α model' },
  alphaPrime: { ja: 'α′モデル', en: 'α′ model' },
  beta: { ja: 'βモデル', en: 'β model' },
  betaPrime: { ja: 'β′モデル', en: 'β′ model' },
};

export type VersionStatus = 'draft' | 'approved';

/** Where a version stands on a given day. */
export type VersionState = 'draft' | 'scheduled' | 'inForce' | 'superseded';

export const VERSION_STATE_LABELS: Record<VersionState, Bilingual> = {
  draft: { ja: '起案中', en: 'Draft' },
  scheduled: { ja: '承認済み（施行前）', en: 'Approved, not yet in force' },
  inForce: { ja: '施行中', en: 'In force' },
  superseded: { ja: '旧版', en: 'Superseded' },
};

export interface VersionSummary {
  id: string;
  policyId: string;
  versionNo: number;
  status: VersionStatus;
  state: VersionState;
  edition: string;
  editionLabel: string;
  basedOnId: string | null;
  note: string;
  createdAt: string;
  createdByLabel: string;
  approvedAt: string | null;
  approvedByLabel: string | null;
  decisionRef: string | null;
  effectiveFrom: string | null;
}

export interface PolicySummary {
  id: string;
  title: string;
  createdAt: string;
  versions: VersionSummary[];
  inForceId: string | null;
  draftId: string | null;
}

export interface CatalogRefView {
  id: string;
  number: string;
  title: string;
  summary: Bilingual;
  obligation: 'mandatory' | 'recommended';
  confidence: 'verified' | 'provisional';
  /** False when the id is not in the version's edition (e.g. removed by a later edition). */
  exists: boolean;
}

export interface ArticleView {
  id: string;
  key: string;
  parentKey: string | null;
  level: ArticleLevel;
  /** Numbering as printed in the document: "6.1", "(13)", "②", "第3条", "(13の2)". */
  label: string;
  /** Guideline numbering of the catalog item, when there is one: "6.1(13)". */
  number: string | null;
  heading: string;
  body: string;
  catalogIds: string[];
  origin: 'model' | 'custom';
  included: boolean;
  omitReason: string | null;
  revision: number;
  updatedAt: string;
  updatedByLabel: string;
  /** The text differs from Shirube's model wording for this edition and these choices. */
  editedFromModel: boolean;
  depth: number;
}

export interface DocumentView {
  id: string;
  kind: DocKind;
  template: DocTemplate;
  title: string;
  isPublic: boolean;
  /** For procedures: the standards articles (catalog ids) they implement. */
  implements: string[];
  articles: ArticleView[];
}

export interface VersionDetail {
  policy: { id: string; title: string };
  version: VersionSummary & { choices: PolicyChoices };
  documents: DocumentView[];
  /** Catalog items referenced by the articles, keyed by id. */
  catalog: Record<string, CatalogRefView>;
  editable: boolean;
}

/** A piece of text in a comparison, marked when it changed. */
export interface DiffSegment {
  text: string;
  changed: boolean;
}

export interface CompareRow {
  key: string;
  documentTemplate: DocTemplate;
  documentTitle: string;
  change: 'added' | 'removed' | 'changed';
  /** 改正後 (new) — null when the article was removed. */
  after: { label: string; heading: string; body: string; included: boolean } | null;
  /** 改正前 (old) — null when the article is new. */
  before: { label: string; heading: string; body: string; included: boolean } | null;
  afterSegments: DiffSegment[];
  beforeSegments: DiffSegment[];
}

export interface CompareResult {
  from: VersionSummary;
  to: VersionSummary;
  policyTitle: string;
  rows: CompareRow[];
  counts: { added: number; removed: number; changed: number };
}

export type ProposalChange = 'add' | 'change' | 'remove';

export interface ProposalEntry {
  key: string;
  documentTemplate: DocTemplate;
  change: ProposalChange;
  /** Why: the catalog change or the choice that leads to it. */
  reason: Bilingual;
  /** Catalog fields that changed between the editions (title, summary, number …). */
  catalogFields: string[];
  current: { label: string; heading: string; body: string; included: boolean } | null;
  proposed: { label: string; heading: string; body: string; included: boolean; omitReason: string | null } | null;
  /** The organisation had changed the model wording of this article. */
  localEdits: boolean;
  currentSegments: DiffSegment[];
  proposedSegments: DiffSegment[];
  catalogIds: string[];
}

export interface EditionProposal {
  version: VersionSummary;
  fromEdition: string;
  toEdition: string;
  toEditionLabel: string;
  entries: ProposalEntry[];
  /** Catalog nodes that changed but whose model wording did not. */
  catalogOnly: Array<{ id: string; number: string; title: string; fields: string[] }>;
  counts: { add: number; change: number; remove: number };
}

export type CoverageStatus = 'covered' | 'omitted' | 'missing';

export interface CoverageRow {
  id: string;
  number: string;
  title: string;
  obligation: 'mandatory' | 'recommended';
  confidence: 'verified' | 'provisional';
  status: CoverageStatus;
  omitReason: string | null;
  articleId: string | null;
  /** Procedure articles that implement this item. */
  procedures: Array<{ documentTitle: string; label: string; heading: string }>;
}

export interface CoverageResult {
  version: VersionSummary;
  rows: CoverageRow[];
  beyond: Array<{ articleId: string; documentTitle: string; label: string; heading: string; reason: 'custom' | 'notInEdition' }>;
  counts: { covered: number; omitted: number; missing: number; beyond: number };
}

export interface PublicPolicy {
  organization: { name: string; lgCode: string | null };
  policyTitle: string;
  version: { versionNo: number; effectiveFrom: string; approvedAt: string; decisionRef: string | null; edition: string };
  documents: Array<{ template: DocTemplate; title: string; articles: Array<{ label: string; heading: string; body: string; depth: number }> }>;
}

/** The local label of a guideline number: "6.1(13)" → "(13)", "1.(7)②" → "②", "4.1" → "4.1". */
export function localLabel(level: ArticleLevel, number: string): string {
  if (level === 'subItem') {
    const m = /([①-⑳㉑-㉟])$/.exec(number);
    if (m) return m[1];
  }
  if (level === 'item' || level === 'subItem') {
    const m = /(\(\d+\))$/.exec(number);
    if (m) return m[1];
  }
  if (level === 'chapter') return number.endsWith('.') ? number : `${number}.`;
  return number;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
export function circled(n: number): string {
  return n >= 1 && n <= 20 ? CIRCLED[n - 1] : `(${n})`;
}
