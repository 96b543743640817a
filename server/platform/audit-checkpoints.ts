import { createPublicKey, sign, verify } from 'node:crypto';
import type { Db } from '../db/database';
import { nowIso } from '../db/sql';
import { type AuditActor, GENESIS_HASH, PLATFORM_TENANT, type VerifyResult, appendAudit, verifyChain } from './audit';
import { type AuditKeyring, keyringFor } from './audit-keys';
import { AppError } from './errors';

/**
 * Signed checkpoints of the audit trail. A checkpoint states "organisation X's chain had entry
 * <seq> with hash <hash> at <time>", signed with the key store's Ed25519 key. Kept outside
 * Shirube (`shirube audit checkpoint --out`, the committee pack), it proves later that the
 * chain was not cut back or rewritten past that point, even by someone holding the chain key.
 * Retention checkpoints mark where `shirube audit retain` removed old entries: the chain then
 * starts from the signed hash of the last removed entry.
 */

export const CHECKPOINT_FORMAT = 'shirube-audit-checkpoint/1';

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  kind: 'periodic' | 'retention';
  org: string;
  seq: number;
  hash: string;
  time: string;
  keyId: string;
  /** Ed25519 public key, base64 of SPKI DER. */
  publicKey: string;
  /** Ed25519 signature, base64, over signedPayload(). */
  signature: string;
}

export function signedPayload(c: Omit<Checkpoint, 'signature' | 'publicKey'>): Buffer {
  return Buffer.from(JSON.stringify([c.format, c.kind, c.org, c.seq, c.hash, c.time, c.keyId]), 'utf8');
}

function rowToCheckpoint(r: { tenantId: string; seq: number; kind: 'periodic' | 'retention'; hash: string; createdAt: string; keyId: string; publicKey: string; signature: string }): Checkpoint {
  return { format: CHECKPOINT_FORMAT, kind: r.kind, org: r.tenantId, seq: Number(r.seq), hash: r.hash, time: r.createdAt, keyId: r.keyId, publicKey: r.publicKey, signature: r.signature };
}

/** Is the signature valid, and (when a key ring is given) made with this key store's key? */
export function checkSignature(c: Checkpoint, ring?: AuditKeyring): { ok: boolean; reason?: string } {
  if (c.format !== CHECKPOINT_FORMAT) return { ok: false, reason: `unknown checkpoint format ${String(c.format)}` };
  if (ring && c.publicKey !== ring.publicKeyB64) return { ok: false, reason: 'signed with another key than this key store’s' };
  try {
    const key = createPublicKey({ key: Buffer.from(c.publicKey, 'base64'), format: 'der', type: 'spki' });
    const good = verify(null, signedPayload(c), key, Buffer.from(c.signature, 'base64'));
    return good ? { ok: true } : { ok: false, reason: 'the signature does not match its content' };
  } catch {
    return { ok: false, reason: 'the signature or the public key cannot be read' };
  }
}

function signWith(ring: AuditKeyring, body: Omit<Checkpoint, 'signature' | 'publicKey'>): Checkpoint {
  return { ...body, publicKey: ring.publicKeyB64, signature: sign(null, signedPayload(body), ring.signingKey).toString('base64') };
}

/** Sign the current head of an organisation's chain and keep the checkpoint in the database too. */
export async function signCheckpoint(db: Db, tenantId: string, kind: 'periodic' | 'retention' = 'periodic', at?: { seq: number; hash: string }): Promise<Checkpoint> {
  const ring = await keyringFor(db);
  const head = at ?? (await db.selectFrom('auditHeads').select(['seq', 'hash']).where('tenantId', '=', tenantId).executeTakeFirst()) ?? { seq: 0, hash: GENESIS_HASH };
  const cp = signWith(ring, { format: CHECKPOINT_FORMAT, kind, org: tenantId, seq: Number(head.seq), hash: head.hash, time: nowIso(), keyId: ring.keyId });
  await db
    .insertInto('auditCheckpoints')
    .values({ tenantId, seq: cp.seq, kind, hash: cp.hash, createdAt: cp.time, keyId: cp.keyId, publicKey: cp.publicKey, signature: cp.signature })
    .onConflict((oc) => oc.columns(['tenantId', 'seq', 'kind']).doNothing())
    .execute();
  return cp;
}

