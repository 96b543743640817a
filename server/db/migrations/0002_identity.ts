import type { Kysely } from 'kysely';

/** Users, role assignments, sessions, MFA recovery codes, API tokens, sign-in throttling, setup links. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_name_kana', 'text')
    .addColumn('section_id', 'text')
    .addColumn('contractor_id', 'text')
    .addColumn('employment', 'text', (c) => c.notNull().defaultTo('regular'))
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_changed_at', 'text')
    .addColumn('mfa_secret', 'text')
    .addColumn('mfa_pending_secret', 'text')
    .addColumn('mfa_enabled_at', 'text')
    .addColumn('mfa_last_step', 'integer')
    .addColumn('invite_token_hash', 'text', (c) => c.unique())
    .addColumn('invite_expires_at', 'text')
    .addColumn('last_login_at', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('users_section_fk', ['tenant_id', 'section_id'], 'org_units', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('role_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text')
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('role_assignments_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('role_assignments_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('role_assignments_user').on('role_assignments').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('revoked_at', 'text')
    .addForeignKeyConstraint('sessions_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recovery_codes_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('recovery_codes_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('api_tokens_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('api_tokens_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('auth_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await db.schema
    .createTable('setup_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['setup_tokens', 'auth_throttle', 'api_tokens', 'recovery_codes', 'sessions', 'role_assignments', 'users'])
    await db.schema.dropTable(t).execute();
}
