import type { Config } from '../../config';
import type { Db } from '../../db/database';

/**
 * Failed sign-in throttling, per account and per address. Unknown accounts are throttled
 * exactly like real ones, so a lockout tells an attacker nothing about who exists.
 */

const WINDOW_MS = 15 * 60_000;
/** An address may fail this many times the account threshold before it is locked too. */
const ADDRESS_FACTOR = 4;

export interface ThrottleState {
  lockedUntil: Date | null;
}

export function accountKey(email: string): string {
  return `acct:${email.trim().toLowerCase()}`;
}

export function addressKey(ip: string): string {
  return `ip:${ip}`;
}

export async function lockedUntil(db: Db, keys: string[]): Promise<Date | null> {
  const rows = await db.selectFrom('authThrottle').select(['lockedUntil']).where('key', 'in', keys).execute();
  const now = Date.now();
  let latest: Date | null = null;
  for (const r of rows) {
    if (r.lockedUntil && new Date(r.lockedUntil).getTime() > now) {
      const d = new Date(r.lockedUntil);
      if (!latest || d > latest) latest = d;
    }
  }
  return latest;
}

/** Count a failure; returns the lock expiry if this failure locks the key. */
export async function recordFailure(db: Db, config: Config, key: string, isAddress: boolean): Promise<Date | null> {
  const threshold = config.SHIRUBE_LOCKOUT_THRESHOLD * (isAddress ? ADDRESS_FACTOR : 1);
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('authThrottle').selectAll().where('key', '=', key).executeTakeFirst();
    const fresh = !row || now.getTime() - new Date(row.windowStart).getTime() > WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const windowStart = fresh ? now.toISOString() : row.windowStart;
    const lock = failures >= threshold ? new Date(now.getTime() + config.SHIRUBE_LOCKOUT_MINUTES * 60_000) : null;
    const values = { key, failures: lock ? 0 : failures, windowStart: lock ? now.toISOString() : windowStart, lockedUntil: lock ? lock.toISOString() : (row?.lockedUntil ?? null) };
    await trx
      .insertInto('authThrottle')
      .values(values)
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: values.failures, windowStart: values.windowStart, lockedUntil: values.lockedUntil }))
      .execute();
    return lock;
  });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('authThrottle').where('key', '=', key).execute();
}