/**
 * The latest signed checkpoint of an organisation (for the committee pack): the stored one when
 * it is still the head, otherwise a new one is signed and stored.
 */
export async function latestCheckpoint(db: Db, tenantId: string): Promise<Checkpoint> {
  const head = await db.selectFrom('auditHeads').select(['seq', 'hash']).where('tenantId', '=', tenantId).executeTakeFirst();
  const stored = await db.selectFrom('auditCheckpoints').selectAll().where('tenantId', '=', tenantId).where('kind', '=', 'periodic').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (stored && Number(stored.seq) === Number(head?.seq ?? 0) && stored.hash === (head?.hash ?? GENESIS_HASH)) return rowToCheckpoint(stored);
  return signCheckpoint(db, tenantId, 'periodic');
}

/** Every organisation that has or should have a chain: organisations, heads, entries, checkpoints. */
export async function auditTenants(db: Db): Promise<string[]> {
  const ids = new Set<string>([PLATFORM_TENANT]);
  for (const r of await db.selectFrom('organizations').select('id').execute()) ids.add(r.id);
  for (const r of await db.selectFrom('auditHeads').select('tenantId').execute()) ids.add(r.tenantId);
  for (const r of await db.selectFrom('auditEvents').select('tenantId').distinct().execute()) ids.add(r.tenantId);
  for (const r of await db.selectFrom('auditCheckpoints').select('tenantId').distinct().execute()) ids.add(r.tenantId);
  return [...ids].sort();
}

export interface OrgVerifyResult extends VerifyResult {
  tenantId: string;
  /** Checkpoints compared with the chain (stored ones and the one given). */
  checkpoints: number;
}

/**
 * Verify one organisation: the keyed chain (from a signed retention cut when old entries were
 * removed), every checkpoint stored in the database, and the external checkpoint if one is given.
 */
export async function verifyOrganisation(db: Db, tenantId: string, external?: Checkpoint): Promise<OrgVerifyResult> {
  const ring = await keyringFor(db);
  const stored = (await db.selectFrom('auditCheckpoints').selectAll().where('tenantId', '=', tenantId).orderBy('seq').execute()).map(rowToCheckpoint);
  const retention = stored.filter((c) => c.kind === 'retention' && checkSignature(c, ring).ok);
  const r = await verifyChain(db, tenantId, { retention });
  const out: OrgVerifyResult = { ...r, tenantId, checkpoints: 0 };
  if (!r.ok) return out;
  const all = external ? [...stored, external] : stored;
  for (const c of all) {
    const isExternal = c === external;
    const where = isExternal ? 'the checkpoint given' : `stored checkpoint ${c.kind} ${c.seq}`;
    if (c.org !== tenantId) return broken(c.seq, `${where} belongs to another organisation (${c.org})`);
    const sig = checkSignature(c, ring);
    if (!sig.ok) return broken(c.seq, `${where}: ${sig.reason}`);
    out.checkpoints++;
    if (c.seq > r.headSeq) return broken(r.headSeq + 1, `${where} names entry ${c.seq}, but the chain ends at ${r.headSeq} (cut back past the checkpoint)`);
    if (c.seq === 0) continue;
    if (r.retainedUpTo !== undefined && c.seq <= r.retainedUpTo) {
      if (c.seq === r.retainedUpTo) {
        const cut = retention.find((x) => x.seq === c.seq);
        if (cut && cut.hash !== c.hash) return broken(c.seq, `${where} does not match the signed retention cut (rewritten)`);
      }
      continue; // removed by retention, under a signed cut
    }
    const e = await db.selectFrom('auditEvents').select('hash').where('tenantId', '=', tenantId).where('seq', '=', c.seq).executeTakeFirst();
    if (!e || e.hash !== c.hash) return broken(c.seq, `${where}: entry ${c.seq} no longer has the signed hash (rewritten)`);
  }
  return out;

  function broken(seq: number, reason: string): OrgVerifyResult {
    return { ...out, ok: false, broken: { seq, id: null, reason } };
  }
}

