import type { ArticleLevel, DocKind, DocTemplate, VersionStatus } from '@shared/documents';

/** 情報セキュリティポリシー: one per body that sets a policy (the executive organ, the assembly …). */
export interface PoliciesTable {
  tenantId: string;
  id: string;
  title: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A version (版) of a policy: a draft, or approved and in force from a date. Approved versions never change. */
export interface PolicyVersionsTable {
  tenantId: string;
  id: string;
  policyId: string;
  versionNo: number;
  status: VersionStatus;
  /** Catalog edition the version follows (R8.3). */
  edition: string;
  /** JSON: PolicyChoices. */
  choices: string;
  basedOnId: string | null;
  /** 改正の概要 (what this version changes and why). */
  note: string;
  createdBy: string | null;
  createdByLabel: string;
  createdAt: string;
  updatedAt: string;
  approvedBy: string | null;
  approvedByLabel: string | null;
  approvedAt: string | null;
  /** The committee decision (e.g. 令和8年3月25日 情報セキュリティ委員会決定). */
  decisionRef: string | null;
  /** YYYY-MM-DD the version comes into force. */
  effectiveFrom: string | null;
}

/** 基本方針, 対策基準 or one 実施手順 within a version. */
export interface PolicyDocumentsTable {
  tenantId: string;
  id: string;
  versionId: string;
  kind: DocKind;
  template: DocTemplate;
  title: string;
  /** Shown on the public page when the version is in force (基本方針 by default). */
  isPublic: number;
  sortOrder: number;
  /** JSON: catalog ids the document implements (procedures). */
  implementsIds: string;
  createdAt: string;
  updatedAt: string;
}

/** An article (条・項目) of a document. `key` is stable across versions. */
export interface PolicyArticlesTable {
  tenantId: string;
  id: string;
  versionId: string;
  documentId: string;
  key: string;
  parentKey: string | null;
  level: ArticleLevel;
  sortOrder: number;
  /** Guideline numbering of the catalog node (6.1(13)); null for procedure steps and own articles. */
  number: string | null;
  /** The label as generated (model articles); own articles get theirs when rendered. */
  label: string | null;
  heading: string;
  body: string;
  /** JSON: catalog ids the article implements. */
  catalogIds: string;
  origin: 'model' | 'custom';
  included: number;
  omitReason: string | null;
  /** Optimistic locking: bumped by every save. */
  revision: number;
  updatedBy: string | null;
  updatedByLabel: string;
  createdAt: string;
  updatedAt: string;
}

declare module '../../db/schema' {
  interface Database {
    policies: PoliciesTable;
    policyVersions: PolicyVersionsTable;
    policyDocuments: PolicyDocumentsTable;
    policyArticles: PolicyArticlesTable;
  }
}
