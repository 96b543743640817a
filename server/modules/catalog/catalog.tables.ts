/**
 * Catalog tables: a search index over the guideline catalog, rebuilt from the catalog files when
 * their content hash changes. This is shared reference data, not tenant data (no tenant_id).
 */

export interface CatalogMetaTable {
  key: string;
  value: string;
  updatedAt: string;
}

/** One normalised search text; identical texts across editions are stored once. */
export interface CatalogSearchTextsTable {
  textKey: string;
  body: string;
}

/** Character bigrams of a search text (NFKC, lower case; grams spanning whitespace are skipped). */
export interface CatalogSearchGramsTable {
  gram: string;
  textKey: string;
}

/** A searchable record of an edition: a catalog node or an audit item. */
export interface CatalogSearchDocsTable {
  editionId: string;
  docId: string;
  kind: string;
  textKey: string;
  sortOrder: number;
}

declare module '../../db/schema' {
  interface Database {
    catalogMeta: CatalogMetaTable;
    catalogSearchTexts: CatalogSearchTextsTable;
    catalogSearchGrams: CatalogSearchGramsTable;
    catalogSearchDocs: CatalogSearchDocsTable;
  }
}
