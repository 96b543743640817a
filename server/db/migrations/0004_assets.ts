import type { Kysely } from 'kysely';

/** The information asset register, its related-system links and the history of classifications. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assets')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_section_id', 'text', (c) => c.notNull())
    .addColumn('custodian', 'text')
    .addColumn('segment', 'text')
    .addColumn('hosting', 'text')
    .addColumn('location', 'text')
    .addColumn('cloud_service_id', 'text')
    .addColumn('resident_data', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('my_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('special_care', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('record_count', 'integer')
    .addColumn('retention', 'text')
    .addColumn('backup_note', 'text')
    .addColumn('confidentiality', 'text')
    .addColumn('integrity', 'text')
    .addColumn('availability', 'text')
    .addColumn('c_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scheme_edition', 'text')
    .addColumn('classified_at', 'text')
    .addColumn('classified_by', 'text')
    .addColumn('classified_by_label', 'text')
    .addColumn('classification_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assets_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('assets_code', ['tenant_id', 'code'])
    .addForeignKeyConstraint('assets_section_fk', ['tenant_id', 'owner_section_id'], 'org_units', ['tenant_id', 'id'])
    .execute();
  // The register is listed, filtered, sorted and counted server-side over 100,000 rows. Each index
  // starts with the tenant and the status (lists show assets in use unless asked otherwise) and
  // ends in the sort key, so a page and its count are read from one index; the personal-data flags
  // ride along at the end so that filtering on them needs no table lookup. The first index also
  // covers the code and name search.
  await db.schema.createIndex('assets_list').on('assets').columns(['tenant_id', 'status', 'code', 'name', 'resident_data', 'my_number', 'special_care']).execute();
  await db.schema.createIndex('assets_name').on('assets').columns(['tenant_id', 'status', 'name']).execute();
  // Strictest first (rank descending, code ascending) is the common order; read backwards, the same
  // index gives loosest first with codes descending.
  await db.schema.createIndex('assets_rank').on('assets').columns(['tenant_id', 'status', 'c_rank desc', 'code', 'resident_data', 'my_number', 'special_care']).execute();
  await db.schema.createIndex('assets_segment').on('assets').columns(['tenant_id', 'status', 'segment', 'code', 'resident_data', 'my_number', 'special_care']).execute();
  await db.schema.createIndex('assets_kind').on('assets').columns(['tenant_id', 'status', 'kind', 'code', 'resident_data', 'my_number', 'special_care']).execute();
  await db.schema.createIndex('assets_section').on('assets').columns(['tenant_id', 'owner_section_id', 'status', 'code', 'resident_data', 'my_number', 'special_care']).execute();
  await db.schema.createIndex('assets_scheme').on('assets').columns(['tenant_id', 'scheme_edition']).execute();

  await db.schema
    .createTable('asset_relations')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('related_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_relations_pk', ['tenant_id', 'asset_id', 'related_id'])
    .addForeignKeyConstraint('asset_relations_asset_fk', ['tenant_id', 'asset_id'], 'assets', ['tenant_id', 'id'])
    .addForeignKeyConstraint('asset_relations_related_fk', ['tenant_id', 'related_id'], 'assets', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('asset_relations_related').on('asset_relations').columns(['tenant_id', 'related_id']).execute();

  await db.schema
    .createTable('asset_class_history')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('scheme_edition', 'text')
    .addColumn('confidentiality', 'text')
    .addColumn('integrity', 'text')
    .addColumn('availability', 'text')
    .addColumn('classified_at', 'text')
    .addColumn('classified_by', 'text')
    .addColumn('classified_by_label', 'text')
    .addColumn('classification_reason', 'text')
    .addColumn('superseded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_class_history_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('asset_class_history_asset_fk', ['tenant_id', 'asset_id'], 'assets', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('asset_class_history_asset').on('asset_class_history').columns(['tenant_id', 'asset_id', 'superseded_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['asset_class_history', 'asset_relations', 'assets']) await db.schema.dropTable(t).execute();
}
