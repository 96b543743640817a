import type { Kysely } from 'kysely';

/** Organisations (the tenants), their departments and sections, and the audit trail. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text')
    .addColumn('name_en', 'text')
    .addColumn('lg_code', 'text', (c) => c.unique())
    .addColumn('prefecture_code', 'text')
    .addColumn('parent_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_parent').on('organizations').column('parent_id').execute();
  await db.schema.createIndex('organizations_kind').on('organizations').columns(['kind', 'prefecture_code']).execute();

  await db.schema
    .createTable('org_units')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_units_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('org_units_code', ['tenant_id', 'code'])
    .addForeignKeyConstraint('org_units_parent_fk', ['tenant_id', 'parent_id'], 'org_units', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_events_pk', ['tenant_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_events_time').on('audit_events').columns(['tenant_id', 'occurred_at']).execute();
  await db.schema.createIndex('audit_events_target').on('audit_events').columns(['tenant_id', 'target_type', 'target_id']).execute();

  await db.schema
    .createTable('audit_heads')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_heads', 'audit_events', 'org_units', 'organizations']) await db.schema.dropTable(t).execute();
}
