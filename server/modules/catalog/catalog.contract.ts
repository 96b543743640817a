import type {
  AuditItem,
  CatalogNode,
  CatalogStats,
  CatalogTree,
  ClassificationScheme,
  ControlDetail,
  ControlRef,
  CrosswalkRow,
  EditionDiff,
  EditionMeta,
  MappingFramework,
  NodeDetail,
  NodeHistoryEntry,
  SearchResult,
} from '@shared/catalog';

/**
 * What other modules may ask of the catalog (through deps.services.catalog). The catalog module
 * implements it; nothing outside that module reads catalog files or tables directly.
 */
export interface CatalogService {
  editions(): EditionMeta[];
  /** The edition new work starts from (R8.3). */
  current(): EditionMeta;
  /** Throws a 404 AppError naming the edition when it does not exist. */
  edition(id: string): EditionMeta;
  hasEdition(id: string): boolean;
  /** A node of an edition, or undefined. */
  node(editionId: string, nodeId: string): CatalogNode | undefined;
  /** All nodes of an edition in guideline order. */
  nodes(editionId: string): CatalogNode[];
  auditItems(editionId: string): AuditItem[];
  classification(editionId: string): ClassificationScheme;
  annexA(): ControlRef[];

  // ---- added with issue 4 ----
  /** An audit item of an edition, or undefined. */
  auditItem(editionId: string, id: string): AuditItem | undefined;
  /** Controls of one framework (Annex A, the 7 CLD controls, the 8 ordinance areas), or all of them. */
  controls(framework?: MappingFramework): ControlRef[];
  control(id: string): ControlRef | undefined;
  /** Chapters → sections → items → sub-items, per part. Throws 404 for an unknown edition. */
  tree(editionId: string): CatalogTree;
  /** A node with crosswalks both ways, audit items and history. Throws 404 naming edition or node. */
  detail(editionId: string, nodeId: string): NodeDetail;
  history(nodeId: string): NodeHistoryEntry[];
  diff(fromEditionId: string, toEditionId: string): EditionDiff;
  stats(editionId: string): CatalogStats;
  /** The nodes of an edition that map to a control (the reverse crosswalk). */
  controlDetail(editionId: string, controlId: string): ControlDetail;
  crosswalks(editionId: string, framework?: MappingFramework): CrosswalkRow[];
  /** Japanese full-text search (bigram index in the database). */
  search(editionId: string, q: string, limit?: number): Promise<SearchResult>;
  /** Identifies the catalog content (changes whenever a data file changes). */
  contentHash(): string;
}

declare module '../../platform/deps' {
  interface Services {
    catalog: CatalogService;
  }
}
