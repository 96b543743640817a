import { type Kysely, sql } from 'kysely';

/** Policy documents: policies, their versions, the documents of a version and their articles. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policies_pk', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('based_on_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text')
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_by_label', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('decision_ref', 'text')
    .addColumn('effective_from', 'text')
    .addPrimaryKeyConstraint('policy_versions_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('policy_versions_policy_fk', ['tenant_id', 'policy_id'], 'policies', ['tenant_id', 'id'])
    .addForeignKeyConstraint('policy_versions_based_on_fk', ['tenant_id', 'based_on_id'], 'policy_versions', ['tenant_id', 'id'])
    .addUniqueConstraint('policy_versions_no', ['tenant_id', 'policy_id', 'version_no'])
    .execute();
  // At most one draft per policy, enforced by the database as well as by the service.
  await sql`create unique index policy_versions_one_draft on policy_versions (tenant_id, policy_id) where status = 'draft'`.execute(db);

  await db.schema
    .createTable('policy_documents')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('implements_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_documents_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('policy_documents_version_fk', ['tenant_id', 'version_id'], 'policy_versions', ['tenant_id', 'id'])
    .addUniqueConstraint('policy_documents_template', ['tenant_id', 'version_id', 'template'])
    .execute();

  await db.schema
    .createTable('policy_articles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('parent_key', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('label', 'text')
    .addColumn('heading', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('catalog_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('included', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('omit_reason', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .addColumn('updated_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_articles_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('policy_articles_version_fk', ['tenant_id', 'version_id'], 'policy_versions', ['tenant_id', 'id'])
    .addForeignKeyConstraint('policy_articles_document_fk', ['tenant_id', 'document_id'], 'policy_documents', ['tenant_id', 'id'])
    .addUniqueConstraint('policy_articles_key', ['tenant_id', 'document_id', 'key'])
    .execute();
  await db.schema.createIndex('policy_articles_version').on('policy_articles').columns(['tenant_id', 'version_id', 'sort_order']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['policy_articles', 'policy_documents', 'policy_versions', 'policies']) await db.schema.dropTable(t).execute();
}
