import { type KeyObject, createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database';

/**
 * The audit trail's keys, kept in the data directory's key store (<data dir>/audit.key, mode
 * 0600, beside secret.key) and never in the database:
 *  - the chain key (32 random bytes): every entry's hash is an HMAC-SHA256 under it, so someone
 *    who can write to the database but has not got this file cannot recompute a valid chain;
 *  - the signing key (Ed25519): checkpoints of each organisation's head are signed with it and
 *    can be checked by anyone with the public key, also outside Shirube.
 * Entries written before the key store existed (unkeyed SHA-256) stay as they are: when the key
 * store is created, the head of every chain at that moment is written into it ("legacy"), and
 * verification accepts unkeyed entries only up to that point. After it, every entry must be keyed.
 */

export interface LegacyHead {
  seq: number;
  hash: string;
}

export interface AuditKeyring {
  /** First 16 hex digits of SHA-256 of the chain key; stored with every keyed entry. */
  keyId: string;
  chainKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as base64 of its SPKI DER form (what checkpoints carry). */
  publicKeyB64: string;
  /** Chains' heads when the key store was created; null until recorded (see bindAuditKeys). */
  legacy: Record<string, LegacyHead> | null;
  file: string | null;
}

interface StoredKeys {
  format: 'shirube-audit-keys/1';
  createdAt: string;
  chainKey: string;
  signingKey: string;
  legacy: Record<string, LegacyHead> | null;
}

export const AUDIT_KEY_FILE = 'audit.key';

function ringOf(stored: StoredKeys, file: string | null): AuditKeyring {
  const chainKey = Buffer.from(stored.chainKey, 'base64');
  if (chainKey.length !== 32) throw new Error(`${file ?? 'audit key'}: the chain key must be 32 bytes`);
  const signingKey = createPrivateKey(stored.signingKey);
  const publicKey = createPublicKey(signingKey);
  return {
    keyId: createHash('sha256').update(chainKey).digest('hex').slice(0, 16),
    chainKey,
    signingKey,
    publicKey,
    publicKeyB64: (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    legacy: stored.legacy,
    file,
  };
}

function newStored(): StoredKeys {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    format: 'shirube-audit-keys/1',
    createdAt: new Date().toISOString(),
    chainKey: randomBytes(32).toString('base64'),
    signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    legacy: null,
  };
}

function writeStored(file: string, stored: StoredKeys, flag: 'wx' | 'w'): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  if (flag === 'wx' && existsSync(file)) return;
  renameSync(tmp, file);
}

/** Read the key store of a data directory, creating it on first use. */
export function loadAuditKeys(dataDir: string): AuditKeyring {
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeStored(file, newStored(), 'wx');
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKeys;
  if (stored.format !== 'shirube-audit-keys/1') throw new Error(`${file}: unknown key store format`);
  return ringOf(stored, file);
}

/** A key ring that lives only in memory (tests of the verification itself). */
export function ephemeralAuditKeys(legacy: Record<string, LegacyHead> = {}): AuditKeyring {
  return ringOf({ ...newStored(), legacy }, null);
}

// ---- which key ring belongs to which database ------------------------------------------------

// Keyed by the database's dialect adapter, which a Kysely instance shares with every transaction
// made from it, so that appendAudit(trx, …) finds the key ring of the database the trx belongs to.
const rings = new WeakMap<object, AuditKeyring>();
let lastBound: AuditKeyring | null = null;

function adapterOf(db: Db): object {
  return db.getExecutor().adapter as object;
}

/** Attach a key ring to a database without waiting (the CLI); the legacy heads are read on first use. */
export function attachAuditKeys(db: Db, ring: AuditKeyring): AuditKeyring {
  rings.set(adapterOf(db), ring);
  lastBound = ring;
  return ring;
}

/** The key ring of the database `db` (or a transaction of it) belongs to. */
export async function keyringFor(db: Db): Promise<AuditKeyring> {
  const ring = rings.get(adapterOf(db)) ?? lastBound;
  if (!ring) throw new Error('the audit key store is not loaded for this database (bindAuditKeys)');
  if (ring.legacy === null) await bindAuditKeys(db, ring);
  return ring;
}

export class AuditKeyMismatch extends Error {}

/**
 * Attach a key ring to a database. The first time a key store meets a database, the heads of the
 * chains already there (unkeyed entries of an older Shirube) are recorded in the key store. A
 * trail that is already keyed by another key is refused: the key store of this data directory
 * is not the one the trail was written with (copy audit.key from the first server or the backup).
 */
export async function bindAuditKeys(db: Db, ring: AuditKeyring): Promise<AuditKeyring> {
  if (ring.legacy === null) {
    const legacy: Record<string, LegacyHead> = {};
    let foreign: string | null = null;
    try {
      const keyed = await db.selectFrom('auditEvents').select('keyId').where('keyId', 'is not', null).limit(1).executeTakeFirst();
      if (keyed) foreign = keyed.keyId;
    } catch {
      // Before migration 0010 there is no key_id column: every entry is unkeyed.
    }
    if (foreign && foreign !== ring.keyId) {
      throw new AuditKeyMismatch(`the audit trail is keyed with key ${foreign}, but ${ring.file ?? 'this key store'} holds key ${ring.keyId}: restore the data directory's audit.key`);
    }
    try {
      const heads = await sql<{ tenantId: string; seq: number; hash: string }>`
        select e.tenant_id as "tenantId", e.seq as seq, e.hash as hash from audit_events e
        where e.seq = (select max(m.seq) from audit_events m where m.tenant_id = e.tenant_id)`.execute(db);
      for (const h of heads.rows) legacy[h.tenantId] = { seq: Number(h.seq), hash: h.hash };
    } catch {
      // No audit table yet (a database that is about to be migrated): nothing to record.
    }
    ring.legacy = legacy;
    if (ring.file) {
      const stored = JSON.parse(readFileSync(ring.file, 'utf8')) as StoredKeys;
      if (stored.legacy === null) {
        stored.legacy = legacy;
        writeStored(ring.file, stored, 'w');
      } else ring.legacy = stored.legacy;
    }
  }
  rings.set(adapterOf(db), ring);
  lastBound = ring;
  return ring;
}

export function keyedHash(ring: AuditKeyring, payload: string): string {
  return createHmac('sha256', ring.chainKey).update(payload).digest('hex');
}
