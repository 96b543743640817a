import { ensureReferenceData } from '../modules/tenancy/tenancy.service';
import type { DbHandle } from './database';
import { migrateToLatest } from './migrate';

/** Bring a database to the current schema and load the reference data (national body, 47 prefectures). */
export async function prepareDatabase(handle: DbHandle): Promise<void> {
  await migrateToLatest(handle.db);
  await ensureReferenceData(handle.db);
}
