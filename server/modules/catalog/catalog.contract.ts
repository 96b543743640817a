import type { AuditItem, CatalogNode, ClassificationScheme, ControlRef, EditionMeta } from '@shared/catalog';

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
}

declare module '../../platform/deps' {
  interface Services {
    catalog: CatalogService;
  }
}
