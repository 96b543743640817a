import type { Db } from '../../db/database';

/**
 * What other modules (network, vendors, disposal, documents) may ask of the asset register,
 * through deps.services.assets. Reads are by tenant; scope checks stay with the caller's own
 * records (a disposal shows the classes of the assets it references).
 */
export type AssetKind = 'dataset' | 'system' | 'device' | 'medium' | 'cloudData';
export type AssetSegment = 'mynumber' | 'lgwan' | 'internet' | 'closed';

export interface AssetSummary {
  id: string;
  code: string;
  name: string;
  kind: AssetKind;
  ownerSectionId: string;
  segment: AssetSegment | null;
  /** 'onPremises' | 'dataCentre' | 'cloud' */
  hosting: string | null;
  /** External service (vendors module) the asset lives on, when hosting is cloud. */
  cloudServiceId: string | null;
  /** Confidentiality level id under the asset's scheme ('3A','3B','3C','2','1' or legacy '3'). */
  confidentiality: string | null;
  integrity: string | null;
  availability: string | null;
  /** Catalog edition whose classification scheme the levels belong to. */
  schemeEdition: string | null;
  flags: { residentData: boolean; myNumber: boolean; specialCare: boolean };
  status: 'active' | 'retired';
}

/** What a bulk check needs of an asset: its kind, its three levels and whether it is in use. */
export type AssetClasses = Pick<AssetSummary, 'id' | 'kind' | 'confidentiality' | 'integrity' | 'availability' | 'status'>;

export interface AssetsService {
  get(db: Db, tenantId: string, assetId: string): Promise<AssetSummary | undefined>;
  getMany(db: Db, tenantId: string, assetIds: string[]): Promise<AssetSummary[]>;
  /**
   * Only the classes of many assets, in no particular order (unknown ids are left out). For checks
   * over a whole organisation, where reading every column of thousands of assets is the main cost.
   */
  classesOf(db: Db, tenantId: string, assetIds: string[]): Promise<AssetClasses[]>;
  /** How many assets in use a section owns (shown before the section is abolished). */
  countOwnedBy(db: Db, tenantId: string, sectionId: string): Promise<number>;
  /** Highest level per axis across the given assets ("highest wins"), for derived classes. */
  highest(assets: AssetSummary[]): { c: string | null; i: string | null; a: string | null };
}

declare module '../../platform/deps' {
  interface Services {
    assets: AssetsService;
  }
}
