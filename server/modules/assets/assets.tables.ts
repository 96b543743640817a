import type { AssetHostingId, AssetKindId, AssetSegmentId, AssetStatusId } from '@shared/assets';

/** The register of information assets (情報資産台帳). */
export interface AssetsTable {
  tenantId: string;
  id: string;
  /** The organisation's own identifier, unique within it (e.g. "SHIMIN-001"). */
  code: string;
  name: string;
  description: string | null;
  kind: AssetKindId;
  /** The section whose 情報セキュリティ管理者 is responsible for the asset. */
  ownerSectionId: string;
  /** Who keeps it day to day (a person, a team or a contractor), as text. */
  custodian: string | null;
  segment: AssetSegmentId | null;
  hosting: AssetHostingId | null;
  /** Named place: server room, data centre or cloud service name. */
  location: string | null;
  /** External service id in the vendors module, when the asset lives on one. */
  cloudServiceId: string | null;
  residentData: number;
  myNumber: number;
  specialCare: number;
  recordCount: number | null;
  /** 保存期間 as written in the register ("5年", "常用", "永年"). */
  retention: string | null;
  /** How the asset is backed up (where, how often, how fast it can be restored). */
  backupNote: string | null;
  confidentiality: string | null;
  integrity: string | null;
  availability: string | null;
  /** Sort key of the confidentiality level (0 when not classified). */
  cRank: number;
  /** Catalog edition whose classification scheme the levels belong to. */
  schemeEdition: string | null;
  classifiedAt: string | null;
  classifiedBy: string | null;
  classifiedByLabel: string | null;
  classificationReason: string | null;
  status: AssetStatusId;
  createdAt: string;
  updatedAt: string;
}

/** Systems an asset is related to (processed by, stored in): both ends are assets. */
export interface AssetRelationsTable {
  tenantId: string;
  assetId: string;
  relatedId: string;
}

/**
 * Classifications an asset no longer has: when a classification changes, the state it replaces
 * (with who set it, when and why) moves here. The current state stays on the asset row, so the
 * full history is the asset's current classification followed by these rows, newest first.
 */
export interface AssetClassHistoryTable {
  tenantId: string;
  id: string;
  assetId: string;
  schemeEdition: string | null;
  confidentiality: string | null;
  integrity: string | null;
  availability: string | null;
  classifiedAt: string | null;
  classifiedBy: string | null;
  classifiedByLabel: string | null;
  classificationReason: string | null;
  supersededAt: string;
}

declare module '../../db/schema' {
  interface Database {
    assets: AssetsTable;
    assetRelations: AssetRelationsTable;
    assetClassHistory: AssetClassHistoryTable;
  }
}
