import type { Kysely } from 'kysely';

/** Network models of the three-layer separation and their immutable versions. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_models')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('current_version_id', 'text')
    .addColumn('version_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_models_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('network_models_name').on('network_models').columns(['tenant_id', 'name']).execute();

  await db.schema
    .createTable('network_model_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('filename', 'text')
    .addColumn('network_model', 'text', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_model_versions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('network_model_versions_no', ['tenant_id', 'model_id', 'version_no'])
    .addForeignKeyConstraint('network_model_versions_model_fk', ['tenant_id', 'model_id'], 'network_models', ['tenant_id', 'id'])
    .addForeignKeyConstraint('network_model_versions_user_fk', ['tenant_id', 'created_by'], 'users', ['tenant_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('network_model_versions').execute();
  await db.schema.dropTable('network_models').execute();
}
