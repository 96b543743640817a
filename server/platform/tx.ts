import type { Db } from '../db/database';

class DryRunRollback extends Error {}

/**
 * Run `work` in a transaction; with dryRun the transaction is rolled back after the work has
 * run in full, so a preview reports exactly what a commit would do and writes nothing.
 */
export async function inTransactionMaybeDry<T>(db: Db, work: (trx: Db) => Promise<T>, dryRun: boolean): Promise<T> {
  let out: T | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      out = await work(trx);
      if (dryRun) throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return out as T;
}
