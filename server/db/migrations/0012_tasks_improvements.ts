import type { Kysely } from 'kysely';

/**
 * Everyone's to-do list (やること) and the register of improvement actions (改善計画・是正処置).
 *
 * tasks holds every open piece of work of every module; task_targets lists, per open task, the
 * principals it is addressed to ('u:<user>', 'r:<role>', 'r:<role>:*', 'r:<role>:<unit>') with its
 * due date, so one user's list is a single index range per principal. Closed tasks keep their row
 * (closed_at) and lose their targets.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('title_ja', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('assignees', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addPrimaryKeyConstraint('tasks_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('tasks_key', ['tenant_id', 'key'])
    .execute();
  await db.schema.createIndex('tasks_provider_open').on('tasks').columns(['tenant_id', 'provider', 'status', 'origin']).execute();
  await db.schema.createIndex('tasks_requested_open').on('tasks').columns(['tenant_id', 'requested_by', 'status', 'due_date']).execute();

  await db.schema
    .createTable('task_targets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addPrimaryKeyConstraint('task_targets_pk', ['tenant_id', 'task_id', 'principal'])
    .addForeignKeyConstraint('task_targets_task_fk', ['tenant_id', 'task_id'], 'tasks', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('task_targets_principal').on('task_targets').columns(['tenant_id', 'principal', 'due_date', 'task_id']).execute();

  await db.schema
    .createTable('task_mail_prefs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_mail_prefs_pk', ['tenant_id', 'user_id', 'kind'])
    .addForeignKeyConstraint('task_mail_prefs_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('task_mail_prefs_kind').on('task_mail_prefs').columns(['tenant_id', 'kind', 'mode']).execute();

  await db.schema
    .createTable('task_digest_log')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_digest_log_pk', ['tenant_id', 'user_id', 'day'])
    .execute();

  await db.schema
    .createTable('improvement_actions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner_section_id', 'text')
    .addColumn('owner_user_id', 'text')
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('evidence_required', 'integer', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('completed_by', 'text')
    .addColumn('completion_note', 'text')
    .addColumn('checked_by', 'text')
    .addColumn('checked_at', 'text')
    .addColumn('check_result', 'text')
    .addColumn('check_note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('improvement_actions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('improvement_actions_code', ['tenant_id', 'code'])
    .addForeignKeyConstraint('improvement_actions_section_fk', ['tenant_id', 'owner_section_id'], 'org_units', ['tenant_id', 'id'])
    .addForeignKeyConstraint('improvement_actions_owner_fk', ['tenant_id', 'owner_user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('improvement_actions_source').on('improvement_actions').columns(['tenant_id', 'source_type', 'source_id']).execute();
  await db.schema.createIndex('improvement_actions_status').on('improvement_actions').columns(['tenant_id', 'status', 'due_date']).execute();
  await db.schema.createIndex('improvement_actions_section').on('improvement_actions').columns(['tenant_id', 'owner_section_id', 'due_date']).execute();

  await db.schema
    .createTable('improvement_evidence')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_by_label', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('improvement_evidence_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('improvement_evidence_action_fk', ['tenant_id', 'action_id'], 'improvement_actions', ['tenant_id', 'id'])
    .addForeignKeyConstraint('improvement_evidence_file_fk', ['tenant_id', 'file_id'], 'stored_files', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('improvement_evidence_action').on('improvement_evidence').columns(['tenant_id', 'action_id']).execute();

  await db.schema
    .createTable('improvement_counters')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('improvement_counters_pk', ['tenant_id', 'year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['improvement_counters', 'improvement_evidence', 'improvement_actions', 'task_digest_log', 'task_mail_prefs', 'task_targets', 'tasks'])
    await db.schema.dropTable(t).execute();
}
