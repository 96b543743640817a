import { sql } from 'kysely';
import type { DbHandle } from '../../server/db/database';

/**
 * Someone with write access to the database and the rights to change its schema (the table
 * owner) can switch the append-only triggers off. The tampering tests play that attacker.
 */
export async function disableAuditGuards(handle: DbHandle): Promise<void> {
  if (handle.kind === 'postgres') {
    for (const t of ['audit_events', 'audit_heads', 'audit_checkpoints']) await sql.raw(`alter table ${t} disable trigger ${t}_guard`).execute(handle.db);
    return;
  }
  for (const t of ['audit_events_no_update', 'audit_events_no_delete', 'audit_heads_forward', 'audit_heads_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete']) {
    await sql.raw(`drop trigger if exists ${t}`).execute(handle.db);
  }
}
