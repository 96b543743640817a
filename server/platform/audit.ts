import { sql } from 'kysely';
import type { Db } from '../db/database';
import { nowIso, toJson } from '../db/sql';
import { type AuditKeyring, keyedHash, keyringFor } from './audit-keys';
import { newId, sha256 } from './ids';

/**
 * システム管理記録: an append-only, hash-chained trail per organisation.
 *
 * Since migration 0010 the chain is keyed: each hash is an HMAC-SHA256 under the chain key of
 * the data directory's key store (audit-keys.ts), and the entry records the key's id. Entries
 * from before the key store existed keep their unkeyed SHA-256 and are accepted only up to the
 * head recorded in the key store. Checkpoints (audit-checkpoints.ts) sign heads with Ed25519.
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
  /** Null for unkeyed entries written before the key store existed. */
  keyId: string | null;
}

/** The fields an entry's hash covers, in order (the key id too, for keyed entries). */
function hashedFields(e: Omit<StoredAuditEvent, 'hash'>): unknown[] {
  const fields: unknown[] = [
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
  ];
  if (e.keyId !== null) fields.push(e.keyId);
  return fields;
}

/** HMAC-SHA256 under the chain key (keyed entries). */
export function keyedEventHash(ring: AuditKeyring, e: Omit<StoredAuditEvent, 'hash'>): string {
  return keyedHash(ring, JSON.stringify(hashedFields(e)));
}

/** The unkeyed SHA-256 of entries written before the key store existed. */
export function hashEvent(e: Omit<StoredAuditEvent, 'hash' | 'keyId'> & { keyId?: string | null }): string {
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
  const ring = await keyringFor(trx);
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
      keyId: ring.keyId,
    };
    const hash = keyedEventHash(ring, row);
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
  /** Entries removed by the retention procedure (the chain starts after this signed cut). */
  retainedUpTo?: number;
}

export interface VerifyOptions {
  onProgress?: (n: number) => void;
  /** The signed retention cuts of this organisation that verify (audit-checkpoints.ts). */
  retention?: Array<{ seq: number; hash: string }>;
}

/** Walk one organisation's chain in order and name the first broken entry. */
export async function verifyChain(db: Db, tenantId: string, opts: VerifyOptions | ((n: number) => void) = {}): Promise<VerifyResult> {
  const o: VerifyOptions = typeof opts === 'function' ? { onProgress: opts } : opts;
  const ring = await keyringFor(db);
  const legacy = ring.legacy?.[tenantId] ?? null;
  const head = await db.selectFrom('auditHeads').selectAll().where('tenantId', '=', tenantId).executeTakeFirst();
  const first = await db.selectFrom('auditEvents').select('seq').where('tenantId', '=', tenantId).orderBy('seq').limit(1).executeTakeFirst();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let retainedUpTo: number | undefined;
  if (first && first.seq > 1) {
    // The first entries are gone: only a signed retention cut right before the first one explains it.
    const cut = (o.retention ?? []).find((c) => c.seq === first.seq - 1);
    if (!cut) return fail(1, null, `entries 1–${first.seq - 1} are missing and no signed retention checkpoint covers them (deleted)`);
    prevHash = cut.hash;
    expectedSeq = first.seq;
    retainedUpTo = cut.seq;
  }
  const pageSize = 5000;
  let after = expectedSeq - 1;
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
        return fail(e.seq, e.id, 'its previous-hash does not match the entry before it (deleted, inserted or reordered)');
      }
      const isLegacy = legacy !== null && e.seq <= legacy.seq;
      if (isLegacy) {
        if (e.keyId !== null || hashEvent(e) !== e.hash) return fail(e.seq, e.id, 'its content does not match its hash (changed)');
        if (e.seq === legacy.seq && e.hash !== legacy.hash) return fail(e.seq, e.id, 'the entries from before the key store were rewritten (the key store recorded another head)');
      } else {
        if (e.keyId !== ring.keyId) {
          return fail(e.seq, e.id, e.keyId === null ? 'it is not keyed although it was written after the key store existed (forged)' : `it is keyed with another key (${e.keyId})`);
        }
        if (keyedEventHash(ring, e) !== e.hash) return fail(e.seq, e.id, 'its content does not match its keyed hash (changed or forged without the key)');
      }
      prevHash = e.hash;
      expectedSeq++;
      checked++;
    }
    o.onProgress?.(checked);
    if (page.length < pageSize) break;
    after = page[page.length - 1].seq;
  }
  const lastSeq = expectedSeq - 1;
  if (legacy !== null && lastSeq < legacy.seq) {
    return fail(lastSeq + 1, null, `the chain ends at ${lastSeq} but the key store recorded ${legacy.seq} (entries removed at the end)`);
  }
  if (!head) {
    if (checked > 0 || retainedUpTo !== undefined) return fail(lastSeq, null, 'the chain head row is missing (audit_heads deleted)');
    return { ok: true, checked, headSeq: 0, headHash: GENESIS_HASH };
  }
  if (head.seq !== lastSeq) {
    return fail(lastSeq + 1, null, `the chain ends at ${lastSeq} but its head says ${head.seq} (entries removed at the end)`);
  }
  if (head.hash !== prevHash) {
    return fail(lastSeq, null, 'the last entry does not match the chain head');
  }
  return { ok: true, checked, headSeq: head.seq, headHash: head.hash, ...(retainedUpTo !== undefined ? { retainedUpTo } : {}) };

  function fail(seq: number, id: string | null, reason: string): VerifyResult {
    return { ok: false, checked, headSeq: head?.seq ?? 0, headHash: head?.hash ?? GENESIS_HASH, broken: { seq, id, reason } };
  }
}
