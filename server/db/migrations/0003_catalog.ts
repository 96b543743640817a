import type { Kysely } from 'kysely';

/**
 * Guideline catalog: the full-text search index (character bigrams + the normalised texts they come
 * from) and a small meta table recording which catalog content the index was built from. Shared
 * reference data: no tenant_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalog_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('catalog_search_texts')
    .addColumn('text_key', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('catalog_search_grams')
    .addColumn('gram', 'text', (c) => c.notNull())
    .addColumn('text_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_search_grams_pk', ['gram', 'text_key'])
    .execute();

  await db.schema
    .createTable('catalog_search_docs')
    .addColumn('edition_id', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text_key', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_search_docs_pk', ['edition_id', 'doc_id'])
    .execute();
  await db.schema.createIndex('catalog_search_docs_text').on('catalog_search_docs').columns(['text_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalog_search_docs').execute();
  await db.schema.dropTable('catalog_search_grams').execute();
  await db.schema.dropTable('catalog_search_texts').execute();
  await db.schema.dropTable('catalog_meta').execute();
}