export function parseCheckpoint(text: string): Checkpoint[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError(400, 'checkpoint_unreadable', { ja: '検証点のファイルをJSONとして読めません。', en: 'The checkpoint file is not valid JSON.' });
  }
  const list = Array.isArray(data) ? data : [data];
  for (const c of list) {
    const ok =
      c && typeof c === 'object' && (c as Checkpoint).format === CHECKPOINT_FORMAT && typeof (c as Checkpoint).org === 'string' && Number.isInteger((c as Checkpoint).seq) &&
      typeof (c as Checkpoint).hash === 'string' && typeof (c as Checkpoint).signature === 'string' && typeof (c as Checkpoint).publicKey === 'string';
    if (!ok) throw new AppError(400, 'checkpoint_invalid', { ja: '検証点の形式が正しくありません。', en: `Not a ${CHECKPOINT_FORMAT} checkpoint.` });
  }
  return list as Checkpoint[];
}

/**
 * Retention (the only supported way to remove entries): verify the whole chain, sign a
 * retention checkpoint at entry `upToSeq`, record the retention in the trail itself, then delete
 * entries 1..upToSeq. The database triggers allow the deletion only below a retention checkpoint.
 */
export async function retainAudit(db: Db, tenantId: string, upToSeq: number, actor: AuditActor): Promise<{ removed: number; checkpoint: Checkpoint }> {
  const before = await verifyOrganisation(db, tenantId);
  if (!before.ok) {
    throw new AppError(409, 'audit_chain_broken', { ja: `記録が破損しているため削除できません（連番 ${before.broken?.seq}）。`, en: `The trail is broken at ${before.broken?.seq}; nothing was removed.` });
  }
  if (!Number.isInteger(upToSeq) || upToSeq < 1 || upToSeq >= before.headSeq) {
    throw new AppError(400, 'validation_failed', { ja: `削除できるのは連番 1〜${before.headSeq - 1} までです。`, en: `Entries up to ${before.headSeq - 1} may be removed.` }, [
      { field: 'upTo', code: 'out_of_range', message: { ja: '範囲外の連番です。', en: 'Out of range.' } },
    ]);
  }
  if (before.retainedUpTo !== undefined && upToSeq <= before.retainedUpTo) {
    throw new AppError(400, 'validation_failed', { ja: `連番 ${before.retainedUpTo} までは削除済みです。`, en: `Entries up to ${before.retainedUpTo} were already removed.` }, [
      { field: 'upTo', code: 'already_removed', message: { ja: '削除済みです。', en: 'Already removed.' } },
    ]);
  }
  const cutAt = await db.selectFrom('auditEvents').select(['seq', 'hash']).where('tenantId', '=', tenantId).where('seq', '=', upToSeq).executeTakeFirstOrThrow();
  return db.transaction().execute(async (trx) => {
    const checkpoint = await signCheckpoint(trx, tenantId, 'retention', { seq: Number(cutAt.seq), hash: cutAt.hash });
    const r = await trx.deleteFrom('auditEvents').where('tenantId', '=', tenantId).where('seq', '<=', upToSeq).executeTakeFirst();
    const removed = Number(r.numDeletedRows);
    await appendAudit(trx, actor, { action: 'audit_trail.retention', targetType: 'audit_trail', changes: { removedUpTo: upToSeq, removed, hash: cutAt.hash, signature: checkpoint.signature } });
    return { removed, checkpoint };
  });
}
