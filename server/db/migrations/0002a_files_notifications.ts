import type { Kysely } from 'kysely';

/** Evidence files (in the database, for one backup of everything), notifications, reminders, the mail outbox. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stored_files')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // bytea is PostgreSQL's binary type; SQLite stores a bound Buffer as a BLOB whatever the declared type.
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('stored_files_pk', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title_ja', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('body_ja', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addPrimaryKeyConstraint('notifications_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['tenant_id', 'user_id', 'read_at']).execute();

  await db.schema
    .createTable('reminder_log')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_log_pk', ['tenant_id', 'source', 'item_key', 'day'])
    .execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('mail_outbox_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('mail_outbox_pending').on('mail_outbox').columns(['sent_at', 'attempts']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mail_outbox', 'reminder_log', 'notifications', 'stored_files']) await db.schema.dropTable(t).execute();
}
