import { type Kysely, sql } from 'kysely';

/**
 * The audit trail made tamper-evident without trusting the database (issue 13):
 *  - audit_events.key_id: the chain key an entry's HMAC was made with (null for older entries,
 *    which keep their unkeyed SHA-256; see server/platform/audit-keys.ts);
 *  - audit_checkpoints: Ed25519-signed heads (periodic) and retention cuts (retention);
 *  - triggers, on SQLite and PostgreSQL alike, that refuse UPDATE and DELETE of entries and
 *    checkpoints, refuse deleting or moving back a chain head, and allow deleting entries only
 *    up to a retention checkpoint recorded first (`shirube audit retain`).
 */

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('key_id', 'text').execute();
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_checkpoints_pk', ['tenant_id', 'seq', 'kind'])
    .execute();

  if (await isPostgres(db)) {
    await sql`
      create function shirube_audit_guard() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'audit_events' and tg_op = 'DELETE' then
          if exists (select 1 from audit_checkpoints c where c.tenant_id = old.tenant_id and c.kind = 'retention' and c.seq >= old.seq) then
            return old;
          end if;
          raise exception 'audit_events: entries are removed only by the retention procedure (shirube audit retain)' using errcode = 'P0001';
        end if;
        if tg_table_name = 'audit_heads' and tg_op = 'UPDATE' then
          if new.tenant_id = old.tenant_id and new.seq >= old.seq then
            return new;
          end if;
          raise exception 'audit_heads: a chain head only moves forward' using errcode = 'P0001';
        end if;
        raise exception '%: % is refused (the audit trail is append-only)', tg_table_name, tg_op using errcode = 'P0001';
      end
      $$`.execute(db);
    await sql`create trigger audit_events_guard before update or delete on audit_events for each row execute function shirube_audit_guard()`.execute(db);
    await sql`create trigger audit_checkpoints_guard before update or delete on audit_checkpoints for each row execute function shirube_audit_guard()`.execute(db);
    await sql`create trigger audit_heads_guard before update or delete on audit_heads for each row execute function shirube_audit_guard()`.execute(db);
    return;
  }
  await sql`create trigger audit_events_no_update before update on audit_events
    begin select raise(abort, 'audit_events: UPDATE is refused (the audit trail is append-only)'); end`.execute(db);
  await sql`create trigger audit_events_no_delete before delete on audit_events
    when not exists (select 1 from audit_checkpoints c where c.tenant_id = old.tenant_id and c.kind = 'retention' and c.seq >= old.seq)
    begin select raise(abort, 'audit_events: entries are removed only by the retention procedure (shirube audit retain)'); end`.execute(db);
  await sql`create trigger audit_checkpoints_no_update before update on audit_checkpoints
    begin select raise(abort, 'audit_checkpoints: UPDATE is refused'); end`.execute(db);
  await sql`create trigger audit_checkpoints_no_delete before delete on audit_checkpoints
    begin select raise(abort, 'audit_checkpoints: DELETE is refused'); end`.execute(db);
  await sql`create trigger audit_heads_forward before update on audit_heads
    when new.tenant_id <> old.tenant_id or new.seq < old.seq
    begin select raise(abort, 'audit_heads: a chain head only moves forward'); end`.execute(db);
  await sql`create trigger audit_heads_no_delete before delete on audit_heads
    begin select raise(abort, 'audit_heads: DELETE is refused'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) {
    for (const t of ['audit_events', 'audit_checkpoints', 'audit_heads']) await sql.raw(`drop trigger if exists ${t}_guard on ${t}`).execute(db);
    await sql`drop function if exists shirube_audit_guard()`.execute(db);
  } else {
    for (const t of ['audit_events_no_update', 'audit_events_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete', 'audit_heads_forward', 'audit_heads_no_delete']) {
      await sql.raw(`drop trigger if exists ${t}`).execute(db);
    }
  }
  await db.schema.dropTable('audit_checkpoints').execute();
  await db.schema.alterTable('audit_events').dropColumn('key_id').execute();
}
