import { sql } from 'kysely';
import type { Db } from '../db/database';
import { nowIso, toJson } from '../db/sql';
import { newId, sha256 } from './ids';

/**
 * システム管理記録: an append-only, hash-chained trail per organisation.
 *
 * Each entry's hash covers its own fields and the previous entry's hash, so changing,
 * deleting or reordering any row breaks the chain at that row. audit_heads holds the last
 * seq and hash per organisation; it is updated in the same transaction as the write it
 * records, which also serialises concurrent appends for one organisation.
 */

/** Chain for events that belong to no organisation (e.g. a failed sign-in for an unknown e-mail). */
export const PLATFORM_TENANT = 'platform';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  tenantId: string;
  actorId: string | null;
  actorLabel: string;
  requestId?: string | null;
  ip?: string | null;
}

export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** What changed: { field: [before, after] } or a detail object. Never secrets. */
  changes?: unknown;
}

export interface StoredAuditEvent {
  tenantId: string;
  seq: number;
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  changes: string;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export function hashEvent(e: Omit<StoredAuditEvent, 'hash'>): string {
  return sha256(
    JSON.stringify([
      e.tenantId,
      e.seq,
      e.id,
      e.occurredAt,
      e.actorId,
      e.actorLabel,
      e.action,
      e.targetType,
      e.targetId,
      e.changes,
      e.requestId,
      e.ip,
      e.prevHash,
    ]),
  );
}

/** Reserve the next seq for a tenant; returns it with the previous hash. Must run inside a transaction. */
async function advanceHead(trx: Db, tenantId: string): Promise<{ seq: number; prevHash: string }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const bumped = await trx
      .updateTable('auditHeads')
      .set({ seq: sql`seq + 1` })
      .where('tenantId', '=', tenantId)
      .returning(['seq', 'hash'])
      .executeTakeFirst();
    if (bumped) return { seq: bumped.seq, prevHash: bumped.hash };
    const inserted = await trx
      .insertInto('auditHeads')
      .values({ tenantId, seq: 1, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('tenantId').doNothing())
      .returning('seq')
      .executeTakeFirst();
    if (inserted) return { seq: 1, prevHash: GENESIS_HASH };
  }
  throw new Error(`could not advance the audit chain of ${tenantId}`);
}

/**
 * Append entries to the trail. Call it with the transaction of the write being recorded, so the
 * write and its record commit or roll back together.
 */
export async function appendAudit(trx: Db, actor: AuditActor, ...entries: AuditEntry[]): Promise<void> {
  for (const entry of entries) {
    const { seq, prevHash } = await advanceHead(trx, actor.tenantId);
    const row: Omit<StoredAuditEvent, 'hash'> = {
      tenantId: actor.tenantId,
      seq,
      id: newId(),
      occurredAt: nowIso(),
      actorId: actor.actorId,
      actorLabel: actor.actorLabel,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      changes: toJson(entry.changes ?? {}),
      requestId: actor.requestId ?? null,
      ip: actor.ip ?? null,
      prevHash,
    };
    const hash = hashEvent(row);
    await trx.insertInto('auditEvents').values({ ...row, hash }).execute();
    await trx.updateTable('auditHeads').set({ hash }).where('tenantId', '=', actor.tenantId).execute();
  }
}

/** Append outside an existing transaction (security events such as a failed sign-in). */
export async function appendAuditStandalone(db: Db, actor: AuditActor, ...entries: AuditEntry[]): Promise<void> {
  await db.transaction().execute((trx) => appendAudit(trx, actor, ...entries));
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  /** The first entry where the chain breaks. */
  broken?: { seq: number; id: string | null; reason: string };
}

/** Walk one organisation's chain in order and name the first broken entry. */
export async function verifyChain(db: Db, tenantId: string, onProgress?: (n: number) => void): Promise<VerifyResult> {
  const head = await db.selectFrom('auditHeads').selectAll().where('tenantId', '=', tenantId).executeTakeFirst();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const pageSize = 5000;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('auditEvents')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const e of page) {
      if (e.seq !== expectedSeq) {
        return fail(expectedSeq, null, `entry ${expectedSeq} is missing (found ${e.seq} next)`);
      }
      if (e.prevHash !== prevHash) {
        return fail(e.seq, e.id, 'its previous-hash does not match the entry before it (deleted or reordered)');
      }
      if (hashEvent(e) !== e.hash) {
        return fail(e.seq, e.id, 'its content does not match its hash (changed)');
      }
      prevHash = e.hash;
      expectedSeq++;
      checked++;
    }
    onProgress?.(checked);
    if (page.length < pageSize) break;
    after = page[page.length - 1].seq;
  }
  const headSeq = head?.seq ?? 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSeq !== checked) {
    return fail(checked + 1, null, `the chain ends at ${checked} but its head says ${headSeq} (entries removed at the end)`);
  }
  if (headHash !== prevHash) {
    return fail(checked, null, 'the last entry does not match the chain head');
  }
  return { ok: true, checked, headSeq, headHash };

  function fail(seq: number, id: string | null, reason: string): VerifyResult {
    return { ok: false, checked, headSeq: head?.seq ?? 0, headHash: head?.hash ?? GENESIS_HASH, broken: { seq, id, reason } };
  }
}
